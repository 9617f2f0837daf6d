/**
 * Form messages name their field (GOV.UK: the error summary lists them away from their fields), and
 * a field missing from a hand-made submission gets words a person can act on, never zod's own
 * ("Invalid input: expected string, received undefined").
 */
import type { AppLoadContext } from "@remix-run/node";
import { describe, expect, it } from "vitest";
import { contactActionSchema } from "../../app/contacts/contact-actions.schema";
import { formFieldName, messageNamingRow } from "../../app/contacts/intake.schema";
import { informationResponseSchema } from "../../app/information-requests/information-requests";
import { stepDownResponseSchema } from "../../app/step-downs/step-downs";
import { parseSubmission, resultErrors } from "../../app/ui/forms";
import { action } from "../../app/routes/contacts.new";
import { signInSchema } from "../../app/auth/sign-in.schema";
import { agencyFormSchema } from "../../app/agencies/agencies.schema";

const formOf = (fields: Record<string, string>) => {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.set(name, value);
  return form;
};
const errorsOf = <S extends Parameters<typeof parseSubmission>[1]>(fields: Record<string, string>, schema: S) => {
  const submission = parseSubmission(formOf(fields), schema);
  return resultErrors(submission.status === "error" ? submission.error : null);
};

describe("a message of a text too long names the field", () => {
  it("the partner's rationale for the rating (20,000 characters, 2,000 allowed)", () => {
    const errors = errorsOf({ intent: "PARTNER_INFORMATION_RETURNED", version: "3", idempotencyKey: "key-00001", rag: "amber", ragRationale: "x".repeat(20_000), information: "Two call-outs." }, informationResponseSchema);
    expect(errors).toEqual({ ragRationale: "Rationale for the rating must be 2,000 characters or fewer" });
  });

  it("the MASH's reason for the priority and a decision's rationale", () => {
    expect(errorsOf({ intent: "SET_PRIORITY", version: "3", idempotencyKey: "key-00001", priority: "red", reason: "x".repeat(2001) }, contactActionSchema)).toEqual({
      reason: "Reason for the priority must be 2,000 characters or fewer",
    });
    expect(errorsOf({ intent: "FLAG_IMMEDIATE_RISK", version: "3", idempotencyKey: "key-00001", rationale: "x".repeat(4001) }, contactActionSchema)).toEqual({
      rationale: "Why the child is at immediate risk must be 4,000 characters or fewer",
    });
  });

  it("the hub's lead practitioner", () => {
    const errors = errorsOf({ intent: "ACCEPT_STEP_DOWN", version: "3", idempotencyKey: "key-00001", leadPractitioner: "x".repeat(201) }, stepDownResponseSchema);
    expect(errors).toMatchObject({ leadPractitioner: "Lead practitioner must be 200 characters or fewer" });
  });
});

describe("the intake form's summary names the row", () => {
  it("a child's or a household member's field, by its number on the page", () => {
    expect(messageNamingRow("children.1.lastName", "Last name must be 100 characters or fewer")).toBe("Child 2: Last name must be 100 characters or fewer");
    expect(messageNamingRow("household.0.name", "Enter the person's name")).toBe("Household member 1: Enter the person's name");
    expect(messageNamingRow("concern", "Enter the concern in the referrer's words")).toBe("Enter the concern in the referrer's words");
  });
});

const screener = { id: "u-screener", email: "s@example.org", displayName: "Sam Screener", role: "screener", agencyCode: null, hubCode: null };
const context = { auth: { user: screener, sessionId: "s" }, db: null, clientIp: null } as unknown as AppLoadContext;

describe("a hand-made submission without its text fields", () => {
  it("gets each required field's own message, never zod's raw words (400)", async () => {
    const request = new Request("http://localhost/contacts/new", {
      method: "POST",
      body: new URLSearchParams([["idempotencyKey", "form-key-0001"], ["intent", "record"], ["children.0.sex", "F"], ["household.0.dateOfBirth.day", ""]]),
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
    });
    const answer = (await action({ request, context, params: {} })) as unknown as { init: { status: number }; data: { result: { error?: Record<string, string[]> } } };
    expect(answer.init.status).toBe(400);
    const errors = Object.fromEntries(Object.entries(resultErrors(answer.data.result.error)).map(([name, message]) => [formFieldName(name), message]));
    expect(errors).toMatchObject({
      referrerName: "Enter the referrer's name (or 'Anonymous')",
      receivedTime: "Enter the time it was received, like 09:30 or 14:05",
      concern: "Enter the concern in the referrer's words",
      "children.0.lastName": "Enter the child's last name (or 'Not known')",
      "household.0.name": "Enter the person's name",
      "household.0.relationship": "Enter how the person is related to the children",
    });
    for (const message of Object.values(errors)) expect(message).not.toMatch(/Invalid input|expected string/);
  });

  it("a partner's or the MASH's form without its text gets the field's message", () => {
    expect(errorsOf({ intent: "PARTNER_DECLINED", version: "3", idempotencyKey: "key-00001" }, informationResponseSchema)).toEqual({ reason: "Enter why you are declining to share information" });
    expect(errorsOf({ intent: "SET_PRIORITY", version: "3", idempotencyKey: "key-00001", priority: "red" }, contactActionSchema)).toEqual({ reason: "Enter the reason for the priority" });
  });

  it("the sign-in and the administrator's agency form, sent without their fields", () => {
    expect(errorsOf({}, signInSchema)).toEqual({ email: "Enter your e-mail address", password: "Enter your password" });
    expect(errorsOf({ intent: "add" }, agencyFormSchema)).toEqual({ name: "Enter the name" });
  });
});
