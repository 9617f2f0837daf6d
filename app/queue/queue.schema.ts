/**
 * The queue's filter (a GET form) and the allocation forms. Shared by browser and server. A filter
 * value that is not one of the choices is ignored rather than refused: the queue still shows.
 */
import { z } from "zod";
import { REFERRAL_SOURCE_CODES } from "../vocabulary";
import { STATE_LABELS } from "../contacts/labels";
import { isRecordId, MAX_INT4 } from "../http/ids";

const OPEN_STATES = Object.keys(STATE_LABELS).filter((s) => s !== "closed") as [string, ...string[]];

const optional = <T extends z.ZodType>(schema: T) => z.preprocess((v) => (v === "" ? undefined : v), schema.optional()).catch(undefined);

/** An instant as `cursorParam` writes it (toISOString), in a year a decision deadline can have. */
const CURSOR_INSTANT = /^(\d{4})-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

const cursor = z
  .string()
  .max(300)
  .transform((v, ctx) => {
    const at = v.indexOf("~");
    const dueAt = v.slice(0, at);
    const id = v.slice(at + 1);
    const year = Number(CURSOR_INSTANT.exec(dueAt)?.[1]);
    const date = new Date(dueAt);
    if (at < 1 || !isRecordId(id) || !(year >= 1900 && year <= 9999) || Number.isNaN(date.getTime()) || date.toISOString() !== dueAt) {
      ctx.addIssue({ code: "custom", message: "Not a queue position" });
      return z.NEVER;
    }
    return { dueAt, id };
  });

export const queueQuerySchema = z.object({
  view: optional(z.enum(["all", "mine"])),
  state: optional(z.enum(OPEN_STATES)),
  priority: optional(z.enum(["red", "amber", "green", "none"])),
  source: optional(z.enum(REFERRAL_SOURCE_CODES)),
  /** A worker's id, or "none". */
  allocated: optional(z.union([z.literal("none"), z.string().refine(isRecordId)])),
  repeat: optional(z.literal("yes")),
  after: optional(cursor),
  before: optional(cursor),
  page: optional(z.coerce.number().int().min(1).max(100_000)),
});

export type QueueQuery = z.infer<typeof queueQuerySchema>;

/** The queue position of a row, for `after=` / `before=`. */
export function cursorParam(row: { decision_due_at: Date | string | null; id: string }): string {
  return `${row.decision_due_at ? new Date(row.decision_due_at).toISOString() : ""}~${row.id}`;
}

export const allocationSchema = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("allocate"),
    version: z.coerce.number().int().min(1).max(MAX_INT4),
    idempotencyKey: z.string().min(8).max(200),
    returnTo: z.string().max(2000).optional(),
    allocateTo: z.string({ error: "Choose who to allocate the contact to" }).trim().min(1, "Choose who to allocate the contact to").max(100),
  }),
  z.object({
    intent: z.literal("pick-up"),
    version: z.coerce.number().int().min(1).max(MAX_INT4),
    idempotencyKey: z.string().min(8).max(200),
    returnTo: z.string().max(2000).optional(),
  }),
]);

export type AllocationForm = z.infer<typeof allocationSchema>;
