import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction, redirect } from "@remix-run/node";
import { readForm, recordId } from "../http/request.server";
import { ownEntry } from "../http/ids";
import { Form, Link, type ShouldRevalidateFunction, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { listAllocatableWorkers } from "../../db/queries/queue";
import { requirePermission } from "../auth/guards.server";
import { can } from "../auth/permissions";
import { performContactAction } from "../contacts/actions.server";
import { viewContact } from "../contacts/view.server";
import { AllocateForm, PickUpForm } from "../queue/allocate";
import { ACTION_TITLES, ContactActionForm } from "../contacts/contact-actions";
import { WithdrawRequestForm, withdrawPrefix } from "../contacts/withdraw-request";
import { PriorityTag } from "../measures/figures";
import { ErrorSummary, type FieldErrors, TextInput } from "../ui/form";
import { contactChangedMeanwhile, stateLabel } from "../contacts/labels";
import {
  CHANNELS,
  CONSENT_STATUSES,
  DISABILITIES,
  ETHNICITIES,
  FACTORS,
  inCensusOrder,
  labelOf,
  LEVELS_OF_NEED,
  OUTCOMES,
  PRIMARY_NEEDS,
  REFERRAL_SOURCES,
  SEXES,
} from "../vocabulary";
import { formatDate, formatDateTime, personName } from "../ui/format";
import { Deadline } from "../ui/deadline";
import { contactActionSchema } from "../contacts/contact-actions.schema";
import { type FormResult, parseSubmission, resultValues, toFieldErrors } from "../ui/forms";
import { intentOf, PageFormsProvider, RENDERED_AFRESH, type SentForm, usePageForm, usePageForms } from "../ui/page-forms";
import { SummaryRow } from "../ui/summary-row";
import { RefusalSummary, SuccessBanner } from "../ui/layout";
import { BounceBackNotice, bounceBacksFromStepDowns } from "../step-downs/bounce-back";
import { ChildStory, ContactHistory } from "../contacts/story";
import { notFound } from "../http/not-found.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data ? `Contact ${data.contact.reference}` : "Contact"} – Children's front door` }];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const user = requirePermission(request, context, "contact.view");
  const view = await viewContact(context.db, user, recordId(params.contactId), context.clientIp);
  if (!view) notFound();
  const workers = can(user, "contact.allocate") && view.contact.outcome === null ? await listAllocatableWorkers(context.db) : [];
  // A new key for every rendering of the forms: a repeated submission of this rendering is applied once.
  return { ...view, workers, role: user.role, formKey: crypto.randomUUID() };
}

/** After a refused or stale submission, show the contact as it is now (its new version) beside the kept input. */
export const shouldRevalidate: ShouldRevalidateFunction = ({ actionStatus, defaultShouldRevalidate }) =>
  actionStatus === 409 || defaultShouldRevalidate;

/** What the action answers a form it did not apply: which form, Conform's result (errors, what was typed) and any refusal. */
type ActionResponse = SentForm & { result: FormResult; message?: { title: string; body: string } };

export async function action({ request, context, params }: ActionFunctionArgs) {
  const user = requirePermission(request, context, "contact.view");
  const submission = parseSubmission(await readForm(request), contactActionSchema);
  const intent = intentOf(submission);
  const reply = (errors?: FieldErrors) => submission.reply({ hideFields: RENDERED_AFRESH, ...(errors ? { fieldErrors: toFieldErrors(errors) } : {}) });
  if (submission.status !== "success") return data<ActionResponse>({ intent, result: reply() }, { status: 400 });
  const result = await performContactAction(context.db, { user, contactId: recordId(params.contactId), action: submission.value, ipAddress: context.clientIp });
  switch (result.kind) {
    case "applied":
      return redirect(`/contacts/${params.contactId}?done=${encodeURIComponent(intent)}`, 303);
    case "not_found":
      return notFound();
    case "invalid":
      return data<ActionResponse>({ intent, result: reply(result.errors) }, { status: 400 });
    case "refused":
      return data<ActionResponse>({ intent, result: reply(), message: { title: "That cannot be recorded now", body: result.reason } }, { status: 409 });
    case "stale": {
      return data<ActionResponse>(
        {
          intent,
          result: reply(),
          message: {
            title: "This contact was changed while you were working on it",
            body: `${contactChangedMeanwhile(result)}. Nothing you entered has been saved yet, and it is still in the form below. Check the contact as it is now, then submit again.`,
          },
        },
        { status: 409 },
      );
    }
  }
}

const DONE_WORDS: Record<string, string> = {
  ...ACTION_TITLES,
  CHASE_PARTNER: "Chase recorded",
  WITHDRAW_PARTNER_REQUEST: "Request withdrawn",
  allocated: "Allocated",
  "picked-up": "Picked up",
  CHILD_LINKED: "Child linked",
  "child-details": "The child's details recorded",
};

export default function ContactPage() {
  const { contact, context, history, allowed, decisionDue, formKey, siblings, chronology, marks, workers, role, choices, names } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const done = params.get("done");
  const recorded = params.get("recorded");
  const described = contact.described_child;
  const findChildHref = described
    ? `/contacts/${contact.id}/child?${new URLSearchParams(
        Object.entries({
          firstName: described.firstName ?? "",
          lastName: described.lastName,
          dateOfBirth: described.dateOfBirth ?? described.expectedDateOfBirth ?? "",
          postcode: contact.address?.postcode ?? "",
          nhsNumber: described.nhsNumber ?? "",
        }).filter(([, v]) => v),
      )}`
    : `/contacts/${contact.id}/child`;
  // The page's forms and the one error summary for the form sent last (app/ui/page-forms.tsx); a chase is told apart by its agency.
  const forms = usePageForms(actionData, (sent) =>
    sent.intent === "CHASE_PARTNER" ? `chase-${resultValues(sent.result).agency ?? ""}` : sent.intent === "WITHDRAW_PARTNER_REQUEST" ? withdrawPrefix(resultValues(sent.result).agency) : sent.intent,
  );
  const referrer = contact.referrer as { name?: string; role?: string; organisation?: string; phone?: string; email?: string; professional?: boolean };
  const open = contact.outcome === null;
  const now = new Date();
  const consentNow = context.consent.status ?? contact.referral_consent;
  const decision = context.decision;
  const actions = allowed.filter((intent) => intent in ACTION_TITLES);

  const { workspace } = useLoaderData<typeof loader>();
  const { summary, partners } = workspace;
  const canScreen = can(role, "contact.screen");
  const next = workspace.nextAction && actions.includes(workspace.nextAction) ? workspace.nextAction : null;
  const others = actions.filter((intent) => intent !== next);
  const childName = personName(contact);

  return (
    <PageFormsProvider context={forms.context}>
    <div className="app-wide app-workspace">
      {done && !actionData ? (
        <SuccessBanner id="done" testId="done-banner" heading={<>{ownEntry(DONE_WORDS, done) ?? "Recorded"}: done.</>} />
      ) : null}
      {recorded && !done && !actionData ? (
        <SuccessBanner id="recorded" testId="recorded-banner" heading={<>Contact {contact.reference} recorded{siblings.length ? `, with ${siblings.map((s) => s.reference).join(", ")} for the other children` : ""}.</>}>
            <p className="govuk-body">Next, find each child among the people already known.</p>
          </SuccessBanner>
      ) : null}
      {actionData?.message ? (
        <RefusalSummary title={actionData.message.title} body={actionData.message.body} testId="action-refused" />
      ) : null}
      <ErrorSummary errors={forms.summary?.errors} idPrefix={forms.summary?.prefix} />

      {/* The summary band: always in view (issue 11 "Design"). */}
      <div className="app-summary-band" data-testid="summary-band">
        <p className="app-summary-band__caption" data-testid="band-child">
          <span className="govuk-!-font-weight-bold" data-testid="child-name">{childName}</span>
          {summary.age ? `, ${summary.age}` : ""}
        </p>
        <h1 className="app-summary-band__title">Contact {contact.reference}</h1>
        <dl className="app-summary-band__items">
          <div>
            <dt>State</dt>
            <dd>
              <strong className="govuk-tag govuk-tag--blue" data-testid="contact-state">
                {stateLabel(contact.state)}
              </strong>
            </dd>
          </div>
          <div>
            <dt>Priority</dt>
            <dd>
              <PriorityTag priority={contact.priority} />
            </dd>
          </div>
          <div>
            <dt>{open ? "Decision due" : "Decided"}</dt>
            <dd data-testid="band-clock">{open ? <Deadline at={decisionDue} now={now} /> : formatDateTime(contact.decided_at)}</dd>
          </div>
          <div>
            <dt>Allocated to</dt>
            <dd data-testid="band-allocation">{contact.allocated_to_name ?? "Not allocated"}</dd>
          </div>
        </dl>
        {summary.flags.length ? (
          <ul className="app-summary-band__flags" aria-label="Flags" data-testid="band-flags">
            {summary.flags.map((f) => (
              <li key={f.key}>
                <strong className={`govuk-tag govuk-tag--${f.colour}`} data-testid={f.key === "repeat" ? "repeat-contact" : f.key === "re-referral" ? "re-referral" : `flag-${f.key}`}>
                  {f.label}
                </strong>
              </li>
            ))}
          </ul>
        ) : null}
      </div>
      {/* A hub's decline, prominent while the contact is back with the MASH (issue 11, item 1). */}
      <BounceBackNotice open={!contact.outcome} bounceBacks={bounceBacksFromStepDowns(chronology?.contacts.find((c) => c.id === contact.id)?.stepDowns ?? [])} />

      <div className="app-workspace__grid">
        <div>
          <section className="app-next-action" id="next-action" aria-labelledby="next-action-heading" data-testid="next-action">
            <h2 className="govuk-heading-m" id="next-action-heading">
              {next ? `Next for you: ${ACTION_TITLES[next] ?? next}` : "Next"}
            </h2>
            {workspace.consent.pending ? (
              <p className="govuk-body" data-testid="override-waiting">
                {`A consent override is waiting for a manager: asked by ${workspace.consent.pending.askedBy ?? "a MASH worker"} because ${workspace.consent.pending.reason.toLowerCase()}${workspace.consent.pending.explanation ? ` (${workspace.consent.pending.explanation})` : ""}.`}
              </p>
            ) : null}
            {next ? (
              <ContactActionForm intent={next} version={contact.version} formKey={formKey} choices={choices} next />
            ) : (
              <p className="govuk-body govuk-!-margin-bottom-0">
                {!open
                  ? "This contact is closed."
                  : contact.state === "awaiting_authorisation"
                    ? "The proposed decision is waiting for a manager."
                    : contact.state === "step_down_offered"
                      ? "The step-down is waiting for the early help hub."
                      : others.length
                        ? "Choose from the other actions."
                        : "Nothing for your role to do on this contact now."}
              </p>
            )}
          </section>

          <PartnerReturnsView partners={partners} proceeded={workspace.proceeded} now={now} chase={open && canScreen ? { version: contact.version, formKey } : null} />

          <h2 className="govuk-heading-m">The contact</h2>
          <dl className="govuk-summary-list govuk-summary-list--no-border app-contact-details">
            <SummaryRow label="Child">
              {contact.person_id ? (
                <>
                  {personName(contact)}
                  {contact.date_of_birth ? `, born ${formatDate(contact.date_of_birth)}` : ""}
                  {contact.expected_date_of_birth ? `, expected ${formatDate(contact.expected_date_of_birth)}` : ""}
                  {contact.postcode ? `, ${contact.postcode}` : ""}
                  {contact.nhs_number ? `, NHS number ${contact.nhs_number}` : ""}
                  {contact.sex ? `. Sex: ${labelOf(SEXES, contact.sex)}` : ""}
                  {`. Ethnicity: ${contact.ethnicity ? labelOf(ETHNICITIES, contact.ethnicity) : "not recorded"}`}
                  {`. Disability: ${contact.disabilities?.length ? inCensusOrder(contact.disabilities).map((d) => labelOf(DISABILITIES, d)).join(", ") : "not recorded"}.`}
                  <br />
                  <Link className="govuk-link" to={`/contacts/${encodeURIComponent(contact.id)}/child`} data-testid="child-details">
                    Change the child or their details
                  </Link>
                  {can(role, "audit.view") ? (
                    <>
                      {" · "}
                      <Link className="govuk-link" to={`/people/${encodeURIComponent(contact.person_id)}/access`} data-testid="who-has-seen">
                        Who has seen this child
                      </Link>
                    </>
                  ) : null}
                </>
              ) : (
                <>
                  <strong className="govuk-tag govuk-tag--yellow">Not yet linked</strong>{" "}
                  {described ? `${[described.firstName, described.lastName].filter(Boolean).join(" ")}${described.dateOfBirth ? `, born ${formatDate(described.dateOfBirth)}` : ""}${described.expectedDateOfBirth ? `, expected ${formatDate(described.expectedDateOfBirth)}` : ""} (as the referrer described them)` : ""}
                  <br />
                  <Link className="govuk-link" to={findChildHref} data-testid="find-child">
                    Find the child among the people already known
                  </Link>
                  {can(role, "audit.view") ? (
                    <>
                      {" · "}
                      <Link className="govuk-link" to={`/contacts/${encodeURIComponent(contact.id)}/access`} data-testid="who-has-seen">
                        Who has seen this contact
                      </Link>
                    </>
                  ) : null}
                </>
              )}
            </SummaryRow>
            {marks?.earlierContacts.length ? (
              <SummaryRow label="Repeat contact">
                <span data-testid="repeat-contact-detail">
                  {`${marks.earlierContacts.length} earlier contact${marks.earlierContacts.length > 1 ? "s" : ""} about this child in the 12 months before this one (${marks.earlierContacts.join(", ")}).`}
                  {marks.earlierReferrals.length ? ` Referred in the 12 months before: ${marks.earlierReferrals.join(", ")}.` : ""}
                </span>
              </SummaryRow>
            ) : null}
            {siblings.length ? (
              <SummaryRow label="Recorded with">
                <ul className="govuk-list">
                  {siblings.map((s) => (
                    <li key={s.id}>
                      <Link className="govuk-link" to={`/contacts/${s.id}`}>
                        {s.reference}
                      </Link>{" "}
                      {s.last_name ? personName(s) : s.described_child ? [s.described_child.firstName, s.described_child.lastName].filter(Boolean).join(" ") : ""}
                    </li>
                  ))}
                </ul>
                {open && canScreen ? (
                  <Link className="govuk-link" to={`/contacts/${encodeURIComponent(contact.id)}/siblings`} data-testid="screen-together">
                    Screen the children together: priority, consent and partners for each in one step
                  </Link>
                ) : null}
              </SummaryRow>
            ) : null}
            {contact.household.length ? (
              <SummaryRow label="Household">
                <ul className="govuk-list">
                  {contact.household.map((m, i) => (
                    <li key={i}>
                      {m.name} ({m.relationship}){m.dateOfBirth ? `, born ${formatDate(m.dateOfBirth)}` : ""}
                    </li>
                  ))}
                </ul>
              </SummaryRow>
            ) : null}
            {contact.address ? <SummaryRow label="Address">{[contact.address.line1, contact.address.line2, contact.address.town, contact.address.postcode].filter(Boolean).join(", ")}</SummaryRow> : null}
            <SummaryRow label="Received">
              {formatDateTime(contact.received_at)} ({labelOf(CHANNELS, contact.channel)}), source: {labelOf(REFERRAL_SOURCES, contact.source)}
            </SummaryRow>
            <SummaryRow label="Referrer">
              {[referrer.name, referrer.role, referrer.organisation].filter(Boolean).join(", ") || "Not recorded"}
              {referrer.phone ? ` · ${referrer.phone}` : ""}
              {referrer.email ? ` · ${referrer.email}` : ""}
            </SummaryRow>
            <SummaryRow label="Concern">
              <span className="app-pre-wrap">{contact.concern || "Not recorded"}</span>
            </SummaryRow>
            {contact.factors.length ? <SummaryRow label="Presenting factors">{contact.factors.map((f) => labelOf(FACTORS, f)).join("; ")}</SummaryRow> : null}
            {contact.late_recording_reason ? <SummaryRow label="Recorded late">{`Recorded ${formatDateTime(contact.recorded_at)}: ${contact.late_recording_reason}`}</SummaryRow> : null}
            <SummaryRow label="Consent">
              {/* One answer: the screener's if changed since intake, else the one recorded at intake. */}
              <span data-testid="consent">{consentNow ? labelOf(CONSENT_STATUSES, consentNow) : "Not recorded"}</span>
              {context.consent.recordedBy ? ` · changed during screening ${formatDateTime(context.consent.recordedAt)}` : consentNow ? " · as recorded at intake" : ""}
              {contact.referral_consent_notes ? ` · ${contact.referral_consent_notes}` : ""}
              {workspace.consent.override ? (
                <span className="govuk-!-display-block" data-testid="consent-override">
                  {`Override authorised by ${workspace.consent.override.authorisedBy ?? "a manager"} ${formatDateTime(workspace.consent.override.authorisedAt)}: ${workspace.consent.override.reason.toLowerCase()}${workspace.consent.override.explanation ? ` (${workspace.consent.override.explanation})` : ""}${workspace.consent.override.comments ? `. “${workspace.consent.override.comments}”` : ""}`}
                </span>
              ) : null}
              {workspace.consent.answers.length > 1 || workspace.consent.overrideRequests.length ? (
                <details className="govuk-details govuk-!-margin-top-1 govuk-!-margin-bottom-0" data-testid="consent-history">
                  <summary className="govuk-details__summary">
                    <span className="govuk-details__summary-text">Every answer and override asked for</span>
                  </summary>
                  <div className="govuk-details__text">
                    <ul className="govuk-list govuk-body-s">
                      {workspace.consent.answers.map((a, i) => (
                        <li key={`a${i}`}>{`${formatDateTime(a.at)}: ${a.status} (${a.purpose.charAt(0).toLowerCase()}${a.purpose.slice(1)}), recorded by ${a.by ?? "a MASH worker"}`}</li>
                      ))}
                      {workspace.consent.overrideRequests.map((r, i) => (
                        <li key={`o${i}`}>
                          {`${formatDateTime(r.askedAt)}: override asked by ${r.askedBy ?? "a MASH worker"} (${r.reason.toLowerCase()}${r.explanation ? `: ${r.explanation}` : ""}) — ${r.decision === "pending" ? "waiting for a manager" : `${r.decision} by ${r.decidedBy ?? "a manager"} ${formatDateTime(r.decidedAt)}${r.comments ? `: “${r.comments}”` : ""}`}`}
                        </li>
                      ))}
                    </ul>
                  </div>
                </details>
              ) : null}
            </SummaryRow>
            {decision ? (
              <SummaryRow label={contact.outcome ? "Decision" : "Proposed decision"}>
                {labelOf(OUTCOMES, decision.outcome)}, level of need {labelOf(LEVELS_OF_NEED, decision.levelOfNeed)}. {decision.rationale}
                {decision.authorisedAt ? ` Authorised ${formatDateTime(decision.authorisedAt)}.` : " Waiting for a manager."}
              </SummaryRow>
            ) : null}
            {decision && "referralNfa" in decision ? (
              <>
                <SummaryRow label="Primary need">{decision.primaryNeed ? `${decision.primaryNeed} ${labelOf(PRIMARY_NEEDS, decision.primaryNeed)}` : "Not stated"}</SummaryRow>
                <SummaryRow label="Referral ends with no further action (ReferralNFA)">{decision.referralNfa ? "Yes" : "No"}</SummaryRow>
                <SummaryRow label="Passed to">
                  <span data-testid="referral-passed-to">{[decision.referralTeam, decision.referralWorker ?? "no worker allocated yet"].filter(Boolean).join(", ")}</span>
                </SummaryRow>
              </>
            ) : null}
            {contact.outcome === "duplicate" ? (
              <SummaryRow label="Duplicate of">
                {contact.duplicate_of_contact_id ? (
                  <Link className="govuk-link" to={`/contacts/${encodeURIComponent(contact.duplicate_of_contact_id)}`} data-testid="duplicate-of">
                    Contact {contact.duplicate_of_reference}
                  </Link>
                ) : (
                  "Not recorded (closed as a duplicate in the previous system)"
                )}
              </SummaryRow>
            ) : null}
            {contact.outcome && !decision ? <SummaryRow label="Outcome">{labelOf(OUTCOMES, contact.outcome)}</SummaryRow> : null}
          </dl>

          {chronology ? <ChildStory contacts={chronology.contacts} merges={chronology.merges} current={contact.id} /> : null}

          <ContactHistory history={history} names={names} />
        </div>

        <div className="app-workspace__side">
          <h2 className="govuk-heading-m">Allocated to</h2>
          <p className="govuk-body" data-testid="allocated-to">
            {contact.allocated_to_name ?? "Not allocated"}
          </p>
          {open && can(role, "contact.allocate") ? (
            <AllocateForm contactId={contact.id} reference={contact.reference} version={contact.version} formKey={formKey} returnTo={`/contacts/${contact.id}`} workers={workers} allocatedTo={contact.allocated_to} />
          ) : null}
          {open && can(role, "contact.pick-up") && !contact.allocated_to ? (
            <PickUpForm contactId={contact.id} reference={contact.reference} version={contact.version} formKey={formKey} returnTo={`/contacts/${contact.id}`} />
          ) : null}
          {others.length ? (
            <>
              <h2 className="govuk-heading-m">{next ? "Other actions" : "Actions"}</h2>
              {others.map((intent) => (
                <ContactActionForm key={intent} intent={intent} version={contact.version} formKey={formKey} choices={choices} />
              ))}
            </>
          ) : null}
          <p className="govuk-body">
            <Link className="govuk-link" to="/queue">
              Back to the MASH queue
            </Link>
          </p>
        </div>
      </div>
    </div>
    </PageFormsProvider>
  );
}

type LoadedWorkspace = ReturnType<typeof useLoaderData<typeof loader>>["workspace"];

/**
 * The screener's consolidated view (issue 12, item 5): every agency asked, side by side — requested,
 * returned, overdue, chased — their RAG rating as colour and text, the highest rating marked.
 */
function PartnerReturnsView({
  partners,
  proceeded,
  now,
  chase,
}: {
  partners: LoadedWorkspace["partners"];
  proceeded: LoadedWorkspace["proceeded"];
  now: Date;
  chase: { version: number; formKey: string } | null;
}) {
  const { rows, counts, highestRag } = partners;
  return (
    <section aria-labelledby="partners-heading" data-testid="partner-returns">
      <h2 className="govuk-heading-m" id="partners-heading">
        Partners' information
      </h2>
      {rows.length === 0 ? (
        <p className="govuk-body">No partner has been asked.</p>
      ) : (
        <>
          <p className="govuk-body" data-testid="partner-counts">
            {`${counts.requested} asked · ${counts.returned} answered · ${counts.overdue} overdue · ${counts.chased} chased`}
            {highestRag ? (
              <>
                {" · highest rating "}
                <PriorityTag priority={highestRag} />
              </>
            ) : null}
          </p>
          <ul className="govuk-list app-partner-grid">
            {rows.map((r) => (
              <li key={r.id} className={`app-partner-card${r.highest ? " app-partner-card--highest" : ""}`} data-testid={`partner-${r.agency}`} data-state={r.state}>
                <h3 className="govuk-heading-s">{r.agencyName}</h3>
                <p className="govuk-!-margin-bottom-2">
                  <strong className={`govuk-tag govuk-tag--${r.stateColour}`}>{r.stateLabel}</strong>{" "}
                  {r.rag ? (
                    <>
                      <PriorityTag priority={r.rag} />
                      <span className="govuk-visually-hidden"> rating</span>
                    </>
                  ) : null}{" "}
                  {r.highest ? <strong className="govuk-tag govuk-tag--grey" data-testid="highest-rating">Highest rating</strong> : null}
                </p>
                <dl>
                  <dt>Asked</dt>
                  <dd>{formatDateTime(r.requestedAt)}</dd>
                  {r.withdrawal ? (
                    <>
                      <dt>Withdrawn</dt>
                      <dd data-testid="withdrawal">
                        {`${formatDateTime(r.withdrawal.at)} by ${r.withdrawal.by ?? "the MASH"}: ${r.withdrawal.reason}${r.withdrawal.explanation ? ` (${r.withdrawal.explanation})` : ""}`}
                      </dd>
                    </>
                  ) : (
                    <>
                      <dt>{r.outstanding ? "Due" : "Answered"}</dt>
                      <dd>{r.outstanding ? <Deadline at={r.dueAt} now={now} /> : formatDateTime(r.respondedAt)}</dd>
                    </>
                  )}
                  {r.ragRationale ? (
                    <>
                      <dt>Why they rated it {r.ragLabel?.toLowerCase()}</dt>
                      <dd className="app-pre-wrap">{r.ragRationale}</dd>
                    </>
                  ) : null}
                  {r.information ? (
                    <>
                      <dt>{r.state === "declined" ? "Why they declined" : "Information"}</dt>
                      <dd className="app-pre-wrap">{r.information}</dd>
                    </>
                  ) : null}
                  {r.corrections ? (
                    <>
                      <dt>Corrected</dt>
                      <dd data-testid="corrections">{`${r.corrections} earlier answer${r.corrections === 1 ? "" : "s"} replaced by this one, kept in the history`}</dd>
                    </>
                  ) : null}
                  {r.chases.length ? (
                    <>
                      <dt>Chased</dt>
                      <dd data-testid="chases">
                        {r.chases.map((c) => `${formatDateTime(c.at)} by ${c.by ?? "the MASH"}${c.note ? ` (${c.note})` : ""}`).join("; ")}
                      </dd>
                    </>
                  ) : null}
                </dl>
                {chase && r.outstanding ? <ChaseForm agency={r.agency} agencyName={r.agencyName} {...chase} /> : null}
                {chase && r.outstanding ? <WithdrawRequestForm agency={r.agency} agencyName={r.agencyName} {...chase} /> : null}
              </li>
            ))}
          </ul>
          {proceeded ? (
            <div className="govuk-inset-text" data-testid="proceeded">
              {`Went ahead to a decision ${formatDateTime(proceeded.at)} before every partner had answered${proceeded.reason ? `: ${proceeded.reason}` : "."}`}
            </div>
          ) : null}
        </>
      )}
    </section>
  );
}

/** Recording a chase of one agency (issue 12, item 5): one form per agency, told apart by its agency. */
function ChaseForm({ agency, agencyName, version, formKey }: { agency: string; agencyName: string; version: number; formKey: string }) {
  const prefix = `chase-${agency}`;
  const { props, errors, values } = usePageForm(contactActionSchema, { intent: "CHASE_PARTNER", prefix, mine: (sent) => sent.agency === agency });
  return (
    <Form method="post" {...props}>
      <input type="hidden" name="intent" value="CHASE_PARTNER" />
      <input type="hidden" name="version" value={version} />
      <input type="hidden" name="idempotencyKey" value={`${formKey}:chase:${agency}`} />
      <input type="hidden" name="agency" value={agency} />
      <TextInput idPrefix={prefix} name="note" label={`How you chased ${agencyName} (optional)`} labelSize="s" error={errors.note ?? errors.agency} defaultValue={values.note} />
      <button type="submit" className="govuk-button govuk-button--secondary" data-module="govuk-button">
        Record a chase<span className="govuk-visually-hidden"> of {agencyName}</span>
      </button>
    </Form>
  );
}

