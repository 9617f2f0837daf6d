/**
 * Hostile input (issue 7, finding 7): what the request readers and the parsers make of bodies,
 * names, ids, dates and cursors no page of the service sends. Each case was a 500 before.
 */
import { describe, expect, it } from "vitest";
import { bankHolidayDateParam, partnerTimescalesSchema, removeBankHolidaySchema } from "../../app/clocks/clock-settings.schema";
import { contactActionSchema } from "../../app/contacts/contact-actions.schema";
import { isRecordId, MAX_INT4, ownEntry } from "../../app/http/ids";
import { intakeFormData, intakeFormSchema, intakeSchema, rowsAsLists } from "../../app/contacts/intake.schema";
import { parseSubmission } from "../../app/ui/forms";
import { childLinkSchema, parseDateText, personMergeSchema } from "../../app/people/person-search.schema";
import { allocationSchema, queueQuerySchema } from "../../app/queue/queue.schema";
import { FORM_CONTROL_MESSAGE, FORM_NOT_READ_MESSAGE, readForm, recordId } from "../../app/http/request.server";

const form = (pairs: [string, string][]) => {
  const data = new FormData();
  for (const [k, v] of pairs) data.append(k, v);
  return data;
};

const post = (body: BodyInit | null, contentType?: string) =>
  new Request("http://localhost/contacts/new", { method: "POST", body, headers: contentType ? { "Content-Type": contentType } : {} });

/** The Response `readForm` throws, or fails. */
async function refusal(request: Request): Promise<Response> {
  const outcome = await readForm(request).then(
    () => null,
    (thrown: unknown) => thrown,
  );
  expect(outcome).toBeInstanceOf(Response);
  return outcome as Response;
}

describe("readForm", () => {
  it("reads a urlencoded or multipart form", async () => {
    const urlencoded = await readForm(post("intent=record&concern=Line%20one%0D%0A%09two", "application/x-www-form-urlencoded"));
    expect(urlencoded.get("concern")).toBe("Line one\r\n\ttwo");
    const multipart = await readForm(new Request("http://localhost/", { method: "POST", body: form([["a", "b"]]) }));
    expect(multipart.get("a")).toBe("b");
  });

  it("refuses what is not a form with 415 and a plain message", async () => {
    for (const [body, type] of [
      ["intent=record", "text/plain"],
      ['{"intent":"record"}', "application/json"],
      ["intent=record", undefined],
    ] as const) {
      const response = await refusal(post(body, type));
      expect(response.status).toBe(415);
      expect(await response.text()).toMatch(/^Only forms from this service/);
    }
  });

  it("refuses a broken multipart body with 400", async () => {
    for (const [body, type] of [
      ['--x\r\nContent-Disposition: form-data; name="a"\r\n\r\nb', "multipart/form-data; boundary=x"],
      ['--x\r\nContent-Disposition: form-data; name="a"\r\n\r\nb\r\n--x--\r\n', "multipart/form-data"],
      ['--x\r\nContent-Disposition: form-data; name="a"\r\n\r\nb\r\n--x--\r\n', "multipart/form-data; boundary=other"],
    ] as const) {
      const response = await refusal(post(body, type));
      expect(response.status).toBe(400);
      expect(await response.text()).toBe(FORM_NOT_READ_MESSAGE);
    }
  });

  it("refuses NUL and other control characters in a name or a value, and files", async () => {
    for (const body of ["concern=a%00b", "a%00=b", "concern=%1B%5B31m", "concern=%0B", "concern=%7F"]) {
      const response = await refusal(post(body, "application/x-www-form-urlencoded"));
      expect(response.status).toBe(400);
      expect(await response.text()).toBe(FORM_CONTROL_MESSAGE);
    }
    const withFile = new FormData();
    withFile.append("concern", new Blob(["<script>"], { type: "text/html" }), "a.html");
    expect((await refusal(new Request("http://localhost/", { method: "POST", body: withFile }))).status).toBe(400);
  });
});

describe("record ids from the URL", () => {
  it("lets through the ids records have, and 404s anything else", () => {
    for (const id of ["8f14e45f-ceea-4e7a-9b1a-6c3b1f2d4e5a", "8f14e45f-ceea-4e7a-9b1a-6c3b1f2d4e5a:police", "8f14e45f-ceea-4e7a-9b1a-6c3b1f2d4e5a:2026-03-02T09:15:00.000Z"]) {
      expect(recordId(id)).toBe(id);
    }
    for (const id of [undefined, "", "__proto__", "a\u0000b", "x".repeat(300), "<script>", "../etc/passwd"]) {
      expect(isRecordId(id)).toBe(false);
      let thrown: unknown;
      try {
        recordId(id);
      } catch (error) {
        thrown = error;
      }
      expect((thrown as Response).status).toBe(404);
    }
  });

  it("looks up only a table's own entries", () => {
    const labels: Record<string, string> = { allocated: "Allocated" };
    expect(ownEntry(labels, "allocated")).toBe("Allocated");
    for (const key of ["__proto__", "constructor", "toString", null]) expect(ownEntry(labels, key)).toBeUndefined();
  });
});

describe("form names that reach object keys", () => {
  it("never pollutes a prototype, and drops names like __proto__", () => {
    const data = form([
      ["__proto__", "x"],
      ["constructor", "x"],
      ["__proto__.polluted", "yes"],
      ["constructor.prototype.polluted", "yes"],
      ["children.__proto__.polluted", "yes"],
      ["intent", "START_SCREENING"],
    ]);
    // The contact page's forms: Conform reads the names; nothing reaches a prototype.
    const action = parseSubmission(data, contactActionSchema);
    expect(Object.hasOwn(action.payload, "__proto__")).toBe(false);
    expect(action.payload.intent).toBe("START_SCREENING");
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    // The intake form: only the form's own names reach Conform.
    const intake = parseSubmission(intakeFormData(data), intakeFormSchema);
    expect(Object.keys(intake.payload)).toEqual(["intent"]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("gives the intake form lists of rows whatever is sent as children or household", () => {
    const payload = (entries: [string, string][]) => rowsAsLists(parseSubmission(intakeFormData(form(entries)), intakeFormSchema).payload);
    expect(payload([["children", "x"], ["household", "x"]])).toMatchObject({ children: [], household: [] });
    expect(payload([["children.1.lastName", "Smith"]])).toMatchObject({ children: [{ lastName: "Smith" }], household: [] });
    expect(payload([["children.0.lastName", "Smith"], ["children.foo.lastName", "x"]])).toMatchObject({ children: [{ lastName: "Smith" }] });
  });

  it("answers a malformed intake form with messages in the user's terms", () => {
    const values = rowsAsLists(parseSubmission(intakeFormData(form([["children", "x"], ["household", "x"], ["receivedDate", "x"]])), intakeFormSchema).payload);
    const result = intakeSchema.safeParse(values);
    expect(result.success).toBe(false);
    const messages = result.error!.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
    expect(messages).toContain("children: Add at least one child");
    expect(messages).toContain("receivedDate: Enter the date it was received");
  });

  it("refuses dates of years PostgreSQL cannot store or a child cannot have", () => {
    const base = { children: [{ lastName: "Smith", sex: "U" }] };
    for (const year of ["0000", "0999", "1899", "99999", "-001", "1e3"]) {
      const result = intakeSchema.safeParse({ ...base, receivedDate: { day: "1", month: "1", year } });
      const issue = result.error!.issues.find((i) => i.path.join(".") === "receivedDate");
      expect(issue?.message, year).toMatch(/^The date it was received must (be a real date|be in 1900 or later)$/);
    }
    expect(intakeSchema.safeParse({ ...base, receivedDate: { day: "1e1", month: "1", year: "2026" } }).error!.issues.some((i) => i.path[0] === "receivedDate")).toBe(true);
    for (const text of ["1/1/0100", "0001-01-01", "31/12/1899"]) expect(parseDateText(text)).toBeNull();
    expect(parseDateText("1/1/1900")).toBe("1900-01-01");
  });
});

describe("numbers and ids a form sends", () => {
  it("refuses versions PostgreSQL's integer cannot hold", () => {
    for (const version of [String(MAX_INT4 + 1), "99999999999999999999", "9223372036854775808", "1e309"]) {
      const action = contactActionSchema.safeParse({ intent: "START_SCREENING", version, idempotencyKey: "key-12345678" });
      expect(action.success, version).toBe(false);
      expect(allocationSchema.safeParse({ intent: "pick-up", version, idempotencyKey: "key-12345678" }).success).toBe(false);
      expect(partnerTimescalesSchema.safeParse({ version, idempotencyKey: "key-12345678", redHours: "4", amberWorkingDays: "1", greenWorkingDays: "3" }).success).toBe(false);
    }
    expect(contactActionSchema.safeParse({ intent: "START_SCREENING", version: String(MAX_INT4), idempotencyKey: "key-12345678" }).success).toBe(true);
  });

  it("refuses person ids no record has, with a message", () => {
    const merge = personMergeSchema.safeParse({ survivorId: "__proto__", mergedId: "constructor[prototype]", reason: "Same child", idempotencyKey: "key-12345678" });
    expect(merge.error!.issues.map((i) => i.message)).toEqual(["Choose the record to keep from the list", "Choose the duplicate record from the list"]);
    const link = childLinkSchema.safeParse({ intent: "link", version: "1", idempotencyKey: "key-12345678", personId: "x".repeat(500) });
    expect(link.error!.issues.map((i) => i.message)).toEqual(["Choose the child from the list"]);
  });
});

describe("query strings", () => {
  it("drops queue positions with years PostgreSQL cannot store, and keeps real ones", () => {
    const id = "8f14e45f-ceea-4e7a-9b1a-6c3b1f2d4e5a";
    for (const at of ["+099999-01-01T00:00:00.000Z", "-000001-01-01T00:00:00.000Z", "0000-01-01T00:00:00.000Z", "275760-09-13T00:00:00.000Z", "2026-02-30T00:00:00.000Z", "2026-01-01", "1 January 2026"]) {
      const query = queueQuerySchema.parse({ after: `1~${at}~${id}~${id}`, before: `0~${at}~${id}~${id}` });
      expect(query.after, at).toBeUndefined();
      expect(query.before, at).toBeUndefined();
    }
    expect(queueQuerySchema.parse({ after: `1~2026-01-01T00:00:00.000Z~${id}~<script>` }).after).toBeUndefined();
    expect(queueQuerySchema.parse({ after: `2~2026-01-01T00:00:00.000Z~${id}~${id}` }).after).toBeUndefined();
    expect(queueQuerySchema.parse({ after: `1~2026-01-01T00:00:00.000Z~${id}~${id}~more` }).after).toBeUndefined();
    expect(queueQuerySchema.parse({ allocated: "a\u0000b" }).allocated).toBeUndefined();
    expect(queueQuerySchema.parse({ after: `1~2026-03-02T17:00:00.000Z~${id}~${id}`, allocated: "none" })).toEqual({
      after: { rank: 1, dueAt: "2026-03-02T17:00:00.000Z", groupKey: id, id },
      allocated: "none",
    });
  });

  it("shows a bank holiday banner only for a real date in the years bank holidays may be in", () => {
    expect(bankHolidayDateParam("2026-12-28")).toBe("2026-12-28");
    for (const value of [null, "", "x", "2026-02-30", "0000-01-01", "99999-01-01", "1999-12-31", "2026-12-28T00:00:00Z"]) expect(bankHolidayDateParam(value)).toBeNull();
    expect(removeBankHolidaySchema.safeParse({ intent: "remove", idempotencyKey: "key-12345678", date: "0100-01-01" }).success).toBe(false);
  });
});
