/**
 * The child page's link step through Conform (decision 024): a new person who cannot be created, or
 * census details that cannot be recorded, are answered 400 with the form's intent, each message keyed
 * by its field (the page prefixes "new-" or "details-" to reach its input), and what was typed kept,
 * less the version and the form's key (rendered afresh with the page). None of these requests reaches the database.
 */
import type { AppLoadContext } from "@remix-run/node";
import { describe, expect, it } from "vitest";
import { resultErrors } from "../../app/ui/forms";
import { action } from "../../app/routes/contacts.$contactId_.child";

const screener = { id: "u-screener", email: "s@example.org", displayName: "Sam Screener", role: "screener", agencyCode: null, hubCode: null };
const context = { auth: { user: screener, sessionId: "s" }, db: null, clientIp: null } as unknown as AppLoadContext;
const CONTACT = "0f6a4a43-5c1e-4f3e-9d43-3f0c6c1a9e11";

type Answer = { init: { status: number }; data: { intent: string; result: { error?: Record<string, string[]>; initialValue: Record<string, unknown> } } };
const send = async (fields: [string, string][]) =>
  (await action({
    request: new Request(`http://localhost/contacts/${CONTACT}/child`, { method: "POST", body: new URLSearchParams(fields), headers: { "Content-Type": "application/x-www-form-urlencoded" } }),
    context,
    params: { contactId: CONTACT },
  })) as unknown as Answer;

describe("the child page's forms, through Conform", () => {
  it("refuses a new person with both dates of birth, keeping what was typed (400)", async () => {
    const answer = await send([
      ["intent", "create"],
      ["version", "3"],
      ["idempotencyKey", "form-key-0001:create"],
      ["firstName", "Robin"],
      ["lastName", ""],
      ["dateOfBirth", "1/5/2016"],
      ["expectedDateOfBirth", "1/6/2030"],
      ["sex", "U"],
      ["disabilities", "NONE"],
      ["postcode", "EX1 1AA"],
    ]);
    expect(answer.init.status).toBe(400);
    expect(answer.data.intent).toBe("create");
    expect(resultErrors(answer.data.result.error)).toEqual({
      lastName: "Enter the child's last name",
      expectedDateOfBirth: "Enter a date of birth or an expected date of birth, not both",
    });
    expect(answer.data.result.initialValue).toEqual({
      intent: "create",
      firstName: "Robin",
      // (an empty box is not sent back: it shows empty)
      dateOfBirth: "1/5/2016",
      expectedDateOfBirth: "1/6/2030",
      sex: "U",
      disabilities: "NONE",
      postcode: "EX1 1AA",
    });
  });

  it("refuses census details without a sex, keeping the disabilities ticked (400)", async () => {
    const answer = await send([
      ["intent", "details"],
      ["personId", "7d0a4c0e-2b57-4d0c-8a77-5a8f6f1e2c33"],
      ["version", "3"],
      ["idempotencyKey", "form-key-0001:details"],
      ["ethnicity", "WBRI"],
      ["disabilities", "HAND"],
      ["disabilities", "HEAR"],
    ]);
    expect(answer.init.status).toBe(400);
    expect(answer.data.intent).toBe("details");
    expect(resultErrors(answer.data.result.error)).toEqual({ sex: "Choose the child's sex, or Not known" });
    expect(answer.data.result.initialValue).toMatchObject({ ethnicity: "WBRI", disabilities: ["HAND", "HEAR"] });
    expect(answer.data.result.initialValue).not.toHaveProperty("version");
    expect(answer.data.result.initialValue).not.toHaveProperty("idempotencyKey");
  });

  it("refuses a link to something that is not a person's record (400)", async () => {
    const answer = await send([["intent", "link"], ["personId", "__proto__"], ["version", "3"], ["idempotencyKey", "form-key-0001:link:x"]]);
    expect(answer.init.status).toBe(400);
    expect(resultErrors(answer.data.result.error)).toEqual({ personId: "Choose the child from the list" });
  });
});
