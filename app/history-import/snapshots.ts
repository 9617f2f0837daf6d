/**
 * What the contact machine makes of an imported contact (docs/decisions/008-imported-history.md):
 * the contact is received (CONTACT_RECEIVED, its input), then HISTORY_IMPORTED takes it to `closed`
 * with its outcome, or leaves a pending one `received`. Running the machine once per row would cost
 * a million transitions; the snapshot differs between rows only in the values the events carry, so
 * it is computed once per (outcome, primary need) by the machine itself, with stand-in values that
 * are then replaced by each row's own. The tests replay imported contacts to prove the result is
 * exactly what the machine gives (`npm run contacts:check-history`). Pure.
 */
import {
  type Actor,
  applyContactEvent,
  type ContactEvent,
  type ContactInput,
  initialContactSnapshot,
  persistContactSnapshot,
  stateName,
} from "../../machines/contact.machine";
import type { ContactOutcome } from "../../machines/contact.types";

/** Who records an imported history: the import itself (no user of the app; stored without actor_user_id). */
export const HISTORY_IMPORT_ACTOR: Actor = { id: "history-import", role: "admin" };

export interface ImportedContactFacts {
  /** The new contact's id in the app. */
  contactId: string;
  externalId: string;
  personId: string;
  /** UTC ISO instants. */
  receivedAt: string;
  decidedAt: string | null;
  outcome: ContactOutcome | null;
  primaryNeed: string | null;
}

/** The machine's input and the one event of an imported contact. */
export function importedContactEvents(facts: ImportedContactFacts): { input: ContactInput; event: ContactEvent } {
  const input: ContactInput = { receivedAt: facts.receivedAt, immediateRisk: false, contactId: facts.contactId };
  const event: ContactEvent = {
    type: "HISTORY_IMPORTED",
    at: facts.outcome === null ? facts.receivedAt : facts.decidedAt!,
    actor: HISTORY_IMPORT_ACTOR,
    externalId: facts.externalId,
    personId: facts.personId,
    outcome: facts.outcome,
    primaryNeed: facts.primaryNeed,
  };
  return { input, event };
}

// Stand-ins: values no real row has (instants in 1901, ids no generator makes), each unique, so
// every occurrence in the snapshot's JSON is exactly where that value goes.
const STAND_IN = {
  receivedAt: "1901-01-01T01:01:01.101Z",
  decidedAt: "1901-01-02T02:02:02.202Z",
  contactId: "history-import-stand-in-contact-id",
  externalId: "history-import-stand-in-external-id",
  personId: "history-import-stand-in-person-id",
} as const;
type StandIn = keyof typeof STAND_IN;
const STAND_IN_PATTERN = new RegExp(Object.values(STAND_IN).map((v) => `"${v.replace(/[.]/g, "\\.")}"`).join("|"), "g");
const KEY_OF_STAND_IN = new Map<string, StandIn>(Object.entries(STAND_IN).map(([k, v]) => [`"${v}"`, k as StandIn]));

export interface ImportedSnapshot {
  /** The machine's snapshot as JSON text (the `snapshot` column). */
  snapshot: string;
  /** The state after HISTORY_IMPORTED: `closed`, or `received` for a pending contact. */
  state: string;
}

/** The machine's snapshots of imported contacts, computed once per (outcome, primary need). */
export class ImportedSnapshots {
  private readonly templates = new Map<string, { json: string; state: string }>();

  snapshotOf(facts: ImportedContactFacts): ImportedSnapshot {
    const key = `${facts.outcome ?? ""}|${facts.primaryNeed ?? ""}`;
    let template = this.templates.get(key);
    if (!template) {
      template = templateFor(facts.outcome, facts.primaryNeed);
      this.templates.set(key, template);
    }
    const values: Record<StandIn, string> = {
      receivedAt: facts.receivedAt,
      decidedAt: facts.decidedAt ?? facts.receivedAt,
      contactId: facts.contactId,
      externalId: facts.externalId,
      personId: facts.personId,
    };
    const json = template.json.replace(STAND_IN_PATTERN, (quoted) => JSON.stringify(values[KEY_OF_STAND_IN.get(quoted)!]));
    return { snapshot: json, state: template.state };
  }
}

function templateFor(outcome: ContactOutcome | null, primaryNeed: string | null): { json: string; state: string } {
  const { input, event } = importedContactEvents({
    contactId: STAND_IN.contactId,
    externalId: STAND_IN.externalId,
    personId: STAND_IN.personId,
    receivedAt: STAND_IN.receivedAt,
    decidedAt: outcome === null ? null : STAND_IN.decidedAt,
    outcome,
    primaryNeed,
  });
  const result = applyContactEvent(initialContactSnapshot(input), event);
  if (!result.ok) throw new Error(`The contact machine refuses an imported contact (${outcome ?? "pending"}): ${result.reason}`);
  return { json: JSON.stringify(persistContactSnapshot(result.snapshot)), state: stateName(result.snapshot) };
}
