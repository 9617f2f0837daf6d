/**
 * Reading what a request sends, before any schema sees it. Every action reads its form with
 * `readForm`, and every route that takes a record's id from the URL checks it with `recordId`:
 * whatever a hostile or broken client sends becomes a 4xx with a plain message, never a 500, and
 * nothing that PostgreSQL cannot store (a NUL byte) reaches it.
 */
import { isRecordId } from "./ids";
import { FORM_CONTROL_MESSAGE, FORM_FILE_MESSAGE, FORM_NOT_READ_MESSAGE, FORM_TYPE_MESSAGE } from "./request-messages";

export { FORM_CONTROL_MESSAGE, FORM_FILE_MESSAGE, FORM_NOT_READ_MESSAGE, FORM_TYPE_MESSAGE };

/** The form encodings browsers send. Anything else (JSON, text/plain, none) is not a form. */
const FORM_TYPES = new Set(["application/x-www-form-urlencoded", "multipart/form-data"]);

/** C0 control characters other than tab, line feed and carriage return (NUL among them), and DEL. */
export const CONTROL_CHARACTERS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;

/** Whether text holds a control character no form field should (a NUL cannot even be stored). */
export function hasControlCharacters(text: string): boolean {
  return CONTROL_CHARACTERS.test(text);
}

function refuse(status: number, message: string): Response {
  return new Response(message, { status, headers: { "Content-Type": "text/plain; charset=utf-8" } });
}

/**
 * The request's form, or a thrown 4xx Response with a plain message: 415 when the body is not a
 * form (JSON, text/plain, no content type), 400 when it cannot be read as one (broken multipart),
 * holds a file, or holds a control character (other than tab, CR, LF) in any name or value.
 */
export async function readForm(request: Request): Promise<FormData> {
  const type = (request.headers.get("content-type") ?? "").split(";")[0]!.trim().toLowerCase();
  if (!FORM_TYPES.has(type)) throw refuse(415, FORM_TYPE_MESSAGE);
  let formData: FormData;
  try {
    formData = await request.formData();
  } catch {
    throw refuse(400, FORM_NOT_READ_MESSAGE);
  }
  for (const [name, value] of formData.entries()) {
    if (typeof value !== "string") throw refuse(400, FORM_FILE_MESSAGE);
    if (hasControlCharacters(name) || hasControlCharacters(value)) throw refuse(400, FORM_CONTROL_MESSAGE);
  }
  return formData;
}

/** A record's id from the URL, or a thrown 404: no record has an id like that. */
export function recordId(value: string | undefined): string {
  if (!isRecordId(value)) throw refuse(404, "Not found");
  return value;
}
