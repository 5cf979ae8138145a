// The create- and edit-string dialogs (web/static/string_dialog.js), driven on a project page
// that does not use them yet (the dashboard): the module is imported as a page would, then
// the dialogs are filled in with real clicks and typing.
// node string_dialog.mjs BASE SHOTS PROJECT MANAGER PASSWORD -> one line of JSON.
import { launch, watchedPage, scrollsSideways, DESKTOP, PHONE } from "./browser.mjs";

const [base, shots, project, manager, password] = process.argv.slice(2);
const browser = await launch();
const out = {};

async function openProject(viewport) {
	const w = await watchedPage(browser, base, viewport);
	await w.page.goto(`${base}/app/p/${project}`);
	await w.page.getByLabel("Login or email").fill(manager);
	await w.page.getByLabel("Password").fill(password);
	await w.page.getByRole("button", { name: "Sign in" }).click();
	await w.page.waitForURL(`${base}/app/p/${project}`);
	return w;
}

// Open a dialog from the module (its URL: app.js's, static.c serves any hash's name);
// its promise is kept on window.__dialog.
async function start(page, fn, arg) {
	await page.evaluate(async ([fn, arg]) => {
		const url = document.querySelector('script[src$="/app.js"]').src.replace(/app\.js$/, "string_dialog.js");
		const m = await import(url);
		window.__dialog = m[fn](arg);
	}, [fn, arg]);
	await page.locator("dialog.string-dialog[open]").waitFor();
}

// What the dialog's promise gave (or "pending" when it has not settled in 10 s: the alert says why).
async function result(page) {
	const r = await page.evaluate(() => Promise.race([window.__dialog,
		new Promise((ok) => setTimeout(() => ok("pending"), 10000))]));
	if (r === "pending")
		throw new Error(`the dialog did not close: ${await page.locator("dialog [role=alert]").innerText().catch(() => "")}`);
	return r;
}

try {
	const { page, context } = await openProject(DESKTOP);
	const d = page.locator("dialog.string-dialog");

	// create: a key that is taken first (the server's refusal shows in the dialog), then a new one
	await start(page, "createStringDialog", { project });
	out.create_title = await d.getByRole("heading").innerText();
	out.focused = await page.evaluate(() => document.activeElement?.name);
	await d.getByLabel("Key").pressSequentially("taken.key");
	await d.getByLabel("Category").selectOption({ label: "Website / Header" });
	const ctx = d.getByLabel("Context", { exact: true });
	await ctx.pressSequentially("Toolbar button");
	out.counter = await d.locator(".sd-count").innerText();
	await ctx.fill("é".repeat(2501));
	out.counter_over = await d.locator(".sd-count").innerText();
	out.counter_over_error = await d.locator(".sd-count").evaluate((e) => e.classList.contains("error"));
	await d.getByRole("button", { name: "Create string" }).click();
	out.alert_long = await d.getByRole("alert").innerText();
	await ctx.fill("");
	await ctx.pressSequentially("Shown on the toolbar");
	out.urgent_preset = await d.getByRole("checkbox", { name: "urgent" }).isChecked();
	out.owner_preset = await d.getByLabel("owner").inputValue();
	await d.getByLabel("area").selectOption({ label: "Back" });
	await d.getByLabel("Language").selectOption("fr");
	await d.getByLabel("Text", { exact: true }).pressSequentially("Enregistrer");
	await d.getByRole("button", { name: "Create string" }).click();
	await d.getByRole("alert").filter({ hasText: "already exists" }).waitFor();
	out.alert_dup = await d.getByRole("alert").innerText();
	await page.screenshot({ path: `${shots}/string-dialog-create-desktop.png` });
	await d.getByLabel("Key").fill("");
	await d.getByLabel("Key").pressSequentially("toolbar.save");
	await d.getByRole("button", { name: "Create string" }).click();
	out.created = await result(page);
	out.dialog_gone = await page.locator("dialog.string-dialog").count();

	// create by copying, then cancel one with Escape
	await start(page, "createStringDialog", { project });
	await d.getByLabel("Key").pressSequentially("toolbar.save.copy");
	await d.getByLabel("Category").selectOption({ label: "Website" });
	await d.getByRole("radio", { name: "Copy translations from string id" }).check();
	out.text_hidden = await d.getByLabel("Text", { exact: true }).isHidden();
	await d.getByRole("textbox", { name: "String id" }).pressSequentially(String(out.created));
	await d.getByRole("button", { name: "Create string" }).click();
	out.copied = await result(page);
	await start(page, "createStringDialog", { project });
	await page.keyboard.press("Escape");
	out.cancelled = await result(page);

	// edit: the detail as the editor reads it, a new key and context, one label, disapprove all
	const string = await page.evaluate(async ([p, id]) => (await fetch(
		`/app/api/projects/${p}/editor/fr/strings/${id}`)).json(), [project, out.created]);
	await start(page, "editStringDialog", { project, string });
	out.edit_key = await d.getByLabel("Key").inputValue();
	out.edit_area = await d.getByLabel("area").inputValue();
	out.box_texts = await d.locator("label.check").allInnerTexts();
	await d.getByLabel("Key").fill("");
	await d.getByLabel("Key").pressSequentially("toolbar.saved");
	await d.getByRole("checkbox", { name: "urgent" }).uncheck();
	await d.getByRole("checkbox", { name: "Disapprove all approved translations of this string" }).check();
	await page.screenshot({ path: `${shots}/string-dialog-edit-desktop.png` });
	await d.getByRole("button", { name: "Save" }).click();
	out.saved = await result(page);
	out.problems = page.problems;
	await context.close();

	// a phone: the edit dialog fits, nothing scrolls sideways
	const phone = await openProject(PHONE);
	const string2 = await phone.page.evaluate(async ([p, id]) => (await fetch(
		`/app/api/projects/${p}/editor/fr/strings/${id}`)).json(), [project, out.created]);
	await start(phone.page, "editStringDialog", { project, string: string2 });
	out.phone_sideways = await scrollsSideways(phone.page);
	out.phone_dialog_width = await phone.page.locator("dialog.string-dialog").evaluate((e) => e.getBoundingClientRect().width);
	out.phone_dialog_scroll = await phone.page.locator("dialog.string-dialog").evaluate((e) => e.scrollWidth > e.clientWidth + 1);
	await phone.page.screenshot({ path: `${shots}/string-dialog-edit-phone.png` });
	await phone.page.getByRole("button", { name: "Cancel" }).click();
	out.phone_cancelled = await result(phone.page);
	await start(phone.page, "createStringDialog", { project });
	out.phone_create_scroll = await phone.page.locator("dialog.string-dialog").evaluate((e) => e.scrollWidth > e.clientWidth + 1);
	await phone.page.screenshot({ path: `${shots}/string-dialog-create-phone.png` });
	out.phone_problems = phone.page.problems;
	await phone.context.close();
} catch (e) {
	out.error = String(e.stack || e);
} finally {
	await browser.close();
	console.log(JSON.stringify(out));
}
