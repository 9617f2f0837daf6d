/**
 * The rules of practice a contact is held to (decision 022). A contact keeps the rules it was received
 * under (`ContactContext.rules`; absent = the rules before 3), so older histories replay unchanged
 * while new contacts follow the stricter rules. Pure.
 */
import type { ContactContext } from "./contact.types";

/** The rules every new contact is received under. */
export const CONTACT_RULES = 3;

/**
 * Whether the contact follows the rules of 3 or later: a consent override asked for by a screener and
 * decided by another manager, every consent answer kept, a step-down only with the family's agreement,
 * and a reason whenever the MASH goes ahead to a decision while a request is unanswered.
 */
export function underRules3(context: Pick<ContactContext, "rules">): boolean {
  return (context.rules ?? 2) >= 3;
}
