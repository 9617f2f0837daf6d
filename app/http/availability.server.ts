/**
 * Whether the database can be reached, for `/ready` and for the 503 page. A failed request makes
 * the server check; while the database is away every request gets the 503 page at once (no request
 * waits on a dead connection) and the server checks again every second, serving again as soon as
 * the database answers.
 */
import type { DatabaseHandle } from "../../db/client";

export interface DatabaseAvailability {
  /** False while the database is known to be away (answers at once, without asking it). */
  readonly available: boolean;
  /** Asks the database now; a failure starts the once-a-second checks. */
  check(): Promise<boolean>;
  stop(): void;
}

export function watchDatabase(database: Pick<DatabaseHandle, "ping">, options: { recheckMs?: number; pingTimeoutMs?: number; log?: (line: string) => void } = {}): DatabaseAvailability {
  const recheckMs = options.recheckMs ?? 1_000;
  const log = options.log ?? (() => {});
  let available = true;
  let inFlight: Promise<boolean> | null = null;
  let timer: NodeJS.Timeout | null = null;

  const check = (): Promise<boolean> =>
    (inFlight ??= database.ping(options.pingTimeoutMs ?? 2_000).then((ok) => {
      inFlight = null;
      if (ok !== available) log(ok ? "The database answers again: serving requests." : "The database cannot be reached: answering 503 until it is back.");
      available = ok;
      if (!ok && !timer) {
        timer = setInterval(() => void check(), recheckMs);
        timer.unref();
      } else if (ok && timer) {
        clearInterval(timer);
        timer = null;
      }
      return ok;
    }));

  return {
    get available() {
      return available;
    },
    check,
    stop() {
      if (timer) clearInterval(timer);
      timer = null;
    },
  };
}
