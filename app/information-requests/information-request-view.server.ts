/**
 * The partner's answer page as a view model (issue 10, item 3; issue 12, items 3 and 4): what the
 * partner needs to know to search their own systems and answer — the child's and household's
 * identifying details and address, the question the MASH asks their agency, the summary it chose to
 * share, the priority, the deadline and the lawful basis — and nothing else of the contact (never the
 * concern as the referrer told it). Their answer with its RAG rating, its meaning and their rationale;
 * every earlier answer a correction replaced, beside it; and every request to their agency about the
 * contact (asking again is a new request, the earlier one and its answer stay). Words, never codes.
 */
import { listRequestsToAgencyAboutContact } from "../../db/queries/answers";
import type { Executor } from "../../db/queries/users";
import type { Address, AnswerVersionRow, DescribedChild, HouseholdMember } from "../../db/schema";
import { type ContactSnapshot, nextEvents } from "../../machines/contact.machine";
import { lawfulBasisWords } from "../contacts/labels";
import { labelOf, RAG_RATINGS, SEXES } from "../vocabulary";
import { partnerRagMeaning, requestStatusForPartner } from "./information-requests";
import { formatNhsNumber } from "../people/nhs-number";

/** The row the page is read from (db/queries/answers.ts `findInformationRequestWithContact`). */
export interface InformationRequestRow {
  id: string;
  contact_id: string;
  agency_code: string;
  agency_name: string;
  agency_parent_name: string | null;
  sequence: number;
  requested_at: Date;
  due_at: Date;
  status: string;
  rag: string | null;
  rag_rationale: string | null;
  information: string | null;
  responded_at: Date | null;
  question: string | null;
  shared_summary: string | null;
  answer_versions: AnswerVersionRow[];
  overdue_at: Date | null;
  reference: string;
  priority: string | null;
  outcome: string | null;
  version: number;
  household: HouseholdMember[];
  address: Address | null;
  described_child: DescribedChild | null;
  sex: string | null;
  nhs_number: string | null;
  first_name: string | null;
  last_name: string | null;
  date_of_birth: string | null;
  postcode: string | null;
}

/** One answer as the page shows it. */
export interface AnswerView {
  status: string;
  statusLabel: string;
  rag: string | null;
  ragLabel: string | null;
  /** What the rating means, in words beside its colour. */
  ragMeaning: string | null;
  ragRationale: string | null;
  information: string | null;
  respondedAt: string;
}

function iso(value: Date | string): string {
  return new Date(value).toISOString();
}

function answerView(answer: { status: string; rag: string | null; ragRationale: string | null; information: string | null; respondedAt: string }): AnswerView {
  return {
    status: answer.status,
    statusLabel: requestStatusForPartner(answer.status),
    rag: answer.rag,
    ragLabel: answer.rag ? labelOf(RAG_RATINGS, answer.rag) : null,
    ragMeaning: answer.rag ? partnerRagMeaning(answer.rag) : null,
    ragRationale: answer.ragRationale,
    information: answer.information,
    respondedAt: answer.respondedAt,
  };
}

function addressLines(address: Address | null): string[] {
  if (!address) return [];
  return [address.line1, address.line2, address.town, address.postcode].filter((line): line is string => Boolean(line && line.trim()));
}

export async function informationRequestView(row: InformationRequestRow, snapshot: ContactSnapshot, db: Executor) {
  const context = snapshot.context;
  const latest = (context.requests[row.agency_code]?.sequence ?? 1) === row.sequence;
  const lawfulBasis = (latest ? context.requests[row.agency_code] : (context.earlierRequests ?? []).find((r) => r.agency === row.agency_code && (r.sequence ?? 1) === row.sequence))?.lawfulBasis ?? { kind: "consent" as const };
  const override = context.consent.override;
  const answered = row.status !== "requested";
  const agencyName = row.agency_parent_name ? `${row.agency_parent_name}: ${row.agency_name}` : row.agency_name;
  const requests = await listRequestsToAgencyAboutContact(db, row.contact_id, row.agency_code);
  const linked = row.last_name !== null;
  const described = row.described_child;
  const nhsNumber = linked ? row.nhs_number : (described?.nhsNumber ?? null);
  const sex = linked ? row.sex : (described?.sex ?? null);

  return {
    request: {
      id: row.id,
      agencyCode: row.agency_code,
      agencyName,
      /** The nth request to the agency about this contact. */
      sequence: row.sequence,
      requestedAt: iso(row.requested_at),
      dueAt: iso(row.due_at),
      status: row.status,
      statusLabel: requestStatusForPartner(row.status),
      /** Waiting and past its deadline (recorded as passed, or about to be). */
      overdue: !answered && (row.overdue_at !== null || new Date(row.due_at).getTime() <= Date.now()),
      question: row.question,
      summary: row.shared_summary,
      rag: row.rag,
      information: row.information,
      respondedAt: row.responded_at ? iso(row.responded_at) : null,
    },
    /** The answer as it stands (the latest version), or null while waiting. */
    answer: answered && row.responded_at
      ? answerView({ status: row.status, rag: row.rag, ragRationale: row.rag_rationale, information: row.information, respondedAt: iso(row.responded_at) })
      : null,
    /** Earlier answers a correction replaced, oldest first: never changed, shown beside the current one. */
    earlierAnswers: (row.answer_versions ?? []).map((v) => answerView({ status: v.status, rag: v.rag, ragRationale: v.ragRationale, information: v.information, respondedAt: v.respondedAt })),
    /** Every request to this agency about the contact, oldest first. */
    requests: requests.map((r) => ({
      id: r.id,
      sequence: r.sequence,
      requestedAt: iso(r.requested_at),
      statusLabel: requestStatusForPartner(r.status),
      thisOne: r.id === row.id,
    })),
    contact: {
      reference: row.reference,
      priority: row.priority,
      /** The contact's version the answer forms are rendered from. */
      version: row.version,
    },
    /** Identifying details for searching the agency's own systems: the child, the household, the address. */
    identifying: {
      child: {
        name: linked ? [row.first_name, row.last_name].filter(Boolean).join(" ") : described ? [described.firstName, described.lastName].filter(Boolean).join(" ") : null,
        dateOfBirth: linked ? row.date_of_birth : (described?.dateOfBirth ?? null),
        sex: sex ? labelOf(SEXES, sex) : null,
        nhsNumber: nhsNumber ? formatNhsNumber(nhsNumber) : null,
      },
      household: (row.household ?? []).map((m) => ({ name: m.name, relationship: m.relationship, dateOfBirth: m.dateOfBirth })),
      address: addressLines(row.address),
    },
    lawfulBasis: {
      kind: lawfulBasis.kind,
      reason: lawfulBasis.kind === "override" ? lawfulBasis.reason : null,
      explanation: lawfulBasis.kind === "override" ? lawfulBasis.explanation : null,
      authorisedAt: lawfulBasis.kind === "override" ? (override?.authorisedAt ?? null) : null,
      words: lawfulBasisWords(lawfulBasis),
    },
    /** The answer was sent and can still be corrected: the latest request, on an open contact that still takes answers. */
    canCorrect: answered && latest && row.outcome === null && nextEvents(snapshot, "partner").includes("PARTNER_INFORMATION_RETURNED"),
  };
}

export type InformationRequestView = Awaited<ReturnType<typeof informationRequestView>>;
