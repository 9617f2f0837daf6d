/** A GOV.UK text input for a number, with its unit after it (the input suffix pattern), as the settings pages use. */
import { LabelledField } from "./form";

export function NumberInput({ name, label, hint, suffix, error, defaultValue, width = "3", inputMode = "numeric" }: {
  name: string;
  label: string;
  hint: string;
  /** The unit shown after the box ("hours", "%"); hidden from screen readers, so the label says it too. */
  suffix: string;
  error?: string;
  defaultValue: string;
  width?: "3" | "4" | "10";
  inputMode?: "numeric" | "decimal";
}) {
  return (
    <LabelledField id={name} label={label} hint={hint} error={error}>
      {(describedBy) => (
        <div className="govuk-input__wrapper">
          <input
            className={`govuk-input govuk-input--width-${width}${error ? " govuk-input--error" : ""}`}
            id={name}
            name={name}
            type="text"
            inputMode={inputMode}
            spellCheck={false}
            defaultValue={defaultValue}
            aria-describedby={describedBy}
          />
          <div className="govuk-input__suffix" aria-hidden="true">
            {suffix}
          </div>
        </div>
      )}
    </LabelledField>
  );
}
