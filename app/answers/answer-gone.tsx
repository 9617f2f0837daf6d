/**
 * The 404 page for an answer to the answerer's own row that can no longer be answered (the MASH
 * withdrew the request, or closed the contact): says so plainly and shows back what was typed, as
 * read-only text to copy (decision 028 keeps the 404; the root error boundary shows this body).
 */
import type { AnswerGoneData } from "./answers";
import { formatDateTime } from "../ui/format";

export function AnswerGoneBody({ notice }: { notice: AnswerGoneData }) {
  const { gone, typed } = notice;
  return (
    <div data-testid="answer-gone">
      {gone.at ? <p className="govuk-body">The MASH withdrew it on {formatDateTime(gone.at)}.</p> : null}
      <p className="govuk-body">{gone.body}</p>
      {typed?.length ? (
        <>
          <h2 className="govuk-heading-m">What you typed</h2>
          <p className="govuk-body">It was not sent. Copy it if you need it.</p>
          {typed.map((t, i) => (
            <div className="govuk-form-group" key={i}>
              <label className="govuk-label govuk-label--s" htmlFor={`typed-${i}`}>{t.label}</label>
              <textarea className="govuk-textarea" id={`typed-${i}`} readOnly rows={5} defaultValue={t.value} data-testid="typed-text" />
            </div>
          ))}
        </>
      ) : null}
      <p className="govuk-body">
        <a className="govuk-link" href="/information-requests">Go to your information requests</a>
      </p>
    </div>
  );
}
