import { expect, test } from "@playwright/test";
import { expectAccessible, signInAs } from "./helpers";

test("a screener records a police call about two siblings; nothing typed is lost on an error", { tag: "@no-js" }, async ({ page }) => {
  await signInAs(page, "screener@demo.mash.example");
  await page.getByRole("link", { name: "Record a contact" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Record a contact");
  await expectAccessible(page);

  await page.getByLabel("Referrer's name").fill("PC Dan Hughes");
  await page.getByRole("radio", { name: "A professional" }).check();
  await page.getByLabel("Organisation (for a professional)").fill("Devon and Cornwall Police");
  await page.getByLabel("Referral source (census code)").selectOption("6");
  await page.getByRole("radio", { name: "Police notification" }).check();
  await page.locator("[id='children.0.firstName']").fill("Ava");
  await page.locator("[id='children.0.lastName']").fill("Thornton");
  await page.locator("[id='children.0.sex']").check();

  // A second child, added without losing anything typed so far.
  await page.getByRole("button", { name: "Add another child" }).click();
  await expect(page.locator("[id='children.1.lastName']")).toBeVisible();
  await expect(page.locator("[id='children.0.firstName']")).toHaveValue("Ava");
  await page.locator("[id='children.1.firstName']").fill("Leo");
  await page.locator("[id='children.1.lastName']").fill("Thornton");
  await page.locator("[id='children.1.sex-M']").check();
  await page.locator("[id='children.1.nhsNumber']").fill("943 476 5918"); // wrong check digit

  await page.getByLabel("The concern, in the referrer's words").fill("Police attended a domestic abuse incident at the home last night; both children were present.");
  await page.getByLabel("Domestic abuse: parent or carer (3B)").check();
  await page.locator("[id='immediateRisk-no']").check();
  await page.getByRole("radio", { name: "Consent not sought" }).check();
  await page.getByRole("button", { name: "Record the contact" }).click();

  const summary = page.locator(".govuk-error-summary");
  await expect(summary).toContainText("Enter a valid NHS number");
  await expect(page.getByLabel("The concern, in the referrer's words")).toHaveValue(/domestic abuse incident/);
  await expectAccessible(page);

  await page.locator("[id='children.1.nhsNumber']").fill("943 476 5919");
  await page.getByRole("button", { name: "Record the contact" }).click();
  await expect(page.getByTestId("recorded-banner")).toContainText("recorded, with MASH-");
  await expect(page.getByTestId("contact-state")).toHaveText("Received");
  await expect(page.locator(".govuk-summary-list")).toContainText("Ava Thornton (as the referrer described them)");
  await expect(page.locator(".govuk-summary-list")).toContainText("Domestic abuse: parent or carer");
  await expectAccessible(page);

  // The sibling's contact is its own, linked to this one.
  await page.locator(".govuk-summary-list").getByRole("link", { name: /MASH-/ }).click();
  await expect(page.locator(".govuk-summary-list")).toContainText("Leo Thornton (as the referrer described them)");
});

test("a double click on 'Record the contact' records one contact, and the form sent again shows that same contact", async ({ page }) => {
  await signInAs(page, "screener@demo.mash.example");
  await page.goto("/contacts/new");
  await page.getByLabel("Referrer's name").fill("Ms Okafor");
  await page.getByRole("radio", { name: "A professional" }).check();
  await page.getByLabel("Organisation (for a professional)").fill("Exeter Primary School");
  await page.getByLabel("Referral source (census code)").selectOption("2A");
  await page.getByRole("radio", { name: "Phone call" }).check();
  await page.locator("[id='children.0.firstName']").fill("Noah");
  await page.locator("[id='children.0.lastName']").fill("Pemberton");
  await page.locator("[id='children.0.sex-M']").check();
  await page.getByLabel("The concern, in the referrer's words").fill("Noah said he had not eaten since Friday and fell asleep in class.");
  await page.locator("[id='immediateRisk-no']").check();
  await page.getByRole("radio", { name: "Consent given" }).check();

  // The form exactly as the browser would send it, idempotency key and all.
  const body = await page.evaluate(() => {
    const form = (document.querySelector("button[value=record]") as HTMLButtonElement).form!;
    return new URLSearchParams(new FormData(form) as unknown as Record<string, string>).toString();
  });
  expect(body).toMatch(/idempotencyKey=[0-9a-f-]{36}/);

  await page.getByRole("button", { name: "Record the contact" }).dblclick();
  await expect(page.getByTestId("recorded-banner")).toContainText("recorded");
  await page.waitForURL(/\/contacts\/[0-9a-f-]{36}\?recorded=1$/);
  const recorded = new URL(page.url()).pathname;

  // Two more sends of the same form at the same moment (a retry, a third click): each is answered
  // with the contact already recorded; nothing new is recorded.
  const answered = await page.evaluate(async (form) => {
    const send = () => fetch("/contacts/new", { method: "POST", body: new URLSearchParams(form) }).then((r) => ({ status: r.status, path: new URL(r.url).pathname }));
    return Promise.all([send(), send()]);
  }, body);
  expect(answered).toEqual([{ status: 200, path: recorded }, { status: 200, path: recorded }]);
  await expect(page.locator(".govuk-summary-list")).toContainText("Noah Pemberton (as the referrer described them)");
  const reference = (await page.getByTestId("recorded-banner").textContent())!.match(/MASH-\d{4}-\d{6}/)![0];

  // The same form with other details is refused in plain words rather than answered with Noah's contact.
  const changed = await page.evaluate(async (form) => {
    const fields = new URLSearchParams(form);
    fields.set("concern", "A different concern, sent with the same form.");
    const response = await fetch("/contacts/new", { method: "POST", body: fields });
    return { status: response.status, text: await response.text() };
  }, body);
  expect(changed.status).toBe(409);
  expect(changed.text).toContain(`This form was already used to record ${reference}, with different details, so nothing was recorded now.`);
});
