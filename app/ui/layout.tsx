import { Form, Link, useLocation } from "@remix-run/react";
import type { ReactNode } from "react";
import { type NavigationItem, ROLE_LABELS, type Role } from "../auth/roles";

export interface HeaderUser {
  displayName: string;
  role: Role;
  /** Agency or hub the user belongs to, as a name. */
  team: string | null;
  /** Unread notifications (app/notifications/). */
  unread?: number;
}

export function SkipLink() {
  return (
    <a href="#main-content" className="govuk-skip-link" data-module="govuk-skip-link">
      Skip to main content
    </a>
  );
}

/** The council's header: its name and the service, the signed-in person, their role and sign out. */
export function Header({ councilName, serviceName, user }: { councilName: string; serviceName: string; user: HeaderUser | null }) {
  return (
    <header className="app-header" role="banner">
      <div className="app-header__container">
        <div>
          <Link to="/" className="app-header__council">
            {councilName}
          </Link>
          <span className="app-header__service">{serviceName}</span>
        </div>
        {user ? (
          <div className="app-header__user">
            <p className="govuk-body govuk-!-margin-0 app-header__user-details">
              <span className="app-header__user-name">{user.displayName}</span>
              <span className="app-header__role" data-testid="signed-in-role">
                {ROLE_LABELS[user.role]}
                {user.team ? `, ${user.team}` : ""}
              </span>
            </p>
            <Link to="/notifications" className="app-header__notifications" data-testid="notifications-link">
              Notifications
              {user.unread ? (
                <>
                  {" "}
                  <span className="app-header__count" data-testid="unread-count">
                    {user.unread}
                  </span>
                  <span className="govuk-visually-hidden"> unread</span>
                </>
              ) : null}
            </Link>
            <Form method="post" action="/sign-out">
              <button type="submit" className="app-header__sign-out">
                Sign out
              </button>
            </Form>
          </div>
        ) : null}
      </div>
    </header>
  );
}

/** GOV.UK service navigation with the pages of the signed-in person's role. */
export function ServiceNavigation({ items }: { items: NavigationItem[] }) {
  const { pathname } = useLocation();
  if (items.length === 0) return null;
  return (
    <section aria-label="Menu" className="govuk-service-navigation" data-module="govuk-service-navigation">
      <div className="govuk-width-container">
        <div className="govuk-service-navigation__container">
          <nav aria-label="Menu" className="govuk-service-navigation__wrapper">
            <ul className="govuk-service-navigation__list" id="navigation">
              {items.map((item) => {
                const active = pathname === item.href || pathname.startsWith(`${item.href}/`);
                return (
                  <li key={item.href} className={`govuk-service-navigation__item${active ? " govuk-service-navigation__item--active" : ""}`}>
                    <Link to={item.href} className="govuk-service-navigation__link" aria-current={active ? "page" : undefined}>
                      {active ? <strong className="govuk-service-navigation__active-fallback">{item.text}</strong> : item.text}
                    </Link>
                  </li>
                );
              })}
            </ul>
          </nav>
        </div>
      </div>
    </section>
  );
}

export function Footer({ councilName, staff = true }: { councilName: string; staff?: boolean }) {
  return (
    <footer className="govuk-footer" role="contentinfo">
      <div className="govuk-width-container">
        <div className="govuk-footer__meta">
          <div className="govuk-footer__meta-item govuk-footer__meta-item--grow">
            <p className="govuk-body-s app-footer__council">{councilName} children's services</p>
            {/* The staff warning is for staff: a member of the public reporting a concern is not shown it (issue 11, item 10). */}
            {staff ? (
              <p className="govuk-body-s" data-testid="staff-warning">
                This service holds information about children. Use it only for your work, and only for the children you work with. Every view and
                change is recorded.
              </p>
            ) : null}
          </div>
        </div>
      </div>
    </footer>
  );
}

export function PageWidth({ children }: { children: ReactNode }) {
  return (
    <div className="govuk-width-container">
      <main className="govuk-main-wrapper" id="main-content" role="main" tabIndex={-1}>
        {children}
      </main>
    </div>
  );
}

/** The GOV.UK success banner: what was just done, in a heading, and anything more below it. */
/**
 * Why something the user sent was not done (refused, or changed by someone else meanwhile): a GOV.UK
 * error summary with a title and one paragraph, announced at once. Field errors use `ErrorSummary`.
 */
export function RefusalSummary({ title, body, testId }: { title: ReactNode; body: ReactNode; testId?: string }) {
  return (
    <div className="govuk-error-summary" role="alert" tabIndex={-1} data-testid={testId}>
      <h2 className="govuk-error-summary__title">{title}</h2>
      <div className="govuk-error-summary__body">
        <p className="govuk-body">{body}</p>
      </div>
    </div>
  );
}

export function SuccessBanner({ id, heading, testId, children }: { id: string; heading: ReactNode; testId?: string; children?: ReactNode }) {
  return (
    <div className="govuk-notification-banner govuk-notification-banner--success" role="alert" aria-labelledby={`${id}-title`} data-testid={testId}>
      <div className="govuk-notification-banner__header">
        <h2 className="govuk-notification-banner__title" id={`${id}-title`}>
          Success
        </h2>
      </div>
      <div className="govuk-notification-banner__content">
        <p className="govuk-notification-banner__heading">{heading}</p>
        {children}
      </div>
    </div>
  );
}
