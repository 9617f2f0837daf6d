/** GOV.UK form patterns: error summary, inputs with their errors, buttons. */
import { Fragment, type MouseEvent, type ReactNode, useEffect, useRef } from "react";
import { useReportErrorsShown } from "./page-title";

/** Field name → the message to show for it, in the user's terms. */
export type FieldErrors = Record<string, string>;

/** `idPrefix`: when several forms share a page, their fields' ids are `<prefix>-<field>`. */
export function ErrorSummary({ errors, idPrefix }: { errors: FieldErrors | null | undefined; idPrefix?: string }) {
  const ref = useRef<HTMLDivElement>(null);
  const entries = Object.entries(errors ?? {});
  // The page's title says "Error: " while errors are shown (app/ui/page-title.tsx).
  useReportErrorsShown(entries.length > 0);
  useEffect(() => {
    if (entries.length) ref.current?.focus();
  }, [errors]); // only when a new set of errors arrives
  if (!entries.length) return null;
  return (
    <div className="govuk-error-summary" data-module="govuk-error-summary" ref={ref} tabIndex={-1}>
      <div role="alert">
        <h2 className="govuk-error-summary__title">There is a problem</h2>
        <div className="govuk-error-summary__body">
          <ul className="govuk-list govuk-error-summary__list">
            {entries.map(([field, message]) => {
              const id = idPrefix ? `${idPrefix}-${field}` : field;
              return (
                <li key={field}>
                  <a href={`#${id}`} onClick={(event) => focusField(event, id)}>
                    {message}
                  </a>
                </li>
              );
            })}
          </ul>
        </div>
      </div>
    </div>
  );
}

/**
 * With JavaScript, a link of the error summary focuses its field (its label or legend scrolled into
 * view), as GOV.UK Frontend does, without changing the address: a new address would be a navigation,
 * which forgets the form's last answer and with it what was typed. Without JavaScript the link is a plain anchor.
 */
function focusField(event: MouseEvent<HTMLAnchorElement>, id: string) {
  const field = document.getElementById(id);
  if (!field) return;
  event.preventDefault();
  const label = document.querySelector(`label[for="${CSS.escape(id)}"]`) ?? field.closest("fieldset")?.querySelector("legend");
  (label ?? field).scrollIntoView();
  field.focus({ preventScroll: true });
}

interface InputProps {
  name: string;
  label: string;
  hint?: string;
  error?: string;
  defaultValue?: string;
  type?: "text" | "email" | "password" | "tel" | "number";
  autoComplete?: string;
  spellCheck?: boolean;
  width?: "10" | "20" | "30" | "full";
  labelSize?: "s" | "m" | "l";
  idPrefix?: string;
}

export function TextInput({ name, label, hint, error, defaultValue, type = "text", autoComplete, spellCheck, width, labelSize, idPrefix }: InputProps) {
  const id = idPrefix ? `${idPrefix}-${name}` : name;
  const widthClass = width ? (width === "full" ? " govuk-!-width-full" : ` govuk-input--width-${width}`) : "";
  return (
    <LabelledField id={id} label={label} labelSize={labelSize ?? null} hint={hint} error={error}>
      {(describedBy) => (
        <input
          className={`govuk-input${error ? " govuk-input--error" : ""}${widthClass}`}
          id={id}
          name={name}
          type={type}
          defaultValue={defaultValue}
          autoComplete={autoComplete}
          spellCheck={spellCheck}
          aria-describedby={describedBy}
        />
      )}
    </LabelledField>
  );
}

/** `formAction`: where this button sends the form, when not the form's own address (e.g. with an anchor to come back at). */
export function Button({ children, secondary, name, value, formAction }: { children: string; secondary?: boolean; name?: string; value?: string; formAction?: string }) {
  return (
    <button type="submit" className={`govuk-button${secondary ? " govuk-button--secondary" : ""}`} data-module="govuk-button" name={name} value={value} formAction={formAction}>
      {children}
    </button>
  );
}

interface Choice {
  value: string;
  text: string;
  hint?: string;
}

function ErrorMessage({ id, error }: { id: string; error?: string }) {
  if (!error) return null;
  return (
    <p id={`${id}-error`} className="govuk-error-message">
      <span className="govuk-visually-hidden">Error:</span> {error}
    </p>
  );
}

/** The form group around one field: its label, hint and error message, and the ids that describe the field. */
export function LabelledField({ id, label, labelSize = "s", hint, error, children }: {
  id: string;
  label: string;
  labelSize?: "s" | "m" | "l" | null;
  hint?: string;
  error?: string;
  children: (describedBy: string | undefined) => ReactNode;
}) {
  return (
    <div className={`govuk-form-group${error ? " govuk-form-group--error" : ""}`}>
      <label className={`govuk-label${labelSize ? ` govuk-label--${labelSize}` : ""}`} htmlFor={id}>
        {label}
      </label>
      {hint ? (
        <div id={`${id}-hint`} className="govuk-hint">
          {hint}
        </div>
      ) : null}
      <ErrorMessage id={id} error={error} />
      {children(describedBy(id, hint, error))}
    </div>
  );
}

function describedBy(id: string, hint?: string, error?: string): string | undefined {
  return [hint ? `${id}-hint` : "", error ? `${id}-error` : ""].join(" ").trim() || undefined;
}

/**
 * GOV.UK radios or checkboxes in a fieldset: one markup for both, differing only in the input's
 * type and class names. The first choice carries the field's id, for the error summary link.
 */
function ChoiceList({ kind, name, legend, hint, choices, error, checked, inline, idPrefix, conditional }: {
  kind: "radios" | "checkboxes";
  name: string;
  legend: string;
  hint?: string;
  choices: Choice[];
  error?: string;
  checked: (value: string) => boolean;
  inline?: boolean;
  idPrefix?: string;
  conditional?: (choice: Choice) => ReactNode;
}) {
  const id = idPrefix ? `${idPrefix}-${name}` : name;
  return (
    <div className={`govuk-form-group${error ? " govuk-form-group--error" : ""}`}>
      <fieldset className="govuk-fieldset" aria-describedby={describedBy(id, hint, error)}>
        <legend className="govuk-fieldset__legend govuk-fieldset__legend--s">{legend}</legend>
        {hint ? (
          <div id={`${id}-hint`} className="govuk-hint">
            {hint}
          </div>
        ) : null}
        <ErrorMessage id={id} error={error} />
        <div className={`govuk-${kind} govuk-${kind}--small${inline ? ` govuk-${kind}--inline` : ""}`} data-module={`govuk-${kind}`}>
          {choices.map((choice, i) => {
            const choiceId = i === 0 ? id : `${id}-${choice.value}`;
            return (
              <Fragment key={choice.value}>
                <div className={`govuk-${kind}__item`}>
                  <input
                    className={`govuk-${kind}__input`}
                    id={choiceId}
                    name={name}
                    type={kind === "radios" ? "radio" : "checkbox"}
                    value={choice.value}
                    defaultChecked={checked(choice.value)}
                    data-aria-controls={conditional ? `${id}-${choice.value}-conditional` : undefined}
                  />
                  <label className={`govuk-label govuk-${kind}__label`} htmlFor={choiceId}>
                    {choice.text}
                  </label>
                </div>
                {conditional ? (
                  <div
                    className={`govuk-${kind}__conditional${checked(choice.value) ? "" : ` govuk-${kind}__conditional--hidden`}`}
                    id={`${id}-${choice.value}-conditional`}
                  >
                    {conditional(choice)}
                  </div>
                ) : null}
              </Fragment>
            );
          })}
        </div>
      </fieldset>
    </div>
  );
}

/** GOV.UK radios in a fieldset. The first radio carries the field's id, for the error summary link. */
export function Radios({ defaultValue, ...props }: {
  name: string;
  legend: string;
  hint?: string;
  choices: Choice[];
  error?: string;
  defaultValue?: string;
  inline?: boolean;
  idPrefix?: string;
  /** Fields revealed under a radio when it is chosen (GOV.UK conditional reveal; all shown without JavaScript). */
  conditional?: (choice: Choice) => ReactNode;
}) {
  return <ChoiceList kind="radios" checked={(value) => defaultValue === value} {...props} />;
}

export function Checkboxes({ defaultValues = [], ...props }: {
  name: string;
  legend: string;
  hint?: string;
  choices: Choice[];
  error?: string;
  defaultValues?: string[];
  idPrefix?: string;
  /** Fields revealed under a box when it is ticked (GOV.UK conditional reveal; all shown without JavaScript). */
  conditional?: (choice: Choice) => ReactNode;
}) {
  return <ChoiceList kind="checkboxes" checked={(value) => defaultValues.includes(value)} {...props} />;
}

export function Textarea({ name, label, hint, error, defaultValue, rows = 4, idPrefix }: {
  name: string;
  label: string;
  hint?: string;
  error?: string;
  defaultValue?: string;
  rows?: number;
  idPrefix?: string;
}) {
  const id = idPrefix ? `${idPrefix}-${name}` : name;
  return (
    <LabelledField id={id} label={label} hint={hint} error={error}>
      {(describedBy) => (
        <textarea
          className={`govuk-textarea${error ? " govuk-textarea--error" : ""}`}
          id={id}
          name={name}
          rows={rows}
          defaultValue={defaultValue}
          aria-describedby={describedBy}
        />
      )}
    </LabelledField>
  );
}

export function Select({ name, label, hint, choices, error, defaultValue, idPrefix }: {
  name: string;
  label: string;
  hint?: string;
  choices: Choice[];
  error?: string;
  defaultValue?: string;
  idPrefix?: string;
}) {
  const id = idPrefix ? `${idPrefix}-${name}` : name;
  return (
    <LabelledField id={id} label={label} hint={hint} error={error}>
      {(describedBy) => (
        <select
          className={`govuk-select${error ? " govuk-select--error" : ""}`}
          id={id}
          name={name}
          defaultValue={defaultValue ?? ""}
          aria-describedby={describedBy}
        >
          <option value="">Choose…</option>
          {choices.map((c) => (
            <option key={c.value} value={c.value}>
              {c.text}
            </option>
          ))}
        </select>
      )}
    </LabelledField>
  );
}

/** GOV.UK date input: day, month and year fields named `<name>.day` etc. The day field carries `<name>.day` as its id. */
export function DateInput({ name, legend, hint, error, value }: {
  name: string;
  legend: string;
  hint?: string;
  error?: string;
  value?: { day?: string; month?: string; year?: string };
}) {
  const part = (key: "day" | "month" | "year", label: string, width: "2" | "4") => (
    <div className="govuk-date-input__item">
      <div className="govuk-form-group">
        <label className="govuk-label govuk-date-input__label" htmlFor={`${name}.${key}`}>
          {label}
        </label>
        <input
          className={`govuk-input govuk-date-input__input govuk-input--width-${width}${error ? " govuk-input--error" : ""}`}
          id={`${name}.${key}`}
          name={`${name}.${key}`}
          type="text"
          inputMode="numeric"
          defaultValue={value?.[key] ?? ""}
        />
      </div>
    </div>
  );
  return (
    <div className={`govuk-form-group${error ? " govuk-form-group--error" : ""}`}>
      <fieldset className="govuk-fieldset" role="group" aria-describedby={[hint ? `${name}-hint` : "", error ? `${name}-error` : ""].join(" ").trim() || undefined}>
        <legend className="govuk-fieldset__legend govuk-fieldset__legend--s">{legend}</legend>
        {hint ? (
          <div id={`${name}-hint`} className="govuk-hint">
            {hint}
          </div>
        ) : null}
        <ErrorMessage id={name} error={error} />
        <div className="govuk-date-input" id={name}>
          {part("day", "Day", "2")}
          {part("month", "Month", "2")}
          {part("year", "Year", "4")}
        </div>
      </fieldset>
    </div>
  );
}
