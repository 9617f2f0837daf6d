/** The page shown while the database is away: plain HTML in the service's words, with the app's own stylesheet when it is known. */
import type { Response } from "express";

export function sendServiceUnavailable(res: Response, options: { councilName: string; stylesheet?: string; dataRequest?: boolean }) {
  res.status(503).set("Retry-After", "5").set("Cache-Control", "no-store");
  if (options.dataRequest) {
    res.type("text/plain").send("The service is unavailable for a moment. Try again in a few seconds.");
    return;
  }
  const escape = (value: string) => value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  res.type("html").send(`<!DOCTYPE html>
<html lang="en-GB" class="govuk-template">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<title>Sorry, the service is unavailable – Children's front door</title>
${options.stylesheet ? `<link rel="stylesheet" href="${escape(options.stylesheet)}">` : ""}
</head>
<body class="govuk-template__body">
<header class="govuk-header" role="banner"><div class="govuk-header__container govuk-width-container"><span class="govuk-header__link govuk-header__link--homepage">${escape(options.councilName)}</span></div></header>
<div class="govuk-width-container"><main class="govuk-main-wrapper" id="main-content" role="main">
<h1 class="govuk-heading-l">Sorry, the service is unavailable</h1>
<p class="govuk-body">The case records cannot be reached at the moment. Everything that was saved is safe.</p>
<p class="govuk-body">Try again in a few seconds. If you were sending a form, go back: what you typed is still there, and you can send it again.</p>
<p class="govuk-body">If a child is at immediate risk, phone the police on 999 — do not wait for the service to return.</p>
</main></div>
</body>
</html>`);
}
