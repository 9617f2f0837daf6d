/** The public "report a concern" form. Shared by the browser and the server. */
import { z } from "zod";

/** Who the reporter is, in their words, and the census referral source it records. */
export const REPORTER_KINDS = {
  family: { text: "A member of the child's family, or their carer", source: "1A" },
  acquaintance: { text: "A neighbour, friend or childminder", source: "1B" },
  self: { text: "I am the child or young person", source: "1C" },
  public: { text: "Another member of the public", source: "1D" },
  school: { text: "A school", source: "2A" },
  education: { text: "Another education service", source: "2B" },
  gp: { text: "A GP practice", source: "3A" },
  health_visitor: { text: "A health visitor", source: "3B" },
  school_nurse: { text: "A school nurse", source: "3C" },
  hospital: { text: "A hospital emergency department", source: "3E" },
  health_other: { text: "Another health service", source: "3F" },
  housing: { text: "Housing", source: "4" },
  police: { text: "The police", source: "6" },
  voluntary: { text: "A charity, children's centre or other organisation", source: "8" },
  anonymous: { text: "I would rather not say who I am", source: "9" },
} as const;

export type ReporterKind = keyof typeof REPORTER_KINDS;

const optional = (max: number, what: string) =>
  z.string().trim().max(max, `${what} must be ${max.toLocaleString("en-GB")} characters or fewer`).optional().transform((v) => v || null);

/**
 * The key generated into the form when it is rendered: the same report sent twice (double click,
 * retry) is recorded once, and the second gets the first one's reference.
 */
export const REPORT_KEY_MESSAGE = "Your report could not be matched to the page it came from. Check what you typed and send it again.";
const reportKey = z.string({ error: REPORT_KEY_MESSAGE }).regex(/^[A-Za-z0-9:._-]{8,100}$/, REPORT_KEY_MESSAGE);

export const publicReportSchema = z
  .object({
    idempotencyKey: reportKey,
    reporterKind: z.enum(Object.keys(REPORTER_KINDS) as [ReporterKind], { error: "Choose who you are" }),
    reporterName: optional(200, "Your name"),
    reporterOrganisation: optional(200, "Your organisation"),
    reporterPhone: optional(40, "Your phone number"),
    reporterEmail: z
      .string()
      .trim()
      .max(254, "Your e-mail address must be 254 characters or fewer")
      .optional()
      .transform((v) => v || null)
      .refine((v) => v === null || /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(v), "Enter an e-mail address in the correct format, like name@example.org"),
    childFirstName: optional(100, "The child's first name"),
    childLastName: optional(100, "The child's last name"),
    childAge: optional(40, "The child's age"),
    childAddress: optional(300, "The child's address"),
    concern: z
      .string()
      .trim()
      .min(1, "Tell us what you are worried about")
      .min(10, "Tell us a little more about what you are worried about")
      .max(5000, "Your concern must be 5,000 characters or fewer"),
    /** The honeypot: hidden from people, filled in by some robots. */
    website: z.string().optional(),
  })
  .superRefine((v, ctx) => {
    if (!v.childFirstName && !v.childLastName && !v.childAddress) {
      ctx.addIssue({ code: "custom", path: ["childFirstName"], message: "Tell us the child's name or where they live, so we can find them" });
    }
    if (v.reporterKind !== "anonymous" && !v.reporterName) {
      ctx.addIssue({ code: "custom", path: ["reporterName"], message: "Enter your name, or choose 'I would rather not say who I am'" });
    }
  });

export type PublicReport = z.infer<typeof publicReportSchema>;

/** The largest report accepted, in bytes of form data. */
export const MAX_REPORT_BYTES = 32_000;
/** Reports accepted from one address in an hour. */
export const REPORTS_PER_HOUR = 5;
