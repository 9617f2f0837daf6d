import { expect, test } from "@playwright/test";
import { DEMO_PASSWORD, expectAccessible, signIn } from "./helpers";

const ROLES = [
  { email: "screener@demo.mash.example", path: "/queue", heading: "MASH queue", role: "MASH screener" },
  { email: "manager@demo.mash.example", path: "/oversight", heading: "Management oversight", role: "MASH manager" },
  { email: "police@demo.mash.example", path: "/information-requests", heading: "Information requests", role: "Partner agency officer, Police" },
  { email: "health@demo.mash.example", path: "/information-requests", heading: "Information requests", role: "Partner agency officer, Health" },
  { email: "education@demo.mash.example", path: "/information-requests", heading: "Information requests", role: "Partner agency officer, Education" },
  { email: "north@demo.mash.example", path: "/step-downs", heading: "Step-downs to your hub", role: "Early help hub worker, North hub" },
  { email: "exeter@demo.mash.example", path: "/step-downs", heading: "Step-downs to your hub", role: "Early help hub worker, Exeter hub" },
  { email: "mid-east@demo.mash.example", path: "/step-downs", heading: "Step-downs to your hub", role: "Early help hub worker, Mid & East hub" },
  { email: "south-west@demo.mash.example", path: "/step-downs", heading: "Step-downs to your hub", role: "Early help hub worker, South & West hub" },
  { email: "admin@demo.mash.example", path: "/admin/users", heading: "Users", role: "Administrator" },
  { email: "performance@demo.mash.example", path: "/measures", heading: "Front-door measures", role: "Performance lead" },
];

test("the sign-in page is accessible and the service asks to sign in first", async ({ page }) => {
  await page.goto("/queue");
  await expect(page).toHaveURL(/\/sign-in\?redirectTo=%2Fqueue/);
  await expect(page.getByRole("heading", { level: 1, name: "Sign in" })).toBeVisible();
  await expectAccessible(page);
});

for (const r of ROLES) {
  test(`${r.role} signs in and lands on their own page`, async ({ page }) => {
    await signIn(page, r.email);
    await expect(page).toHaveURL(new RegExp(`${r.path}$`));
    await expect(page.getByRole("heading", { level: 1, name: r.heading })).toBeVisible();
    await expect(page.getByTestId("signed-in-role")).toHaveText(r.role);
    await expectAccessible(page);

    await page.getByRole("button", { name: "Sign out", exact: true }).click();
    await expect(page).toHaveURL(/\/sign-in/);
    // The session was revoked server-side: the old page now asks to sign in again.
    await page.goto(r.path);
    await expect(page).toHaveURL(/\/sign-in/);
  });
}

test("a wrong password gets one clear message that does not say which part was wrong", async ({ page }) => {
  await signIn(page, "screener@demo.mash.example", "not-the-password");
  const summary = page.locator(".govuk-error-summary");
  await expect(summary).toContainText("The e-mail address or password is not right");
  await expect(page.getByLabel("E-mail address")).toHaveValue("screener@demo.mash.example");
  await expectAccessible(page);

  await signIn(page, "nobody@demo.mash.example", "not-the-password");
  await expect(summary).toContainText("The e-mail address or password is not right");
});

test("an empty form is caught with the GOV.UK error summary", async ({ page }) => {
  await page.goto("/sign-in");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.locator(".govuk-error-summary")).toContainText("Enter your e-mail address");
  await expect(page.locator(".govuk-error-summary")).toContainText("Enter your password");
  await expectAccessible(page);
});

test("a role cannot open another role's page", async ({ page }) => {
  await signIn(page, "police@demo.mash.example");
  await expect(page).toHaveURL(/\/information-requests$/);
  const response = await page.goto("/queue");
  expect(response?.status()).toBe(403);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("You do not have permission to see this page");
  await expectAccessible(page);
});

test("an unknown address gets the service's own 404 page", async ({ page }) => {
  await signIn(page, "screener@demo.mash.example");
  const response = await page.goto("/no-such-page");
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Page not found");
  await expectAccessible(page);
});

test("after signing in, a return address that leads off the site is not followed (issue 7, finding 2)", async ({ page }) => {
  await page.goto("/sign-in?redirectTo=%2F..%2F%2Fevil.example%2Fphish");
  await page.getByLabel("E-mail address").fill("manager@demo.mash.example");
  await page.getByLabel("Password").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/oversight$/);
  expect(new URL(page.url()).host).toBe(new URL(test.info().project.use.baseURL!).host);
  await expect(page.getByRole("heading", { level: 1, name: "Management oversight" })).toBeVisible();
});

test("signing in again in the same browser ends the session it held before", async ({ page, browser, baseURL }) => {
  // Two sign-in pages open in one browser (a shared workstation): the first person signs in in one…
  const other = await page.context().newPage();
  await other.goto("/sign-in");
  await signIn(page, "screener@demo.mash.example");
  await expect(page).toHaveURL(/\/queue$/);
  const first = (await page.context().cookies()).find((c) => c.name === "mash_session")!;
  expect(first).toBeTruthy();

  // …the next signs in in the other: the first session is over, even where its cookie is kept.
  await other.getByLabel("E-mail address").fill("manager@demo.mash.example");
  await other.getByLabel("Password").fill(DEMO_PASSWORD);
  await other.getByRole("button", { name: "Sign in" }).click();
  await expect(other).toHaveURL(/\/oversight$/);

  const elsewhere = await browser.newContext({ baseURL });
  await elsewhere.addCookies([{ name: first.name, value: first.value, domain: first.domain, path: first.path }]);
  const stolen = await elsewhere.newPage();
  await stolen.goto("/queue");
  await expect(stolen).toHaveURL(/\/sign-in/);
  await elsewhere.close();
});

test("repeated wrong passwords make the next attempt wait, and say for how long", async ({ page }) => {
  // An account that does not exist, so no demo account waits afterwards: it is throttled all the same.
  for (let i = 1; i <= 6; i++) {
    await signIn(page, "someone-guessed@demo.mash.example", `guess ${i}`);
    await expect(page.locator(".govuk-error-summary")).toContainText("The e-mail address or password is not right");
  }
  await page.getByLabel("Password").fill(DEMO_PASSWORD);
  const [response] = await Promise.all([
    page.waitForResponse((r) => r.request().method() === "POST" && new URL(r.url()).pathname.startsWith("/sign-in")),
    page.getByRole("button", { name: "Sign in" }).click(),
  ]);
  expect(response.status()).toBe(429);
  await expect(page.locator(".govuk-error-summary")).toContainText(/too many attempts to sign in with this e-mail address or from this computer\. Wait 1[0-5] seconds, then try again\./);
  await expectAccessible(page);
});
