import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { AnswerList } from "../answers/answer-pages";
import { INBOX_SHOW, INFORMATION_REQUEST_WORDS, inboxHref, inboxQuerySchema, requestStatusForPartner } from "../information-requests/information-requests";
import { listAgencyInformationRequests } from "../information-requests/information-requests.server";
import { requireAgency } from "../auth/guards.server";
import { PriorityTag } from "../measures/figures";
import { Button, Select, TextInput } from "../ui/form";
import { formatDeadline } from "../ui/format";

export const meta: MetaFunction = () => [{ title: "Information requests – Children's front door" }];

const PAGE_SIZE = 50;

/**
 * A partner sees the requests sent to their own agency and nothing else (the list they see is
 * audited too), filtered and searched, a page at a time by position (keyset).
 */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = requireAgency(request, context);
  const query = inboxQuerySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const page = query.after ? query.page : 1;
  const result = await listAgencyInformationRequests(context.db, {
    user,
    page,
    pageSize: PAGE_SIZE,
    show: query.show,
    search: query.q,
    after: query.after,
    ipAddress: context.clientIp,
  });
  return {
    page,
    show: query.show,
    q: query.q,
    rows: result.rows,
    waiting: result.waiting,
    overdue: result.overdue,
    nextHref: result.next ? inboxHref(query, { after: result.next, page: page + 1 }) : null,
    firstHref: page > 1 ? inboxHref(query) : null,
  };
}

export default function InformationRequests() {
  const { rows, waiting, overdue, page, show, q, nextHref, firstHref } = useLoaderData<typeof loader>();
  const filtered = show !== "all" || q !== null;
  return (
    <AnswerList
      words={INFORMATION_REQUEST_WORDS}
      title="Information requests"
      intro="Requests from the MASH to your agency. Return what you know with your own RAG rating, or say nothing is known."
      figures={[
        { label: "Waiting for your information", value: waiting },
        { label: "Overdue", value: overdue },
      ]}
      filters={
        <Form method="get" className="app-inbox-filters" data-testid="inbox-filters">
          <Select name="show" label="Show" choices={INBOX_SHOW.map((s) => ({ value: s.code, text: s.label }))} defaultValue={show} />
          <TextInput name="q" label="Contact reference or child's surname" defaultValue={q ?? ""} width="20" spellCheck={false} />
          <Button secondary>Show requests</Button>
          {filtered ? (
            <p className="govuk-body">
              <Link className="govuk-link" to="/information-requests">
                Clear the filter and search
              </Link>
            </p>
          ) : null}
        </Form>
      }
      empty={filtered ? "No requests match." : "There are no requests for your agency."}
      caption={page > 1 ? `Requests, page ${page}` : "Requests"}
      columns={[
        { header: "MASH priority", cell: (r) => <PriorityTag priority={r.priority} /> },
        { header: "Due", cell: (r) => <span className="app-nowrap">{formatDeadline(r.due_at)}</span> },
        {
          header: "Status",
          cell: (r) => (
            <>
              {requestStatusForPartner(r.status)}
              {r.overdue ? (
                <>
                  {" "}
                  <strong className="govuk-tag govuk-tag--red" data-testid="overdue-tag">
                    Overdue
                  </strong>
                </>
              ) : null}
            </>
          ),
        },
        { header: "Your RAG", cell: (r) => (r.rag ? <PriorityTag priority={r.rag} /> : "–") },
      ]}
      rows={rows}
      pagination={
        nextHref || firstHref ? (
          <nav className="govuk-pagination govuk-pagination--block" aria-label="Pages">
            {firstHref ? (
              <div className="govuk-pagination__prev">
                <Link className="govuk-link govuk-pagination__link" to={firstHref}>
                  <span className="govuk-pagination__link-title">First page</span>
                </Link>
              </div>
            ) : null}
            {nextHref ? (
              <div className="govuk-pagination__next">
                <Link className="govuk-link govuk-pagination__link" to={nextHref} rel="next">
                  <span className="govuk-pagination__link-title">Next page</span>
                  <span className="govuk-visually-hidden">:</span>
                  <span className="govuk-pagination__link-label">page {page + 1}</span>
                </Link>
              </div>
            ) : null}
          </nav>
        ) : null
      }
    />
  );
}
