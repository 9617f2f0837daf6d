import { describe, expect, it } from "vitest";
import { HOME_PATHS, NAVIGATION, ROLE_LABELS, safeRedirectPath } from "../../app/auth/roles";
import { loadConfig } from "../../app/config.server";
import { formatDate, formatDateTime, personName } from "../../app/ui/format";
import { parseSubmission, resultErrors } from "../../app/ui/forms";
import { signInSchema } from "../../app/auth/sign-in.schema";
import { ROLES } from "../../db/schema";

describe("roles", () => {
  it("every role has a label, a start page and navigation that includes its start page", () => {
    for (const role of ROLES) {
      expect(ROLE_LABELS[role]).toBeTruthy();
      expect(NAVIGATION[role].map((n) => n.href)).toContain(HOME_PATHS[role]);
    }
  });

  it("only returns to paths on this site after signing in", () => {
    expect(safeRedirectPath("/queue?page=2", "/")).toBe("/queue?page=2");
    expect(safeRedirectPath("https://evil.example/", "/")).toBe("/");
    expect(safeRedirectPath("//evil.example/", "/")).toBe("/");
    expect(safeRedirectPath("/\\evil.example", "/")).toBe("/");
    expect(safeRedirectPath(undefined, "/home")).toBe("/home");
    expect(safeRedirectPath("/\t/evil.example", "/")).toBe("/");
    expect(safeRedirectPath("/\n/evil.example", "/")).toBe("/");
    expect(safeRedirectPath("/%09/evil.example", "/")).toBe("/");
    expect(safeRedirectPath("/..//evil.example/phish", "/")).toBe("/");
  });
});

describe("configuration", () => {
  it("defaults to the embedded database with demo data", () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ databaseUrl: undefined, pgliteDataDir: ".data/pglite", port: 3000, demoData: true });
  });

  it("loads demo data on the embedded database only, unless told otherwise; a real deployment says DEMO_DATA=off", () => {
    // `npm start` serves the production build: that alone does not make it a real deployment.
    expect(loadConfig({ NODE_ENV: "production" }).demoData).toBe(true);
    expect(loadConfig({ DEMO_DATA: "off" }).demoData).toBe(false);
    expect(loadConfig({ NODE_ENV: "production", DEMO_DATA: "off" }).demoData).toBe(false);
    expect(loadConfig({ DATABASE_URL: "postgres://db.example/mash" }).demoData).toBe(false);
    expect(loadConfig({ DATABASE_URL: "postgres://db.example/mash", DEMO_DATA: "on" }).demoData).toBe(true);
    expect(() => loadConfig({ DEMO_DATA: "yes" })).toThrow(/DEMO_DATA/);
  });

  it("has database timeouts for the server, configurable", () => {
    expect(loadConfig({}).databaseTimeouts).toEqual({ connectMs: 5_000, statementMs: 15_000 });
    expect(loadConfig({ DATABASE_CONNECT_TIMEOUT_MS: "1000", DATABASE_STATEMENT_TIMEOUT_MS: "2000" }).databaseTimeouts).toEqual({ connectMs: 1_000, statementMs: 2_000 });
    expect(loadConfig({ DATABASE_START_WAIT_SECONDS: "0" }).databaseStartWaitMs).toBe(0);
    expect(() => loadConfig({ DATABASE_STATEMENT_TIMEOUT_MS: "-5" })).toThrow(/DATABASE_STATEMENT_TIMEOUT_MS/);
  });

  it("says what is wrong with a bad setting", () => {
    expect(() => loadConfig({ PORT: "eighty" })).toThrow(/PORT/);
    expect(() => loadConfig({ DATABASE_URL: "not a url" })).toThrow(/DATABASE_URL/);
  });
});

describe("sign-in form", () => {
  it("asks for both fields in plain words", () => {
    const data = new FormData();
    data.set("email", "  ");
    data.set("password", "");
    const result = parseSubmission(data, signInSchema);
    expect(result.status).toBe("error");
    expect(resultErrors(result.reply().error)).toEqual({ email: "Enter your e-mail address", password: "Enter your password" });
  });

  it("checks the e-mail address format", () => {
    const data = new FormData();
    data.set("email", "not-an-address");
    data.set("password", "x");
    const result = parseSubmission(data, signInSchema);
    expect(result.status).toBe("error");
    expect(resultErrors(result.reply().error).email).toMatch(/correct format/);
  });
});

describe("nested form data", () => {
  it("never writes to an object's prototype", async () => {
    const { intakeFormData, intakeFormSchema, rowsAsLists } = await import("../../app/contacts/intake.schema");
    const data = new FormData();
    data.set("__proto__.polluted", "yes");
    data.set("children.0.__proto__.polluted", "yes");
    data.set("constructor.prototype.polluted", "yes");
    data.set("children.0.lastName", "Smith");
    const object = rowsAsLists(parseSubmission(intakeFormData(data), intakeFormSchema).payload);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(object).toMatchObject({ children: [{ lastName: "Smith" }], household: [] });
  });
});

describe("formatting", () => {
  it("shows times in Europe/London, not UTC", () => {
    expect(formatDateTime("2024-06-30T23:30:00Z")).toBe("1 Jul 2024, 00:30");
    expect(formatDate("2024-07-01")).toBe("1 Jul 2024");
  });

  it("names an unborn child by surname", () => {
    expect(personName({ first_name: null, last_name: "Smith" })).toBe("Smith (unborn)");
    expect(personName({ first_name: "Ava", last_name: "Smith" })).toBe("Ava Smith");
  });
});

describe("state labels", () => {
  it("every state of the contact machine has words for the screen", async () => {
    const { CONTACT_STATE_NAMES } = await import("../../machines/contact.machine");
    const { STATE_LABELS } = await import("../../app/contacts/labels");
    expect(Object.keys(STATE_LABELS).sort()).toEqual([...CONTACT_STATE_NAMES].sort());
  });
});

describe("deadlines", () => {
  it("a deadline at local midnight reads as the end of the day before", async () => {
    const { formatDeadline } = await import("../../app/ui/format");
    const now = new Date("2026-06-01T09:00:00Z");
    expect(formatDeadline("2026-11-03T00:00:00Z", now)).toBe("by end of 2 Nov");
    expect(formatDeadline("2026-07-02T23:00:00Z", now)).toBe("by end of 2 Jul");
    expect(formatDeadline("2026-07-02T13:30:00Z", now)).toBe("by 14:30 on 2 Jul");
    expect(formatDeadline("2027-01-01T00:00:00Z", now)).toBe("by end of 31 Dec");
    expect(formatDeadline("2027-01-04T00:00:00Z", now)).toBe("by end of 3 Jan 2027");
  });
});

describe("the run command", () => {
  it("builds, then serves React's production build (the development build serves a third fewer pages)", async () => {
    const { readFile } = await import("node:fs/promises");
    const scripts = JSON.parse(await readFile(new URL("../../package.json", import.meta.url), "utf8")).scripts as Record<string, string>;
    expect(scripts.start).toMatch(/^npm run build && .*NODE_ENV=production .*server\.ts$/);
    expect(scripts["start:built"]).toMatch(/NODE_ENV=production .*server\.ts$/);
    expect(scripts.dev).toMatch(/NODE_ENV=development/);
  });
});
