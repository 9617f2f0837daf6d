/**
 * `npm run cli -- generate --contacts N [--years Y] [--seed S]`: fills an empty database with realistic
 * generated history (app/generate/generate.server.ts), with a progress bar on a terminal. Prints counts
 * only, never a child.
 */
import cliProgress from "cli-progress";
import { DatabaseNotEmpty, type GenerateProgress, generateHistory, MAX_CONTACTS } from "../../generate/generate.server";
import { parseCommandArgs, requiredStringOption, requirePositionals, stringOption } from "../args";
import { withDatabase } from "../database";
import { CliError, type CliIo, type Command, UsageError } from "../types";

export const generateCommand: Command = {
  name: "generate",
  summary: "fill an empty database with generated contact history (for trials and benchmarks)",
  usage: "generate --contacts N [--years Y] [--seed S]",
  options: {
    contacts: { type: "string", valueName: "N", description: `how many contacts to generate (1 to ${MAX_CONTACTS.toLocaleString("en-GB")}; 1_000_000 and 1,000,000 are read as 1000000)` },
    years: { type: "string", valueName: "Y", description: "years of history ending now (default 10)" },
    seed: { type: "string", valueName: "S", description: "a whole number: the same seed and volume give the same history (default 1)" },
  },
  description: `
Generates people with repeat contacts and re-referrals near the plan's baselines (about 38% repeat
contacts, 31% re-referrals, 78% of contacts not becoming referrals), referral sources in the national
mix, partners' requests and returns with RAG ratings, decisions, step-downs to early help hubs, and the
event history the contact machine would have written, so every contact passes
\`npm run contacts:check-history\`. The contacts of the last few days are still open, at every stage.
Work is done by generated users (one per role, e-mail addresses @generated.mash.example, random
passwords). The database must hold no contacts yet; everything is written in one transaction.
On PostgreSQL a million contacts take several minutes.`,
  async run(args, io) {
    const parsed = parseCommandArgs(generateCommand, args);
    requirePositionals(parsed, []);
    const contacts = wholeNumber(requiredStringOption(parsed, "contacts", "N"), "contacts", 1, MAX_CONTACTS);
    const years = positiveNumber(stringOption(parsed, "years") ?? "10", "years", 50);
    const seed = wholeNumber(stringOption(parsed, "seed") ?? "1", "seed", 0, 2 ** 31 - 1);
    const progress = progressBar(io, contacts);
    const started = Date.now();
    const summary = await withDatabase(io, async (database) => {
      try {
        return await generateHistory(database.db, { contacts, years, seed, now: new Date(), onProgress: progress?.update });
      } catch (error) {
        if (error instanceof DatabaseNotEmpty) {
          throw new CliError(`${error.message} generate fills an empty database only: point DATABASE_URL or PGLITE_DATA_DIR at a new one.`);
        }
        throw error;
      } finally {
        progress?.stop();
      }
    });
    const rows: [string, number][] = [
      ["contacts", summary.contacts],
      ["  of them still open", summary.pending],
      ["children", summary.people],
      ["events", summary.events],
      ["partners' requests", summary.partnerRequests],
      ["step-downs", summary.stepDowns],
      ["generated users", summary.users],
    ];
    const width = Math.max(...rows.map(([label]) => label.length));
    io.stdout.write(
      `Generated ${years} year${years === 1 ? "" : "s"} of history in ${((Date.now() - started) / 1000).toFixed(1)} s:\n${rows.map(([label, n]) => `  ${label.padEnd(width)}  ${n}`).join("\n")}\n`,
    );
    return 0;
  },
};

function wholeNumber(value: string, option: string, min: number, max: number): number {
  const cleaned = value.replace(/[_,]/g, "");
  if (!/^\d+$/.test(cleaned)) throw new UsageError(`--${option} must be a whole number (got "${value}").`);
  const n = Number(cleaned);
  if (n < min || n > max) throw new UsageError(`--${option} must be from ${min} to ${max} (got ${value}).`);
  return n;
}

function positiveNumber(value: string, option: string, max: number): number {
  if (!/^\d+(\.\d+)?$/.test(value)) throw new UsageError(`--${option} must be a number of years (got "${value}").`);
  const n = Number(value);
  if (n <= 0 || n > max) throw new UsageError(`--${option} must be more than 0 and at most ${max} (got ${value}).`);
  return n;
}

/** A progress bar on a terminal only (never in a pipe, a log or a test). */
function progressBar(io: CliIo, total: number): { update: (p: GenerateProgress) => void; stop: () => void } | null {
  if (!io.stdout.isTTY) return null;
  const bar = new cliProgress.SingleBar(
    { stream: io.stdout as NodeJS.WritableStream, format: "{phase} [{bar}] {percentage}% | {detail}", hideCursor: true, clearOnComplete: true },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  let finishing = false;
  return {
    update(p) {
      if (!started) {
        bar.start(total, 0, { phase: "Generating", detail: "" });
        started = true;
      }
      if (p.phase === "writing") bar.update(p.contacts, { detail: `${p.contacts} of ${p.total} contacts` });
      else {
        if (!finishing) bar.update(total, { phase: "Finishing ", detail: "" });
        finishing = true;
        bar.update(total, { detail: p.step });
      }
    },
    stop() {
      if (started) bar.stop();
    },
  };
}
