import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  bankHolidaysEnglandWales,
  generateSyntheticHistory,
  isValidNhsNumber,
  SOURCE_COUNTS_IN_SAMPLE,
  type SyntheticContact,
  type SyntheticPerson,
} from "../../../db/seed/synthetic-history";

// ---------------------------------------------------------------------------------------------
// An independent, simple implementation of the MEASURES.md rules (local dates in Europe/London
// through Intl, bank holidays from shared/data), to check the generator's shares against.
// ---------------------------------------------------------------------------------------------

// The project's own copy of shared/data/bank-holidays-england-and-wales.json (identical), so the test needs nothing outside the repository.
const BANK_HOLIDAYS_FILE = new URL("../../../app/clocks/bank-holidays-england-and-wales.json", import.meta.url);
const BANK_HOLIDAYS: ReadonlySet<string> = new Set(
  (JSON.parse(readFileSync(BANK_HOLIDAYS_FILE, "utf8")) as { events: Array<{ date: string }> }).events.map(
    (e) => e.date,
  ),
);

const londonDate = new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/London", year: "numeric", month: "2-digit", day: "2-digit" });
const londonParts = new Intl.DateTimeFormat("en-GB", { timeZone: "Europe/London", weekday: "short", hour: "2-digit", hourCycle: "h23" });
const dateCache = new Map<string, string>();
/** The local (Europe/London) date of an ISO timestamp, YYYY-MM-DD. */
function localDate(iso: string): string {
  let d = dateCache.get(iso);
  if (d === undefined) {
    d = londonDate.format(new Date(iso));
    dateCache.set(iso, d);
  }
  return d;
}
function localWeekdayAndHour(iso: string): { weekday: string; hour: number } {
  const parts = londonParts.formatToParts(new Date(iso));
  return { weekday: parts.find((p) => p.type === "weekday")?.value ?? "", hour: Number(parts.find((p) => p.type === "hour")?.value) };
}
/** D − 12 months: the same day-of-month a year earlier, 29 February → 28 February. */
function twelveMonthsBefore(date: string): string {
  const [y, m, d] = date.split("-");
  return `${Number(y) - 1}-${m}-${m === "02" && d === "29" ? "28" : d}`;
}
function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}
function isWorkingDay(date: string): boolean {
  const day = new Date(`${date}T00:00:00Z`).getUTCDay();
  return day !== 0 && day !== 6 && !BANK_HOLIDAYS.has(date);
}
function isReferral(c: SyntheticContact): boolean {
  return c.outcome === "referral" || c.outcome === "strategy_discussion";
}
function ratio(numerator: number, denominator: number): number {
  return denominator === 0 ? Number.NaN : numerator / denominator;
}

interface Measures {
  total: number;
  decided: number;
  notReferral: number;
  repeat: number;
  referrals: number;
  strategy: number;
  reReferral: number;
  withinOneWorkingDay: number;
}

/** The MEASURES.md measures of a period (both dates inclusive). */
function measure(contacts: readonly SyntheticContact[], from: string, to: string): Measures {
  const live = contacts.filter((c) => c.outcome !== "duplicate");
  const inPeriod = (d: string) => d >= from && d <= to;
  const C = live.filter((c) => inPeriod(localDate(c.receivedAt)));
  const D = C.filter((c) => c.outcome !== null);

  // Repeat contacts: another non-duplicate contact of the child, earlier in time, within the 12 months before.
  const byChild = new Map<string, SyntheticContact[]>();
  for (const c of live) byChild.set(c.personId, [...(byChild.get(c.personId) ?? []), c]);
  const repeats = C.filter((c) => {
    const bound = twelveMonthsBefore(localDate(c.receivedAt));
    return (byChild.get(c.personId) ?? []).some((e) => e.receivedAt < c.receivedAt && localDate(e.receivedAt) >= bound);
  });

  // Re-referrals: an earlier referral (by referral date, then decision time) within the 12 months before.
  const referralsInPeriod = live.filter((c) => isReferral(c) && c.decidedAt !== null && inPeriod(localDate(c.decidedAt)));
  const referralsByChild = new Map<string, SyntheticContact[]>();
  for (const r of live.filter(isReferral)) referralsByChild.set(r.personId, [...(referralsByChild.get(r.personId) ?? []), r]);
  const key = (r: SyntheticContact) => `${localDate(r.decidedAt ?? "")} ${r.decidedAt ?? ""} ${r.id}`;
  const reReferrals = referralsInPeriod.filter((r) => {
    const date = localDate(r.decidedAt ?? "");
    const bound = twelveMonthsBefore(date);
    return (referralsByChild.get(r.personId) ?? []).some((e) => e.id !== r.id && key(e) < key(r) && localDate(e.decidedAt ?? "") >= bound);
  });

  // Decided before the end of the first working day after the local received date.
  const onTime = D.filter((c) => {
    let deadline = addDays(localDate(c.receivedAt), 1);
    while (!isWorkingDay(deadline)) deadline = addDays(deadline, 1);
    return localDate(c.decidedAt ?? "") <= deadline;
  });

  return {
    total: C.length,
    decided: D.length,
    notReferral: ratio(D.filter((c) => !isReferral(c)).length, D.length),
    repeat: ratio(repeats.length, C.length),
    referrals: referralsInPeriod.length,
    strategy: ratio(referralsInPeriod.filter((r) => r.outcome === "strategy_discussion").length, referralsInPeriod.length),
    reReferral: ratio(reReferrals.length, referralsInPeriod.length),
    withinOneWorkingDay: ratio(onTime.length, D.length),
  };
}

// ---------------------------------------------------------------------------------------------

const NOW = new Date("2026-11-22T12:00:00Z");
// SYNTHETIC_SEED=n checks another seed by hand; the suite uses seed 1.
const SEED = Number(process.env.SYNTHETIC_SEED ?? 1);
const history = generateSyntheticHistory({ seed: SEED, now: NOW });
const { people, contacts } = history;
const personById = new Map<string, SyntheticPerson>(people.map((p) => [p.id, p]));
const contactById = new Map<string, SyntheticContact>(contacts.map((c) => [c.id, c]));
const DAY = 86_400_000;

function person(c: SyntheticContact): SyntheticPerson {
  const p = personById.get(c.personId);
  if (!p) throw new Error(`no person ${c.personId}`);
  return p;
}

function ageOn(dob: string, date: string): number {
  const [by, bm, bd] = dob.split("-").map(Number) as [number, number, number];
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}

describe("generateSyntheticHistory", () => {
  it("is deterministic for a seed and differs between seeds", () => {
    const again = generateSyntheticHistory({ seed: SEED, now: new Date(NOW) });
    expect(again).toEqual(history);
    const other = generateSyntheticHistory({ seed: 2, now: NOW, years: 1, contactsPerYear: 300 });
    const otherAgain = generateSyntheticHistory({ seed: 2, now: NOW, years: 1, contactsPerYear: 300 });
    expect(otherAgain).toEqual(other);
    expect(other.contacts[0]?.id).not.toBe(contacts[0]?.id);
  });

  it("makes years × contactsPerYear contacts (default 2 × 3000) about fewer children", () => {
    expect(contacts).toHaveLength(6000);
    expect(people.length).toBeGreaterThan(6000 * 0.45);
    expect(people.length).toBeLessThan(6000 * 0.8);
    const small = generateSyntheticHistory({ seed: 5, now: NOW, years: 1, contactsPerYear: 250 });
    expect(small.contacts).toHaveLength(250);
    expect(generateSyntheticHistory({ seed: 5, now: NOW, years: 0.5, contactsPerYear: 100 }).contacts).toHaveLength(50);
    expect(generateSyntheticHistory({ seed: 5, now: NOW, contactsPerYear: 0 })).toEqual({ people: [], contacts: [] });
  });

  it("gives every contact an existing person, unique ids and references, in order of receipt within the window", () => {
    const ids = new Set(contacts.map((c) => c.id));
    expect(ids.size).toBe(contacts.length);
    expect(new Set(people.map((p) => p.id)).size).toBe(people.length);
    expect(new Set(people.map((p) => p.childId)).size).toBe(people.length);
    expect(new Set(contacts.map((c) => c.reference)).size).toBe(contacts.length);
    const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
    const seenPeople = new Set<string>();
    let lastSequence = 0;
    let previous = "";
    for (const c of contacts) {
      expect(personById.has(c.personId)).toBe(true);
      seenPeople.add(c.personId);
      expect(c.id).toMatch(uuid);
      expect(c.receivedAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.000Z$/);
      expect(c.receivedAt >= previous).toBe(true);
      previous = c.receivedAt;
      const received = Date.parse(c.receivedAt);
      expect(received).toBeLessThan(NOW.getTime());
      expect(received).toBeGreaterThanOrEqual(NOW.getTime() - 2 * 366 * DAY);
      // MASH-<local year of receipt>-<one sequence across the years> (issue 11, item 11)
      const match = /^MASH-(\d{4})-(\d{6})$/.exec(c.reference);
      expect(match?.[1]).toBe(localDate(c.receivedAt).slice(0, 4));
      const sequence = Number(match?.[2]);
      expect(sequence).toBe(lastSequence + 1);
      lastSequence = sequence;
    }
    expect(seenPeople.size).toBe(people.length);
    for (const p of people) {
      expect(p.id).toMatch(uuid);
      expect(p.childId).toMatch(/^C[0-9A-Z]{9}$/);
    }
  });

  it("keeps outcome and decidedAt together, decisions after receipt, and the details consistent with the outcome", () => {
    for (const c of contacts) {
      expect(c.outcome === null).toBe(c.decidedAt === null);
      if (c.decidedAt !== null) {
        expect(Date.parse(c.decidedAt)).toBeGreaterThanOrEqual(Date.parse(c.receivedAt));
        expect(Date.parse(c.decidedAt)).toBeLessThanOrEqual(NOW.getTime());
      }
      const referral = isReferral(c);
      expect(c.primaryNeed !== null).toBe(referral);
      if (c.primaryNeed !== null) expect(c.primaryNeed).toMatch(/^N[0-9]$/);
      expect(c.hubCode !== null).toBe(c.outcome === "early_help");
      if (c.hubCode !== null) expect(["north", "exeter", "mid_east", "south_west"]).toContain(c.hubCode);
      expect(c.duplicateOf !== null).toBe(c.outcome === "duplicate");
      const allowed: Record<string, number[]> = {
        referral: [3, 4],
        strategy_discussion: [3, 4],
        existing_case: [3, 4],
        early_help: [2, 3],
        nfa: [1, 2],
        advice_signpost: [1, 2],
      };
      if (c.outcome === null || c.outcome === "duplicate") expect(c.levelOfNeed).toBeNull();
      else expect(allowed[c.outcome]).toContain(c.levelOfNeed);
      expect(c.factors.length).toBeGreaterThan(0);
      expect(c.concern.length).toBeGreaterThan(20);
      expect(c.concern).not.toMatch(/[{}]/);
    }
    const needs = contacts.filter(isReferral).map((c) => c.primaryNeed);
    expect(needs.filter((n) => n === "N1").length / needs.length).toBeGreaterThan(0.5);
  });

  it("leaves the last few days mostly pending and decides the older contacts", () => {
    const recent = contacts.filter((c) => Date.parse(c.receivedAt) > NOW.getTime() - 3 * DAY);
    expect(recent.length).toBeGreaterThan(10);
    expect(recent.filter((c) => c.outcome === null).length / recent.length).toBeGreaterThan(0.5);
    const old = contacts.filter((c) => Date.parse(c.receivedAt) < NOW.getTime() - 30 * DAY);
    expect(old.every((c) => c.outcome !== null)).toBe(true);
  });

  it("groups siblings: same groupId, receivedAt, surname, postcode and report; 2–3 different children; ~15% of contacts", () => {
    const groups = new Map<string, SyntheticContact[]>();
    for (const c of contacts) if (c.groupId !== null) groups.set(c.groupId, [...(groups.get(c.groupId) ?? []), c]);
    expect(groups.size).toBeGreaterThan(0);
    for (const members of groups.values()) {
      expect(members.length).toBeGreaterThanOrEqual(2);
      expect(members.length).toBeLessThanOrEqual(3);
      const [first] = members;
      if (!first) throw new Error("empty group");
      expect(new Set(members.map((m) => m.personId)).size).toBe(members.length);
      for (const m of members) {
        expect(m.receivedAt).toBe(first.receivedAt);
        expect(m.source).toBe(first.source);
        expect(m.concern).toBe(first.concern);
        expect(person(m).lastName).toBe(person(first).lastName);
        expect(person(m).postcode).toBe(person(first).postcode);
      }
    }
    const share = contacts.filter((c) => c.groupId !== null).length / contacts.length;
    expect(share).toBeGreaterThan(0.1);
    expect(share).toBeLessThan(0.2);
  });

  it("points every duplicate at an earlier, non-duplicate contact of the same child received within a few days; ~2%", () => {
    const duplicates = contacts.filter((c) => c.outcome === "duplicate");
    for (const d of duplicates) {
      const original = contactById.get(d.duplicateOf ?? "");
      expect(original).toBeDefined();
      if (!original) continue;
      expect(original.personId).toBe(d.personId);
      expect(original.outcome).not.toBe("duplicate");
      expect(Date.parse(original.receivedAt)).toBeLessThan(Date.parse(d.receivedAt));
      expect(Date.parse(d.receivedAt) - Date.parse(original.receivedAt)).toBeLessThanOrEqual(3 * DAY);
    }
    expect(duplicates.length / contacts.length).toBeGreaterThan(0.01);
    expect(duplicates.length / contacts.length).toBeLessThan(0.035);
  });

  it("reproduces the county's baseline shapes by the MEASURES.md rules", () => {
    const all = measure(contacts, "2024-11-22", "2026-11-22");
    const lastYear = measure(contacts, "2025-11-23", "2026-11-22");
    for (const m of [all, lastYear]) {
      expect(m.notReferral).toBeGreaterThan(0.7);
      expect(m.notReferral).toBeLessThan(0.85);
      expect(m.repeat).toBeGreaterThan(0.3);
      expect(m.repeat).toBeLessThan(0.45);
      expect(m.reReferral).toBeGreaterThan(0.2);
      expect(m.reReferral).toBeLessThan(0.36);
      // About one referral in seven is a strategy discussion.
      expect(m.strategy).toBeGreaterThan(0.08);
      expect(m.strategy).toBeLessThan(0.22);
      expect(m.withinOneWorkingDay).toBeGreaterThan(0.75);
      expect(m.withinOneWorkingDay).toBeLessThan(0.97);
    }
    // The other shares of decided non-duplicate contacts, like the sample file (nfa ≈ advice > early help > existing case).
    const decided = contacts.filter((c) => c.outcome !== null && c.outcome !== "duplicate");
    const share = (o: string) => decided.filter((c) => c.outcome === o).length / decided.length;
    expect(share("nfa")).toBeGreaterThan(0.18);
    expect(share("advice_signpost")).toBeGreaterThan(0.18);
    expect(share("early_help")).toBeGreaterThan(0.15);
    expect(share("existing_case")).toBeGreaterThan(0.05);
    expect(share("existing_case")).toBeLessThan(share("early_help"));
  });

  it("keeps the mix of sources of the sample file, Police and Schools the largest", () => {
    const sampleTotal = Object.values(SOURCE_COUNTS_IN_SAMPLE).reduce((a, b) => a + b, 0);
    expect(sampleTotal).toBe(646);
    const counts = new Map<string, number>();
    for (const c of contacts) counts.set(c.source, (counts.get(c.source) ?? 0) + 1);
    for (const [source, count] of Object.entries(SOURCE_COUNTS_IN_SAMPLE)) {
      expect(Math.abs((counts.get(source) ?? 0) / contacts.length - count / sampleTotal)).toBeLessThan(0.03);
    }
    const ranked = [...counts].sort((a, b) => b[1] - a[1]).map(([s]) => s);
    expect(ranked.slice(0, 2)).toEqual(["6", "2A"]);
  });

  it("weights receipt to weekday working hours, with police notifications more often out of hours", () => {
    const outOfHours = (c: SyntheticContact) => {
      const { weekday, hour } = localWeekdayAndHour(c.receivedAt);
      return weekday === "Sat" || weekday === "Sun" || hour < 8 || hour >= 18;
    };
    const share = (list: SyntheticContact[]) => list.filter(outOfHours).length / list.length;
    expect(share(contacts)).toBeLessThan(0.4);
    const police = contacts.filter((c) => c.channel === "police_notification");
    const schools = contacts.filter((c) => c.source === "2A");
    expect(share(police)).toBeGreaterThan(0.35);
    expect(share(schools)).toBeLessThan(0.1);
  });

  it("makes plausible children: ages 0–17 at every contact, a few unborn, Devon postcodes, census ethnicity codes", () => {
    const ethnicities = new Set(["WBRI", "WIRI", "WIRT", "WOTH", "WROM", "MWBC", "MWBA", "MWAS", "MOTH", "AIND", "APKN", "ABAN", "AOTH", "BCRB", "BAFR", "BOTH", "CHNE", "OOTH", "REFU", "NOBT"]);
    for (const p of people) {
      expect((p.dateOfBirth === null) !== (p.expectedDateOfBirth === null)).toBe(true);
      if (p.expectedDateOfBirth !== null) {
        expect(p.firstName).toBeNull();
        expect(p.sex).toBe("U");
        expect(p.nhsNumber).toBeNull();
      } else {
        expect(p.firstName).toMatch(/^[A-Z][a-z]+$/);
        expect(["M", "F"]).toContain(p.sex);
      }
      expect(p.lastName).toMatch(/^[A-Z][a-z]+$/);
      if (p.ethnicity !== null) expect(ethnicities.has(p.ethnicity)).toBe(true);
      if (p.postcode !== null) expect(p.postcode).toMatch(/^(EX([1-9]|1[0-9]|2[0-4]|3[1-9])|TQ([6-9]|1[0-4])|PL(8|16|19|20|21)) [1-9][ABDEFGHJLNPQRSTUWXYZ]{2}$/);
    }
    for (const c of contacts) {
      const p = person(c);
      const received = localDate(c.receivedAt);
      if (p.dateOfBirth !== null) {
        const age = ageOn(p.dateOfBirth, received);
        expect(age).toBeGreaterThanOrEqual(0);
        expect(age).toBeLessThanOrEqual(17);
      } else {
        // Unborn: expected after receipt, and no more than 280 days after it.
        expect(p.expectedDateOfBirth! > received).toBe(true);
        expect(Date.parse(p.expectedDateOfBirth!) - Date.parse(received)).toBeLessThanOrEqual(280 * DAY);
      }
    }
    const unborn = people.filter((p) => p.expectedDateOfBirth !== null).length;
    expect(unborn).toBeGreaterThan(0);
    expect(unborn / people.length).toBeLessThan(0.05);
    const wbri = people.filter((p) => p.ethnicity === "WBRI").length / people.length;
    expect(wbri).toBeGreaterThan(0.7);
    expect(wbri).toBeLessThan(0.9);
    expect(new Set(people.map((p) => p.ethnicity)).size).toBeGreaterThan(10);
    expect(new Set(people.map((p) => p.lastName)).size).toBeGreaterThan(100);
  });

  it("gives children unique, valid NHS numbers", () => {
    const numbers = people.map((p) => p.nhsNumber).filter((n): n is string => n !== null);
    expect(numbers.length / people.length).toBeGreaterThan(0.8);
    expect(new Set(numbers).size).toBe(numbers.length);
    for (const n of numbers) expect(isValidNhsNumber(n)).toBe(true);
  });

  it("ends a few immediate-risk contacts as strategy discussions", () => {
    const immediate = contacts.filter((c) => c.immediateRisk && c.outcome !== null);
    expect(immediate.length).toBeGreaterThan(20);
    expect(immediate.length / contacts.length).toBeLessThan(0.06);
    expect(immediate.filter((c) => c.outcome === "strategy_discussion").length / immediate.length).toBeGreaterThan(0.5);
    for (const c of immediate) expect(c.priority).not.toBe("green");
  });

  it("describes referrers plausibly without real contact details", () => {
    for (const c of contacts) {
      const r = c.referrer;
      expect(r.name.length).toBeGreaterThan(0);
      if (r.professional) expect(r.organisation).toBeTruthy();
      if (c.source === "6") expect(r.organisation).toBe("Devon and Cornwall Police");
      if (r.email !== undefined) expect(r.email).toMatch(/^[a-z0-9.-]+@[a-z0-9.-]+\.example$/);
      if (r.phone !== undefined) expect(r.phone).toMatch(/^(01632 960|07700 900)\d{3}$/);
      if (c.source === "9") expect(r).toEqual({ name: "Anonymous", professional: false });
    }
  });

  it("asks partners for information on a subset, returned before the decision; still requested only on open contacts", () => {
    const withRequests = contacts.filter((c) => c.informationRequests.length > 0);
    expect(withRequests.length / contacts.length).toBeGreaterThan(0.2);
    expect(withRequests.length / contacts.length).toBeLessThan(0.9);
    let stillRequested = 0;
    for (const c of withRequests) {
      expect(new Set(c.informationRequests.map((r) => r.agencyCode)).size).toBe(c.informationRequests.length);
      for (const r of c.informationRequests) {
        expect(Date.parse(r.requestedAt)).toBeGreaterThanOrEqual(Date.parse(c.receivedAt));
        expect(Date.parse(r.requestedAt)).toBeLessThanOrEqual(NOW.getTime());
        if (r.status === "requested") {
          stillRequested++;
          expect(c.outcome).toBeNull();
          expect(r.respondedAt).toBeNull();
          expect(r.rag).toBeNull();
          expect(r.information).toBeNull();
        } else {
          expect(r.respondedAt).not.toBeNull();
          expect(Date.parse(r.respondedAt!)).toBeGreaterThanOrEqual(Date.parse(r.requestedAt));
          if (c.decidedAt !== null) expect(Date.parse(r.respondedAt!)).toBeLessThanOrEqual(Date.parse(c.decidedAt));
          expect(r.rag === null).toBe(r.status === "nothing_known");
          expect(r.information === null).toBe(r.status === "nothing_known");
        }
      }
    }
    expect(stillRequested).toBeGreaterThan(0);
    const rags = new Set(withRequests.flatMap((c) => c.informationRequests.map((r) => r.rag)));
    expect(rags).toEqual(new Set(["red", "amber", "green", null]));
  });
});

describe("isValidNhsNumber", () => {
  it("accepts numbers whose last digit is the modulus-11 check digit", () => {
    expect(isValidNhsNumber("9434765919")).toBe(true);
    expect(isValidNhsNumber("4010232137")).toBe(true);
  });

  it("rejects a wrong check digit, a check digit of 10, and anything but ten digits", () => {
    expect(isValidNhsNumber("9434765918")).toBe(false);
    for (let last = 0; last <= 9; last++) expect(isValidNhsNumber(`123456789${last}`)).toBe(false);
    expect(isValidNhsNumber("943476591")).toBe(false);
    expect(isValidNhsNumber("94347659190")).toBe(false);
    expect(isValidNhsNumber("943 476 5919")).toBe(false);
    expect(isValidNhsNumber("")).toBe(false);
  });
});

describe("bankHolidaysEnglandWales", () => {
  it("agrees with shared/data/bank-holidays-england-and-wales.json for 2010–2030", () => {
    for (let year = 2010; year <= 2030; year++) {
      const expected = [...BANK_HOLIDAYS].filter((d) => d.startsWith(`${year}-`)).sort();
      expect(bankHolidaysEnglandWales(year)).toEqual(expected);
    }
  });
});
