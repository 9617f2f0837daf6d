import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { AnswerList } from "../answers/answer-pages";
import { STEP_DOWN_WORDS } from "../step-downs/step-downs";
import { listHubStepDowns } from "../step-downs/step-downs.server";
import { requireHub } from "../auth/guards.server";
import { pageFrom } from "../ui/pagination";
import { formatDateTime } from "../ui/format";
import { labelOf, STEP_DOWN_STATUSES } from "../vocabulary";

export const meta: MetaFunction = () => [{ title: "Step-downs – Children's front door" }];

const PAGE_SIZE = 50;

/** A hub worker sees the step-downs offered to their own hub and nothing else (the list they see is audited too). */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = requireHub(request, context);
  const page = pageFrom(request);
  const result = await listHubStepDowns(context.db, { user, page, pageSize: PAGE_SIZE, ipAddress: context.clientIp });
  return { page, pageSize: PAGE_SIZE, ...result };
}

export default function StepDowns() {
  const { rows, total, waiting, page, pageSize } = useLoaderData<typeof loader>();
  return (
    <AnswerList
      words={STEP_DOWN_WORDS}
      title="Step-downs to your hub"
      intro="Children the MASH has stepped down to early help in your locality. Accept and name a lead practitioner, or decline with a reason."
      figures={[
        { label: "Waiting for the hub", value: waiting },
        { label: "All step-downs", value: total },
      ]}
      empty="There are no step-downs for your hub."
      caption="Step-downs"
      columns={[
        { header: "Postcode", nowrap: true, cell: (r) => r.postcode ?? "" },
        { header: "Offered", cell: (r) => formatDateTime(r.offered_at) },
        { header: "Status", cell: (r) => labelOf(STEP_DOWN_STATUSES, r.status) },
        { header: "Lead practitioner", cell: (r) => r.lead_practitioner ?? "" },
      ]}
      rows={rows}
      page={page}
      pageSize={pageSize}
      total={total}
    />
  );
}
