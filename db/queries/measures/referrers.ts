/**
 * Who refers (issue 9 item 7, decision 013): per referral source and per referring organisation, the
 * period's contacts, the decided ones and those that became referrals — MEASURES.md's `by_source`
 * figures, and the same three for the organisation the referrer gave (`contacts.referrer->>'organisation'`,
 * typed at intake or on the public form; imported history has none).
 *
 * An organisation is named in free text, so its spellings are brought together: case, and runs of
 * white space, are ignored (`Tiverton Health Centre` = `tiverton  health centre `). Each organisation
 * is keyed by the first 16 hex digits of the MD5 of that normalised name (`none` when no organisation
 * was given), which is safe in an address. The database keeps both on each contact as generated columns
 * (`organisation_name`, `organisation_key`, migration 0015), in the measures' covering indexes.
 * `by_organisation.<key>.contacts|decided|referrals` are figures of the measures' records list
 * (`predicateOf` in ./measures.ts reads `organisationPredicate`), and
 * the counts here use the same predicates over the same `measure_contacts` rows, so a count and its
 * list cannot differ.
 */
import { type RawBuilder, sql } from "kysely";
import { measureContactsCte, type MeasurePeriod, sourceFigurePredicate } from "./measures";
import type { Executor } from "../../executor";

/** An organisation's key in a figure: 16 lower-case hex digits, or `none` for contacts with no organisation. */
export const ORGANISATION_KEY = /^(none|[0-9a-f]{16})$/;
export const NO_ORGANISATION = "none";


export interface ReferrerCountsRow {
  kind: "source" | "organisation";
  /** A census referral source code, or an organisation key. */
  key: string;
  /** For an organisation: its most common spelling in the period (null for `none`). */
  name: string | null;
  contacts: number;
  decided: number;
  referrals: number;
}

/**
 * Each referral source's and each organisation's contacts, decided contacts and referrals (by received
 * date: MEASURES.md's `by_source`) in one statement (one snapshot). Only groups with contacts in the period.
 */
export async function referrerCounts(db: Executor, period: MeasurePeriod): Promise<ReferrerCountsRow[]> {
  const contacts = sourceFigurePredicate("contacts", period);
  const decided = sourceFigurePredicate("decided", period);
  const referrals = sourceFigurePredicate("referrals", period);
  const counts = sql`count(*) filter (where ${contacts})::int as contacts,
  count(*) filter (where ${decided})::int as decided,
  count(*) filter (where ${referrals})::int as referrals`;
  const result = await sql<ReferrerCountsRow>`${measureContactsCte(period, "counts")},
  referrer_rows as (select m.* from measure_contacts m where ${contacts})
select 'source' as kind, m.source as key, null::text as name, ${counts}
from referrer_rows m group by m.source
union all
select 'organisation', m.organisation_key, mode() within group (order by m.organisation_name), ${counts}
from referrer_rows m group by m.organisation_key
order by 1, 2`.execute(db);
  return result.rows.map((r) => ({ ...r, contacts: Number(r.contacts), decided: Number(r.decided), referrals: Number(r.referrals) }));
}

/** The predicate over `measure_contacts` (alias m) of "the contact's organisation has this key" (for `predicateOf`). */
export function organisationPredicate(key: string): RawBuilder<unknown> {
  return sql`m.organisation_key = ${key}`;
}

/**
 * The most common spelling of an organisation among the contacts received in a period (not duplicates),
 * for the title of its list of records; null when none of them has that key (or for `none`).
 */
export async function organisationName(db: Executor, period: MeasurePeriod, key: string): Promise<string | null> {
  if (key === NO_ORGANISATION || !ORGANISATION_KEY.test(key)) return null;
  const result = await sql<{ name: string | null }>`select mode() within group (order by c.organisation_name) as name
from contacts c
where c.received_at >= (${period.from}::date::timestamp at time zone 'Europe/London')
  and c.received_at < ((${period.to}::date + 1)::timestamp at time zone 'Europe/London')
  and c.outcome is distinct from 'duplicate'
  and c.organisation_key = ${key}`.execute(db);
  return result.rows[0]?.name ?? null;
}
