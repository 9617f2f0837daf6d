/**
 * Finding the child before creating one: people who may be the child, best first, each with the
 * reasons it matched in plain words and its last contact. Tolerant of misspellings (trigrams),
 * names that sound alike (Double Metaphone), nicknames and other spellings (first_name_variants),
 * and first and last names swapped. A search reveals children's records, so the audited form
 * (`searchPeopleAudited`) is the one routes use.
 */
import type { Kysely } from "kysely";
import { recordAudit } from "../../db/queries/audit";
import {
  findPersonCandidates,
  listFirstNameVariants,
  listVariantsOfNames,
  type FirstNameMatch,
  type PersonCandidateRow,
  type PersonSearchQuery,
  type SurnameMatch,
} from "../../db/queries/people";
import type { Executor } from "../../db/executor";
import type { Database, Sex } from "../../db/schema";
import type { SessionUser } from "../auth/session-user";
import { normaliseNhsNumber } from "./nhs-number";
import { normalisePostcode, parseDateText } from "./person-search.schema";

export interface PersonSearchCriteria {
  firstName?: string | null;
  lastName?: string | null;
  /** `YYYY-MM-DD` (or "27/3/2015"). */
  dateOfBirth?: string | null;
  postcode?: string | null;
  nhsNumber?: string | null;
}

export interface PersonCandidate {
  id: string;
  childId: string | null;
  firstName: string | null;
  lastName: string;
  dateOfBirth: string | null;
  expectedDateOfBirth: string | null;
  sex: Sex;
  postcode: string | null;
  nhsNumber: string | null;
  /** Higher is a better match. */
  score: number;
  /** Why it matched, most telling first: "NHS number matches", "Surname sounds like Smyth", … */
  reasons: string[];
  /** What does not match and should make the screener look twice: "Different NHS number". */
  differences: string[];
  namesSwapped: boolean;
  contactCount: number;
  lastContact: { id: string; reference: string; receivedAt: Date; outcome: string | null; state: string } | null;
}

export const DEFAULT_SEARCH_LIMIT = 20;

/** How first names relate to the one searched: lower-case name → the words, and whether it is a direct variant or another form of the same full name. */
export type FirstNameForms = Map<string, { words: string; direct: boolean }>;

const cleanName = (value: string | null | undefined) => {
  const v = value?.trim().replace(/\s+/g, " ");
  return v ? v : null;
};
/** "bill" → "Bill", "o'brien" → "O'brien": the searched word as shown in a reason. */
const shown = (value: string) => value.charAt(0).toUpperCase() + value.slice(1);

/**
 * The known forms of a first name: its short forms and spellings, the full name it is a short form
 * of, and the other forms of that full name ("Liz" → Elizabeth, Beth, Betty, …).
 */
export async function firstNameForms(db: Executor, firstName: string): Promise<FirstNameForms> {
  const given = firstName.toLowerCase();
  const forms: FirstNameForms = new Map();
  const describe = (kind: string, variant: string, name: string) =>
    kind === "spelling" ? `First name ${variant} is another spelling of ${name}` : `First name ${variant} is a short form of ${name}`;
  const direct = await listFirstNameVariants(db, [given]);
  const fullNames: string[] = [];
  for (const row of direct) {
    if (row.name.toLowerCase() === given) {
      forms.set(row.variant.toLowerCase(), { words: describe(row.kind, row.variant, row.name), direct: true });
    } else {
      forms.set(row.name.toLowerCase(), { words: describe(row.kind, row.variant, row.name), direct: true });
      fullNames.push(row.name.toLowerCase());
    }
  }
  const givenShown = direct.find((r) => r.variant.toLowerCase() === given)?.variant ?? shown(firstName);
  for (const row of await listVariantsOfNames(db, fullNames)) {
    const key = row.variant.toLowerCase();
    if (key !== given && !forms.has(key)) forms.set(key, { words: `First names ${givenShown} and ${row.variant} are both forms of ${row.name}`, direct: false });
  }
  return forms;
}

/** The criteria as the query takes them: normalised, with the known forms of the first name. Null when there is not enough to search on. */
export async function personSearchQuery(db: Executor, criteria: PersonSearchCriteria): Promise<{ query: PersonSearchQuery; forms: FirstNameForms } | null> {
  const firstName = cleanName(criteria.firstName);
  const lastName = cleanName(criteria.lastName);
  const dateOfBirth = criteria.dateOfBirth ? parseDateText(criteria.dateOfBirth) : null;
  const postcode = criteria.postcode?.trim() ? normalisePostcode(criteria.postcode) : null;
  const nhsNumber = criteria.nhsNumber?.trim() ? normaliseNhsNumber(criteria.nhsNumber) : null;
  if (!lastName && !nhsNumber && !(dateOfBirth && postcode)) return null;
  const forms: FirstNameForms = firstName ? await firstNameForms(db, firstName) : new Map();
  return {
    forms,
    query: {
      firstName: firstName?.toLowerCase() ?? null,
      lastName: lastName?.toLowerCase() ?? null,
      dateOfBirth,
      postcode,
      nhsNumber,
      firstNameVariants: [...forms].filter(([, f]) => f.direct).map(([name]) => name),
      firstNameRelated: [...forms].filter(([, f]) => !f.direct).map(([name]) => name),
    },
  };
}

/** People who may be the child, best first. Returns nothing unless a surname, NHS number, or date of birth with postcode is given. */
export async function searchPeople(db: Executor, criteria: PersonSearchCriteria, limit = DEFAULT_SEARCH_LIMIT): Promise<PersonCandidate[]> {
  return (await searchPeopleCounted(db, criteria, limit)).candidates;
}

/** As `searchPeople`, with how many people matched in all (the candidates are the best `limit` of them). */
export async function searchPeopleCounted(
  db: Executor,
  criteria: PersonSearchCriteria,
  limit = DEFAULT_SEARCH_LIMIT,
): Promise<{ candidates: PersonCandidate[]; found: number }> {
  const prepared = await personSearchQuery(db, criteria);
  if (!prepared) return { candidates: [], found: 0 };
  const rows = await findPersonCandidates(db, prepared.query, Math.max(1, Math.min(limit, 200)));
  const searched = { firstName: cleanName(criteria.firstName), lastName: cleanName(criteria.lastName), forms: prepared.forms };
  return { candidates: rows.map((row) => candidate(row, searched)), found: rows[0]?.found ?? 0 };
}

/** As `searchPeopleCounted`, recorded in the audit trail with the criteria and who was shown, in one transaction. */
export async function searchPeopleAudited(
  db: Kysely<Database>,
  input: { user: SessionUser; criteria: PersonSearchCriteria; ipAddress: string | null; contactId?: string; limit?: number },
): Promise<{ candidates: PersonCandidate[]; found: number }> {
  return db.transaction().execute(async (trx) => {
    const result = await searchPeopleCounted(trx, input.criteria, input.limit);
    await recordAudit(trx, {
      actorUserId: input.user.id,
      action: "people.searched",
      subjectType: input.contactId ? "contact" : undefined,
      subjectId: input.contactId,
      ipAddress: input.ipAddress,
      details: { criteria: auditedCriteria(input.criteria), found: result.found, shown: result.candidates.map((p) => p.id) },
    });
    return result;
  });
}

function auditedCriteria(c: PersonSearchCriteria): Record<string, string> {
  return Object.fromEntries(Object.entries(c).filter((e): e is [string, string] => typeof e[1] === "string" && e[1].trim() !== ""));
}

function candidate(row: PersonCandidateRow, searched: { firstName: string | null; lastName: string | null; forms: FirstNameForms }): PersonCandidate {
  const reasons: string[] = [];
  const differences: string[] = [];
  const last = searched.lastName ? shown(searched.lastName) : "";
  const first = searched.firstName ? shown(searched.firstName) : "";
  /** "Surname sounds like Smyth": the recorded name (`field`) against the word searched. */
  const words = (match: SurnameMatch | FirstNameMatch | null, field: "Surname" | "First name", word: string, recorded: string | null) => {
    switch (match) {
      case "exact":
        return `${field} matches`;
      case "variant":
        return (recorded && searched.forms.get(recorded.toLowerCase())?.words) ?? `${field} is another form of ${word}`;
      case "sound":
        return `${field} sounds like ${word}`;
      case "similar":
      case "close":
        return `${field} is spelt like ${word}`;
      default:
        return null;
    }
  };

  if (row.nhs_match) reasons.push("NHS number matches");
  if (row.names_swapped) {
    reasons.push("Names swapped");
    // Only the parts that are not exact need saying: "First name sounds like Smyth".
    const parts = [
      row.swapped_last_match === "exact" ? null : words(row.swapped_last_match, "First name", last, row.first_name),
      row.swapped_first_match === "exact" ? null : words(row.swapped_first_match, "Surname", first, row.last_name),
    ];
    for (const part of parts) if (part) reasons.push(part);
  } else {
    const surname = words(row.last_match, "Surname", last, row.last_name);
    const firstName = words(row.first_match, "First name", first, row.first_name);
    if (surname) reasons.push(surname);
    if (firstName) reasons.push(firstName);
  }
  if (row.dob_match) reasons.push("Date of birth matches");
  if (row.postcode_match) reasons.push("Postcode matches");
  if (row.nhs_conflict) differences.push("Different NHS number");
  if (row.dob_conflict) differences.push("Different date of birth");

  return {
    id: row.id,
    childId: row.child_id,
    firstName: row.first_name,
    lastName: row.last_name,
    dateOfBirth: row.date_of_birth,
    expectedDateOfBirth: row.expected_date_of_birth,
    sex: row.sex,
    postcode: row.postcode,
    nhsNumber: row.nhs_number,
    score: Math.round(row.score * 10) / 10,
    reasons,
    differences,
    namesSwapped: row.names_swapped,
    contactCount: row.contact_count,
    lastContact:
      row.last_contact_id && row.last_contact_reference && row.last_contact_received_at && row.last_contact_state
        ? {
            id: row.last_contact_id,
            reference: row.last_contact_reference,
            receivedAt: new Date(row.last_contact_received_at),
            outcome: row.last_contact_outcome,
            state: row.last_contact_state,
          }
        : null,
  };
}
