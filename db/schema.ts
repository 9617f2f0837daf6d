/** Table types for Kysely, kept by hand beside the migrations (a change to one is a change to both). */
import type { ColumnType, Generated, JSONColumnType, Selectable } from "kysely";

type Timestamp = ColumnType<Date, Date | string, Date | string>;
type DefaultedTimestamp = ColumnType<Date, Date | string | undefined, Date | string>;
/** A calendar date, `YYYY-MM-DD`. */
type CalendarDate = ColumnType<string, string, string>;
type Json<T extends object | null> = JSONColumnType<T, string, string>;

export const ROLES = ["screener", "manager", "partner", "early_help", "admin", "performance"] as const;
export type Role = (typeof ROLES)[number];

/** A partner agency (migration 0019): managed by an administrator, retired rather than deleted. */
export interface AgenciesTable {
  code: string;
  name: string;
  /** The agency this is a service of (health: health visiting, school nursing …). */
  parent_code: ColumnType<string | null, string | null | undefined, string | null>;
  /** Retired: no longer asked or joined, its history kept. */
  retired_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  created_at: DefaultedTimestamp;
}

/** A locality early help hub (migration 0019): managed by an administrator, retired rather than deleted. */
export interface HubsTable {
  code: string;
  name: string;
  retired_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  created_at: DefaultedTimestamp;
}

export interface UsersTable {
  id: string;
  email: string;
  display_name: string;
  role: Role;
  agency_code: string | null;
  hub_code: string | null;
  password_hash: string;
  active: Generated<boolean>;
  created_at: DefaultedTimestamp;
}

export interface UserSessionsTable {
  /** SHA-256 of the session token, hex. */
  id: string;
  user_id: string;
  expires_at: Timestamp;
  created_at: DefaultedTimestamp;
  /** When the session ends however much it is used (migration 0007); `expires_at` never passes it. */
  absolute_expires_at: Timestamp;
  ip_address: string | null;
  user_agent: string | null;
}

/** What a sign-in throttle counts (migration 0007). */
export type SignInThrottleScope = "account" | "account_address" | "address";

/** Failed sign-ins of one account, one account from one address, or one address, and when the next attempt may be made. */
export interface SignInThrottlesTable {
  scope: SignInThrottleScope;
  /** The e-mail address, "e-mail address + network address", or the network address. */
  key: string;
  failures: ColumnType<number, number | undefined, number>;
  window_started_at: Timestamp;
  next_allowed_at: Timestamp;
}

export interface AuditEventsTable {
  id: Generated<number>;
  at: DefaultedTimestamp;
  actor_user_id: string | null;
  action: string;
  subject_type: string | null;
  subject_id: string | null;
  ip_address: string | null;
  details: ColumnType<Record<string, unknown>, string | undefined, string>;
}

export type Sex = "M" | "F" | "U";

export interface PeopleTable {
  id: string;
  child_id: string | null;
  first_name: string | null;
  last_name: string;
  date_of_birth: CalendarDate | null;
  expected_date_of_birth: CalendarDate | null;
  sex: Sex;
  ethnicity: string | null;
  postcode: string | null;
  nhs_number: string | null;
  merged_into_id: string | null;
  created_at: DefaultedTimestamp;
  /**
   * CIN census disability codes (app/vocabulary/disabilities.ts, migration 0010): `NONE` alone, or any
   * of the others; empty when not recorded yet.
   */
  disabilities: ColumnType<string[], string[] | undefined, string[]>;
}

export interface Referrer {
  name?: string;
  role?: string;
  organisation?: string;
  phone?: string;
  email?: string;
  professional?: boolean;
}

export interface ContactsTable {
  id: string;
  reference: string;
  external_id: string | null;
  group_id: string | null;
  person_id: string | null;
  received_at: Timestamp;
  source: string;
  channel: string;
  referrer: Json<Referrer>;
  concern: Generated<string>;
  immediate_risk: Generated<boolean>;
  consent: "given" | "refused" | "not_sought" | null;
  /** When the consent override still waiting for a manager was asked for (migration 0020; projected). */
  consent_override_asked_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  priority: "red" | "amber" | "green" | null;
  state: string;
  outcome: string | null;
  decided_at: Timestamp | null;
  level_of_need: number | null;
  primary_need: string | null;
  hub_code: string | null;
  allocated_to: string | null;
  /**
   * The decision deadline: the end of the first working day after the local received date, for every
   * contact (migration 0015) — the queue's clock and the "decided within one working day" measure.
   * Left out of an insert, the database works it out (trigger `contacts_decision_deadline`).
   */
  decision_due_at: DefaultedTimestamp;
  machine_version: number;
  snapshot: Json<Record<string, unknown>>;
  version: Generated<number>;
  created_at: DefaultedTimestamp;
  updated_at: DefaultedTimestamp;
  /** When it was recorded in the app (`received_at` may be earlier, with a reason). */
  recorded_at: Timestamp | null;
  late_recording_reason: string | null;
  /** The child as the referrer described them, before the child is linked to a person record. */
  described_child: ColumnType<DescribedChild | null, string | null | undefined, string | null>;
  household: ColumnType<HouseholdMember[], string | undefined, string>;
  address: ColumnType<Address | null, string | null | undefined, string | null>;
  /** CIN census factor codes the referrer's account presents. */
  factors: ColumnType<string[], string | undefined, string>;
  /** Consent to the contact itself, as the referrer reported it. */
  referral_consent: "given" | "refused" | "not_sought" | null;
  referral_consent_notes: string | null;
  /** A contact closed as a duplicate: the contact it duplicates (migration 0010). */
  duplicate_of_contact_id: ColumnType<string | null, string | null | undefined, string | null>;
  /** A referral's decision (migration 0010): the team it is passed to (Annex A List 3 "Allocated Team"). */
  referral_team: ColumnType<string | null, string | null | undefined, string | null>;
  /** … and the worker, when one is allocated ("Allocated Worker"). */
  referral_worker: ColumnType<string | null, string | null | undefined, string | null>;
  /** CIN census ReferralNFA: the referral itself ended with no further action. Present on every referral decided in the app. */
  referral_nfa: ColumnType<boolean | null, boolean | null | undefined, boolean | null>;
  /**
   * The stored look-back (migration 0014; db/queries/measures/measures.ts `storeLookBacks`): a repeat contact
   * under MEASURES.md; null until worked out, which happens in the transaction that records the contact.
   */
  repeat_contact: ColumnType<boolean | null, boolean | null | undefined, boolean | null>;
  /** For a referral: the child's referrals in the 12 months before it (a re-referral when > 0); null otherwise. */
  earlier_referrals: ColumnType<number | null, number | null | undefined, number | null>;
  /** The manager who authorised the decision or confirmed the strategy discussion (migration 0015); null while undecided and for imported history. */
  authorised_by: ColumnType<string | null, string | null | undefined, string | null>;
  /** The referring organisation as given, white space tidied, and its key (migration 0015, decision 013): generated by the database. */
  organisation_name: ColumnType<string | null, never, never>;
  organisation_key: ColumnType<string, never, never>;
}

export interface DescribedChild {
  firstName: string | null;
  lastName: string;
  dateOfBirth: string | null;
  expectedDateOfBirth: string | null;
  sex: Sex;
  nhsNumber: string | null;
}

export interface HouseholdMember {
  name: string;
  relationship: string;
  dateOfBirth: string | null;
}

export interface Address {
  line1: string;
  line2: string | null;
  town: string | null;
  postcode: string | null;
}

export interface PublicReportAttemptsTable {
  id: Generated<number>;
  address_hash: string;
  at: DefaultedTimestamp;
  accepted: boolean;
}

/**
 * One submitted intake or public report form (migration 0009), by the idempotency key it was
 * rendered with: a repeated submission is answered with these contacts instead of creating more.
 */
export interface ContactSubmissionsTable {
  idempotency_key: string;
  form: "intake" | "public_report";
  /** SHA-256 of what was submitted, without the key. */
  fingerprint: string;
  /** The signed-in user who recorded it (null for the public form). */
  submitted_by: string | null;
  /** The contacts created, in the form's order. */
  contact_ids: ColumnType<string[], string, string>;
  created_at: DefaultedTimestamp;
}

/** Secrets the app generated for itself when the configuration gave none (migration 0009). */
export interface AppSecretsTable {
  name: string;
  value: string;
  created_at: DefaultedTimestamp;
}

export interface ContactEventsTable {
  id: Generated<number>;
  contact_id: string;
  sequence: number;
  type: string;
  payload: Json<Record<string, unknown>>;
  actor_user_id: string | null;
  at: Timestamp;
  state_before: string | null;
  state_after: string;
  idempotency_key: string | null;
  recorded_at: DefaultedTimestamp;
}

export interface InformationRequestsTable {
  id: string;
  contact_id: string;
  agency_code: string;
  requested_at: Timestamp;
  requested_by: string | null;
  due_at: Timestamp;
  lawful_basis: string;
  status: Generated<"requested" | "returned" | "nothing_known" | "declined" | "withdrawn">;
  rag: "red" | "amber" | "green" | null;
  information: string | null;
  responded_at: Timestamp | null;
  responded_by: string | null;
  /** Migration 0017, projected from the snapshot: the deadline recorded as passed while still waiting. */
  overdue_at: ColumnType<Date | null, string | Date | null | undefined, string | Date | null>;
  /** Still waiting for the agency's answer on a contact that is still open (migration 0017). */
  waiting: ColumnType<boolean, boolean | undefined, boolean>;
  /** The partner inbox's order in one number (migration 0017; app/contacts/projection.server.ts `inboxRank`). */
  inbox_rank: ColumnType<string | number, number | undefined, number>;
  /** Migration 0019: the nth request to this agency about the contact (asking again is a new row). */
  sequence: ColumnType<number, number | undefined, number>;
  /** What the MASH asks this agency, and the summary it chose to share with it. */
  question: ColumnType<string | null, string | null | undefined, string | null>;
  shared_summary: ColumnType<string | null, string | null | undefined, string | null>;
  /** Why the partner gave their RAG rating. */
  rag_rationale: ColumnType<string | null, string | null | undefined, string | null>;
  /** Earlier answers a correction replaced, oldest first. */
  answer_versions: ColumnType<AnswerVersionRow[], string | undefined, string>;
  /** Migration 0023 (decision 028): the MASH withdrew the request unanswered — when, who, why. */
  withdrawn_at: ColumnType<Date | null, string | Date | null | undefined, string | Date | null>;
  withdrawn_by: ColumnType<string | null, string | null | undefined, string | null>;
  withdrawal_reason: ColumnType<string | null, string | null | undefined, string | null>;
  withdrawal_explanation: ColumnType<string | null, string | null | undefined, string | null>;
}

/** One earlier answer to an information request, kept beside its correction (migration 0019). */
export interface AnswerVersionRow {
  status: "returned" | "nothing_known" | "declined";
  rag: "red" | "amber" | "green" | null;
  ragRationale: string | null;
  information: string | null;
  respondedAt: string;
  respondedBy: string;
}

/** A recurring job of the runner (migration 0017, app/jobs/runner.server.ts). */
export interface JobsTable {
  name: string;
  every_seconds: number;
  run_at: DefaultedTimestamp;
  locked_until: Timestamp | null;
  locked_by: string | null;
  last_started_at: Timestamp | null;
  last_finished_at: Timestamp | null;
  last_error: string | null;
  runs: Generated<number>;
}

export type NotificationKind = "partner_deadline_near" | "partner_deadline_passed" | "partner_answer_arrived";
export type EmailState = "pending" | "sending" | "sent" | "failed" | "not_sent";

/** What one user is told (migration 0017, app/notifications/). */
export interface NotificationsTable {
  id: Generated<string>;
  user_id: string;
  kind: NotificationKind;
  event_key: string;
  contact_id: string | null;
  request_id: string | null;
  details: ColumnType<Record<string, unknown>, string | undefined, string>;
  at: DefaultedTimestamp;
  read_at: Timestamp | null;
  email_state: ColumnType<EmailState, EmailState | undefined, EmailState>;
  emailed_at: Timestamp | null;
  email_error: string | null;
  /** Migration 0023 (decision 028): how many times sending was tried, and when it is tried again. */
  email_attempts: ColumnType<number, number | undefined, number>;
  email_next_attempt_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
}

export interface StepDownsTable {
  id: string;
  contact_id: string;
  hub_code: string;
  offered_at: Timestamp;
  status: Generated<"offered" | "accepted" | "declined">;
  responded_at: Timestamp | null;
  responded_by: string | null;
  lead_practitioner: string | null;
  decline_reason: string | null;
}

/** England and Wales bank holidays, editable by an administrator. */
export interface BankHolidaysTable {
  date: CalendarDate;
  title: string;
}

/** Settings an administrator changes, one JSON value per key. */
export interface SettingsTable {
  key: string;
  value: ColumnType<unknown, string, string>;
  version: Generated<number>;
  updated_at: DefaultedTimestamp;
  updated_by: string | null;
}

/** Common first-name variants (migration 0004): a short form (Bill for William) or another spelling. */
export interface FirstNameVariantsTable {
  /** The full or usual form. */
  name: string;
  variant: string;
  kind: "short_form" | "spelling";
}

/** Every surname on record once, lower case, kept by a trigger on people (migration 0004): where names alike are looked for. */
export interface SurnamesTable {
  name: string;
}

/** A manager's merge of two person records that are the same child (migration 0004). */
export interface PersonMergesTable {
  id: string;
  survivor_id: string;
  merged_id: string;
  merged_at: DefaultedTimestamp;
  merged_by: string;
  reason: string;
  contacts_moved: number;
  idempotency_key: string | null;
}

export interface Database {
  agencies: AgenciesTable;
  hubs: HubsTable;
  users: UsersTable;
  user_sessions: UserSessionsTable;
  sign_in_throttles: SignInThrottlesTable;
  audit_events: AuditEventsTable;
  people: PeopleTable;
  contacts: ContactsTable;
  contact_events: ContactEventsTable;
  information_requests: InformationRequestsTable;
  step_downs: StepDownsTable;
  jobs: JobsTable;
  notifications: NotificationsTable;
  bank_holidays: BankHolidaysTable;
  settings: SettingsTable;
  public_report_attempts: PublicReportAttemptsTable;
  first_name_variants: FirstNameVariantsTable;
  surnames: SurnamesTable;
  person_merges: PersonMergesTable;
  contact_submissions: ContactSubmissionsTable;
  app_secrets: AppSecretsTable;
}

export type User = Selectable<UsersTable>;
export type Contact = Selectable<ContactsTable>;
