/**
 * What a person is told when their browser sends something that is not a form this service can
 * read. Shared: the server sends them (app/http/request.server.ts) and the error page shows them.
 */
export const FORM_NOT_READ_MESSAGE = "The form could not be read. Go back to the page, reload it and send the form again.";
export const FORM_TYPE_MESSAGE = "Only forms from this service's own pages can be sent here.";
export const FORM_FILE_MESSAGE = "This form does not take files. Go back to the page and send the form again without one.";
export const FORM_CONTROL_MESSAGE =
  "The form contained characters that cannot be stored (control characters, which can come with text pasted from another program). Go back, type the text again rather than pasting it, and send the form again.";

const MESSAGES: readonly string[] = [FORM_NOT_READ_MESSAGE, FORM_TYPE_MESSAGE, FORM_FILE_MESSAGE, FORM_CONTROL_MESSAGE];

/** The message of a refused form, when an error's data is one (never anything else a response carried). */
export function formRefusalMessage(data: unknown): string | null {
  return typeof data === "string" && MESSAGES.includes(data) ? data : null;
}
