/**
 * A hostile name such as "x[99999999]" would make Conform build (and send back) a list of a hundred
 * million slots: parseSubmission refuses such a form with a 400 at once, and reads forms with short lists.
 */
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { FORM_NOT_READ_MESSAGE } from "../../app/http/request-messages";
import { parseSubmission } from "../../app/ui/forms";

const schema = z.object({ email: z.string().min(3, "Enter an e-mail address") });
const form = (entries: [string, string][]) => {
  const data = new FormData();
  for (const [name, value] of entries) data.append(name, value);
  return data;
};

describe("lists in a form's names", () => {
  it("refuses a list index of 99,999,999 with a 400, within a second", async () => {
    const started = Date.now();
    const thrown = (() => {
      try {
        parseSubmission(form([["email", "a"], ["x[99999999]", "1"]]), schema);
        return null;
      } catch (error) {
        return error;
      }
    })();
    expect(Date.now() - started).toBeLessThan(1000);
    expect(thrown).toBeInstanceOf(Response);
    expect((thrown as Response).status).toBe(400);
    expect(await (thrown as Response).text()).toBe(FORM_NOT_READ_MESSAGE);
  });

  it("refuses many short lists that add up to more than 1,000 rows", () => {
    const entries: [string, string][] = Array.from({ length: 20 }, (_, i) => [`list${i}[99]`, "x"]);
    expect(() => parseSubmission(form(entries), schema)).toThrow(Response);
  });

  it("reads a form with a short list and keeps what was typed", () => {
    const submission = parseSubmission(form([["email", "a"], ["rows[2]", "x"]]), schema);
    expect(submission.status).toBe("error");
    expect(submission.reply().initialValue).toEqual({ email: "a", rows: [undefined, undefined, "x"] });
  });
});
