/**
 * The measures' period form through Conform (decision 024): one schema checks it in the browser and
 * in the loaders; dates that cannot be read are a 400 with a message at the date's first box and what
 * was typed kept, never an error page; a preset or good dates send the browser to the period's address.
 */
import type { AppLoadContext } from "@remix-run/node";
import { describe, expect, it } from "vitest";
import { periodFormSchema, readPeriodQuery } from "../../app/measures/measures.schema";
import { parseSubmission, resultErrors } from "../../app/ui/forms";
import { loader } from "../../app/routes/measures";

const lead = { id: "u-lead", email: "lead@example.org", displayName: "Lee Lead", role: "performance", agencyCode: null, hubCode: null };
// The loader reaches the database only for a period it can read: these requests never do.
const context = { auth: { user: lead, sessionId: "s" }, db: null } as unknown as AppLoadContext;
const form = (fields: Record<string, string>) => {
  const data = new FormData();
  for (const [name, value] of Object.entries(fields)) data.set(name, value);
  return data;
};

describe("the period form's schema", () => {
  it("takes a preset as it is, and dates of the user's choice as a period", () => {
    expect(parseSubmission(form({ preset: "last-month" }), periodFormSchema)).toMatchObject({ status: "success", value: { preset: "last-month" } });
    const custom = parseSubmission(form({ preset: "custom", fromDay: "1", fromMonth: "4", fromYear: "2024", toDay: "31", toMonth: "3", toYear: "2025" }), periodFormSchema);
    expect(custom).toMatchObject({ status: "success", value: { preset: "custom", period: { from: "2024-04-01", to: "2025-03-31" } } });
  });

  it("puts each date's message on its first box, the one the error summary links to", () => {
    const bad = parseSubmission(form({ preset: "custom", fromDay: "30", fromMonth: "2", fromYear: "2024", toDay: "", toMonth: "", toYear: "" }), periodFormSchema);
    expect(bad.status).toBe("error");
    expect(resultErrors(bad.status === "error" ? bad.error : null)).toEqual({ fromDay: "Start date must be a real date", toDay: "Enter the end date" });
  });

  it("says only that the start is not a date when it is not one, not also that the end is before it", () => {
    const typo = parseSubmission(form({ preset: "custom", fromDay: "1", fromMonth: "4", fromYear: "24", toDay: "31", toMonth: "3", toYear: "2025" }), periodFormSchema);
    expect(resultErrors(typo.status === "error" ? typo.error : null)).toEqual({ fromDay: "Start date must be a real date" });
    const letters = parseSubmission(form({ preset: "custom", fromDay: "x", fromMonth: "4", fromYear: "2024", toDay: "31", toMonth: "3", toYear: "2025" }), periodFormSchema);
    expect(resultErrors(letters.status === "error" ? letters.error : null)).toEqual({ fromDay: "Start date must be a real date" });
  });

  it("refuses a period whose end is before its start, at the end date", () => {
    const reversed = parseSubmission(form({ preset: "custom", fromDay: "1", fromMonth: "3", fromYear: "2024", toDay: "1", toMonth: "1", toYear: "2024" }), periodFormSchema);
    expect(reversed.status).toBe("error");
    expect(resultErrors(reversed.status === "error" ? reversed.error : null)).toEqual({ toDay: "End date must be the same as or after the start date" });
  });
});

describe("a measures page's period in its address", () => {
  it("keeps what was typed into the date boxes when the dates cannot be read", () => {
    const query = readPeriodQuery(new URLSearchParams("preset=custom&fromDay=31&fromMonth=4&fromYear=2024&toDay=x&toMonth=3&toYear=2025"), "2025-01-15", { from: "2024-01-01", to: "2024-12-31" });
    expect(query).toEqual({
      kind: "invalid",
      errors: { fromDay: "Start date must be a real date", toDay: "End date must be a real date" },
      values: { preset: "custom", fromDay: "31", fromMonth: "4", fromYear: "2024", toDay: "x", toMonth: "3", toYear: "2025" },
    });
  });

  it("is a 400 with the message from the page's loader, not an error page", async () => {
    const answer = (await loader({ request: new Request("http://localhost/measures?preset=custom&fromDay=30&fromMonth=2&fromYear=2024&toDay=1&toMonth=3&toYear=2024"), context, params: {} })) as unknown as {
      init: { status: number };
      data: { kind: string; errors: Record<string, string>; values: Record<string, string> };
    };
    expect(answer.init.status).toBe(400);
    expect(answer.data.kind).toBe("invalid");
    expect(answer.data.errors).toEqual({ fromDay: "Start date must be a real date" });
    expect(answer.data.values).toMatchObject({ fromDay: "30", fromMonth: "2", fromYear: "2024" });

    const fromAddress = (await loader({ request: new Request("http://localhost/measures?from=2024-13-01&to=2025-12-31"), context, params: {} })) as unknown as { init: { status: number }; data: { errors: Record<string, string> } };
    expect(fromAddress.init.status).toBe(400);
    expect(fromAddress.data.errors).toEqual({ fromDay: "Start date must be a real date" });
  });

  it("sends a chosen preset to the period's own address", async () => {
    const redirect = await loader({ request: new Request("http://localhost/measures?preset=custom&fromDay=1&fromMonth=4&fromYear=2024&toDay=31&toMonth=3&toYear=2025"), context, params: {} }).catch((thrown: unknown) => thrown);
    expect(redirect).toBeInstanceOf(Response);
    expect((redirect as Response).status).toBe(302);
    expect((redirect as Response).headers.get("Location")).toBe("/measures?from=2024-04-01&to=2025-03-31");
  });
});
