/**
 * The administrator's forms for agencies and hubs (/admin/agencies, /admin/hubs): add, rename,
 * retire and bring back. One zod schema each, used in the browser before sending and on the server.
 */
import { z } from "zod";

const name = z.string({ error: "Enter the name" }).trim().min(1, "Enter the name").max(100, "The name must be 100 characters or fewer");

/** A code is made from the name when none is given: lower case, words joined by `_`. */
export function codeFromName(value: string): string {
  return value
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/&/g, " and ")
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^_+|_+$/g, "")
    .slice(0, 40);
}

const code = z.string({ error: "The name must contain at least two letters or digits" }).trim().regex(/^[a-z][a-z0-9_]{1,39}$/, "The name must contain at least two letters or digits");

export const agencyFormSchema = z.discriminatedUnion("intent", [
  z
    .object({
      intent: z.literal("add"),
      name,
      parent: z.string().trim().max(40).optional().transform((v) => v || null),
    })
    .transform((v, ctx) => {
      const made = code.safeParse(codeFromName(v.name));
      if (!made.success) {
        ctx.addIssue({ code: "custom", path: ["name"], message: "The name must contain at least two letters or digits" });
        return z.NEVER;
      }
      return { ...v, code: made.data };
    }),
  z.object({ intent: z.literal("rename"), code, name }),
  z.object({ intent: z.literal("retire"), code }),
  z.object({ intent: z.literal("reinstate"), code }),
]);

export type AgencyForm = z.infer<typeof agencyFormSchema>;

/** Hubs: the same without services. */
export const hubFormSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("add"), name }).transform((v, ctx) => {
    const made = code.safeParse(codeFromName(v.name));
    if (!made.success) {
      ctx.addIssue({ code: "custom", path: ["name"], message: "The name must contain at least two letters or digits" });
      return z.NEVER;
    }
    return { ...v, parent: null, code: made.data };
  }),
  z.object({ intent: z.literal("rename"), code, name }),
  z.object({ intent: z.literal("retire"), code }),
  z.object({ intent: z.literal("reinstate"), code }),
]);

export type HubForm = z.infer<typeof hubFormSchema>;
