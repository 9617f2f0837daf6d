declare module "govuk-frontend" {
  /**
   * Starts every GOV.UK Frontend component on the page (progressive enhancement only). An element
   * already started is refused with an `InitError`, passed to `onError` like any other.
   */
  export function initAll(config?: { scope?: Element; onError?: (error: unknown) => void } & Record<string, unknown>): void;
}
