// The settings page's "QA checks" tab as a manager uses it: a check made an error, saved,
// still an error after a reload; the switch turned off and on by keyboard.
// node settings-qa.mjs BASE SHOTS LOGIN PASSWORD PROJECT -> one line of JSON.
import { launch, watchedPage, scrollsSideways, signIn as signInAt, DESKTOP, PHONE } from "./browser.mjs";

const [base, shots, login, password, project] = process.argv.slice(2);
const browser = await launch();
const out = {};
const MISSING = /^A placeholder of the source is not in the translation/;

const signIn = (page) => signInAt(page, base, login, password, `/app/p/${project}/settings`);

const shown = (page, sel) => page.locator(`${sel}:not([hidden]):not(:empty)`).innerText();

try {
	const { context, page } = await watchedPage(browser, base, DESKTOP);
	await signIn(page);
	await page.getByRole("link", { name: "QA checks", exact: true }).click();
	out.tab = { qa: await page.locator("#qa").isVisible(),
		    general: await page.locator("#general").isVisible() };
	out.current = await page.locator("[data-tabs] a[aria-current]").innerText();
	out.switch_on = await page.getByLabel("Run QA checks when a translation is saved").isChecked();
	out.rows = await page.locator("#qa-form select").count();
	const missing = page.getByRole("combobox", { name: MISSING });
	out.before = await missing.inputValue();
	await missing.selectOption({ label: "Error (blocks the save)" });
	await page.getByRole("combobox", { name: /^The numbers in the translation/ }).selectOption("off");
	await page.getByRole("button", { name: "Save QA checks" }).click();
	out.saved = await shown(page, "#qa-status[role=status]");
	await page.reload();
	out.after_reload_tab = await page.locator("#qa").isVisible();
	out.after_reload = await page.getByRole("combobox", { name: MISSING }).inputValue();
	out.numbers_after_reload = await page.getByRole("combobox", {
		name: /^The numbers in the translation/ }).inputValue();
	await page.screenshot({ path: `${shots}/settings-qa-desktop.png`, fullPage: true });
	// the switch by keyboard: off, saved with Enter on the button
	await page.getByLabel("Run QA checks when a translation is saved").focus();
	await page.keyboard.press("Space");
	await page.getByRole("button", { name: "Save QA checks" }).focus();
	await page.keyboard.press("Enter");
	await page.locator("#qa-status", { hasText: "no check runs" }).waitFor();
	out.switch_news = await shown(page, "#qa-status");
	out.problems = page.problems;
	await context.close();

	const phone = await watchedPage(browser, base, PHONE);
	await signIn(phone.page);
	await phone.page.getByRole("link", { name: "QA checks", exact: true }).click();
	out.phone_sideways = await scrollsSideways(phone.page);
	await phone.page.screenshot({ path: `${shots}/settings-qa-phone.png`, fullPage: true });
	out.phone_problems = phone.page.problems;
	await phone.context.close();
} finally {
	await browser.close();
}
console.log(JSON.stringify(out));
