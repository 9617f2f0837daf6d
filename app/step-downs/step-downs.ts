/**
 * An early help hub's answer to a step-down, as the browser and the server both know it: accept
 * (naming the lead practitioner) or decline (with a reason), their zod schema (used in the browser
 * before sending and on the server) and the pages' words. Who may answer and the machine event
 * each answer becomes: step-downs.server.ts.
 */
import { z } from "zod";
import { submissionFields } from "../contacts/contact-actions.schema";
import { type AnswerWords, text } from "../answers/answers";

export const stepDownResponseSchema = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("ACCEPT_STEP_DOWN"),
    ...submissionFields,
    leadPractitioner: text("Enter the name of the lead practitioner", "Lead practitioner", 200),
  }),
  z.object({
    intent: z.literal("DECLINE_STEP_DOWN"),
    ...submissionFields,
    reason: text("Enter why the hub is declining the step-down", "Why the hub is declining"),
  }),
]);

export type StepDownResponse = z.infer<typeof stepDownResponseSchema>;
export type StepDownResponseIntent = StepDownResponse["intent"];

export const STEP_DOWN_WORDS: AnswerWords<StepDownResponseIntent> = {
  list: { path: "/step-downs", back: "Back to step-downs" },
  done: {
    ACCEPT_STEP_DOWN: "You have accepted the step-down: the episode of early help has started",
    DECLINE_STEP_DOWN: "You have declined the step-down: the contact has gone back to the MASH for a new decision",
  },
  doneOtherwise: "Your answer has been recorded",
  refusedTitle: "Your answer cannot be recorded now",
};
