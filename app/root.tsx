import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Links, Outlet, Scripts, ScrollRestoration, isRouteErrorResponse, useLoaderData, useLocation, useNavigation, useRouteError, useRouteLoaderData } from "@remix-run/react";
import { useEffect, type ReactNode } from "react";
import { findHeaderFacts } from "../db/queries/users";
import { NAVIGATION } from "./auth/roles";
import { Footer, Header, type HeaderUser, PageWidth, ServiceNavigation, SkipLink } from "./ui/layout";
import { markHydrated, useErrorReference } from "./ui/error-reference";
import { useNonce } from "./ui/nonce";
import { PageTitle, PageTitleProvider } from "./ui/page-title";
import styles from "./styles/app.scss?url";
import { formRefusalMessage } from "./http/request-messages";
import { answerGoneOf } from "./answers/answers";
import { AnswerGoneBody } from "./answers/answer-gone";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: styles },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

export const meta: MetaFunction = () => [{ title: "Children's front door (MASH)" }];

export async function loader({ context }: LoaderFunctionArgs) {
  const { user } = context.auth;
  const headerUser: HeaderUser | null = user
    ? { displayName: user.displayName, role: user.role, ...(await findHeaderFacts(context.db, user)) }
    : null;
  return {
    councilName: context.config.councilName,
    serviceName: context.config.serviceName,
    user: headerUser,
  };
}

function Document({ children }: { children: ReactNode }) {
  const nonce = useNonce();
  const data = useRouteLoaderData<typeof loader>("root");
  const councilName = data?.councilName ?? "Children's services";
  const user = data?.user ?? null;
  // The public's pages (reporting a concern) do not carry the staff warning.
  const location = useLocation();
  const publicPage = location.pathname.startsWith("/report-a-concern");
  const settled = useNavigation().state === "idle";
  useEffect(() => {
    markHydrated();
    document.body.classList.add("govuk-frontend-supported");
  }, []);
  // GOV.UK Frontend's behaviours (conditional reveals, error summary focus …) on every page the
  // browser shows, including those reached without a full load; elements already set up are left.
  useEffect(() => {
    if (!settled) return;
    void import("govuk-frontend").then(({ initAll }) =>
      initAll({ onError: (error) => { if (!(error instanceof Error && error.name === "InitError")) console.error(error); } }),
    );
  }, [location.key, settled]);
  return (
    <PageTitleProvider>
      <html lang="en-GB" className="govuk-template">
        <head>
          <meta charSet="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1, viewport-fit=cover" />
          <meta name="theme-color" content="#005b4f" />
          <meta name="robots" content="noindex, nofollow" />
          <PageTitle />
          <Links />
        </head>
        <body className="govuk-template__body">
          <SkipLink />
          <Header councilName={councilName} serviceName={data?.serviceName ?? "Front door"} user={user} />
          {user ? <ServiceNavigation items={NAVIGATION[user.role]} /> : null}
          <PageWidth>{children}</PageWidth>
          <Footer councilName={councilName} staff={!publicPage} />
          <ScrollRestoration nonce={nonce} />
          <Scripts nonce={nonce} />
        </body>
      </html>
    </PageTitleProvider>
  );
}

export default function App() {
  useLoaderData<typeof loader>();
  return (
    <Document>
      <Outlet />
    </Document>
  );
}

/** 404, 403 and 500 pages in the service's own words; never a stack trace or an internal message. */
export function ErrorBoundary() {
  const error = useRouteError();
  const requestId = useErrorReference();
  const status = isRouteErrorResponse(error) ? error.status : 500;
  let title = "Sorry, there is a problem with the service";
  let body: ReactNode = (
    <>
      <p className="govuk-body">Try again later. Anything you had already saved is safe.</p>
      <p className="govuk-body">
        If it keeps happening, contact the MASH business support team and tell them the time it happened
        {requestId ? (
          <>
            {" "}and this reference: <strong data-error-reference="">{requestId}</strong>
          </>
        ) : null}
        .
      </p>
    </>
  );
  // The partner's own request the MASH withdrew (or whose contact closed) meanwhile: still 404, said plainly.
  const gone = status === 404 && isRouteErrorResponse(error) ? answerGoneOf(error.data) : null;
  if (gone) {
    title = gone.gone.title;
    body = <AnswerGoneBody notice={gone} />;
  } else if (status === 404) {
    title = "Page not found";
    body = (
      <>
        <p className="govuk-body">If you typed the web address, check it is correct.</p>
        <p className="govuk-body">If you pasted the web address, check you copied the entire address.</p>
        <p className="govuk-body">
          <a className="govuk-link" href="/">
            Go to your start page
          </a>
        </p>
      </>
    );
  } else if (status === 403) {
    title = "You do not have permission to see this page";
    body = (
      <>
        <p className="govuk-body">Your role does not give access to this page. If you need it for your work, ask your manager or an administrator.</p>
        <p className="govuk-body">
          <a className="govuk-link" href="/">
            Go to your start page
          </a>
        </p>
      </>
    );
  } else if (status === 409 || status === 400 || status === 415) {
    title = "Sorry, that could not be done";
    // A form the service could not read says why, in words the person can act on.
    const refusal = isRouteErrorResponse(error) ? formRefusalMessage(error.data) : null;
    if (refusal) body = <p className="govuk-body">{refusal}</p>;
  }
  return (
    <Document>
      <title>{`${title} – Children's front door`}</title>
      <h1 className="govuk-heading-l">{title}</h1>
      {body}
    </Document>
  );
}
