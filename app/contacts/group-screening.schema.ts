/**
 * Screening siblings together (issue 11, "Siblings together"; decision 029): one form for the
 * children recorded together — which children, and what to record for each of them: a priority with
 * its reason, consent, partners to ask. Used in the browser (before sending) and on the server.
 */
import { z } from "zod";
import { CONSENT_STATUS_CODES, RAG_CODES } from "../vocabulary";
import { isRecordId, MAX_INT4 } from "../http/ids";
import { agencyOrHubCode } from "./contact-actions.schema";

/** A list field: one value or several (ticked boxes), or none. */
const list = <T extends z.ZodType>(item: T) => z.preprocess((v) => (v === undefined || v === "" ? [] : Array.isArray(v) ? v : [v]), z.array(item));
const blankAsUndefined = (v: unknown) => (v === "" ? undefined : v);

export const groupScreeningSchema = z
  .object({
    idempotencyKey: z.string().min(8).max(100),
    /** The children (their contacts) to record it for. */
    children: list(z.string().refine(isRecordId, "Choose the children from the list")).pipe(z.array(z.string()).min(1, "Choose at least one child")),
    /** `<contact id>:<version>` of every child shown: a child changed since the page was shown is not changed blindly. */
    versions: list(z.string().regex(/^[^:]+:\d{1,10}$/, "The form was not read: open the page again")),
    priority: z.preprocess(blankAsUndefined, z.enum(RAG_CODES, { error: "Choose the priority: red, amber or green" }).optional()),
    reason: z.string().trim().max(2000, "Reason must be 2,000 characters or fewer").optional().transform((v) => (v ? v : undefined)),
    consent: z.preprocess(blankAsUndefined, z.enum(CONSENT_STATUS_CODES, { error: "Choose whether consent was given, refused or not sought" }).optional()),
    agencies: list(agencyOrHubCode),
  })
  .superRefine((v, ctx) => {
    if (v.priority && !v.reason) ctx.addIssue({ code: "custom", path: ["reason"], message: "Enter the reason for the priority" });
    if (!v.priority && v.reason) ctx.addIssue({ code: "custom", path: ["priority"], message: "Choose the priority for the reason you entered" });
    if (!v.priority && !v.consent && v.agencies.length === 0) {
      ctx.addIssue({ code: "custom", path: ["priority"], message: "Choose what to record for the children: a priority, consent, or partners to ask" });
    }
  })
  .transform(({ versions, ...v }) => ({
    ...v,
    versions: Object.fromEntries(
      versions.map((pair) => {
        const at = pair.lastIndexOf(":");
        return [pair.slice(0, at), Math.min(Number(pair.slice(at + 1)), MAX_INT4)] as const;
      }),
    ) as Record<string, number>,
  }));

export type GroupScreening = z.infer<typeof groupScreeningSchema>;
