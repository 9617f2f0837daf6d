/**
 * When the history import is a bulk load (docs/decisions/023-bulk-load-first-import.md): the database
 * holds no contacts, or fewer than the file's size over 150 bytes (a row is rarely longer).
 */
import { describe, expect, it } from "vitest";
import { isBulkLoad } from "../../app/history-import/import.server";

describe("isBulkLoad", () => {
  it("is a bulk load into a database holding no contacts, whatever the file's size", () => {
    expect(isBulkLoad(0, undefined)).toBe(true);
    expect(isBulkLoad(0, 0)).toBe(true);
    expect(isBulkLoad(0, 150_000_000)).toBe(true);
  });

  it("is a bulk load when the file holds more rows than the contacts held (150,000 bytes: up to 1,000 rows)", () => {
    expect(isBulkLoad(999, 150_000)).toBe(true);
    expect(isBulkLoad(1_000, 150_000)).toBe(false);
    expect(isBulkLoad(3, 83_789)).toBe(true); // the sample file beside three contacts: 558 rows estimated
    expect(isBulkLoad(646, 83_789)).toBe(false); // the sample file imported again
  });

  it("is not a bulk load beside contacts held when the file's size is not known", () => {
    expect(isBulkLoad(1, undefined)).toBe(false);
  });
});
