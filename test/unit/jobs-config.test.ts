/** The settings of time-driven work and e-mail (issue 12, item 6; README "Configuration"). */
import { describe, expect, it } from "vitest";
import { loadConfig } from "../../app/config.server";

describe("jobs and SMTP settings", () => {
  it("run jobs every minute and send no e-mail unless a mail server is set", () => {
    const config = loadConfig({});
    expect(config.jobs).toEqual({ enabled: true, intervalSeconds: 60, clockAheadMinutes: 0 });
    expect(config.smtp).toBeNull();
    expect(config.publicUrl).toBe("http://localhost:3000");
  });

  it("read the mail server, its sign-in and the app's public address", () => {
    const config = loadConfig({ SMTP_HOST: "smtp.example.org", SMTP_PORT: "465", SMTP_SECURE: "true", SMTP_USER: "mash", SMTP_PASSWORD: "secret", SMTP_FROM: "MASH <mash@example.org>", PUBLIC_URL: "https://front-door.example.org/", JOBS_ENABLED: "false", JOBS_INTERVAL_SECONDS: "5" });
    expect(config.smtp).toEqual({ host: "smtp.example.org", port: 465, secure: true, auth: { user: "mash", pass: "secret" }, from: "MASH <mash@example.org>" });
    expect(config.publicUrl).toBe("https://front-door.example.org");
    expect(config.jobs).toEqual({ enabled: false, intervalSeconds: 5, clockAheadMinutes: 0 });
  });

  it("refuse a clock moved ahead outside browser tests, and an interval out of range", () => {
    expect(() => loadConfig({ JOBS_CLOCK_AHEAD_MINUTES: "60" })).toThrow(/JOBS_CLOCK_AHEAD_MINUTES: only for browser tests/);
    expect(loadConfig({ JOBS_CLOCK_AHEAD_MINUTES: "60", NODE_ENV: "test" }).jobs.clockAheadMinutes).toBe(60);
    expect(() => loadConfig({ JOBS_INTERVAL_SECONDS: "0" })).toThrow(/JOBS_INTERVAL_SECONDS/);
  });
});
