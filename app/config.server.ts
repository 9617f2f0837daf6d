/** Configuration from the environment, read once at start-up. */
import { z } from "zod";
import { DEFAULT_PGLITE_DATA_DIR } from "../db/client";

const schema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  HOST: z.string().default("0.0.0.0"),
  DATABASE_URL: z.string().url().optional().or(z.literal("").transform(() => undefined)),
  PGLITE_DATA_DIR: z.string().min(1).default(DEFAULT_PGLITE_DATA_DIR),
  /** Load demo users and synthetic history into an empty database (never in production). */
  DEMO_DATA: z.enum(["auto", "off"]).default("auto"),
  COUNCIL_NAME: z.string().min(1).default("Devon County Council"),
  SERVICE_NAME: z.string().min(1).default("Children's front door (MASH)"),
  /** The MASH's phone number, shown to the public (left out when not set). */
  MASH_PHONE: z.string().default(""),
  /** Set when behind a proxy that terminates TLS: trust X-Forwarded-Proto / -For. */
  TRUST_PROXY: z.enum(["true", "false"]).default("false"),
  /** The key of the HMAC that public-form addresses are kept as; unset: one generated once and kept in the database. */
  ADDRESS_HASH_KEY: z
    .string()
    .optional()
    .transform((v) => v || undefined)
    .refine((v) => v === undefined || v.length >= 32, "must be at least 32 characters (for example the output of `openssl rand -hex 32`), or unset"),
});

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
  /** The configured key of the address HMAC, or null: the one kept in the database. */
  addressHashKey: string | null;
};

export function loadConfig(env: Record<string, string | undefined> = process.env): AppConfig {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`).join("\n");
    throw new Error(`The configuration in the environment is not valid:\n${problems}`);
  }
  const e = parsed.data;
  return {
    env: e.NODE_ENV,
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    pgliteDataDir: e.PGLITE_DATA_DIR,
    demoData: e.DEMO_DATA === "auto" && e.NODE_ENV !== "production",
    councilName: e.COUNCIL_NAME,
    serviceName: e.SERVICE_NAME,
    mashPhone: e.MASH_PHONE,
    trustProxy: e.TRUST_PROXY === "true",
    addressHashKey: e.ADDRESS_HASH_KEY ?? null,
  };
}
