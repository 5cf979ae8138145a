// A project's webhooks page: set the localization.one URL, send a test, see it
// delivered in the log, redeliver it, at desktop and phone width:
// node webhooks.mjs BASE SHOTS LOGIN PASSWORD PROJECT RECEIVER_URL -> one line of JSON.
import { launch, watchedPage, scrollsSideways, DESKTOP, PHONE } from "./browser.mjs";

const [base, shots, login, password, project, receiver] = process.argv.slice(2);
const page_url = `${base}/app/p/${project}/webhooks`;

async function signIn(page) {
	await page.goto(`${base}/app/sign-in`);
	await page.getByLabel("Login or email").fill(login);
	await page.getByLabel("Password").fill(password);
	await Promise.all([page.waitForURL(`${base}/app/`),
			   page.getByRole("button", { name: "Sign in" }).click()]);
}

const rowTexts = (page) => page.locator("#deliveries tbody tr").evaluateAll(
	(rows) => rows.map((r) => [...r.children].slice(0, 7).map((td) => td.textContent.trim())));

const browser = await launch();
const out = {};
try {
	const { context, page } = await watchedPage(browser, base, DESKTOP);
	await signIn(page);
	await page.goto(page_url);
	out.tab = await page.locator("nav.tabs [aria-current=page]").innerText();
	// the log is read after the page shows: no deliveries yet
	out.empty_log = await page.locator("#log-empty").waitFor({ timeout: 5000 }).then(() => true, () => false);
	out.test_disabled = await page.getByRole("button", { name: "Send test: localization.one" }).isDisabled();
	// a bad URL: the error shows, nothing saved
	const field = page.getByLabel("localization.one webhook URL");
	await field.fill("http://10.0.0.1/hook");
	await page.getByRole("button", { name: "Save URLs" }).click();
	// (app.js empties the form's notice as it sends: wait for the answer's)
	out.bad_url_error = await page.locator("#webhook-urls [role=alert]:not([hidden])").innerText();
	// the receiver's URL
	await field.fill(receiver);
	await page.getByRole("button", { name: "Save URLs" }).click();
	out.saved = await page.locator("#webhook-urls [role=status]:not([hidden])").innerText();
	out.field_after_save = await field.inputValue();
	// send a test: it shows in the log, pending, then sent
	const test = page.getByRole("button", { name: "Send test: localization.one" });
	out.test_enabled_after_save = await test.isEnabled();
	await test.click();
	await page.locator("#test-news:not([hidden])").waitFor();
	out.test_news = await page.locator("#test-news").innerText();
	await page.locator("#deliveries tbody tr .state-sent").first().waitFor({ timeout: 20000 });
	out.rows_after_test = await rowTexts(page);
	// its payload, as text
	await page.locator("#deliveries tbody tr").first().locator("summary").click();
	out.payload = await page.locator("#deliveries tbody tr").first().locator("pre").innerText();
	// redeliver: a second row, sent too
	await page.locator("#deliveries tbody tr").first().getByRole("button", { name: /^Redeliver/ }).click();
	await page.waitForFunction(() => document.querySelectorAll("#deliveries tbody tr .state-sent").length === 2,
				   null, { timeout: 20000 });
	out.rows_after_redeliver = await rowTexts(page);
	out.redeliver_news = await page.locator("#test-news").innerText();
	await page.screenshot({ path: `${shots}/webhooks-desktop.png`, fullPage: true });
	out.problems = page.problems;	// the bad URL's 400 among them
	await context.close();

	const phone = await watchedPage(browser, base, PHONE);
	await signIn(phone.page);
	await phone.page.goto(page_url);
	await phone.page.locator("#deliveries tbody tr .state-sent").first().waitFor({ timeout: 20000 });
	await phone.page.locator("#deliveries tbody tr").first().locator("summary").click();
	out.phone_sideways = await scrollsSideways(phone.page);
	await phone.page.screenshot({ path: `${shots}/webhooks-phone.png`, fullPage: true });
	out.phone_problems = phone.page.problems;
	await phone.context.close();
} finally {
	await browser.close();
}
console.log(JSON.stringify(out));
