/**
 * The administrator's "add a user" form (/admin/users/new): the same rules as the command line's
 * (add-user.schema.ts), in the words of a web form. A partner chooses their agency and an early help
 * worker their hub from the rows in use (app/agencies): nothing here lists them.
 */
import { z } from "zod";
import { ROLE_SCOPES, ROLES } from "../auth/permissions";
import { PASSWORD_MIN_LENGTH } from "./add-user.schema";

const blankToUndefined = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);

export const addUserFormSchema = z
  .object({
    email: z.string({ error: "Enter an e-mail address" }).trim().toLowerCase().pipe(z.email("Enter an e-mail address in the form name@example.org").max(320, "The e-mail address is too long")),
    name: z.string({ error: "Enter the user's name" }).trim().min(1, "Enter the user's name").max(200, "The name must be 200 characters or fewer"),
    role: z.enum(ROLES, { error: "Choose the user's role" }),
    agency: z.preprocess(blankToUndefined, z.string().trim().max(40).optional()),
    hub: z.preprocess(blankToUndefined, z.string().trim().max(40).optional()),
    password: z
      .string({ error: `Enter a password of at least ${PASSWORD_MIN_LENGTH} characters` })
      .min(PASSWORD_MIN_LENGTH, `The password must be at least ${PASSWORD_MIN_LENGTH} characters`)
      .max(1024, "The password must be 1,024 characters or fewer"),
  })
  .transform((v, ctx) => {
    const scope = ROLE_SCOPES[v.role];
    if (scope === "agency" && !v.agency) ctx.addIssue({ code: "custom", path: ["agency"], message: "Choose the partner agency the user belongs to" });
    if (scope === "hub" && !v.hub) ctx.addIssue({ code: "custom", path: ["hub"], message: "Choose the early help hub the user belongs to" });
    // Only a partner belongs to an agency and only a hub worker to a hub: the other choice is ignored.
    return { ...v, agency: scope === "agency" ? v.agency : undefined, hub: scope === "hub" ? v.hub : undefined };
  });

export type AddUserForm = z.infer<typeof addUserFormSchema>;
