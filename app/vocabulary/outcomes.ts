/** What a contact was closed with (../shared/MEASURES.md "Records"). `duplicate` closes a contact without a decision of its own. */
import { codesOf, type Term } from "./term";

export interface OutcomeTerm extends Term {
  /** The choice on the decision form. */
  readonly decisionLabel: string;
  /** In the middle of a sentence ("… is closed (outcome: no further action)"). */
  readonly words: string;
  /** A referral to children's social care (MEASURES.md): `referral` and `strategy_discussion`. */
  readonly referral: boolean;
}

export const OUTCOMES = [
  { code: "referral", label: "Referral to children's social care", decisionLabel: "Referral to children's social care for assessment", words: "referral to children's social care", referral: true },
  { code: "strategy_discussion", label: "Strategy discussion", decisionLabel: "Referral with a strategy discussion (section 47)", words: "strategy discussion", referral: true },
  { code: "early_help", label: "Step-down to early help", decisionLabel: "Step-down to an early help hub", words: "step-down to early help", referral: false },
  { code: "nfa", label: "No further action", decisionLabel: "No further action", words: "no further action", referral: false },
  { code: "advice_signpost", label: "Advice or signposting", decisionLabel: "Advice, information or signposting to another service", words: "advice or signposting", referral: false },
  { code: "existing_case", label: "Passed to allocated worker", decisionLabel: "Already open to children's social care: pass to the allocated worker", words: "passed to the allocated worker", referral: false },
  { code: "duplicate", label: "Duplicate", decisionLabel: "Duplicate of another contact", words: "duplicate", referral: false },
] as const satisfies readonly OutcomeTerm[];

export type OutcomeCode = (typeof OUTCOMES)[number]["code"];
export const OUTCOME_CODES = codesOf<OutcomeCode>(OUTCOMES);

/** The outcomes a MASH decision can propose: all but `duplicate`. */
export const DECISION_OUTCOMES = OUTCOMES.filter((o) => o.code !== "duplicate");
export type DecisionOutcomeCode = Exclude<OutcomeCode, "duplicate">;
export const DECISION_OUTCOME_CODES = codesOf<DecisionOutcomeCode>(DECISION_OUTCOMES as readonly Term<DecisionOutcomeCode>[]);

/** The outcomes that are referrals (MEASURES.md): they record ReferralNFA, the team and worker passed to. */
export const REFERRAL_OUTCOME_CODES = ["referral", "strategy_discussion"] as const satisfies readonly OutcomeCode[];
export type ReferralOutcomeCode = (typeof REFERRAL_OUTCOME_CODES)[number];
export function isReferralOutcome(code: unknown): code is ReferralOutcomeCode {
  return (REFERRAL_OUTCOME_CODES as readonly unknown[]).includes(code);
}
