/**
 * Repeat contacts and re-referrals, by the definitions of MEASURES.md (binding). Pure: the same rules
 * mark a contact on the screening page and count it in the measures.
 */
import { londonDate } from "../clocks/clocks";

export interface LookBackContact {
  id: string;
  receivedAt: Date | string;
  outcome: string | null;
  decidedAt: Date | string | null;
}

const REFERRAL_OUTCOMES = new Set(["referral", "strategy_discussion"]);

export function isReferral(c: Pick<LookBackContact, "outcome">): boolean {
  return c.outcome !== null && REFERRAL_OUTCOMES.has(c.outcome);
}

/** The same day-of-month one year earlier; 29 February goes to 28 February. */
export function twelveMonthsBefore(date: string): string {
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  const day = m === 2 && d === 29 ? 28 : d;
  return `${String(y - 1).padStart(4, "0")}-${String(m).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

const time = (v: Date | string) => new Date(v).getTime();

/**
 * The earlier non-duplicate contacts that make `contact` a repeat contact: received earlier than it
 * and on or after the day twelve months before its local received date (they may still be pending).
 */
export function earlierContactsWithinYear(contact: LookBackContact, others: readonly LookBackContact[]): LookBackContact[] {
  const from = twelveMonthsBefore(londonDate(new Date(contact.receivedAt)));
  const at = time(contact.receivedAt);
  return others.filter(
    (o) => o.id !== contact.id && o.outcome !== "duplicate" && time(o.receivedAt) < at && londonDate(new Date(o.receivedAt)) >= from,
  );
}

export function isRepeatContact(contact: LookBackContact, others: readonly LookBackContact[]): boolean {
  return contact.outcome !== "duplicate" && earlierContactsWithinYear(contact, others).length > 0;
}

/**
 * The child's other referrals that make `referral` a re-referral: earlier than it (by referral date,
 * then decision time) with a referral date on or after the day twelve months before its referral date.
 */
export function earlierReferralsWithinYear(referral: LookBackContact, others: readonly LookBackContact[]): LookBackContact[] {
  if (!isReferral(referral) || !referral.decidedAt) return [];
  const date = londonDate(new Date(referral.decidedAt));
  const from = twelveMonthsBefore(date);
  const at = time(referral.decidedAt);
  return others.filter((o) => {
    if (o.id === referral.id || !isReferral(o) || !o.decidedAt) return false;
    const otherDate = londonDate(new Date(o.decidedAt));
    const earlier = otherDate < date || (otherDate === date && time(o.decidedAt) < at);
    return earlier && otherDate >= from;
  });
}

export function isReReferral(referral: LookBackContact, others: readonly LookBackContact[]): boolean {
  return earlierReferralsWithinYear(referral, others).length > 0;
}
