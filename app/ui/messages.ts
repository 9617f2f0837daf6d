/**
 * Form messages worded once. GOV.UK error messages name the field, so that the error summary
 * (which lists them away from their fields) says which field is wrong.
 */

/** "<What> must be <max> characters or fewer", e.g. "Rationale for the rating must be 2,000 characters or fewer". */
export function tooLong(what: string, max: number): string {
  return `${what} must be ${max.toLocaleString("en-GB")} characters or fewer`;
}
