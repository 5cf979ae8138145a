// Create a project through its form, then its dashboard: upload a source .po
// and its French translation (progress bar, result, the file in the tree),
// download the French file and ZIP:
// node dashboard.mjs BASE SHOTS LOGIN PASSWORD IDENTIFIER -> one line of JSON.
import { launch, watchedPage, scrollsSideways, DESKTOP, PHONE } from "./browser.mjs";

const [base, shots, login, password, ident] = process.argv.slice(2);
const PO = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n' +
	'msgid "Hello"\nmsgstr ""\n\nmsgid "Good bye"\nmsgstr ""\n';
const PO_FR = PO.replace('msgid "Hello"\nmsgstr ""', 'msgid "Hello"\nmsgstr "Bonjour"');
const file = (name, text) => ({ name, mimeType: "text/x-gettext-translation", buffer: Buffer.from(text) });

async function signIn(page) {
	await page.goto(`${base}/app/sign-in`);
	await page.getByLabel("Login or email").fill(login);
	await page.getByLabel("Password").fill(password);
	await Promise.all([page.waitForURL(`${base}/app/`), page.getByRole("button", { name: "Sign in" }).click()]);
}

const browser = await launch();
const out = {};
try {
	const { context, page } = await watchedPage(browser, base, DESKTOP);
	await signIn(page);
	await Promise.all([page.waitForURL(`${base}/app/new`),
			   page.getByRole("link", { name: "Create a project" }).click()]);
	await page.getByRole("textbox", { name: "Name", exact: true }).fill("Browser made");
	await page.getByLabel(/^Identifier/).fill(ident);
	// the filter narrows the languages; French is chosen from what is left
	await page.getByRole("searchbox", { name: "Filter" }).fill("fren");
	out.filtered = await page.locator("#lang-checks label:visible").count();
	await page.getByRole("checkbox", { name: "French fr", exact: true }).check();
	await page.getByRole("searchbox", { name: "Filter" }).fill("ukrai");
	await page.getByRole("checkbox", { name: "Ukrainian uk", exact: true }).check();
	out.chosen = await page.locator("#lang-count").innerText();
	await page.screenshot({ path: `${shots}/new-project-desktop.png`, fullPage: true });
	// a v1 error first (an identifier v1 refuses), shown as an alert
	await page.getByLabel(/^Identifier/).fill("bad identifier!");
	await page.getByRole("button", { name: "Create the project" }).click();
	out.create_error = await page.getByRole("alert").innerText();
	out.create_error_problems = page.problems.splice(0);
	await page.getByLabel(/^Identifier/).fill(ident);
	await Promise.all([page.waitForURL(`${base}/app/p/${ident}`),
			   page.getByRole("button", { name: "Create the project" }).click()]);
	out.languages = await page.locator(".lang-name code").allInnerTexts();

	// a directory (through v1 with the session, as a script of the page would), then a
	// source file into it
	out.dir_made = await page.evaluate(async (id) => (await fetch(
		`/api/project/${id}/add-directory?json&name=locale`, { method: "POST",
			headers: { "X-CSRF-Token": document.body.dataset.csrf } })).status, ident);
	await page.reload();
	const src = page.locator("#upload-source");
	await src.getByLabel("File").setInputFiles(file("app.po", PO));
	await src.getByLabel("Into").selectOption("locale");
	await src.getByRole("button", { name: "Upload" }).click();
	await page.locator("#upload-source [role=status]").waitFor();
	out.source_result = await page.locator("#upload-source [role=status]").innerText();
	out.source_bar = await page.locator("#upload-source .upload-progress").evaluate((b) => [b.hidden, b.value]);
	out.tree = await page.locator("#tree .node-name").allInnerTexts();
	// its French translation
	const tr = page.locator("#upload-translation");
	await tr.getByLabel("Translated file").setInputFiles(file("app.fr.po", PO_FR));
	await tr.getByLabel("Language").selectOption("fr");
	await tr.getByRole("button", { name: "Upload" }).click();
	await page.locator("#upload-translation [role=status]").waitFor();
	out.translation_result = await page.locator("#upload-translation [role=status]").innerText();
	out.fr_progress = await page.locator("#tree progress").first().getAttribute("value");
	out.fr_summary = await page.locator(".lang").first().innerText();
	// the same file again: update-file, skipped as unchanged
	await page.locator("#upload-source").getByLabel("File").setInputFiles(file("app.po", PO));
	await page.locator("#upload-source").getByLabel("Into").selectOption("locale");
	await page.locator("#upload-source").getByRole("button", { name: "Upload" }).click();
	await page.locator("#upload-source [role=status]").waitFor();
	out.again_result = await page.locator("#upload-source [role=status]").innerText();
	// the French file of app.po, then the French ZIP
	const [dl] = await Promise.all([page.waitForEvent("download"),
					page.getByRole("link", { name: "fr file" }).click()]);
	out.file_name = dl.suggestedFilename();
	out.file_text = (await (await dl.createReadStream()).toArray()).join("");
	await page.getByRole("button", { name: "Download fr.zip" }).click();
	const zipLink = page.locator("#export-status a");
	await zipLink.waitFor();
	const [zip] = await Promise.all([page.waitForEvent("download"), zipLink.click()]);
	out.zip_name = zip.suggestedFilename();
	out.zip_magic = (await (await zip.createReadStream()).toArray())[0]?.subarray(0, 2).toString();
	await page.screenshot({ path: `${shots}/dashboard-desktop.png`, fullPage: true });
	out.problems = page.problems;
	await context.close();

	const phone = await watchedPage(browser, base, PHONE);
	await signIn(phone.page);
	await phone.page.goto(`${base}/app/new`);
	out.phone_sideways = await scrollsSideways(phone.page);
	await phone.page.screenshot({ path: `${shots}/new-project-phone.png`, fullPage: true });
	await phone.page.goto(`${base}/app/p/${ident}`);
	out.phone_sideways ||= await scrollsSideways(phone.page);
	await phone.page.screenshot({ path: `${shots}/dashboard-phone.png`, fullPage: true });
	out.phone_problems = phone.page.problems;
	await phone.context.close();
} finally {
	await browser.close();
}
console.log(JSON.stringify(out));
