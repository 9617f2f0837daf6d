/** A new user for a real deployment (`npm run cli -- add-user`): the same rules the users table holds. */
import { z } from "zod";
import { ROLE_SCOPES, ROLES } from "../auth/permissions";

export const PASSWORD_MIN_LENGTH = 12;

export const newUserSchema = z
  .object({
    email: z.string().trim().toLowerCase().pipe(z.email("Enter an e-mail address in the form name@example.org").max(320, "The e-mail address is too long")),
    name: z.string().trim().min(1, "Enter the user's name").max(200, "The name must be 200 characters or fewer"),
    role: z.enum(ROLES, { error: `The role must be one of: ${ROLES.join(", ")}` }),
    agency: z.string().trim().min(1).max(40).optional(),
    hub: z.string().trim().min(1).max(40).optional(),
    password: z
      .string()
      .min(PASSWORD_MIN_LENGTH, `The password must be at least ${PASSWORD_MIN_LENGTH} characters`)
      .max(1024, "The password must be 1,024 characters or fewer"),
  })
  .superRefine((v, ctx) => {
    if (ROLE_SCOPES[v.role] === "agency" && !v.agency) ctx.addIssue({ code: "custom", path: ["agency"], message: "A partner agency officer needs --agency (e.g. police)" });
    if (ROLE_SCOPES[v.role] !== "agency" && v.agency) ctx.addIssue({ code: "custom", path: ["agency"], message: "Only a partner agency officer (role partner) belongs to an agency" });
    if (ROLE_SCOPES[v.role] === "hub" && !v.hub) ctx.addIssue({ code: "custom", path: ["hub"], message: "An early help hub worker needs --hub (e.g. north)" });
    if (ROLE_SCOPES[v.role] !== "hub" && v.hub) ctx.addIssue({ code: "custom", path: ["hub"], message: "Only an early help hub worker (role early_help) belongs to a hub" });
  });

export type NewUser = z.infer<typeof newUserSchema>;
