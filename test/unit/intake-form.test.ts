/**
 * The intake form through Conform (decision 024): the form's own names ("children.1.nhsNumber") read by
 * `intakeFormSchema` in the browser and in the action, every typed value kept on a refusal, and each
 * message keyed by the name that is also its input's id (what the error summary links to). Driven as
 * Remix calls the action; none of these requests reaches the database.
 */
import type { AppLoadContext } from "@remix-run/node";
import { parseWithZod } from "@conform-to/zod/v4";
import { describe, expect, it } from "vitest";
import { formFieldName, intakeFormSchema, SUBMISSION_KEY_MESSAGE } from "../../app/contacts/intake.schema";
import { resultErrors } from "../../app/ui/forms";
import { action } from "../../app/routes/contacts.new";

const screener = { id: "u-screener", email: "s@example.org", displayName: "Sam Screener", role: "screener", agencyCode: null, hubCode: null };
const context = { auth: { user: screener, sessionId: "s" }, db: null, clientIp: null } as unknown as AppLoadContext;

/** Two children, the second with an NHS number whose check digit is wrong (943 476 5919 is right). */
const FIELDS: [string, string][] = [
  ["idempotencyKey", "form-key-0001"],
  ["referrerName", "PC Dan Hughes"],
  ["referrerType", "professional"],
  ["referrerOrganisation", "Devon and Cornwall Police"],
  ["source", "6"],
  ["channel", "police_notification"],
  ["receivedDate.day", "2"],
  ["receivedDate.month", "3"],
  ["receivedDate.year", "2026"],
  ["receivedTime", "08:15"],
  ["lateRecordingReason", "Typed up after the night shift"],
  ["children.0.key", "row-a"],
  ["children.0.firstName", "Ava"],
  ["children.0.lastName", "Thornton"],
  ["children.0.sex", "F"],
  ["children.0.dateOfBirth.day", "1"],
  ["children.0.dateOfBirth.month", "5"],
  ["children.0.dateOfBirth.year", "2016"],
  ["children.1.key", "row-b"],
  ["children.1.firstName", "Leo"],
  ["children.1.lastName", "Thornton"],
  ["children.1.sex", "M"],
  ["children.1.nhsNumber", "943 476 5918"],
  ["household.0.key", "row-c"],
  ["household.0.name", "Kerry Thornton"],
  ["household.0.relationship", "mother"],
  ["concern", "Police attended a domestic abuse incident; both children were present."],
  ["factors", "3B"],
  ["immediateRisk", "no"],
  ["consent", "not_sought"],
];

const post = (fields: [string, string][]) =>
  new Request("http://localhost/contacts/new", { method: "POST", body: new URLSearchParams(fields), headers: { "Content-Type": "application/x-www-form-urlencoded" } });

type Answer = { init: { status: number }; data: { result: { error?: Record<string, string[]>; initialValue: Record<string, unknown> }; notice: string | null; added?: string | null } };
const send = async (fields: [string, string][]) => (await action({ request: post(fields), context, params: {} })) as unknown as Answer;
const errorsOf = (answer: Answer) => Object.fromEntries(Object.entries(resultErrors(answer.data.result.error)).map(([name, message]) => [formFieldName(name), message]));

describe("recording a contact, through Conform", () => {
  it("refuses a bad field of the second child at that child's input, keeping every value typed (400)", async () => {
    const answer = await send([...FIELDS, ["intent", "record"]]);
    expect(answer.init.status).toBe(400);
    // The key is the input's id: the error summary's link is "#children.1.nhsNumber".
    expect(errorsOf(answer)).toEqual({ "children.1.nhsNumber": "Enter a valid NHS number: 10 digits with the right check digit, like 943 476 5919" });
    expect(answer.data.result.initialValue).toEqual({
      idempotencyKey: "form-key-0001",
      referrerName: "PC Dan Hughes",
      referrerType: "professional",
      referrerOrganisation: "Devon and Cornwall Police",
      source: "6",
      channel: "police_notification",
      receivedDate: { day: "2", month: "3", year: "2026" },
      receivedTime: "08:15",
      lateRecordingReason: "Typed up after the night shift",
      children: [
        { key: "row-a", firstName: "Ava", lastName: "Thornton", sex: "F", dateOfBirth: { day: "1", month: "5", year: "2016" } },
        { key: "row-b", firstName: "Leo", lastName: "Thornton", sex: "M", nhsNumber: "943 476 5918" },
      ],
      household: [{ key: "row-c", name: "Kerry Thornton", relationship: "mother" }],
      concern: "Police attended a domestic abuse incident; both children were present.",
      factors: ["3B"],
      immediateRisk: "no",
      consent: "not_sought",
      intent: "record",
    });
    expect(answer.data.notice).toBeNull();
  });

  it("gives every nested message at its own input, in the form's order", async () => {
    // Blank, as the browser sends an empty box.
    const fields = FIELDS.map(([name, value]): [string, string] => (["children.0.lastName", "household.0.relationship", "children.1.nhsNumber"].includes(name) ? [name, ""] : [name, value]));
    const answer = await send([...fields, ["children.1.dateOfBirth.day", "31"], ["children.1.dateOfBirth.month", "2"], ["children.1.dateOfBirth.year", "2019"], ["intent", "record"]]);
    expect(answer.init.status).toBe(400);
    expect(errorsOf(answer)).toEqual({
      "children.0.lastName": "Enter the child's last name (or 'Not known')",
      "children.1.dateOfBirth": "The date of birth must be a real date",
      "household.0.relationship": "Enter how the person is related to the children",
    });
    expect(Object.keys(errorsOf(answer))).toEqual(["children.0.lastName", "children.1.dateOfBirth", "household.0.relationship"]);
  });

  it("adds a child without checking anything, keeping what was typed, and names the new child's first field (200)", async () => {
    const answer = await send([...FIELDS, ["intent", "add-child"]]);
    expect(answer.init.status).toBe(200);
    expect(answer.data.result.error).toBeUndefined();
    expect(answer.data.added).toBe("children.2.firstName");
    const children = answer.data.result.initialValue.children as Record<string, unknown>[];
    expect(children).toHaveLength(3);
    expect(children[1]).toMatchObject({ firstName: "Leo", nhsNumber: "943 476 5918" });
    expect(children[2]).toEqual({ key: expect.stringMatching(/^[0-9a-f-]{36}$/) });
  });

  it("removes the first child, the second moving up with what was typed", async () => {
    const answer = await send([...FIELDS, ["intent", "remove-child-0"]]);
    expect(answer.init.status).toBe(200);
    expect(answer.data.result.initialValue.children).toEqual([{ key: "row-b", firstName: "Leo", lastName: "Thornton", sex: "M", nhsNumber: "943 476 5918" }]);
  });

  it("answers a broken form key with the notice and a fresh key, not as a field to correct", async () => {
    const fields = FIELDS.map(([name, value]): [string, string] => (name === "idempotencyKey" ? [name, "x"] : name === "children.1.nhsNumber" ? [name, "943 476 5919"] : [name, value]));
    const answer = await send([...fields, ["intent", "record"]]);
    expect(answer.init.status).toBe(400);
    expect(answer.data.notice).toBe(SUBMISSION_KEY_MESSAGE);
    expect(errorsOf(answer)).toEqual({});
    expect(answer.data.result.initialValue.idempotencyKey).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("reads only the form's own names: hostile names are dropped, never sent back", async () => {
    const answer = await send([
      ["intent", "record"],
      ["children.0.__proto__", "x"],
      ["x[99999999]", "1"],
      ["constructor.prototype.polluted", "1"],
      ["children", "x"],
      ["children.7.lastName", "Smith"],
    ]);
    expect(answer.init.status).toBe(400);
    // (and the form, sent without its key, gets a fresh one)
    expect(Object.keys(answer.data.result.initialValue).sort()).toEqual(["children", "household", "idempotencyKey", "intent"]);
    expect(answer.data.result.initialValue.children).toEqual([{ lastName: "Smith" }]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe("the browser's check", () => {
  it("reads the page's own form (dotted names, one ticked factor) with the same schema, passing a good form", () => {
    const data = new FormData();
    for (const [name, value] of FIELDS) data.append(name, name === "children.1.nhsNumber" ? "943 476 5919" : value);
    const submission = parseWithZod(data, { schema: intakeFormSchema, disableAutoCoercion: true });
    expect(submission.status).toBe("success");
    const value = submission.status === "success" ? submission.value : null;
    expect(value?.children.map((c) => c.nhsNumber)).toEqual([null, "9434765919"]);
    expect(value?.factors).toEqual(["3B"]);
  });
});
