import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData, useParams } from "@remix-run/react";
import { accessPageLoader } from "../audit/access-route.server";
import { AccessTrail } from "../audit/access-trail";

export const meta: MetaFunction = () => [{ title: "Who has seen this child – Children's front door" }];

/** Every view and change of a child's records, for managers and administrators. Audited. */
export const loader = (args: LoaderFunctionArgs) => accessPageLoader(args, "person");

export default function PersonAccess() {
  const data = useLoaderData<typeof loader>();
  const { personId } = useParams();
  return <AccessTrail data={data} basePath={`/people/${encodeURIComponent(personId!)}/access`} />;
}
