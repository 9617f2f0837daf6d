import { describe, expect, it } from "vitest";
import { loadConfig } from "../../app/config.server";
import { addressHash } from "../../app/public-reports/public-report.server";

describe("the key of the public form's address HMAC", () => {
  it("comes from ADDRESS_HASH_KEY, or is left to the database when unset or empty", () => {
    const key = "0123456789abcdef0123456789abcdef0123";
    expect(loadConfig({ ADDRESS_HASH_KEY: key }).addressHashKey).toBe(key);
    expect(loadConfig({}).addressHashKey).toBeNull();
    expect(loadConfig({ ADDRESS_HASH_KEY: "" }).addressHashKey).toBeNull();
  });

  it("refuses a key shorter than 32 characters, saying so", () => {
    expect(() => loadConfig({ ADDRESS_HASH_KEY: "too-short-a-secret" })).toThrow(/ADDRESS_HASH_KEY: must be at least 32 characters/);
  });

  it("hashes an address as HMAC-SHA256 under the key (RFC 4231 test case 2)", () => {
    // Key "Jefe", data "what do ya want for nothing?": the published HMAC-SHA256.
    expect(addressHash("what do ya want for nothing?", "Jefe")).toBe("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
    expect(addressHash("203.0.113.9", "key-one-".repeat(4))).not.toBe(addressHash("203.0.113.9", "key-two-".repeat(4)));
  });
});
