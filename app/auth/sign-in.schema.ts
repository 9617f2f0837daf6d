import { z } from "zod";

/** The sign-in form. Used in the browser (before sending) and on the server. */
export const signInSchema = z.object({
  email: z.string({ error: "Enter your e-mail address" }).trim().min(1, "Enter your e-mail address").max(254, "E-mail address must be 254 characters or fewer").email("Enter an e-mail address in the correct format, like name@example.org"),
  password: z.string({ error: "Enter your password" }).min(1, "Enter your password").max(1024, "Password must be 1,024 characters or fewer"),
  redirectTo: z.string().optional(),
});

export const SIGN_IN_FAILED_MESSAGE = "The e-mail address or password is not right. Check them and try again.";
/** Said when an attempt must wait: how long, in words ("45 seconds", "2 minutes"). */
export function signInThrottledMessage(wait: string): string {
  return `There have been too many attempts to sign in with this e-mail address or from this computer. Wait ${wait}, then try again.`;
}
