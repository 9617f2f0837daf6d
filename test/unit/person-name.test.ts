import { describe, expect, it } from "vitest";
import { personName } from "../../app/ui/format";

/** Issue 11, item 8: a contact not yet linked to a child shows the name the referrer gave. */
describe("the child's name in lists", () => {
  it("is the linked person's name", () => {
    expect(personName({ first_name: "Amy", last_name: "Jones" })).toBe("Amy Jones");
    expect(personName({ first_name: null, last_name: "Jones" })).toBe("Jones (unborn)");
  });
  it("is the name the referrer gave before the child is linked", () => {
    expect(personName({ first_name: null, last_name: null, described_child: { firstName: "Amy", lastName: "Jones" } })).toBe("Amy Jones (not yet linked)");
    expect(personName({ first_name: null, last_name: null, described_child: { firstName: null, lastName: "Jones" } })).toBe("Jones (not yet linked)");
  });
  it("says not yet linked when no name was given (an anonymous public report)", () => {
    expect(personName({ first_name: null, last_name: null, described_child: null })).toBe("Not yet linked to a child");
  });
});
