/** One way of answering (a partner's return, a hub's accept or decline): a versioned, idempotent form
 * that checks itself in the browser with the same zod schema as the server. */
import { Form } from "@remix-run/react";
import type { FormEvent, ReactNode } from "react";
import type { z } from "zod";
import { formObject } from "../validation/contact-actions";
import { fieldErrors } from "../validation/forms";
import type { ActionFormState } from "./contact-actions";
import { Button } from "./form";

export function AnswerForm({ intent, title, button, primary, heading = "h2", schema, version, formKey, state, onClientErrors, children }: {
  intent: string;
  title: string;
  button: string;
  /** The main answer gets the green button; the others a grey one. */
  primary: boolean;
  heading?: "h2" | "h3";
  schema: z.ZodType;
  version: number;
  formKey: string;
  state: ActionFormState | null;
  onClientErrors: (state: ActionFormState | null) => void;
  children: (errors: Record<string, string>, value: (name: string) => string | undefined) => ReactNode;
}) {
  const mine = state?.intent === intent ? state : null;
  const value = (name: string) => (typeof mine?.values[name] === "string" ? (mine.values[name] as string) : undefined);
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    const object = formObject(new FormData(event.currentTarget));
    const parsed = schema.safeParse(object);
    if (parsed.success) return onClientErrors(null);
    event.preventDefault();
    const { version: _v, idempotencyKey: _k, ...values } = object as Record<string, string>;
    onClientErrors({ intent, errors: fieldErrors(parsed.error), values });
  };
  const Heading = heading;
  return (
    <section className="govuk-!-margin-bottom-6" aria-labelledby={`${intent}-title`} data-testid={`answer-${intent}`}>
      <Heading className={heading === "h2" ? "govuk-heading-m" : "govuk-heading-s"} id={`${intent}-title`}>
        {title}
      </Heading>
      <Form method="post" noValidate onSubmit={onSubmit}>
        <input type="hidden" name="intent" value={intent} />
        <input type="hidden" name="version" value={version} />
        <input type="hidden" name="idempotencyKey" value={`${formKey}:${intent}`} />
        {children(mine?.errors ?? {}, value)}
        <Button secondary={!primary}>{button}</Button>
      </Form>
    </section>
  );
}

/** A row of a GOV.UK summary list. */
export function SummaryRow({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="govuk-summary-list__row">
      <dt className="govuk-summary-list__key">{label}</dt>
      <dd className="govuk-summary-list__value">{children}</dd>
    </div>
  );
}
