import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData, useParams } from "@remix-run/react";
import { accessPageLoader } from "../audit/access-route.server";
import { AccessTrail } from "../audit/access-trail";

export const meta: MetaFunction = () => [{ title: "Who has seen this contact – Children's front door" }];

/** A contact not yet linked to a child: every view and change of it. A linked contact's page is its child's. Audited. */
export const loader = (args: LoaderFunctionArgs) => accessPageLoader(args, "contact");

export default function ContactAccess() {
  const data = useLoaderData<typeof loader>();
  const { contactId } = useParams();
  return <AccessTrail data={data} basePath={`/contacts/${encodeURIComponent(contactId!)}/access`} />;
}
