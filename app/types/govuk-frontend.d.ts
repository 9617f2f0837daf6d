declare module "govuk-frontend" {
  /** Starts every GOV.UK Frontend component on the page (progressive enhancement only). */
  export function initAll(config?: Record<string, unknown>): void;
}
