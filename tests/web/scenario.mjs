// Issue 14's whole scenario, one person after another, as they would do it:
// node scenario.mjs BASE SHOTS MANAGER TRANSLATOR PASSWORD IDENTIFIER RECEIVER_URL -> one line of JSON.
//
// The manager (an account made with the CLI) signs in, creates a project with French and
// German, uploads a .po, invites a translator for French; the translator, in a second browser
// context, opens the link, signs in, joins and sees only French.  The manager switches on
// "Allow deleteString via API" and a localization.one deleteString then works, regenerates
// the v1 project key and the old one fails, and sends a webhook test that shows in the log.
import { launch, watchedPage, DESKTOP } from "./browser.mjs";

const [base, shots, manager, translator, password, ident, receiver] = process.argv.slice(2);
const PO = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n' +
	'msgid "Hello"\nmsgstr ""\n\nmsgid "Good bye"\nmsgstr ""\n';
const out = {};

async function signIn(page, login) {
	await page.getByLabel("Login or email").fill(login);
	await page.getByLabel("Password").fill(password);
	await page.getByRole("button", { name: "Sign in" }).click();
}

// What a client gets from the APIs (node's fetch, no browser, no cookie).
async function call(url, params = {}) {
	const r = await fetch(`${base}${url}`, { method: "POST", body: new URLSearchParams(params) });
	return { status: r.status, body: await r.json() };
}

const shown = (page, sel) => page.locator(`${sel}:not([hidden]):not(:empty)`).first().innerText();

const browser = await launch();
try {
	const m = await watchedPage(browser, base, DESKTOP);
	const page = m.page;
	page.on("dialog", (d) => d.accept());

	// sign in, create the project
	await page.goto(`${base}/app/`);
	await signIn(page, manager);
	await page.waitForURL(`${base}/app/`);
	await Promise.all([page.waitForURL(`${base}/app/new`),
			   page.getByRole("link", { name: "Create a project" }).click()]);
	await page.getByRole("textbox", { name: "Name", exact: true }).fill("Scenario");
	await page.getByLabel(/^Identifier/).fill(ident);
	for (const [filter, name] of [["fren", "French fr"], ["germ", "German de"]]) {
		await page.getByRole("searchbox", { name: "Filter" }).fill(filter);
		await page.getByRole("checkbox", { name, exact: true }).check();
	}
	await Promise.all([page.waitForURL(`${base}/app/p/${ident}`),
			   page.getByRole("button", { name: "Create the project" }).click()]);
	out.manager_languages = await page.locator(".lang-name code").allInnerTexts();

	// upload a .po
	const src = page.locator("#upload-source");
	await src.getByLabel("File").setInputFiles({ name: "app.po", mimeType: "text/x-gettext-translation",
						     buffer: Buffer.from(PO) });
	await src.getByRole("button", { name: "Upload" }).click();
	out.upload = await shown(page, "#upload-source [role=status]");
	await page.reload();
	out.tree = await page.locator("#tree .node-name").allInnerTexts();

	// invite a translator for French
	await page.goto(`${base}/app/p/${ident}/members`);
	const form = page.locator("#invite-form");
	await form.getByLabel("Role").selectOption("translator");
	await form.getByRole("checkbox", { name: "French" }).check();
	await form.getByRole("button", { name: "Make an invitation link" }).click();
	await page.locator("#invite-url").waitFor();
	out.link = await page.locator("#invite-url").inputValue();

	// the translator, in a second browser context
	const t = await watchedPage(browser, base, DESKTOP);
	await t.page.goto(out.link);
	await signIn(t.page, translator);
	await t.page.waitForURL(out.link);
	await Promise.all([t.page.waitForURL(`${base}/app/p/${ident}`),
			   t.page.getByRole("button", { name: "Join" }).click()]);
	out.translator_languages = await t.page.locator(".lang-name code").allInnerTexts();
	out.translator_tabs = await t.page.locator("nav.tabs a").allInnerTexts();
	out.translator_upload_forms = await t.page.locator("#upload-source").count();
	await t.page.screenshot({ path: `${shots}/scenario-translator-desktop.png`, fullPage: true });
	out.translator_problems = t.page.problems;
	await t.context.close();

	// "Allow deleteString via API": refused, switched on, then it works
	await page.goto(`${base}/app/p/${ident}/settings`);
	await page.getByRole("link", { name: "API", exact: true }).click();
	const token = await page.locator("#v-api-token").innerText();
	const oldKey = await page.locator("#v-project-key").innerText();
	// a string made through localization.one, as a client would
	const langs = (await call(`/api/${token}/getLanguages`)).body.result;
	const en = langs.find((l) => l.code === "en").id;
	const cat = (await call(`/api/${token}/createCategory`, { name: "Web", parent_id: 0 })).body.result;
	const made = await call(`/api/${token}/createString`, { category_id: cat, string_key: "bye",
		default_translation_language: en, default_translation_value: "Bye" });
	const stringId = made.body.result?.string_id;
	out.string_made = made.status;
	out.delete_before = await call(`/api/${token}/deleteString`, { string_id: stringId });
	await page.getByLabel("Allow deleteString via API").check();
	await shown(page, "#opt-ins-status");
	out.delete_after = await call(`/api/${token}/deleteString`, { string_id: stringId });

	// a new v1 project key: the old one fails, the new one works
	await page.locator("[data-regenerate=project-key]").click();
	await page.waitForFunction((old) => document.getElementById("v-project-key").textContent !== old,
				   oldKey);
	const newKey = await page.locator("#v-project-key").innerText();
	out.old_key = await call(`/api/project/${ident}/info?json`, { key: oldKey });
	out.new_key = await call(`/api/project/${ident}/info?json`, { key: newKey });
	await page.screenshot({ path: `${shots}/scenario-settings-desktop.png`, fullPage: true });

	// a webhook test delivery, in the log
	await page.goto(`${base}/app/p/${ident}/webhooks`);
	await page.getByLabel("localization.one webhook URL").fill(receiver);
	await page.getByRole("button", { name: "Save URLs" }).click();
	await shown(page, "#webhook-urls [role=status]");
	await page.getByRole("button", { name: "Send test: localization.one" }).click();
	await page.locator("#deliveries tbody tr .state-sent").first().waitFor({ timeout: 20000 });
	out.deliveries = await page.locator("#deliveries tbody tr").allInnerTexts();
	await page.screenshot({ path: `${shots}/scenario-webhooks-desktop.png`, fullPage: true });
	out.manager_problems = page.problems;
	await m.context.close();
} finally {
	await browser.close();
}
console.log(JSON.stringify(out));
