/**
 * "Who has seen this child": every view and change of a child's contacts and person records (and
 * their information requests and step-downs), every list that showed one of the contacts, every
 * person search that showed the child and every refused attempt on those records — filterable by
 * date and user, and as a CSV download. For managers and administrators; reading it is itself audited,
 * in the same transaction as the read.
 */
import { stringify } from "csv-stringify/sync";
import type { Kysely } from "kysely";
import {
  type AccessTrailFilter,
  type AccessTrailScopeWithRecords,
  countAccessTrail,
  listAccessTrail,
  listAccessTrailActors,
  listRecordsOfContacts,
  recordAudit,
} from "../../db/queries/audit";
import { findContactWithPerson } from "../../db/queries/contacts/contacts";
import type { Executor } from "../../db/executor";
import { findPerson, listPersonChronology } from "../../db/queries/people";
import type { Database } from "../../db/schema";
import type { SessionUser } from "../auth/session-user";
import { ROLE_LABELS, type Role } from "../auth/roles";
import { addDays, londonMidnight } from "../clocks/clocks";
import { spreadsheetDateTime } from "../ui/format";
import type { ChildAccessQuery } from "./child-access.schema";
import { auditActionLabel } from "./labels";

export const ACCESS_PAGE_SIZE = 100;
/** The most rows one CSV download holds (a child's whole trail is far smaller). */
export const ACCESS_CSV_LIMIT = 50_000;

/** Whose trail: a person record (with every record merged into it), or a contact not yet linked to a child. */
export type AccessSubject = { kind: "person"; id: string } | { kind: "contact"; id: string };

export interface AccessRow {
  id: number;
  at: Date;
  actorUserId: string | null;
  who: string;
  role: string;
  what: string;
  /** The record(s) of this child it was about, in words. */
  record: string;
  /** The address it came from, when known. */
  address: string;
}

interface Scope extends AccessTrailScopeWithRecords {
  /** Who the page is about, for its heading. */
  child: { first_name: string | null; last_name: string | null } | null;
  /** The person record the page is for (a merged-away record's survivor), or null for an unlinked contact. */
  personId: string | null;
  references: Map<string, string>;
  requests: Map<string, { contactId: string; agency: string }>;
  stepDowns: Map<string, { contactId: string; hub: string }>;
}

async function scopeOf(trx: Executor, subject: AccessSubject): Promise<Scope | { linkedTo: string } | null> {
  let personIds: string[] = [];
  let contacts: { id: string; reference: string }[] = [];
  let child: Scope["child"] = null;
  let personId: string | null = null;
  if (subject.kind === "person") {
    const person = await findPerson(trx, subject.id);
    if (!person) return null;
    const chronology = await listPersonChronology(trx, subject.id);
    personIds = chronology.personIds;
    personId = chronology.personId;
    contacts = chronology.contacts;
    const survivor = personId === person.id ? person : await findPerson(trx, personId);
    child = survivor ?? person;
  } else {
    const contact = await findContactWithPerson(trx, subject.id);
    if (!contact) return null;
    // A contact about a known child: its trail is part of the child's.
    if (contact.person_id) return { linkedTo: contact.person_id };
    contacts = [{ id: contact.id, reference: contact.reference }];
  }
  const contactIds = contacts.map((c) => c.id);
  const records = await listRecordsOfContacts(trx, contactIds);
  return {
    child,
    personId,
    contactIds,
    personIds,
    informationRequestIds: records.informationRequests.map((r) => r.id),
    stepDownIds: records.stepDowns.map((s) => s.id),
    references: new Map(contacts.map((c) => [c.id, c.reference])),
    requests: new Map(records.informationRequests.map((r) => [r.id, { contactId: r.contact_id, agency: r.agency_name }])),
    stepDowns: new Map(records.stepDowns.map((s) => [s.id, { contactId: s.contact_id, hub: s.hub_name }])),
  };
}

/** The filter as instants: whole days in Europe/London, both ends included. */
export function trailFilter(query: ChildAccessQuery): AccessTrailFilter {
  return {
    from: query.from ? londonMidnight(query.from) : undefined,
    before: query.to ? londonMidnight(addDays(query.to, 1)) : undefined,
    actorUserId: query.user,
  };
}

/** Which of this child's records an audit record was about, in words. */
function recordWords(scope: Scope, row: { subject_type: string | null; subject_id: string | null; details: Record<string, unknown> }): string {
  const reference = (contactId: string) => scope.references.get(contactId) ?? "another contact";
  const id = row.subject_id ?? "";
  const shown = Array.isArray(row.details.shown) && scope.personIds.some((p) => (row.details.shown as unknown[]).includes(p));
  if (shown) return "Person record, in the search results";
  const listed = Array.isArray(row.details.contacts) ? row.details.contacts.filter((c): c is string => typeof c === "string" && scope.references.has(c)) : [];
  if (listed.length > 0) return `${listed.length === 1 ? "Contact" : "Contacts"} ${listed.map(reference).join(", ")}`;
  switch (row.subject_type) {
    case "contact":
      return `Contact ${reference(id)}`;
    case "person":
      return id === scope.personId ? "Person record" : "Person record merged into this one";
    case "information_request": {
      const request = scope.requests.get(id);
      return request ? `Information request to ${request.agency} about contact ${reference(request.contactId)}` : "Information request";
    }
    case "step_down": {
      const stepDown = scope.stepDowns.get(id);
      return stepDown ? `Step-down to ${stepDown.hub} from contact ${reference(stepDown.contactId)}` : "Step-down";
    }
    default:
      return "";
  }
}

type TrailRow = Awaited<ReturnType<typeof listAccessTrail>>[number];

function accessRow(scope: Scope, row: TrailRow): AccessRow {
  const details = (row.details ?? {}) as Record<string, unknown>;
  return {
    id: Number(row.id),
    at: new Date(row.at),
    actorUserId: row.actor_user_id,
    who: row.actor_name ?? (row.actor_user_id ? "A user no longer known" : "Nobody signed in (the public form)"),
    role: row.actor_role ? (ROLE_LABELS[row.actor_role as Role] ?? row.actor_role) : "",
    what: auditActionLabel(row.action, details),
    record: recordWords(scope, row),
    address: row.ip_address ?? "",
  };
}

function auditedFilter(query: ChildAccessQuery) {
  return Object.fromEntries(Object.entries({ from: query.from, to: query.to, user: query.user }).filter(([, v]) => v !== undefined));
}

/**
 * One page of who has seen the child (or the unlinked contact), newest first. Null when there is no
 * such record; `linkedTo` when the contact is about a known child (whose page to show instead).
 */
export async function readChildAccess(
  db: Kysely<Database>,
  input: {
    user: SessionUser;
    subject: AccessSubject;
    /** Null when the filter could not be read: the page shows the filter's choices again, and no records. */
    query: ChildAccessQuery | null;
    ipAddress: string | null;
    pageSize?: number;
  },
) {
  const pageSize = input.pageSize ?? ACCESS_PAGE_SIZE;
  const query = input.query;
  return db.transaction().execute(async (trx) => {
    const scope = await scopeOf(trx, input.subject);
    if (!scope || "linkedTo" in scope) return scope;
    const page = query?.page ?? 1;
    const [total, rows, users] = await Promise.all([
      query ? countAccessTrail(trx, scope, trailFilter(query)) : 0,
      query ? listAccessTrail(trx, scope, trailFilter(query), { limit: pageSize, offset: (page - 1) * pageSize }) : [],
      listAccessTrailActors(trx, scope),
    ]);
    // Recorded after the read, so this view is not in the page it shows (it is in the next one).
    await recordAudit(trx, {
      actorUserId: input.user.id,
      action: `${input.subject.kind}.access_viewed`,
      subjectType: input.subject.kind,
      subjectId: input.subject.id,
      ipAddress: input.ipAddress,
      details: { filter: query ? auditedFilter(query) : "not understood", page, shown: rows.length },
    });
    return {
      kind: "found" as const,
      child: scope.child,
      personId: scope.personId,
      references: [...scope.references.values()],
      rows: rows.map((r) => accessRow(scope, r)),
      total,
      page,
      pageSize,
      users: users.map((u) => ({ id: u.id, name: u.display_name, role: ROLE_LABELS[u.role as Role] ?? u.role })),
    };
  });
}

/**
 * A spreadsheet cell that starts with = + - @ (or a tab or carriage return) would be run as a formula
 * by Excel and others: it is prefixed with an apostrophe so it is read as text (OWASP, CSV injection).
 */
export function csvSafe(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

export const ACCESS_CSV_HEADER = ["When (UK time)", "When (UTC)", "Who", "Role", "What", "Record", "From address"];

export function accessCsv(rows: AccessRow[]): string {
  const records = rows.map((r) => [spreadsheetDateTime(r.at), r.at.toISOString(), r.who, r.role, r.what, r.record, r.address].map((v) => csvSafe(v)));
  return stringify([ACCESS_CSV_HEADER, ...records], { record_delimiter: "windows", quoted: true, quoted_empty: true });
}

/** The whole filtered trail as CSV (up to ACCESS_CSV_LIMIT rows). The download is audited. Null when there is no such record. */
export async function downloadChildAccess(
  db: Kysely<Database>,
  input: { user: SessionUser; subject: AccessSubject; query: ChildAccessQuery; ipAddress: string | null },
): Promise<{ csv: string; rows: number; filename: string } | { linkedTo: string } | null> {
  return db.transaction().execute(async (trx) => {
    const scope = await scopeOf(trx, input.subject);
    if (!scope || "linkedTo" in scope) return scope;
    const rows = await listAccessTrail(trx, scope, trailFilter(input.query), { limit: ACCESS_CSV_LIMIT, offset: 0 });
    await recordAudit(trx, {
      actorUserId: input.user.id,
      action: `${input.subject.kind}.access_downloaded`,
      subjectType: input.subject.kind,
      subjectId: input.subject.id,
      ipAddress: input.ipAddress,
      details: { filter: auditedFilter(input.query), rows: rows.length },
    });
    const stamp = new Date().toISOString().slice(0, 10);
    return { csv: accessCsv(rows.map((r) => accessRow(scope, r))), rows: rows.length, filename: `who-has-seen-${input.subject.kind}-${stamp}.csv` };
  });
}
