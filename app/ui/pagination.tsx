import { Link, useLocation } from "@remix-run/react";

/** GOV.UK pagination: previous / next with "page X of Y". Keeps the other query parameters. */
export function Pagination({ page, pageSize, total }: { page: number; pageSize: number; total: number }) {
  const { pathname, search } = useLocation();
  const pages = Math.max(1, Math.ceil(total / pageSize));
  if (pages <= 1) return null;
  const href = (p: number) => {
    const params = new URLSearchParams(search);
    params.set("page", String(p));
    return `${pathname}?${params}`;
  };
  return (
    <nav className="govuk-pagination govuk-pagination--block" aria-label="Pages">
      {page > 1 ? (
        <div className="govuk-pagination__prev">
          <Link className="govuk-link govuk-pagination__link" to={href(page - 1)} rel="prev">
            <span className="govuk-pagination__link-title">Previous page</span>
            <span className="govuk-visually-hidden">:</span>
            <span className="govuk-pagination__link-label">
              {page - 1} of {pages}
            </span>
          </Link>
        </div>
      ) : null}
      {page < pages ? (
        <div className="govuk-pagination__next">
          <Link className="govuk-link govuk-pagination__link" to={href(page + 1)} rel="next">
            <span className="govuk-pagination__link-title">Next page</span>
            <span className="govuk-visually-hidden">:</span>
            <span className="govuk-pagination__link-label">
              {page + 1} of {pages}
            </span>
          </Link>
        </div>
      ) : null}
    </nav>
  );
}

/** Reads `?page=` safely: a whole number from 1. */
export function pageFrom(request: Request): number {
  const raw = Number(new URL(request.url).searchParams.get("page") ?? "1");
  return Number.isInteger(raw) && raw >= 1 && raw <= 100_000 ? raw : 1;
}
