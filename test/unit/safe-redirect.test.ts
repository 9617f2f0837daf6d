import { describe, expect, it } from "vitest";
import { safeRedirectPath } from "../../app/auth/roles";

const HOME = "/oversight";

describe("returning after sign-in (safeRedirectPath)", () => {
  it("follows this site's own paths, with their query", () => {
    expect(safeRedirectPath("/queue", HOME)).toBe("/queue");
    expect(safeRedirectPath("/queue?state=screening&page=2", HOME)).toBe("/queue?state=screening&page=2");
    expect(safeRedirectPath("/contacts/C-1/child?name=O%27Brien", HOME)).toBe("/contacts/C-1/child?name=O%27Brien");
    // Dot segments that stay on the site are resolved as the browser would.
    expect(safeRedirectPath("/contacts/../queue", HOME)).toBe("/queue");
  });

  it("never leaves the site through a dot segment (issue 7, finding 2)", () => {
    expect(safeRedirectPath("/..//evil.example/phish", HOME)).toBe(HOME);
    expect(safeRedirectPath("/.//evil.example/phish", HOME)).toBe(HOME);
    expect(safeRedirectPath("/queue/../..//evil.example", HOME)).toBe(HOME);
    expect(safeRedirectPath("/a/../../..//evil.example/phish?x=1", HOME)).toBe(HOME);
  });

  it("never leaves the site through encoded dot segments or slashes", () => {
    expect(safeRedirectPath("/%2e%2e//evil.example/phish", HOME)).toBe(HOME);
    expect(safeRedirectPath("/%2E%2E//evil.example/phish", HOME)).toBe(HOME);
    expect(safeRedirectPath("/.%2e//evil.example", HOME)).toBe(HOME);
    expect(safeRedirectPath("/%2f/evil.example", HOME)).toBe(HOME);
    expect(safeRedirectPath("/%2F%2Fevil.example", HOME)).toBe(HOME);
    expect(safeRedirectPath("%2F%2Fevil.example", HOME)).toBe(HOME);
    expect(safeRedirectPath("/%252F%252Fevil.example", HOME)).toBe(HOME);
    expect(safeRedirectPath("/%5Cevil.example", HOME)).toBe(HOME);
    expect(safeRedirectPath("/%255Cevil.example", HOME)).toBe(HOME);
  });

  it("refuses other sites, protocol-relative paths and schemes", () => {
    expect(safeRedirectPath("https://evil.example/", HOME)).toBe(HOME);
    expect(safeRedirectPath("//evil.example/", HOME)).toBe(HOME);
    expect(safeRedirectPath("///evil.example/", HOME)).toBe(HOME);
    expect(safeRedirectPath("javascript:alert(1)", HOME)).toBe(HOME);
    expect(safeRedirectPath("evil.example", HOME)).toBe(HOME);
    expect(safeRedirectPath("", HOME)).toBe(HOME);
    expect(safeRedirectPath(null, HOME)).toBe(HOME);
    expect(safeRedirectPath(undefined, HOME)).toBe(HOME);
  });

  it("refuses backslashes, which browsers read as slashes", () => {
    expect(safeRedirectPath("/\\evil.example", HOME)).toBe(HOME);
    expect(safeRedirectPath("\\\\evil.example", HOME)).toBe(HOME);
    expect(safeRedirectPath("/..\\/evil.example", HOME)).toBe(HOME);
  });

  it("refuses control characters, raw or encoded, which browsers drop or mangle", () => {
    expect(safeRedirectPath("/\t/evil.example", HOME)).toBe(HOME);
    expect(safeRedirectPath("/\n/evil.example", HOME)).toBe(HOME);
    expect(safeRedirectPath("/\r/evil.example", HOME)).toBe(HOME);
    expect(safeRedirectPath("/\u0000/evil.example", HOME)).toBe(HOME);
    expect(safeRedirectPath("/%09/evil.example", HOME)).toBe(HOME);
    expect(safeRedirectPath("/%0d%0aSet-Cookie:x=1", HOME)).toBe(HOME);
    expect(safeRedirectPath("/%00", HOME)).toBe(HOME);
  });

  it("refuses malformed escapes, credentials and absurd lengths", () => {
    expect(safeRedirectPath("/%E0%A4%A", HOME)).toBe(HOME);
    expect(safeRedirectPath(`/${"a".repeat(3000)}`, HOME)).toBe(HOME);
  });

  it("returns nothing a browser would read differently", () => {
    for (const path of ["/queue", "/..//evil.example/phish", "/%2e%2e//x", "/a/./b/../c?d=e", "/a b"]) {
      const result = safeRedirectPath(path, HOME);
      expect(new URL(result, "https://front-door.example").origin).toBe("https://front-door.example");
      expect(result.startsWith("/")).toBe(true);
      expect(result.startsWith("//")).toBe(false);
    }
    expect(safeRedirectPath("/a b", HOME)).toBe("/a%20b");
  });
});
