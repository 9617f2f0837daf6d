/** The pure parts of the Annex A and census exports: dates, ages, ReferralNFA, the census rules one by one. */
import { describe, expect, it } from "vitest";
import { ageInYears, annexACsv, referralNfaOf, ukDate } from "../../app/measures/annex-a.server";
import { censusEpisodes, episodeProblem } from "../../app/measures/cin-census.server";
import type { ReferralRow } from "../../db/queries/measures/annex-a";

describe("ukDate and ageInYears", () => {
  it("writes dd/mm/yyyy", () => {
    expect(ukDate("2024-03-05")).toBe("05/03/2024");
    expect(ukDate(null)).toBeNull();
  });

  it("counts whole years, the birthday counting on its day", () => {
    expect(ageInYears("2010-03-31", "2025-03-31")).toBe(15);
    expect(ageInYears("2010-04-01", "2025-03-31")).toBe(14);
    expect(ageInYears("2024-03-31", "2025-03-31")).toBe(1);
    expect(ageInYears("2025-03-31", "2025-03-31")).toBe(0);
  });

  it("takes a 29 February birthday as reached on 1 March in other years", () => {
    expect(ageInYears("2016-02-29", "2025-02-28")).toBe(8);
    expect(ageInYears("2016-02-29", "2025-03-01")).toBe(9);
    expect(ageInYears("2016-02-29", "2024-02-29")).toBe(8);
  });

  it("is blank for no date of birth, or a child born after the day", () => {
    expect(ageInYears(null, "2025-03-31")).toBeNull();
    expect(ageInYears("2025-04-01", "2025-03-31")).toBeNull();
  });
});

describe("Annex A CSV", () => {
  it("makes text cells that a spreadsheet would run as formulas text, and leaves the rest alone", () => {
    const csv = annexACsv({ list: 1, title: "t", columns: ["a", "b", "c", "d", "e", "f"], rows: [["=1+1", "+44", "-x", "@SUM(A1)", "a=b", 3]] });
    expect(csv).toBe('\uFEFF"a","b","c","d","e","f"\r\n"\'=1+1","\'+44","\'-x","\'@SUM(A1)","a=b","3"\r\n');
  });
});

describe("ReferralNFA of a referral", () => {
  it("is as recorded, else false when there is a primary need, else unknown", () => {
    expect(referralNfaOf({ referral_nfa: true, primary_need: "N1" })).toBe(true);
    expect(referralNfaOf({ referral_nfa: false, primary_need: "N1" })).toBe(false);
    expect(referralNfaOf({ referral_nfa: null, primary_need: "N3" })).toBe(false);
    expect(referralNfaOf({ referral_nfa: null, primary_need: null })).toBeNull();
  });
});

const base: ReferralRow = {
  reference: "R1",
  external_id: null,
  contact_id: "c1",
  person_id: "p1",
  child_unique_id: "KID1",
  sex: "F",
  ethnicity: "WBRI",
  date_of_birth: "2015-01-01",
  expected_date_of_birth: null,
  source: "6",
  referral_date: "2024-06-01",
  outcome: "referral",
  primary_need: "N1",
  referral_nfa: false,
  referral_team: null,
  referral_worker: null,
  disabilities: [],
  referrals_in_last_12_months: 0,
};

describe("census rules, one referral at a time", () => {
  it("returns a complete referral", () => {
    expect(episodeProblem(base)).toBeNull();
    expect(episodeProblem({ ...base, referral_nfa: true, primary_need: null })).toBeNull();
    expect(episodeProblem({ ...base, ethnicity: null, disabilities: ["MOB", "AUT"] })).toBeNull();
  });

  it("needs a linked child with a date of birth or an expected one", () => {
    expect(episodeProblem({ ...base, person_id: null, child_unique_id: null })).toBe("the contact is not linked to a child's record");
    expect(episodeProblem({ ...base, date_of_birth: null })).toBe("the child has neither a date of birth nor an expected date of birth");
  });

  it("needs ReferralNFA, and a primary need when it is false", () => {
    expect(episodeProblem({ ...base, referral_nfa: null })).toMatch(/^ReferralNFA is not recorded/);
    expect(episodeProblem({ ...base, primary_need: null })).toBe("no primary need (PrimaryNeedCode is required when ReferralNFA is false)");
  });

  it("refuses a strategy discussion (section 47) recorded as NFA", () => {
    expect(episodeProblem({ ...base, outcome: "strategy_discussion", referral_nfa: true })).toMatch(/an NFA episode can have no section 47/);
    expect(episodeProblem({ ...base, outcome: "strategy_discussion", referral_nfa: false })).toBeNull();
  });

  it("refuses a referral more than 280 days before the (expected) date of birth; 280 days is allowed", () => {
    // 280 days before 2025-06-01 is 2024-08-25.
    const unborn = { ...base, date_of_birth: null, expected_date_of_birth: "2025-06-01", sex: "U" };
    expect(episodeProblem({ ...unborn, referral_date: "2024-08-25" })).toBeNull();
    expect(episodeProblem({ ...unborn, referral_date: "2024-08-24" })).toBe("the referral date is more than 280 days before the child's expected date of birth");
    expect(episodeProblem({ ...base, date_of_birth: "2025-06-01", referral_date: "2024-08-24" })).toBe(
      "the referral date is more than 280 days before the child's date of birth",
    );
  });

  it("refuses codes the census does not know, and NONE beside other disabilities", () => {
    expect(episodeProblem({ ...base, ethnicity: "XXXX" })).toBe("ethnicity XXXX is not a census code");
    expect(episodeProblem({ ...base, disabilities: ["NONE", "MOB"] })).toBe("disability NONE is recorded beside other disabilities");
    expect(episodeProblem({ ...base, disabilities: ["WINGS"] })).toBe("disability WINGS is not a census code");
  });
});

describe("census episodes of a period", () => {
  it("keeps one open episode per child (the latest) and any NFA ones, reporting the earlier open ones", () => {
    const rows: ReferralRow[] = [
      { ...base, reference: "R1", contact_id: "c1", referral_date: "2024-05-01" },
      { ...base, reference: "R2", contact_id: "c2", referral_date: "2024-06-01", referral_nfa: true },
      { ...base, reference: "R3", contact_id: "c3", referral_date: "2024-07-01" },
      { ...base, reference: "R4", contact_id: "c4", referral_date: "2024-07-02", child_unique_id: "A0", person_id: "p0" },
    ];
    const { children, problems } = censusEpisodes(rows);
    expect([...children.keys()]).toEqual(["A0", "KID1"]);
    expect(children.get("KID1")!.map((r) => r.reference)).toEqual(["R2", "R3"]);
    expect(problems).toEqual([{ reference: "R1", externalId: null, reason: expect.stringContaining("follows in the period (R3)") }]);
  });

  it("keeps an earlier open episode when the later one cannot be returned", () => {
    const rows: ReferralRow[] = [
      { ...base, reference: "R1", contact_id: "c1", referral_date: "2024-05-01" },
      { ...base, reference: "R3", contact_id: "c3", referral_date: "2024-07-01", referral_nfa: null },
    ];
    const { children, problems } = censusEpisodes(rows);
    expect(children.get("KID1")!.map((r) => r.reference)).toEqual(["R1"]);
    expect(problems.map((p) => p.reference)).toEqual(["R3"]);
  });
});
