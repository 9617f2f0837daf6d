import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction, redirect } from "@remix-run/node";
import { readForm } from "../http/request.server";
import { Form, useActionData, useNavigation, useSearchParams } from "@remix-run/react";
import { HOME_PATHS, safeRedirectPath } from "../auth/roles";
import { signIn } from "../auth/sign-in.server";
import { Button, ErrorSummary, TextInput } from "../ui/form";
import { parseSubmission, useGovukForm } from "../ui/forms";
import { SIGN_IN_FAILED_MESSAGE, signInSchema, signInThrottledMessage } from "../auth/sign-in.schema";
import { waitInWords } from "../auth/sign-in-throttle";
import { SuccessBanner } from "../ui/layout";

export const meta: MetaFunction = () => [{ title: "Sign in – Children's front door" }];

export function loader({ context }: LoaderFunctionArgs) {
  if (context.auth.user) throw redirect(HOME_PATHS[context.auth.user.role]);
  return null;
}

export async function action({ request, context }: ActionFunctionArgs) {
  const submission = parseSubmission(await readForm(request), signInSchema);
  // Never send the password back.
  const hidden = { hideFields: ["password"] };
  if (submission.status !== "success") return data({ result: submission.reply(hidden) }, { status: 400 });

  const result = await signIn(context.db, {
    email: submission.value.email,
    password: submission.value.password,
    meta: { ipAddress: context.clientIp, userAgent: request.headers.get("user-agent") },
    secure: context.secure,
    // The session this browser held (if any) ends when it signs in again.
    presentedCookie: request.headers.get("cookie"),
    lifetimes: context.config,
  });
  if (!result.ok && result.reason === "throttled") {
    const fieldErrors = { email: [signInThrottledMessage(waitInWords(result.retryAfterSeconds))] };
    return data({ result: submission.reply({ ...hidden, fieldErrors }) }, { status: 429, headers: { "Retry-After": String(result.retryAfterSeconds) } });
  }
  if (!result.ok) return data({ result: submission.reply({ ...hidden, fieldErrors: { email: [SIGN_IN_FAILED_MESSAGE] } }) }, { status: 401 });
  return redirect(safeRedirectPath(submission.value.redirectTo, HOME_PATHS[result.role]), { headers: { "Set-Cookie": result.setCookie } });
}

export default function SignIn() {
  const actionData = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const navigation = useNavigation();
  const { props, errors, values } = useGovukForm(signInSchema, actionData?.result);

  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        {searchParams.get("signedOut") && !Object.keys(errors).length ? (
          <SuccessBanner id="signed-out" heading="You have signed out." />
        ) : null}
        <ErrorSummary errors={errors} />
        <h1 className="govuk-heading-l">Sign in</h1>
        <p className="govuk-body">Sign in with the e-mail address and password of your account.</p>
        {/* The same rules as the server, checked before sending when JavaScript is on. */}
        <Form method="post" {...props}>
          <input type="hidden" name="redirectTo" value={searchParams.get("redirectTo") ?? values.redirectTo ?? ""} />
          <TextInput
            name="email"
            label="E-mail address"
            type="email"
            autoComplete="username"
            spellCheck={false}
            error={errors.email}
            defaultValue={values.email}
          />
          <TextInput name="password" label="Password" type="password" autoComplete="current-password" error={errors.password} width="20" />
          <Button>{navigation.state === "submitting" ? "Signing in…" : "Sign in"}</Button>
        </Form>
        <p className="govuk-body">If you have forgotten your password or cannot sign in, contact the MASH business support team.</p>
        <p className="govuk-body">
          Not a member of staff?{" "}
          <a className="govuk-link" href="/report-a-concern">
            Report a concern about a child
          </a>
          .
        </p>
      </div>
    </div>
  );
}
