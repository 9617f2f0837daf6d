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

/** A queue position as `cursorParam` writes it: `<rank>~<deadline>~<group key>~<id>`. */
const cursor = z
  .string()
  .max(400)
  .transform((v, ctx) => {
    const [rank, dueAt = "", groupKey = "", id = "", ...rest] = v.split("~");
    const year = Number(CURSOR_INSTANT.exec(dueAt)?.[1]);
    const date = new Date(dueAt);
    if (
      rest.length > 0 ||
      (rank !== "0" && rank !== "1") ||
      !isRecordId(id) ||
      !isRecordId(groupKey) ||
      !(year >= 1900 && year <= 9999) ||
      Number.isNaN(date.getTime()) ||
      date.toISOString() !== dueAt
    ) {
      ctx.addIssue({ code: "custom", message: "Not a queue position" });
      return z.NEVER;
    }
    return { rank: rank === "0" ? (0 as const) : (1 as const), dueAt, groupKey, id };
  });

export const queueQuerySchema = z.object({
  view: optional(z.enum(["all", "mine"])),
  state: optional(z.enum(OPEN_STATES)),
  priority: optional(z.enum(["red", "amber", "green", "none"])),
  source: optional(z.enum(REFERRAL_SOURCE_CODES)),
  /** A worker's id, or "none". */
  allocated: optional(z.union([z.literal("none"), z.string().refine(isRecordId)])),
  repeat: optional(z.literal("yes")),
  /** The summary band's lists: at immediate risk, bounce-backs, overdue. */
  risk: optional(z.literal("yes")),
  bounce: optional(z.literal("yes")),
  overdue: optional(z.literal("yes")),
  after: optional(cursor),
  before: optional(cursor),
  page: optional(z.coerce.number().int().min(1).max(100_000)),
});

export type QueueQuery = z.infer<typeof queueQuerySchema>;

/** The queue position of a row, for `after=` / `before=`. */
export function cursorParam(position: { rank: 0 | 1; dueAt: string; groupKey: string; id: string }): string {
  return `${position.rank}~${position.dueAt}~${position.groupKey}~${position.id}`;
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
