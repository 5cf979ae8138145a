// A project's settings page as a manager uses it:
// node settings.mjs BASE SHOTS LOGIN PASSWORD PROJECT API_TOKEN STRING_ID -> one line of JSON.
// The localization.one calls are made from here (node's fetch), as a client would.
import { launch, watchedPage, scrollsSideways, signIn as signInAt, DESKTOP, PHONE } from "./browser.mjs";

const [base, shots, login, password, project, oldToken, stringId] = process.argv.slice(2);
const browser = await launch();
const out = {};

async function lone(token, method, params = {}) {
	const r = await fetch(`${base}/api/${token}/${method}`, { method: "POST",
		body: new URLSearchParams(params) });
	return { status: r.status, body: await r.json() };
}

const signIn = (page) => signInAt(page, base, login, password, `/app/p/${project}/settings`);

// A message once it is there (the call it reports on has answered).
const shown = (page, sel) => page.locator(`${sel}:not([hidden]):not(:empty)`).innerText();
const visible = (page, id) => page.locator(`#${id}`).isVisible();

try {
	const { context, page } = await watchedPage(browser, base, DESKTOP);
	page.on("dialog", (d) => d.accept());	// the confirmations: yes
	await signIn(page);
	out.title = await page.title();
	out.tabs_first = { general: await visible(page, "general"), api: await visible(page, "api") };

	// General: a new name, saved
	await page.locator("#general-form").getByLabel("Name", { exact: true }).fill("Renamed by the page");
	await page.getByRole("button", { name: "Save settings" }).click();
	out.saved = await shown(page, "#general-form [role=status]");
	out.crumb = await page.locator(".crumbs span").first().innerText();
	// a bad value: said, next to the field
	await page.getByLabel("Export interval").fill("5000");
	await page.getByRole("button", { name: "Save settings" }).click();
	out.bad = await shown(page, "#general-form [role=alert]");
	out.bad_field = await page.getByLabel("Export interval").getAttribute("aria-invalid");
	out.bad_problems = page.problems.splice(0);	// that 400 was asked for
	await page.getByLabel("Export interval").fill("0");
	await page.screenshot({ path: `${shots}/settings-desktop.png`, fullPage: true });

	// the API tab (seed 000: "open Project Settings page and activate API tab")
	await page.getByRole("link", { name: "API", exact: true }).click();
	out.tabs_api = { general: await visible(page, "general"), api: await visible(page, "api") };
	out.before_allow = await lone(oldToken, "deleteString", { string_id: stringId });
	// the switch, by keyboard
	await page.getByLabel("Allow deleteString via API").focus();
	await page.keyboard.press("Space");
	out.allow_news = await shown(page, "#opt-ins-status");
	out.after_allow = await lone(oldToken, "deleteString", { string_id: stringId });
	// copy: the clipboard, or the text selected
	await page.locator("[data-copy=v-identifier]").click();
	out.copy_news = await shown(page, "#keys-status");
	// a new API token
	await page.locator("[data-regenerate=api-token]").click();
	await page.waitForFunction((old) => document.getElementById("v-api-token").textContent !== old,
				   oldToken);
	out.new_token = await page.locator("#v-api-token").innerText();
	out.regen_news = await shown(page, "#keys-status");
	out.old_token_after = (await lone(oldToken, "getLanguages")).status;
	out.new_token_after = (await lone(out.new_token, "getLanguages")).status;
	await page.screenshot({ path: `${shots}/settings-api-desktop.png`, fullPage: true });

	// Labels: one added
	await page.getByRole("link", { name: "Labels", exact: true }).click();
	const form = page.locator("#label-form");
	await form.getByLabel("Name", { exact: true }).fill("Platform");
	await form.getByLabel(/^Type/).selectOption("select");
	await form.getByLabel(/^Options/).fill("iOS=ios\nAndroid=android");
	await form.getByLabel(/^Default value/).fill("ios");
	await form.getByRole("button", { name: "Add label" }).click();
	out.label_news = await shown(page, "#labels-status");
	out.labels = await page.locator("#label-list > li strong").allInnerTexts();
	// and renamed
	await page.getByRole("button", { name: "Edit Platform" }).click();
	await form.getByLabel("Name", { exact: true }).fill("OS");
	await form.getByRole("button", { name: "Save label" }).click();
	await page.locator("#labels-status", { hasText: "saved" }).waitFor();
	out.labels_renamed = await page.locator("#label-list > li strong").allInnerTexts();
	out.getLabels = (await lone(out.new_token, "getLabels")).body.result.map((l) => l.label_name);
	await page.screenshot({ path: `${shots}/settings-labels-desktop.png`, fullPage: true });
	out.problems = page.problems;
	await context.close();

	// phone width: every tab, no sideways scroll
	const phone = await watchedPage(browser, base, PHONE);
	await signIn(phone.page);
	out.phone_sideways = await scrollsSideways(phone.page);
	await phone.page.screenshot({ path: `${shots}/settings-phone.png`, fullPage: true });
	for (const tab of ["API", "Labels"]) {
		await phone.page.getByRole("link", { name: tab, exact: true }).click();
		out.phone_sideways ||= await scrollsSideways(phone.page);
		await phone.page.screenshot({ path: `${shots}/settings-${tab.toLowerCase()}-phone.png`,
					      fullPage: true });
	}
	out.phone_problems = phone.page.problems;
	await phone.context.close();
} finally {
	await browser.close();
}
console.log(JSON.stringify(out));
