import { expect, test } from "@playwright/test";
import { expectAccessible, recordContactAwaitingPartners, signInAs, uniqueLetters } from "./helpers";

/**
 * A partner's answer to their own agency's request that the MASH withdrew meanwhile (decision 028
 * keeps the 404): the page says plainly that the MASH withdrew it, when and why (the reason's label,
 * not who), and shows back what was typed, read-only, to copy. Another agency still gets the plain
 * "Page not found".
 */
test("police's late answer to a request the MASH withdrew meanwhile says so and keeps what was typed", async ({ browser }) => {
  test.setTimeout(180_000);
  const mash = await (await browser.newContext()).newPage();
  await signInAs(mash, "screener@demo.mash.example");
  const { contactUrl } = await recordContactAwaitingPartners(mash, { firstName: "Wren", lastName: `Late-${uniqueLetters()}` }, ["police"]);
  const contactId = contactUrl.split("/").at(-1)!;
  const requestUrl = `/information-requests/${encodeURIComponent(`${contactId}:police`)}`;

  // Police open the request and type their answer.
  const police = await (await browser.newContext()).newPage();
  await signInAs(police, "police@demo.mash.example");
  expect((await police.goto(requestUrl))?.status()).toBe(200);
  const returnForm = police.getByTestId("answer-PARTNER_INFORMATION_RETURNED");
  await returnForm.locator("[name=rag][value=amber]").check();
  await returnForm.getByLabel("Why you gave this rating").fill("Two call-outs this year.");
  await returnForm.getByLabel("The information you are returning").fill("Domestic incident at the address on 3 May; no arrests.");

  // Meanwhile the MASH withdraws it.
  const withdraw = mash.getByTestId("withdraw-police");
  await withdraw.locator("summary").click();
  await withdraw.getByLabel("Sent in error").check();
  await withdraw.getByRole("button", { name: /Withdraw the request/ }).click();
  await expect(mash.getByTestId("done-banner")).toContainText("Request withdrawn");

  // Police send: not found, but told why, with what they typed to copy.
  await returnForm.getByRole("button", { name: "Return information" }).click();
  await expect(police.getByRole("heading", { level: 1 })).toHaveText("The MASH withdrew this request");
  const gone = police.getByTestId("answer-gone");
  await expect(gone).toContainText(/The MASH withdrew it on .+\./);
  await expect(gone).toContainText("Reason: Sent in error.");
  await expect(gone).not.toContainText("Sam Okafor");
  await expect(police.getByLabel("Why you gave this rating")).toHaveValue("Two call-outs this year.");
  await expect(police.getByLabel("Your information or note")).toHaveValue("Domestic incident at the address on 3 May; no arrests.");
  await expect(police.getByLabel("Your information or note")).toHaveAttribute("readonly", "");
  await expectAccessible(police);

  // Opened afresh: still 404, with the same notice.
  expect((await police.goto(requestUrl))?.status()).toBe(404);
  await expect(police.getByRole("heading", { level: 1 })).toHaveText("The MASH withdrew this request");

  // Another agency is not told the request exists.
  const health = await (await browser.newContext()).newPage();
  await signInAs(health, "health@demo.mash.example");
  expect((await health.goto(requestUrl))?.status()).toBe(404);
  await expect(health.getByRole("heading", { level: 1 })).toHaveText("Page not found");
  await mash.context().close();
  await police.context().close();
  await health.context().close();
});
