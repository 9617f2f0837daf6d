import { describe, expect, it } from "vitest";
import { intakeSchema } from "../../app/contacts/intake.schema";
import { addDays, londonDate } from "../../app/clocks/clocks";

/** Issue 11, item 4: a child who is not marked unborn cannot be born in the future. */
function parts(iso: string) {
  const [year, month, day] = iso.split("-");
  return { day: String(Number(day)), month: String(Number(month)), year };
}
const issuesAt = (value: unknown, path: string) =>
  (intakeSchema.safeParse(value).error?.issues ?? []).filter((i) => i.path.join(".") === path).map((i) => i.message);

describe("dates of birth on the intake form", () => {
  const tomorrow = addDays(londonDate(new Date()), 1);
  const yesterday = addDays(londonDate(new Date()), -1);

  it("refuses a future date of birth for a child not marked unborn, even when other fields are wrong too", () => {
    const messages = issuesAt({ children: [{ lastName: "Smith", sex: "U", dateOfBirth: parts(tomorrow) }] }, "children.0.dateOfBirth");
    expect(messages).toEqual(["The date of birth must be today or in the past. If the child is not yet born, tick 'Unborn' and enter the expected date"]);
    const alsoMissingSex = issuesAt({ children: [{ lastName: "Smith", dateOfBirth: parts(tomorrow) }] }, "children.0.dateOfBirth");
    expect(alsoMissingSex).toHaveLength(1);
  });

  it("accepts a future date for an unborn child (the expected date) and a past one for a born child", () => {
    expect(issuesAt({ children: [{ lastName: "Smith", sex: "U", unborn: "yes", dateOfBirth: parts(tomorrow) }] }, "children.0.dateOfBirth")).toEqual([]);
    expect(issuesAt({ children: [{ lastName: "Smith", sex: "U", dateOfBirth: parts(yesterday) }] }, "children.0.dateOfBirth")).toEqual([]);
  });

  it("refuses a future date of birth for a member of the household", () => {
    expect(issuesAt({ household: [{ name: "A Person", relationship: "Mother", dateOfBirth: parts(tomorrow) }] }, "household.0.dateOfBirth"))
      .toEqual(["The person's date of birth must be today or in the past"]);
  });
});
