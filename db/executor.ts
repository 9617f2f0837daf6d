/** What every query function takes first: the database, or a transaction a service has opened on it. */
import type { Kysely, Transaction } from "kysely";
import type { Database } from "./schema";

export type Executor = Kysely<Database> | Transaction<Database>;
