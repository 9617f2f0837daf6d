/**
 * The rows of the Ofsted Annex A lists (1: contacts, 3: referrals) and of the CIN census export.
 *
 * Membership and look-back are the measures' own (db/queries/measures/measures.ts, `measureContactsCte`): the
 * same non-duplicate contacts, local dates, children (followed through merges) and re-referral count.
 * List 1 is the rows `contacts.total` counts (local received date in the period), List 3 the rows
 * `referrals.total` counts (referral by local referral date in the period), and "Number of Referrals
 * in Last 12 Months" is the measures' `earlier_referrals` (the re-referral rule).
 *
 * Ordering is by local date, then Child Unique ID (byte order, `collate "C"`, so PGlite and PostgreSQL
 * sort alike whatever their locale), then the instant, then the contact reference.
 */
import { sql } from "kysely";
import { measureContactsCte } from "./measures";
import type { Executor } from "../../executor";

export interface ExportPeriod {
  /** First local (Europe/London) date, `YYYY-MM-DD`, inclusive. */
  from: string;
  /** Last local date, inclusive. */
  to: string;
}

/** What both lists say about the child. */
export interface AnnexAChild {
  /** The contact's reference (what a problem is reported by). */
  reference: string;
  /** The reference in the system it was imported from (`contact_id` of the import file), if imported. */
  external_id: string | null;
  contact_id: string;
  person_id: string | null;
  /** The imported `child_id`, else a stable id made from the person record's id; null for a contact not linked to a child. */
  child_unique_id: string | null;
  sex: string | null;
  ethnicity: string | null;
  date_of_birth: string | null;
  expected_date_of_birth: string | null;
  source: string;
}

export interface AnnexAContactRow extends AnnexAChild {
  /** Local received date, `YYYY-MM-DD`. */
  contact_date: string;
}

export interface ReferralRow extends AnnexAChild {
  /** Local date of the decision, `YYYY-MM-DD`. */
  referral_date: string;
  outcome: "referral" | "strategy_discussion";
  primary_need: string | null;
  referral_nfa: boolean | null;
  referral_team: string | null;
  referral_worker: string | null;
  /** The child's census disability codes, as recorded (empty when none recorded). */
  disabilities: string[];
  /** The child's other referrals earlier than this one whose referral date is within the 12 months before its referral date. */
  referrals_in_last_12_months: number;
}

/** The child's stable id: the imported child_id, else "P" and the first 19 letters and digits of the person id, upper case (1–20 alphanumeric, as LAchildID). */
const childUniqueId = sql`coalesce(p.child_id, 'P' || upper(left(regexp_replace(p.id, '[^A-Za-z0-9]', '', 'g'), 19)))`;

/** The child's details: the person record's (the one kept after merges) when linked, else as the referrer described the child. */
const childColumns = sql`
  m.reference,
  c.external_id,
  m.id as contact_id,
  p.id as person_id,
  ${childUniqueId} as child_unique_id,
  case when p.id is null then c.described_child->>'sex' else p.sex end as sex,
  p.ethnicity,
  case when p.id is null then c.described_child->>'dateOfBirth' else to_char(p.date_of_birth, 'YYYY-MM-DD') end as date_of_birth,
  case when p.id is null then c.described_child->>'expectedDateOfBirth' else to_char(p.expected_date_of_birth, 'YYYY-MM-DD') end as expected_date_of_birth,
  m.source`;

/**
 * Annex A List 1: every non-duplicate contact whose local received date is in the period (pending
 * ones included), one row per contact — the measures' `contacts.total`.
 */
export async function listAnnexAContacts(db: Executor, period: ExportPeriod): Promise<AnnexAContactRow[]> {
  const result = await sql<AnnexAContactRow>`${measureContactsCte(period)}
    select ${childColumns},
      to_char(m.received_date, 'YYYY-MM-DD') as contact_date
    from measure_contacts m
    join contacts c on c.id = m.id
    left join people p on p.id = m.child
    where m.received_date between ${period.from}::date and ${period.to}::date
    order by m.received_date, ${childUniqueId} collate "C" nulls last, m.received_at, m.reference collate "C"`.execute(db);
  return result.rows;
}

/**
 * Annex A List 3 and the census episodes: every referral (outcome referral or strategy discussion)
 * whose local referral date is in the period, whenever it was received — the measures' `referrals.total`.
 */
export async function listReferralsInPeriod(db: Executor, period: ExportPeriod): Promise<ReferralRow[]> {
  const result = await sql<Omit<ReferralRow, "disabilities"> & { disabilities: string | null }>`${measureContactsCte(period)}
    select ${childColumns},
      to_char(m.referral_date, 'YYYY-MM-DD') as referral_date,
      m.outcome,
      c.primary_need,
      c.referral_nfa,
      c.referral_team,
      c.referral_worker,
      array_to_string(p.disabilities, ',') as disabilities,
      m.earlier_referrals as referrals_in_last_12_months
    from measure_contacts m
    join contacts c on c.id = m.id
    left join people p on p.id = m.child
    where m.is_referral and m.referral_date between ${period.from}::date and ${period.to}::date
    order by m.referral_date, ${childUniqueId} collate "C" nulls last, m.decided_at, m.reference collate "C"`.execute(db);
  return result.rows.map((r) => ({
    ...r,
    referrals_in_last_12_months: Number(r.referrals_in_last_12_months),
    disabilities: r.disabilities ? r.disabilities.split(",") : [],
  }));
}
