/** Configuration from the environment, read once at start-up. */
import { z } from "zod";
import { DEFAULT_PGLITE_DATA_DIR, type PostgresTimeouts } from "../db/client";

const schema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  HOST: z.string().default("0.0.0.0"),
  DATABASE_URL: z.string().url().optional().or(z.literal("").transform(() => undefined)),
  PGLITE_DATA_DIR: z.string().min(1).default(DEFAULT_PGLITE_DATA_DIR),
  /**
   * Demo users and synthetic history on an empty database. `auto`: on the embedded database only;
   * `on`: also on PostgreSQL; `off`: never — how an operator marks a real deployment.
   */
  DEMO_DATA: z.enum(["auto", "on", "off"]).default("auto"),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  /** PostgreSQL only: give up opening a connection after this long (a server down, or one that never answers). */
  DATABASE_CONNECT_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(5_000),
  /** PostgreSQL only: a statement of a request running longer is cancelled (migrations have no limit). */
  DATABASE_STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(15_000),
  /** PostgreSQL only: how long the server waits for its database at start-up, saying so, before giving up. */
  DATABASE_START_WAIT_SECONDS: z.coerce.number().int().min(0).max(3_600).default(60),
  COUNCIL_NAME: z.string().min(1).default("Devon County Council"),
  SERVICE_NAME: z.string().min(1).default("Children's front door (MASH)"),
  /** The MASH's phone number, shown to the public (left out when not set). */
  MASH_PHONE: z.string().default(""),
  /** Set when behind a proxy that terminates TLS: trust X-Forwarded-Proto / -For. */
  TRUST_PROXY: z.enum(["true", "false"]).default("false"),
  /** A session ends after this many minutes without a request. */
  SESSION_IDLE_MINUTES: z.coerce.number().int().min(1).max(24 * 60).default(30),
  /** A session ends this many hours after signing in, however much it is used. */
  SESSION_MAX_HOURS: z.coerce.number().int().min(1).max(7 * 24).default(12),
  /** The key of the HMAC that public-form addresses are kept as; unset: one generated once and kept in the database. */
  ADDRESS_HASH_KEY: z
    .string()
    .optional()
    .transform((v) => v || undefined)
    .refine((v) => v === undefined || v.length >= 32, "must be at least 32 characters (for example the output of `openssl rand -hex 32`), or unset"),
  /** Time-driven work (partners' deadlines, reminders, e-mail, expired sessions): `false` on a server that must not run it. */
  JOBS_ENABLED: z.enum(["true", "false"]).default("true"),
  /** How often each job runs, in seconds (the runner looks for due jobs as often). */
  JOBS_INTERVAL_SECONDS: z.coerce.number().int().min(1).max(3600).default(60),
  /**
   * Browser tests only (NODE_ENV=test): the jobs' clock runs this many minutes ahead, so a partner's
   * deadline passes for them without waiting for it.
   */
  JOBS_CLOCK_AHEAD_MINUTES: z.coerce.number().int().min(0).max(60 * 24 * 60).default(0),
  /** The mail server reminders are sent through; unset: reminders are only shown in the app. */
  SMTP_HOST: z.string().optional().transform((v) => v || undefined),
  SMTP_PORT: z.coerce.number().int().min(1).max(65535).default(587),
  /** `true`: TLS from the start (port 465); `false`: STARTTLS when the server offers it. */
  SMTP_SECURE: z.enum(["true", "false"]).default("false"),
  SMTP_USER: z.string().optional().transform((v) => v || undefined),
  SMTP_PASSWORD: z.string().optional().transform((v) => v || undefined),
  SMTP_FROM: z.string().min(3).default("MASH front door <no-reply@front-door.invalid>"),
  /** The address of the app as users reach it, for links in e-mails (default http://localhost:PORT). */
  PUBLIC_URL: z.string().url().optional().or(z.literal("").transform(() => undefined)),
});

/** The mail server reminders are sent through (nodemailer). */
export interface SmtpConfig {
  host: string;
  port: number;
  secure: boolean;
  auth: { user: string; pass: string } | null;
  from: string;
}

export type AppConfig = {
  env: "development" | "production" | "test";
  port: number;
  host: string;
  databaseUrl: string | undefined;
  pgliteDataDir: string;
  demoData: boolean;
  councilName: string;
  serviceName: string;
  mashPhone: string;
  trustProxy: boolean;
  databasePoolSize: number;
  databaseTimeouts: PostgresTimeouts;
  databaseStartWaitMs: number;
  sessionIdleMinutes: number;
  sessionMaxHours: number;
  /** The configured key of the address HMAC, or null: the one kept in the database. */
  addressHashKey: string | null;
  jobs: { enabled: boolean; intervalSeconds: number; clockAheadMinutes: number };
  /** Null: reminders are only shown in the app. */
  smtp: SmtpConfig | null;
  publicUrl: string;
};

export function loadConfig(env: Record<string, string | undefined> = process.env): AppConfig {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`).join("\n");
    throw new Error(`The configuration in the environment is not valid:\n${problems}`);
  }
  const e = parsed.data;
  if (e.JOBS_CLOCK_AHEAD_MINUTES > 0 && e.NODE_ENV !== "test") {
    throw new Error("The configuration in the environment is not valid:\n  JOBS_CLOCK_AHEAD_MINUTES: only for browser tests (NODE_ENV=test)");
  }
  return {
    env: e.NODE_ENV,
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    pgliteDataDir: e.PGLITE_DATA_DIR,
    demoData: e.DEMO_DATA === "on" || (e.DEMO_DATA === "auto" && !e.DATABASE_URL),
    councilName: e.COUNCIL_NAME,
    serviceName: e.SERVICE_NAME,
    mashPhone: e.MASH_PHONE,
    trustProxy: e.TRUST_PROXY === "true",
    databasePoolSize: e.DATABASE_POOL_SIZE,
    databaseTimeouts: { connectMs: e.DATABASE_CONNECT_TIMEOUT_MS, statementMs: e.DATABASE_STATEMENT_TIMEOUT_MS },
    databaseStartWaitMs: e.DATABASE_START_WAIT_SECONDS * 1000,
    sessionIdleMinutes: e.SESSION_IDLE_MINUTES,
    sessionMaxHours: e.SESSION_MAX_HOURS,
    addressHashKey: e.ADDRESS_HASH_KEY ?? null,
    jobs: { enabled: e.JOBS_ENABLED === "true", intervalSeconds: e.JOBS_INTERVAL_SECONDS, clockAheadMinutes: e.JOBS_CLOCK_AHEAD_MINUTES },
    smtp: e.SMTP_HOST
      ? {
          host: e.SMTP_HOST,
          port: e.SMTP_PORT,
          secure: e.SMTP_SECURE === "true",
          auth: e.SMTP_USER ? { user: e.SMTP_USER, pass: e.SMTP_PASSWORD ?? "" } : null,
          from: e.SMTP_FROM,
        }
      : null,
    publicUrl: (e.PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, ""),
  };
}
