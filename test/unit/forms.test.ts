/** The Conform-based form helpers (app/ui/forms.ts, decision 024): what a refused form answers and shows. */
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { hasFormErrors, parseSubmission, resultErrors, resultList, resultValues } from "../../app/ui/forms";
import { intentOf } from "../../app/ui/page-forms";

const schema = z.object({
  email: z.string().trim().min(1, "Enter your e-mail address"),
  password: z.string().min(1, "Enter your password"),
});

const form = (entries: [string, string][]) => {
  const data = new FormData();
  for (const [k, v] of entries) data.append(k, v);
  return data;
};

describe("forms through Conform", () => {
  it("checks the text as typed, gives the first message of each field in the schema's order, and sends back what was typed less hidden fields", () => {
    const submission = parseSubmission(form([["email", "  "], ["password", ""]]), schema);
    expect(submission.status).toBe("error");
    const reply = submission.reply({ hideFields: ["password"] });
    expect(resultErrors(reply.error)).toEqual({ email: "Enter your e-mail address", password: "Enter your password" });
    expect(Object.keys(resultErrors(reply.error))).toEqual(["email", "password"]);
    expect(resultValues(reply)).toEqual({ email: "  " });
    expect(hasFormErrors({ result: reply })).toBe(true);
  });

  it("passes a good form with the schema's own output, and adds a service's message to the result", () => {
    const submission = parseSubmission(form([["email", " a@b.example "], ["password", "x"]]), schema);
    expect(submission.status).toBe("success");
    expect(submission.status === "success" && submission.value).toEqual({ email: "a@b.example", password: "x" });
    const reply = submission.reply({ hideFields: ["password"], fieldErrors: { email: ["The e-mail address or password is not right."] } });
    expect(resultErrors(reply.error)).toEqual({ email: "The e-mail address or password is not right." });
    expect(resultValues(reply)).toEqual({ email: " a@b.example " });
  });

  it("sends back a nested field by its path, every box ticked of a group, and which form it was", () => {
    const schema = z.object({ intent: z.string(), agencies: z.array(z.string()), question: z.record(z.string(), z.string()), version: z.string().regex(/^\d+$/, "Not a version") });
    const submission = parseSubmission(form([["intent", "ASK"], ["agencies", "police"], ["agencies", "health"], ["question.police", "Any call-outs?"], ["version", "x"]]), schema);
    expect(submission.status).toBe("error");
    expect(intentOf(submission)).toBe("ASK");
    const reply = submission.reply({ hideFields: ["version"] });
    expect(resultValues(reply)).toEqual({ intent: "ASK", agencies: "health", "question.police": "Any call-outs?" });
    expect(resultList(reply, "agencies")).toEqual(["police", "health"]);
    expect(resultList(reply, "question")).toEqual([]);
    expect(resultList(reply, "nothing")).toEqual([]);
    expect(intentOf(parseSubmission(form([["intent", "A"], ["intent", "B"]]), schema))).toBe("");
  });

  it("refuses a form whose Conform intent is forged with a 400, never a 500", () => {
    let thrown: unknown;
    try {
      parseSubmission(form([["__intent__", "not json"], ["email", "x"]]), schema);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(Response);
    expect((thrown as Response).status).toBe(400);
  });

  it("counts a page as showing errors only when a form's result or errors hold a message", () => {
    expect(hasFormErrors(undefined)).toBe(false);
    expect(hasFormErrors({ result: { status: "success" } })).toBe(false);
    expect(hasFormErrors({ errors: {} })).toBe(false);
    expect(hasFormErrors({ errors: { reason: "Enter a reason" } })).toBe(true);
  });
});
