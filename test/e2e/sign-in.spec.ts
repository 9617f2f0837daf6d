import { expect, test } from "@playwright/test";
import { expectAccessible, signIn } from "./helpers";

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
