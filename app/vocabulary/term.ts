/**
 * One vocabulary per code list (issue 8, deliverable 1). Every list the app records is defined once,
 * here, as an array of terms in its sort order (the census order where the census has one): never
 * as an object, whose key order JavaScript decides (`Object.keys({ "10": …, "1A": … })` puts "10"
 * first). Pure data: imported by the browser, the server, machines/ and the tests. Migrations keep
 * their own frozen copy of each list; test/integration/vocabulary.test.ts keeps the two in step.
 */

/** One code of a list. */
export interface Term<C extends string | number = string> {
  /** What is stored. */
  readonly code: C;
  /** What people read on pages and forms. */
  readonly label: string;
  /** The wording of Ofsted's Annex A lists (spec/annex-a.md), where Annex A lists this code. */
  readonly annexA?: string;
  /** The code the Children in Need census returns (spec/cin-census.md), where it differs from `code` or the census has one. */
  readonly census?: string;
}

/** The codes of a list, in its order, as a non-empty tuple (what `z.enum` takes). */
export function codesOf<C extends string | number>(list: readonly Term<C>[]): [C, ...C[]] {
  if (list.length === 0) throw new Error("A vocabulary is never empty");
  return list.map((t) => t.code) as [C, ...C[]];
}

/** The term of a code, or undefined when the code is not in the list. */
export function termOf<C extends string | number>(list: readonly Term<C>[], code: unknown): Term<C> | undefined {
  return list.find((t) => t.code === code);
}

/** The label of a code; an unknown code is shown as it is (never hidden). */
export function labelOf<C extends string | number>(list: readonly Term<C>[], code: unknown): string {
  return termOf(list, code)?.label ?? String(code ?? "");
}

/** Whether a value is one of the list's codes. */
export function isCodeOf<C extends string | number>(list: readonly Term<C>[], value: unknown): value is C {
  return list.some((t) => t.code === value);
}

/** The list as choices for radios, checkboxes and selects, in its order. */
export function choicesOf<T extends Term<string | number>>(
  list: readonly T[],
  text: (term: T) => string = (t) => t.label,
): { value: string; text: string }[] {
  return list.map((t) => ({ value: String(t.code), text: text(t) }));
}
