import { expect, test } from "@playwright/test";
import { act, expectAccessible, recordConsent, recordContactAboutNewPerson, setPriority, signIn, signInAs, startScreening, uniqueLetters } from "./helpers";

/**
 * Agencies are data and requests are need to know (issue 12, items 1, 3 and 4): an administrator adds
 * an agency and a partner user of it; a screener asks that agency with a question and a summary; the
 * new partner reads only what they need to know, returns Red with a rationale, then corrects it to
 * Amber — both answers stay visible — and cannot open the contact itself.
 */
test("an administrator adds an agency and a partner user of it answers a request, then corrects the answer", async ({ browser }) => {
  test.setTimeout(180_000);
  // Letters only: it is part of a child's surname too.
  const suffix = uniqueLetters();
  const agencyName = `Early years ${suffix}`;
  const email = `early-years-${suffix}@example.org`;
  const password = "a long enough password";

  // The administrator adds the agency, then a partner user of it.
  const admin = await (await browser.newContext()).newPage();
  await signInAs(admin, "admin@demo.mash.example");
  await admin.goto("/admin/agencies");
  await expect(admin.getByTestId("agency-youth_justice")).toContainText("In use");
  await expect(admin.getByTestId("agency-school_nursing")).toBeVisible();
  await expectAccessible(admin);

  // At 375 px the agencies and the hubs fit the screen: nothing scrolls sideways, a row's name box
  // starts at the row's left edge (no empty label column) and its Rename button is whole on screen.
  await admin.setViewportSize({ width: 375, height: 800 });
  for (const [path, row] of [["/admin/agencies", "agency-school_nursing"], ["/admin/hubs", "hub-north"]] as const) {
    await admin.goto(path);
    expect(await admin.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth), `${path} scrolls sideways at 375 px`).toBeLessThanOrEqual(0);
    const rowBox = (await admin.getByTestId(row).boundingBox())!;
    const input = (await admin.getByTestId(row).locator("input[name=name]").boundingBox())!;
    const rename = (await admin.getByTestId(row).getByRole("button", { name: /^Rename/ }).boundingBox())!;
    expect(input.x - rowBox.x).toBeLessThanOrEqual(16);
    expect(input.width).toBeGreaterThanOrEqual(200);
    expect(rename.x).toBeGreaterThanOrEqual(0);
    expect(rename.x + rename.width).toBeLessThanOrEqual(375);
    await admin.screenshot({ path: `test-results/admin-375${path.replace(/\//g, "-")}.png`, fullPage: true });
  }
  await admin.setViewportSize({ width: 1280, height: 800 });
  await admin.goto("/admin/agencies");
  const add = admin.getByTestId("add-agency");
  await add.getByRole("button", { name: "Add an agency" }).click();
  await expect(admin.locator(".govuk-error-summary")).toContainText("Enter the name");
  await expectAccessible(admin);
  await add.getByLabel("Name").fill(agencyName);
  await add.getByRole("button", { name: "Add an agency" }).click();
  await expect(admin.getByTestId("done-banner")).toContainText(`${agencyName} has been added.`);

  await admin.goto("/admin/users");
  await admin.getByRole("button", { name: "Add a user" }).click();
  await expect(admin).toHaveURL(/\/admin\/users\/new$/);
  await expectAccessible(admin);
  await admin.getByLabel("Name", { exact: true }).fill("Ellie Years");
  await admin.getByLabel("E-mail address").fill(email);
  await admin.getByRole("radio", { name: "Partner agency officer" }).check();
  await admin.getByLabel("Partner agency (for a partner agency officer)").selectOption({ label: agencyName });
  await admin.getByLabel("Password").fill(password);
  await admin.getByRole("button", { name: "Add user" }).click();
  await expect(admin).toHaveURL(/\/admin\/users\?added=/);
  await expect(admin.getByRole("row").filter({ hasText: email })).toContainText(agencyName);
  await admin.context().close();

  // A screener asks the new agency, with a question and a summary for it alone.
  const mash = await (await browser.newContext()).newPage();
  await signInAs(mash, "screener@demo.mash.example");
  const { reference, contactUrl } = await recordContactAboutNewPerson(mash, { firstName: "Nell", lastName: `Yearsley-${suffix}` }, { concern: "Nursery staff saw a burn mark on Nell's hand and the mother's explanation changed twice." });
  await startScreening(mash);
  await setPriority(mash, "Amber", "An unexplained injury reported by nursery staff.");
  await recordConsent(mash);
  const code = `early_years_${suffix}`;
  await act(mash, "Request partner information", async () => {
    const form = mash.getByTestId("action-REQUEST_PARTNER_INFORMATION");
    await form.locator(`[name=agencies][value=${code}]`).check();
    // The per-agency question and summary are revealed under the ticked box.
    await form.getByLabel(`Question for ${agencyName} (optional)`).fill("Is Nell known to your nursery staff for earlier injuries?");
    await form.getByLabel(`Summary to share with ${agencyName} (optional)`).fill("Nell, 3, unexplained burn to the hand seen at nursery.");
  });
  await expect(mash.getByTestId("contact-state")).toHaveText("Awaiting partner information");
  await mash.context().close();

  // The new partner signs in and reads what they need to know, and nothing more.
  const partner = await (await browser.newContext()).newPage();
  await signIn(partner, email, password);
  await expect(partner).toHaveURL(/\/information-requests$/);
  await partner.getByRole("row").filter({ hasText: reference }).getByRole("link", { name: reference }).click();
  await expect(partner.getByRole("heading", { level: 1 })).toHaveText(`Contact ${reference}`);
  await expect(partner.getByText(`Information request to ${agencyName}`)).toBeVisible();
  await expect(partner.getByTestId("request-details")).toContainText("Is Nell known to your nursery staff for earlier injuries?");
  await expect(partner.getByTestId("shared-summary")).toHaveText("Nell, 3, unexplained burn to the hand seen at nursery.");
  await expect(partner.getByTestId("request-details")).toContainText("Consent: the family agreed");
  await expect(partner.getByTestId("identifying-details")).toContainText(`Nell Yearsley-${suffix}`);
  await expect(partner.locator("main")).not.toContainText("the mother's explanation changed twice");
  await expectAccessible(partner);

  const returnForm = partner.getByTestId("answer-PARTNER_INFORMATION_RETURNED");
  await returnForm.getByLabel("Red").check();
  await returnForm.getByLabel("Why you gave this rating").fill("A second injury in a month, with no explanation.");
  await returnForm.getByLabel("The information you are returning").fill("Staff logged a bruise on Nell's arm on 2 March; the mother said she fell.");
  await returnForm.getByRole("button", { name: "Return information" }).click();
  await expect(partner.getByTestId("done-banner")).toContainText("Your information has been sent to the MASH");
  await expect(partner.getByTestId("answer-current")).toContainText("Red");
  await expect(partner.getByTestId("answer-current")).toContainText("Serious concern");
  await expect(partner.getByTestId("answer-current")).toContainText("A second injury in a month, with no explanation.");
  await expect(partner.getByTestId("answer-PARTNER_INFORMATION_RETURNED")).toHaveCount(0);
  await expectAccessible(partner);

  // A correction: a new version beside the old one, both visible.
  await partner.getByTestId("correct-answer").locator("summary").click();
  const correct = partner.getByTestId("correction-PARTNER_INFORMATION_RETURNED");
  await correct.getByLabel("Amber").check();
  await correct.getByLabel("Why you gave this rating").fill("The bruise was explained by the setting's own accident record.");
  await correct.getByLabel("The information you are returning").fill("Staff logged a bruise on 2 March; the setting's accident book records a fall in the playground.");
  await correct.getByRole("button", { name: "Send corrected information" }).click();
  await expect(partner.getByTestId("done-banner")).toContainText("Your information has been sent to the MASH");
  await expect(partner.getByTestId("answer-current")).toContainText("Amber");
  await expect(partner.getByTestId("answer-current")).toContainText("accident book");
  await expect(partner.getByTestId("answer-earlier-1")).toContainText("Red");
  await expect(partner.getByTestId("answer-earlier-1")).toContainText("the mother said she fell");
  await expectAccessible(partner);

  // Need to know: the partner cannot open the contact itself.
  const contactPage = await partner.goto(contactUrl);
  expect(contactPage?.status()).toBe(403);
  await partner.context().close();
});
