import { Link } from "@remix-run/react";

/**
 * GOV.UK pagination (previous / next, "page X of Y") for lists paged by position rather than by
 * page number: the links are worked out by the page that shows the list.
 */
export function KeysetPagination({ previousHref, nextHref, page, pages }: { previousHref: string | null; nextHref: string | null; page: number; pages: number }) {
  if (!previousHref && !nextHref) return null;
  return (
    <nav className="govuk-pagination govuk-pagination--block" aria-label="Pages">
      {previousHref ? (
        <div className="govuk-pagination__prev">
          <Link className="govuk-link govuk-pagination__link" to={previousHref} rel="prev">
            <span className="govuk-pagination__link-title">Previous page</span>
            <span className="govuk-visually-hidden">:</span>
            <span className="govuk-pagination__link-label">
              {Math.max(1, page - 1)} of {pages}
            </span>
          </Link>
        </div>
      ) : null}
      {nextHref ? (
        <div className="govuk-pagination__next">
          <Link className="govuk-link govuk-pagination__link" to={nextHref} rel="next">
            <span className="govuk-pagination__link-title">Next page</span>
            <span className="govuk-visually-hidden">:</span>
            <span className="govuk-pagination__link-label">
              {Math.min(pages, page + 1)} of {pages}
            </span>
          </Link>
        </div>
      ) : null}
    </nav>
  );
}
