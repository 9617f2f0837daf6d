/**
 * The permission table, role by role, against what DOMAIN.md and the pages say each role does
 * (written out by hand, not read from the table).
 */
import { describe, expect, it } from "vitest";
import { abilitiesOf, can, EVENT_ABILITIES, PERMISSIONS, rolesWith, ROLES, type Ability, type Role } from "../../app/auth/permissions";
import { EVENT_ROLES } from "../../machines/contact.explain";
import { CONTACT_EVENT_TYPES } from "../../machines/contact.types";

const EXPECTED: Record<Role, Ability[]> = {
  screener: [
    "queue.view",
    "contact.view",
    "contact.record",
    "contact.pick-up",
    "contact.screen",
    "decision.propose",
    "partner-answer.record",
    "partner-deadline.record",
  ],
  manager: [
    "queue.view",
    "contact.view",
    "contact.record",
    "contact.allocate",
    "oversight.view",
    "people.merge",
    "audit.view",
    "contact.screen",
    "consent.override",
    "decision.propose",
    "decision.authorise",
    "immediate-risk.confirm",
    "partner-answer.record",
    "partner-deadline.record",
    "measures.view",
    "records.download",
  ],
  partner: ["partner-answer.record", "information-request.answer"],
  early_help: ["step-down.answer"],
  admin: ["audit.view", "partner-deadline.record", "history.import", "admin.settings"],
  performance: ["measures.view", "records.download"],
};

describe("the permission table", () => {
  it("prints each role's abilities", () => {
    const table = Object.fromEntries(ROLES.map((role) => [role, abilitiesOf(role)]));
    console.log(ROLES.map((role) => `${role.padEnd(12)} ${table[role]!.join(", ")}`).join("\n"));
    expect(table).toEqual(EXPECTED);
  });

  it("names every role it grants to", () => {
    for (const roles of Object.values(PERMISSIONS)) for (const role of roles) expect(ROLES).toContain(role);
  });

  it("names the roles of a refusal in the order the refusal has always used", () => {
    expect(rolesWith("partner-answer.record")).toEqual(["partner", "screener", "manager"]);
    expect(rolesWith("partner-deadline.record")).toEqual(["screener", "manager", "admin"]);
    expect(rolesWith("measures.view")).toEqual(["performance", "manager"]);
    expect(rolesWith("audit.view")).toEqual(["manager", "admin"]);
  });

  it("gives the machine's events the roles it has always checked", () => {
    const mash = ["screener", "manager"];
    const expected: Record<string, string[]> = {
      START_SCREENING: mash,
      LINK_CHILD: mash,
      MARK_DUPLICATE: mash,
      SET_PRIORITY: mash,
      RECORD_CONSENT: mash,
      OVERRIDE_CONSENT: ["manager"],
      REQUEST_CONSENT_OVERRIDE: mash,
      AUTHORISE_CONSENT_OVERRIDE: ["manager"],
      REFUSE_CONSENT_OVERRIDE: ["manager"],
      REQUEST_PARTNER_INFORMATION: mash,
      PARTNER_INFORMATION_RETURNED: ["partner", "screener", "manager"],
      PARTNER_NOTHING_KNOWN: ["partner", "screener", "manager"],
      PARTNER_DECLINED: ["partner", "screener", "manager"],
      PARTNER_DEADLINE_PASSED: ["screener", "manager", "admin"],
      // Decision 028: the MASH withdraws its own request.
      WITHDRAW_PARTNER_REQUEST: mash,
      COMPLETE_SCREENING: mash,
      PROCEED_TO_DECISION: mash,
      PROPOSE_DECISION: mash,
      AUTHORISE_DECISION: ["manager"],
      RETURN_DECISION: ["manager"],
      ACCEPT_STEP_DOWN: ["early_help"],
      DECLINE_STEP_DOWN: ["early_help"],
      FLAG_IMMEDIATE_RISK: mash,
      CONFIRM_STRATEGY_DISCUSSION: ["manager"],
      STAND_DOWN_IMMEDIATE_RISK: ["manager"],
      HISTORY_IMPORTED: ["admin"],
    };
    expect(Object.keys(EVENT_ABILITIES).sort()).toEqual([...CONTACT_EVENT_TYPES].sort());
    expect(EVENT_ROLES).toEqual(expected);
  });

  describe("agency and hub scoping", () => {
    const police = { role: "partner" as const, agencyCode: "police", hubCode: null };
    const north = { role: "early_help" as const, agencyCode: null, hubCode: "north" };

    it("lets a partner answer their own agency's requests only", () => {
      expect(can(police, "information-request.answer")).toBe(true);
      expect(can(police, "information-request.answer", { agencyCode: "police" })).toBe(true);
      expect(can(police, "information-request.answer", { agencyCode: "health" })).toBe(false);
      expect(can({ ...police, agencyCode: null }, "information-request.answer")).toBe(false);
      expect(can(police, "step-down.answer", { hubCode: "north" })).toBe(false);
    });

    it("lets a hub worker answer their own hub's step-downs only", () => {
      expect(can(north, "step-down.answer")).toBe(true);
      expect(can(north, "step-down.answer", { hubCode: "north" })).toBe(true);
      expect(can(north, "step-down.answer", { hubCode: "south" })).toBe(false);
      expect(can({ ...north, hubCode: null }, "step-down.answer")).toBe(false);
    });

    it("does not scope the MASH, administrators or performance leads", () => {
      expect(can({ role: "manager" }, "contact.view")).toBe(true);
      expect(can({ role: "manager", agencyCode: null }, "decision.authorise", { agencyCode: "police" })).toBe(true);
      expect(can({ role: "performance" }, "contact.view")).toBe(false);
      expect(can("screener", "contact.allocate")).toBe(false);
      expect(can("screener", "contact.pick-up")).toBe(true);
    });
  });
});
