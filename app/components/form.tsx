/** GOV.UK form patterns: error summary, inputs with their errors, buttons. */
import { useEffect, useRef } from "react";

/** Field name → the message to show for it, in the user's terms. */
export type FieldErrors = Record<string, string>;

export function ErrorSummary({ errors }: { errors: FieldErrors | null | undefined }) {
  const ref = useRef<HTMLDivElement>(null);
  const entries = Object.entries(errors ?? {});
  useEffect(() => {
    if (entries.length) ref.current?.focus();
  }, [errors]); // eslint-disable-line react-hooks/exhaustive-deps
  if (!entries.length) return null;
  return (
    <div className="govuk-error-summary" data-module="govuk-error-summary" ref={ref} tabIndex={-1}>
      <div role="alert">
        <h2 className="govuk-error-summary__title">There is a problem</h2>
        <div className="govuk-error-summary__body">
          <ul className="govuk-list govuk-error-summary__list">
            {entries.map(([field, message]) => (
              <li key={field}>
                <a href={`#${field}`}>{message}</a>
              </li>
            ))}
          </ul>
        </div>
      </div>
    </div>
  );
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
}

export function TextInput({ name, label, hint, error, defaultValue, type = "text", autoComplete, spellCheck, width, labelSize }: InputProps) {
  const describedBy = [hint ? `${name}-hint` : null, error ? `${name}-error` : null].filter(Boolean).join(" ") || undefined;
  const widthClass = width ? (width === "full" ? " govuk-!-width-full" : ` govuk-input--width-${width}`) : "";
  return (
    <div className={`govuk-form-group${error ? " govuk-form-group--error" : ""}`}>
      <label className={`govuk-label${labelSize ? ` govuk-label--${labelSize}` : ""}`} htmlFor={name}>
        {label}
      </label>
      {hint ? (
        <div id={`${name}-hint`} className="govuk-hint">
          {hint}
        </div>
      ) : null}
      {error ? (
        <p id={`${name}-error`} className="govuk-error-message">
          <span className="govuk-visually-hidden">Error:</span> {error}
        </p>
      ) : null}
      <input
        className={`govuk-input${error ? " govuk-input--error" : ""}${widthClass}`}
        id={name}
        name={name}
        type={type}
        defaultValue={defaultValue}
        autoComplete={autoComplete}
        spellCheck={spellCheck}
        aria-describedby={describedBy}
      />
    </div>
  );
}

export function Button({ children, secondary, name, value }: { children: string; secondary?: boolean; name?: string; value?: string }) {
  return (
    <button type="submit" className={`govuk-button${secondary ? " govuk-button--secondary" : ""}`} data-module="govuk-button" name={name} value={value}>
      {children}
    </button>
  );
}
