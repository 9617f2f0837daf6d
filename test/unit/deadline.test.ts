import { describe, expect, it } from "vitest";
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { Deadline } from "../../app/ui/deadline";

/** Issue 11, item 6: one deadline, one way, never "Overdue overdue by". */
const text = (html: string) => html.replace(/<[^>]+>/g, "");

describe("a deadline on a page", () => {
  const now = new Date("2026-12-08T10:00:00Z");
  it("reads 'by end of' the day, with the time left, on one line", () => {
    // 4 Dec 00:00 in London is the end of 3 Dec; from 10:00 on 8 Dec it is 4 days 10 h past: "4 days".
    expect(text(renderToStaticMarkup(createElement(Deadline, { at: "2026-12-04T00:00:00Z", now })))).toBe("by end of 3 Dec · Overdue by 4 days");
    expect(text(renderToStaticMarkup(createElement(Deadline, { at: "2026-12-08T14:00:00Z", now })))).toBe("by 14:00 on 8 Dec · due in 4 h");
  });
  it("says overdue once", () => {
    expect(text(renderToStaticMarkup(createElement(Deadline, { at: "2026-12-03T00:00:00Z", now }))).match(/overdue/gi)).toHaveLength(1);
  });
  it("shows the date alone once the work is done", () => {
    expect(text(renderToStaticMarkup(createElement(Deadline, { at: "2026-12-04T00:00:00Z", now, open: false })))).toBe("by end of 3 Dec");
  });
});
