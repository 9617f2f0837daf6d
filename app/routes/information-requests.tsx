import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { AnswerList } from "../answers/answer-pages";
import { INFORMATION_REQUEST_WORDS, requestStatusForPartner } from "../answers/information-requests";
import { listAgencyInformationRequests } from "../answers/information-requests.server";
import { requireAgency } from "../auth/guards.server";
import { PriorityTag } from "../components/figures";
import { pageFrom } from "../components/pagination";
import { formatDateTime } from "../format";

export const meta: MetaFunction = () => [{ title: "Information requests – Children's front door" }];

const PAGE_SIZE = 50;

/** A partner sees the requests sent to their own agency and nothing else (the list they see is audited too). */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = requireAgency(request, context);
  const page = pageFrom(request);
  const result = await listAgencyInformationRequests(context.db, { user, page, pageSize: PAGE_SIZE, ipAddress: context.clientIp });
  return { page, pageSize: PAGE_SIZE, ...result };
}

export default function InformationRequests() {
  const { rows, total, open, page, pageSize } = useLoaderData<typeof loader>();
  return (
    <AnswerList
      words={INFORMATION_REQUEST_WORDS}
      title="Information requests"
      intro="Requests from the MASH to your agency. Return what you know with your own RAG rating, or say nothing is known."
      figures={[
        { label: "Waiting for your information", value: open },
        { label: "All requests", value: total },
      ]}
      empty="There are no requests for your agency."
      caption="Requests"
      columns={[
        { header: "MASH priority", cell: (r) => <PriorityTag priority={r.priority} /> },
        { header: "Due", cell: (r) => formatDateTime(r.due_at) },
        { header: "Status", cell: (r) => requestStatusForPartner(r.status) },
        { header: "Your RAG", cell: (r) => (r.rag ? <PriorityTag priority={r.rag} /> : "–") },
      ]}
      rows={rows}
      page={page}
      pageSize={pageSize}
      total={total}
    />
  );
}
