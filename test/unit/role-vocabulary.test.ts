/**
 * The roles' words, start pages and navigation all come from the one permission table; these are
 * the values the pages showed before, written out by hand.
 */
import { describe, expect, it } from "vitest";
import { HOME_PATHS, NAVIGATION } from "../../app/auth/roles";
import { roleInSentence, ROLE_LABELS } from "../../app/auth/permissions";

describe("one role vocabulary", () => {
  it("lands each role on its own start page", () => {
    expect(HOME_PATHS).toEqual({
      screener: "/queue",
      manager: "/oversight",
      partner: "/information-requests",
      early_help: "/step-downs",
      admin: "/admin/users",
      performance: "/measures",
    });
  });

  it("shows each role the pages it may use, in the order of the table", () => {
    const hrefs = Object.fromEntries(Object.entries(NAVIGATION).map(([role, items]) => [role, items.map((i) => `${i.href} ${i.text}`)]));
    expect(hrefs).toEqual({
      screener: ["/queue MASH queue", "/contacts/new Record a contact"],
      manager: ["/oversight Management oversight", "/queue MASH queue", "/contacts/new Record a contact", "/people/merge Merge records", "/measures Measures"],
      partner: ["/information-requests Information requests"],
      early_help: ["/step-downs Step-downs"],
      admin: ["/admin/users Users", "/admin/agencies Agencies", "/admin/hubs Hubs", "/admin/timescales Timescales", "/admin/bank-holidays Bank holidays", "/admin/measure-targets Measure targets", "/admin/jobs Jobs and e-mail"],
      performance: ["/measures Measures"],
    });
  });

  it("names a role as a label and in a sentence from the same words", () => {
    expect(ROLE_LABELS.early_help).toBe("Early help hub worker");
    expect(roleInSentence("screener")).toBe("a MASH screener");
    expect(roleInSentence("manager")).toBe("a MASH manager");
    expect(roleInSentence("partner")).toBe("a partner agency officer");
    expect(roleInSentence("early_help")).toBe("an early help hub worker");
    expect(roleInSentence("admin")).toBe("an administrator");
    expect(roleInSentence("performance")).toBe("a performance lead");
  });
});
