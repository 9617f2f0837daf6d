import { describe, expect, it } from "vitest";
import { describeError } from "../../app/http/log.server";
import { isSameSiteRequest } from "../../app/http/request-checks.server";

/** A PostgreSQL error as `pg` and PGlite give it: the message and detail quote the row. */
function databaseError() {
  const error = Object.assign(new Error('new row for relation "contacts" violates check constraint "contacts_state_check"'), {
    name: "error",
    code: "23514",
    severity: "ERROR",
    detail: "Failing row contains (Jayden Smith, 2015-03-02, his stepfather hits him).",
    table: "contacts",
    constraint: "contacts_state_check",
    parameters: ["Jayden Smith", "his stepfather hits him"],
  });
  return error;
}

describe("the error log", () => {
  it("names a database error by its code and schema objects, never its message, detail or parameters", () => {
    const line = describeError(databaseError());
    expect(line).toMatch(/^database error 23514 \(table contacts, constraint contacts_state_check\)/);
    expect(line).not.toContain("Jayden");
    expect(line).not.toContain("stepfather");
    expect(line).not.toContain("violates");
  });

  it("keeps the first line of a program error with where it happened", () => {
    const line = describeError(new TypeError("Cannot read properties of undefined (reading 'state')\nsecond line"));
    expect(line).toMatch(/^TypeError: Cannot read properties of undefined \(reading 'state'\) at /);
    expect(line).not.toContain("second line");
  });
});

describe("changes only from this site", () => {
  const request = (headers: Record<string, string>) => ({ get: (name: string) => headers[name.toLowerCase()] });
  const host = { host: "mash.example.gov.uk" };

  it("accepts a same-site Origin, or without one a same-origin fetch or a same-site Referer", () => {
    expect(isSameSiteRequest(request({ ...host, origin: "https://mash.example.gov.uk" }))).toBe(true);
    expect(isSameSiteRequest(request({ ...host, "sec-fetch-site": "same-origin" }))).toBe(true);
    expect(isSameSiteRequest(request({ ...host, "sec-fetch-site": "none" }))).toBe(true);
    expect(isSameSiteRequest(request({ ...host, referer: "https://mash.example.gov.uk/contacts/new" }))).toBe(true);
  });

  it("refuses no evidence, another site, a sibling subdomain, 'null' and odd schemes", () => {
    expect(isSameSiteRequest(request(host))).toBe(false);
    expect(isSameSiteRequest(request({ ...host, origin: "https://evil.example" }))).toBe(false);
    expect(isSameSiteRequest(request({ ...host, origin: "null" }))).toBe(false);
    expect(isSameSiteRequest(request({ ...host, "sec-fetch-site": "same-site" }))).toBe(false);
    expect(isSameSiteRequest(request({ ...host, "sec-fetch-site": "cross-site", referer: "https://mash.example.gov.uk/" }))).toBe(false);
    expect(isSameSiteRequest(request({ ...host, referer: "https://evil.example/?https://mash.example.gov.uk" }))).toBe(false);
    expect(isSameSiteRequest(request({ ...host, referer: "javascript://mash.example.gov.uk/" }))).toBe(false);
    // An Origin decides on its own: a same-site Referer cannot vouch for a foreign Origin.
    expect(isSameSiteRequest(request({ ...host, origin: "https://evil.example", referer: "https://mash.example.gov.uk/" }))).toBe(false);
  });
});
