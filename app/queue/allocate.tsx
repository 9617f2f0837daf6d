/**
 * Allocating a contact (a manager) and picking one up (a screener), from the queue or the contact
 * page. Both post to /contacts/:id/allocate, which redirects back to `returnTo` when done. With
 * JavaScript the form posts in place and shows a refusal beside itself; without, the allocate
 * page shows it.
 */
import { useFetcher } from "@remix-run/react";
import { useEffect } from "react";
import { allocationSchema } from "./queue.schema";
import { type FormResult, useGovukForm } from "../ui/forms";

export interface AllocatableWorker {
  id: string;
  display_name: string;
  role: string;
}

/** What the allocate route answers a form it did not apply with: Conform's result (errors, what was chosen) and any refusal. */
export interface AllocationRefusal {
  result: FormResult;
  message?: { title: string; body: string };
}

interface CommonProps {
  contactId: string;
  reference: string;
  version: number;
  /**
   * A new key per rendering of the page, sent as it is by every form on it: the server makes each
   * change's key from it, the contact and what is done (`allocationKey`), so a repeated submission of
   * this rendering is applied once without each row repeating its contact in its own key.
   */
  formKey: string;
  /** Where to go back to afterwards: a path on this site. */
  returnTo: string;
  /** In a table row: a smaller form with the label for screen readers only. */
  compact?: boolean;
  /**
   * Given: a refusal is handed to the page to show (the row may leave the page when it reloads),
   * instead of beside the form.
   */
  onRefused?: (reference: string, refusal: AllocationRefusal) => void;
}

/** Hands a refusal with a message to the page, once per answer. */
function useRefusalHandoff(reference: string, data: AllocationRefusal | undefined, onRefused: CommonProps["onRefused"]) {
  useEffect(() => {
    if (data?.message && onRefused) onRefused(reference, data);
  }, [data]); // only when a new answer arrives, not when the callback is re-created
}

function Refusal({ id, refusal }: { id: string; refusal: AllocationRefusal | undefined }) {
  if (!refusal?.message) return null;
  return (
    <div className="govuk-error-summary govuk-!-margin-bottom-3" role="alert" tabIndex={-1} data-testid="allocation-refused" id={`${id}-refused`}>
      <h2 className="govuk-error-summary__title govuk-!-font-size-19">{refusal.message.title}</h2>
      <div className="govuk-error-summary__body">
        <p className="govuk-body-s">{refusal.message.body}</p>
      </div>
    </div>
  );
}

export function AllocateForm({ contactId, reference, version, formKey, returnTo, compact, workers, allocatedTo, onRefused }: CommonProps & {
  workers: readonly AllocatableWorker[];
  allocatedTo: string | null;
}) {
  const fetcher = useFetcher<AllocationRefusal>({ key: `allocate:${contactId}` });
  const refusal = fetcher.state === "idle" ? fetcher.data : undefined;
  useRefusalHandoff(reference, fetcher.data, onRefused);
  const id = `allocate-${contactId}`;
  // The same rules as the server, checked before sending (decision 024).
  const { props, errors, values } = useGovukForm(allocationSchema, fetcher.data?.result, { id: `${id}-form` });
  const error = errors.allocateTo;
  const describedBy = error ? `${id}-error` : undefined;
  return (
    <fetcher.Form
      method="post"
      action={`/contacts/${contactId}/allocate`}
      {...props}
      data-testid={`allocate-${reference}`}
      className={compact ? "app-inline-form" : undefined}
    >
      {onRefused ? null : <Refusal id={id} refusal={refusal} />}
      <input type="hidden" name="intent" value="allocate" />
      <input type="hidden" name="version" value={version} />
      <input type="hidden" name="idempotencyKey" value={formKey} />
      <input type="hidden" name="returnTo" value={returnTo} />
      <div className={`govuk-form-group${error ? " govuk-form-group--error" : ""}${compact ? " govuk-!-margin-bottom-0" : ""}`}>
        <label className={`govuk-label${compact ? " govuk-visually-hidden" : " govuk-label--s"}`} htmlFor={id}>
          {compact ? (
            <>Allocate contact {reference} to</>
          ) : (
            "Allocate to"
          )}
        </label>
        {error ? (
          <p id={`${id}-error`} className="govuk-error-message">
            <span className="govuk-visually-hidden">Error:</span> {error}
          </p>
        ) : null}
        <select
          className={`govuk-select${error ? " govuk-select--error" : ""}`}
          id={id}
          name="allocateTo"
          defaultValue={values.allocateTo ?? allocatedTo ?? ""}
          aria-describedby={describedBy}
        >
          <option value="">Choose a worker…</option>
          {workers.map((w) => (
            <option key={w.id} value={w.id}>
              {w.display_name}
              {w.role === "manager" ? " (manager)" : ""}
            </option>
          ))}
        </select>
      </div>
      <button type="submit" className={`govuk-button govuk-button--secondary${compact ? " govuk-!-margin-bottom-0" : ""}`} data-module="govuk-button" disabled={fetcher.state !== "idle"}>
        Allocate<span className="govuk-visually-hidden"> contact {reference}</span>
      </button>
    </fetcher.Form>
  );
}

export function PickUpForm({ contactId, reference, version, formKey, returnTo, compact, onRefused }: CommonProps) {
  const fetcher = useFetcher<AllocationRefusal>({ key: `pick-up:${contactId}` });
  const refusal = fetcher.state === "idle" ? fetcher.data : undefined;
  useRefusalHandoff(reference, fetcher.data, onRefused);
  return (
    <fetcher.Form method="post" action={`/contacts/${contactId}/allocate`} data-testid={`pick-up-${reference}`} className={compact ? "app-inline-form" : undefined}>
      {onRefused ? null : <Refusal id={`pick-up-${contactId}`} refusal={refusal} />}
      <input type="hidden" name="intent" value="pick-up" />
      <input type="hidden" name="version" value={version} />
      <input type="hidden" name="idempotencyKey" value={formKey} />
      <input type="hidden" name="returnTo" value={returnTo} />
      <button type="submit" className={`govuk-button govuk-button--secondary${compact ? " govuk-!-margin-bottom-0" : ""}`} data-module="govuk-button" disabled={fetcher.state !== "idle"}>
        Pick up<span className="govuk-visually-hidden"> contact {reference}</span>
      </button>
    </fetcher.Form>
  );
}
