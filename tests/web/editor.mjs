// The translation editor's scenario (issue 16), as people would do it:
// node editor.mjs BASE SHOTS IDENTIFIER TRANSLATOR TRANSLATOR2 PROOFREADER PASSWORD MANAGER
//   -> one line of JSON.
//
// A translator opens the editor for Russian (one/few/many/other), shows the untranslated
// strings, opens one with a translation-memory match and uses it, saves with Ctrl+Enter and
// lands on the next untranslated string: a plural one.  She fills its four forms, one without
// the %d placeholder, is warned about it, inserts it with Alt+1 and saves: the next string.  A
// proofreader approves the plural string.  Then two translators open the same string; the
// first saves, the second saves and sees the conflict with the first one's text, and saves
// hers anyway.  A manager creates a string with seed 003's dialog from the editor and
// edits its key.  Each part records what it saw; a part that fails records why and the next
// part still runs (parts whose calls are missing on the server say so).
import { launch, watchedPage, scrollsSideways, DESKTOP, PHONE } from "./browser.mjs";

const [base, shots, ident, translator, translator2, proofreader, password, manager] =
	process.argv.slice(2);
const editor = `${base}/app/p/${ident}/editor/ru`;
const out = { failed: {} };

async function signIn(page, login, next) {
	await page.goto(`${base}/app/sign-in?next=${new URL(next).pathname}`);
	await page.getByLabel("Login or email").fill(login);
	await page.getByLabel("Password").fill(password);
	await Promise.all([page.waitForURL(next), page.getByRole("button", { name: "Sign in" }).click()]);
}

async function part(name, fn) {
	try {
		await fn();
	} catch (e) {
		out.failed[name] = String(e.message || e).split("\n")[0].slice(0, 300);
	}
}

const T = { timeout: 8000 };
const row = (page, text) => page.locator(".ed-row", { hasText: text });
const openRow = async (page, text) => {
	await row(page, text).click();
	await page.locator("#ed-source", { hasText: text }).waitFor(T);
};
const sourceText = (page) => page.locator("#ed-source").innerText();


const browser = await launch();
try {
	const t = await watchedPage(browser, base, DESKTOP);
	const page = t.page;
	await signIn(page, translator, editor);

	await part("filter", async () => {
		await page.locator(".ed-row").first().waitFor(T);
		out.all_rows = await page.locator(".ed-row .src").allTextContents();
		await page.getByLabel("Show").selectOption("untranslated");
		await page.waitForFunction(() => document.querySelectorAll(".ed-row").length === 4);
		out.untranslated_rows = await page.locator(".ed-row .src").allTextContents();
		out.keys_line = await page.locator(".ed-keys").innerText();
	});

	await part("tm", async () => {
		await row(page, /document.+now/).click();
		await page.locator("#ed-source", { hasText: /document.+now/ }).waitFor(T);
		// white space made visible: the source's double space and trailing space
		out.ws_marks = await page.locator("#ed-source .ws").count();
		out.meta = await page.locator("#ed-meta").innerText();
		const use = page.locator("#ed-tm").getByRole("button", { name: "Use this match" }).first();
		await use.waitFor(T);
		out.tm_score = await page.locator("#ed-tm .score").first().innerText();
		out.tm_diff = await page.locator("#ed-tm .ed-diff").first().innerHTML();
		await use.click();
		out.tm_used = await page.getByLabel("Translation (Russian)", { exact: true }).inputValue();
	});

	await part("tm_save", async () => {
		const input = page.getByLabel("Translation (Russian)", { exact: true });
		if (!await input.inputValue())		// no TM on the server: typed instead
			await input.fill("Сохранить документы сейчас");
		await page.keyboard.press("Control+Enter");
		// the source's double and trailing spaces: QA warns; Ctrl+Enter again goes on
		await page.locator("#ed-qa li").first().waitFor(T);
		out.tm_qa = await page.locator("#ed-qa li").allInnerTexts();
		await page.keyboard.press("Control+Enter");
		await page.locator("#ed-source", { hasText: "file was deleted" }).waitFor(T);
		out.after_tm_save = await sourceText(page);
		out.saved_notice = await page.locator("#ed-notice").innerText();
	});

	await part("plural", async () => {
		if (!(await sourceText(page)).includes("file was deleted"))
			await openRow(page, "files were deleted");
		out.plural_labels = await page.locator("#ed-inputs label").allInnerTexts();
		out.source_forms = await page.locator("#ed-source .cat").allInnerTexts();
		out.placeholder_buttons = await page.locator("#ed-ph button").allInnerTexts();
		const forms = { one: "%d файл удалён", few: "%d файла удалены", many: "%d файлов удалено",
				other: "файла удалено" };	// "other" lacks %d
		for (const [cat, text] of Object.entries(forms))
			await page.getByLabel(new RegExp(`form “${cat}”`)).fill(text);
		await page.screenshot({ path: `${shots}/editor-desktop.png`, fullPage: true });
		await page.getByLabel(/form “other”/).focus();
		await page.keyboard.press("Control+Enter");
		const qa = page.locator("#ed-qa li").first();
		await qa.waitFor(T);
		out.qa_warning = await page.locator("#ed-qa").innerText();
		out.qa_role = await page.locator("#ed-qa").getAttribute("role");
		out.still_on_plural = (await sourceText(page)).includes("file was deleted");
		await page.screenshot({ path: `${shots}/editor-desktop.png`, fullPage: true });
		// the missing placeholder at the caret's start, by its shortcut
		await page.getByLabel(/form “other”/).press("Home");
		await page.keyboard.press("Alt+1");
		await page.keyboard.type(" ");
		out.fixed_other = await page.getByLabel(/form “other”/).inputValue();
		await page.keyboard.press("Control+Enter");
		await page.locator("#ed-source", { hasText: "Open the settings" }).waitFor(T);
		out.after_plural_save = await sourceText(page);
	});

	await part("navigate", async () => {
		if (!(await sourceText(page)).includes("Open the settings"))
			await openRow(page, "Open the settings");
		await page.keyboard.press("Alt+ArrowDown");
		await page.locator("#ed-source", { hasText: "Close the window" }).waitFor(T);
		await page.keyboard.press("Alt+ArrowUp");
		await page.locator("#ed-source", { hasText: "Open the settings" }).waitFor(T);
		await page.getByLabel("Translation (Russian)", { exact: true }).focus();
		await page.keyboard.press("Control+Shift+C");
		out.copied = await page.getByLabel("Translation (Russian)", { exact: true }).inputValue();
	});
	out.translator_problems = page.problems.splice(0);
	await t.context.close();

	// the proofreader approves the plural string
	const p = await watchedPage(browser, base, DESKTOP);
	await signIn(p.page, proofreader, editor);
	await part("approve", async () => {
		await p.page.getByLabel("Show").selectOption("unapproved");
		await p.page.locator(".ed-row", { hasText: "files were deleted" }).waitFor(T);
		await openRow(p.page, "files were deleted");
		const tr = p.page.locator(".ed-tr").first();
		out.proofread_sees = await tr.locator(".ed-tr-text").innerText();
		await tr.getByRole("button", { name: "Approve" }).click();
		await p.page.locator(".ed-tr.approved").first().waitFor(T);
		out.approved_meta = await p.page.locator(".ed-tr.approved small").first().innerText();
	});
	out.proofreader_problems = p.page.problems.splice(0);
	await p.context.close();

	// two people, one string
	const a = await watchedPage(browser, base, DESKTOP), b = await watchedPage(browser, base, DESKTOP);
	await part("conflict", async () => {
		await signIn(a.page, translator, editor);
		await signIn(b.page, translator2, editor);
		for (const x of [a.page, b.page])
			await openRow(x, "Close the window");
		await a.page.getByLabel("Translation (Russian)", { exact: true }).fill("Закрыть окно (первая)");
		await b.page.getByLabel("Translation (Russian)", { exact: true }).fill("Закрыть окно (вторая)");
		await a.page.getByRole("button", { name: "Save", exact: true }).click();
		await a.page.locator("#ed-notice", { hasText: "Saved" }).waitFor(T);
		// the first one goes back to it, to hear of the second one's save
		await openRow(a.page, "Close the window");
		await b.page.getByRole("button", { name: "Save", exact: true }).click();
		const box = b.page.locator("#ed-conflict");
		await box.waitFor({ state: "visible", ...T });
		out.conflict_text = await box.innerText();
		out.conflict_role = await box.getAttribute("role");
		await b.page.screenshot({ path: `${shots}/editor-conflict.png`, fullPage: true });
		await b.page.getByRole("button", { name: "Save mine anyway" }).click();
		await b.page.locator("#ed-conflict").waitFor({ state: "hidden", ...T });
		await b.page.locator("#ed-notice", { hasText: "Saved" }).waitFor(T);
		// the save moved her on: what the string holds now, as the list shows it
		out.forced = await b.page.evaluate(async (api) => {
			const r = await fetch(`${api}/strings?q=${encodeURIComponent("Close the window")}`);
			return (await r.json()).strings[0].translations.map((t) => t.text).join("\n");
		}, `${base}/app/api/projects/${ident}/editor/ru`);
	});
	await part("poll", async () => {
		// the first one hears of the second's save within a poll (5 s)
		const n = a.page.locator("#ed-notice", { hasText: "changed this string" });
		await n.waitFor({ timeout: 12000 });
		out.poll_notice = await n.innerText();
	});
	out.conflict_problems = [...a.page.problems, ...b.page.problems];
	await a.context.close();
	await b.context.close();

	// phone width: stacked, nothing sideways
	const ph = await watchedPage(browser, base, PHONE);
	await signIn(ph.page, translator, editor);
	await part("phone", async () => {
		await openRow(ph.page, "files were deleted");
		out.phone_sideways = await scrollsSideways(ph.page);
		await ph.page.screenshot({ path: `${shots}/editor-phone.png`, fullPage: true });
	});
	out.phone_problems = ph.page.problems;
	await ph.context.close();

	// a manager: New string and Edit string open seed 003's dialogs from the editor
	const mg = await watchedPage(browser, base, DESKTOP);
	await signIn(mg.page, manager, editor);
	await part("new_string", async () => {
		const add = mg.page.getByRole("button", { name: "New string" });
		await add.waitFor({ state: "visible", ...T });
		await add.click();
		const d = mg.page.locator("dialog.string-dialog");
		await d.getByLabel("Key").pressSequentially("editor.new");
		await d.getByLabel("Category").selectOption({ label: "app.po" });
		await d.getByLabel("Language").selectOption("en");
		await d.getByLabel("Text", { exact: true }).pressSequentially("Brand new string");
		await d.getByRole("button", { name: "Create string" }).click();
		await mg.page.locator("#ed-source", { hasText: "Brand new string" }).waitFor(T);
		out.new_row = await row(mg.page, "Brand new string").count();
		await mg.page.getByRole("button", { name: "Edit string" }).click();
		await d.getByLabel("Key").fill("editor.renamed");
		await d.getByRole("button", { name: "Save" }).click();
		await mg.page.locator("#ed-meta", { hasText: "editor.renamed" }).waitFor(T);
		out.renamed = true;
	});
	out.manager_problems = mg.page.problems;
	await mg.context.close();
} finally {
	await browser.close();
}
console.log(JSON.stringify(out));
