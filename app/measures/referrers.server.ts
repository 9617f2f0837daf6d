/**
 * Who refers, and is it what we'd expect? (issue 9 item 7, decision 013.) Per referral source and per
 * referring organisation: the period's contacts, the share of decided ones that became referrals, and
 * whether that share lies outside the funnel plot's control limits around the county's share (all the
 * period's decided contacts). Counts come from db/queries/measures/referrers.ts (MEASURES.md's `by_source`
 * definitions, in the measures' own SQL); the limits from ./funnel.ts. Counts only: each figure opens
 * its list at /measures/records, which is audited.
 */
import type { Kysely } from "kysely";
import { NO_ORGANISATION, organisationName, referrerCounts } from "../../db/queries/measures/referrers";
import type { Database } from "../../db/schema";
import { labelOf, REFERRAL_SOURCES } from "../vocabulary";
import { exactPct, type Period } from "./dashboard-terms";
import { controlLimits, funnelStatus, isOutsideLimits, type ReferrerGroup, type ReferrersOverall } from "./funnel";
import { compareSourceCodes, inMeasuresTransaction } from "./measures.server";

export type { ReferrerGroup, ReferrersOverall };

export interface Referrers {
  period: Period;
  /** The county: every decided contact of the period and those that became referrals. */
  overall: ReferrersOverall;
  /** Sorted by contacts, most first (then census order). */
  sources: ReferrerGroup[];
  /** Sorted by contacts, most first (then by name; no organisation given last among equals). */
  organisations: ReferrerGroup[];
}

export const NO_ORGANISATION_LABEL = "No organisation given";

function group(kind: "source" | "organisation", key: string, label: string, counts: { contacts: number; decided: number; referrals: number }, p: number | null): ReferrerGroup {
  const decided = counts.decided;
  return {
    kind,
    key,
    figure: `${kind === "source" ? "by_source" : "by_organisation"}.${key}`,
    label,
    code: kind === "source" ? key : null,
    ...counts,
    pct: exactPct(counts.referrals, decided),
    limits: p === null || decided === 0 ? null : controlLimits(p, decided),
    status: p === null ? "no_decided" : funnelStatus(counts.referrals, decided, p),
  };
}

/** Each source's and organisation's figures of a period, with the funnel plot's limits. */
export async function readReferrers(db: Kysely<Database>, period: Period): Promise<Referrers> {
  const rows = await inMeasuresTransaction(db, (trx) => referrerCounts(trx, period));
  const sourceRows = rows.filter((r) => r.kind === "source");
  const total = (key: "contacts" | "decided" | "referrals") => sourceRows.reduce((n, r) => n + r[key], 0);
  const overall = { contacts: total("contacts"), decided: total("decided"), referrals: total("referrals") };
  const p = overall.decided === 0 ? null : overall.referrals / overall.decided;
  const sources = sourceRows
    .map((r) => group("source", r.key, labelOf(REFERRAL_SOURCES, r.key), r, p))
    .sort((a, b) => b.contacts - a.contacts || compareSourceCodes(a.key, b.key));
  const organisations = rows
    .filter((r) => r.kind === "organisation")
    .map((r) => group("organisation", r.key, r.key === NO_ORGANISATION ? NO_ORGANISATION_LABEL : (r.name ?? r.key), r, p))
    .sort(
      (a, b) =>
        b.contacts - a.contacts ||
        Number(a.key === NO_ORGANISATION) - Number(b.key === NO_ORGANISATION) ||
        a.label.localeCompare(b.label, "en-GB") ||
        a.key.localeCompare(b.key),
    );
  return { period, overall: { ...overall, pct: exactPct(overall.referrals, overall.decided), p }, sources, organisations };
}

/**
 * The title of an organisation figure's list of records (`by_organisation.<key>.<figure>`), with the
 * organisation's name as the period's contacts spell it most often; null when `figure` is not one.
 */
export async function organisationFigureLabel(db: Kysely<Database>, figure: string, period: Period): Promise<string | null> {
  const match = /^by_organisation\.([0-9a-z]+)\.(contacts|decided|referrals)$/.exec(figure);
  if (!match) return null;
  const key = match[1]!;
  const name = key === NO_ORGANISATION ? null : await organisationName(db, period, key);
  const who = key === NO_ORGANISATION ? "with no referring organisation given" : `from ${name ?? "a referring organisation"}`;
  return { contacts: `Contacts ${who}`, decided: `Decided contacts ${who}`, referrals: `Contacts ${who} that became referrals` }[match[2] as "contacts" | "decided" | "referrals"];
}

/** The organisations' plot shows at most this many (those with the most decided contacts): a point is a link, and hundreds of links help nobody. */
export const PLOTTED_ORGANISATIONS = 50;
/** The organisations' table shows this many a page. */
export const ORGANISATIONS_PAGE_SIZE = 25;

export interface OrganisationsView {
  /** All organisations, or only those outside the 95% limits. */
  show: "all" | "outside";
  /** How many organisations there are, and how many lie outside the limits. */
  total: number;
  outside: number;
  /** The table's page: 1…, of `shown` rows. */
  page: number;
  pageSize: number;
  shown: number;
  rows: ReferrerGroup[];
  /** The plot's points: the organisations with the most decided contacts (at most PLOTTED_ORGANISATIONS). */
  plotted: ReferrerGroup[];
}

/** One page of the organisations' table (all, or only those outside the limits) and the plot's points. Pure. */
export function organisationsView(organisations: ReferrerGroup[], input: { page: number; show: "all" | "outside" }): OrganisationsView {
  const outside = organisations.filter((o) => isOutsideLimits(o.status));
  const listed = input.show === "outside" ? outside : organisations;
  const pages = Math.max(1, Math.ceil(listed.length / ORGANISATIONS_PAGE_SIZE));
  const page = Math.min(Math.max(1, input.page), pages);
  const plotted = organisations
    .filter((o) => o.decided > 0)
    .sort((a, b) => b.decided - a.decided || b.contacts - a.contacts)
    .slice(0, PLOTTED_ORGANISATIONS);
  return {
    show: input.show,
    total: organisations.length,
    outside: outside.length,
    page,
    pageSize: ORGANISATIONS_PAGE_SIZE,
    shown: listed.length,
    rows: listed.slice((page - 1) * ORGANISATIONS_PAGE_SIZE, page * ORGANISATIONS_PAGE_SIZE),
    plotted,
  };
}
