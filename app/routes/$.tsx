/** Any address that is not a page: the 404 page, inside the layout. */
import { notFound } from "../http/not-found.server";

export function loader() {
  notFound();
}

export default function NotFound() {
  return null;
}
