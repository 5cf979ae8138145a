// The reports page as a manager uses it: a wrong rate first (said, the field
// marked), then translation costs in simple mode (words, rates) built as XLSX:
// the steps shown while it builds, the totals on the page, the file; the same
// report as CSV, whose totals must be the page's; the fuzzy fields at phone width.
// node reports.mjs BASE SHOTS LOGIN PASSWORD PROJECT -> one line of JSON.
import { launch, watchedPage, scrollsSideways, DESKTOP, PHONE } from "./browser.mjs";

const [base, shots, login, password, project] = process.argv.slice(2);
const browser = await launch();
const out = {};

async function signIn(page) {
	await page.goto(`${base}/app/sign-in`);
	await page.getByLabel("Login or email").fill(login);
	await page.getByLabel("Password").fill(password);
	await Promise.all([page.waitForURL(`${base}/app/`), page.getByRole("button", { name: "Sign in" }).click()]);
	await page.goto(`${base}/app/p/${project}`);
	await Promise.all([page.waitForURL(`${base}/app/p/${project}/reports`),
			   page.getByRole("navigation", { name: "Project" }).getByRole("link", { name: "Reports" }).click()]);
}

// Every text the status line shows, from before the click to "Ready".
async function watchSteps(page) {
	await page.evaluate(() => {
		const step = document.getElementById("report-step");
		window.steps = [];
		new MutationObserver(() => window.steps.push(step.textContent))
			.observe(step, { childList: true, characterData: true, subtree: true });
	});
}

const rows = (page, sel) => page.locator(sel).evaluateAll((trs) =>
	trs.map((tr) => [...tr.cells].map((c) => c.textContent)));

async function build(page) {
	await watchSteps(page);
	await page.getByRole("button", { name: "Build the report" }).click();
	const link = page.locator("#report-link a");
	await link.waitFor();
	return link;
}

const csvRows = (text) => text.trim().split("\r\n").map((l) => l.split(","));
const bytesOf = async (dl) => Buffer.concat(await (await dl.createReadStream()).toArray());

try {
	const { context, page } = await watchedPage(browser, base, DESKTOP);
	await signIn(page);
	out.title = await page.title();
	const rates = page.locator("#rates");

	// a wrong rate: the v1 message next to the form, the field marked
	await page.getByRole("combobox", { name: "Report" }).selectOption("translation-costs");
	await page.getByRole("combobox", { name: "Unit" }).selectOption("words");
	await rates.getByRole("textbox", { name: "New translation" }).fill("1,05");
	await page.getByRole("button", { name: "Build the report" }).click();
	out.bad = await page.locator("#report-form [role=alert]").innerText();
	out.bad_field = await rates.getByRole("textbox", { name: "New translation" }).getAttribute("aria-invalid");
	out.bad_problems = page.problems.splice(0);	// that 400 was asked for

	// translation costs, simple mode, words: 1.05 a word, 2.00 an approval, as XLSX
	await rates.getByRole("textbox", { name: "New translation" }).fill("1.05");
	await rates.getByRole("textbox", { name: "Approval" }).fill("2.00");
	out.result_hidden_before = await page.locator("#result").isHidden();
	const xlsxLink = await build(page);
	out.steps = await page.evaluate(() => window.steps);
	out.status = await page.locator("#report-step").innerText();
	out.bad_field_after = await rates.getByRole("textbox", { name: "New translation" }).getAttribute("aria-invalid");
	out.head = (await rows(page, "#report-totals thead tr"))[0];
	out.body = await rows(page, "#report-totals tbody tr");
	out.total = (await rows(page, "#report-totals tfoot tr"))[0];
	out.link_text = await xlsxLink.innerText();
	const [xlsx] = await Promise.all([page.waitForEvent("download"), xlsxLink.click()]);
	out.xlsx_name = xlsx.suggestedFilename();
	out.xlsx_magic = (await bytesOf(xlsx)).subarray(0, 4).toString("hex");
	await page.screenshot({ path: `${shots}/reports-desktop.png`, fullPage: true });

	// the same report as CSV: its file's rows are the page's
	await page.getByRole("radio", { name: "CSV" }).check();
	const csvLink = await build(page);
	const [csv] = await Promise.all([page.waitForEvent("download"), csvLink.click()]);
	out.csv_name = csv.suggestedFilename();
	out.csv = csvRows((await bytesOf(csv)).toString("utf8"));
	out.csv_page_total = (await rows(page, "#report-totals tfoot tr"))[0];
	// the other two kinds: their own fields, their own tables
	for (const [kind, key] of [["top-members", "top"], ["costs-estimation", "estimate"]]) {
		await page.getByRole("combobox", { name: "Report" }).selectOption(kind);
		out[`${key}_group_by`] = await page.getByRole("radio", { name: "Member and language" }).count();
		await build(page);
		out[`${key}_head`] = (await rows(page, "#report-totals thead tr"))[0];
		out[`${key}_total`] = (await rows(page, "#report-totals tfoot tr"))[0];
	}
	out.problems = page.problems;
	await context.close();

	// at phone width: fuzzy mode with a range and a language's rates, by language
	const phone = await watchedPage(browser, base, PHONE);
	const p = phone.page;
	await signIn(p);
	await p.getByRole("radio", { name: /^Fuzzy/ }).check();
	await p.locator("#rates").getByRole("textbox", { name: "No match" }).fill("2.05");
	await p.getByRole("button", { name: "Add a range" }).click();
	await p.getByLabel("Range", { exact: true }).fill("99-95");
	await p.getByLabel("Rate", { exact: true }).fill("0.50");
	await p.getByRole("button", { name: "Add rates for languages" }).click();
	const set = p.locator("fieldset.individual");
	await set.getByLabel("French (fr)").check();
	out.phone_range_field = await set.getByLabel("Range 99-95").count();
	await set.getByLabel("Range 99-95").fill("0.75");
	await p.getByRole("radio", { name: "Language", exact: true }).check();
	await p.getByRole("radio", { name: "CSV" }).check();
	await build(p);
	out.phone_head = (await rows(p, "#report-totals thead tr"))[0];
	out.phone_total = (await rows(p, "#report-totals tfoot tr"))[0];
	out.phone_sideways = await scrollsSideways(p);
	await p.screenshot({ path: `${shots}/reports-phone.png`, fullPage: true });
	out.phone_problems = p.problems;
	await phone.context.close();
} catch (e) {
	out.error = String(e.stack || e);
} finally {
	await browser.close();
}
console.log(JSON.stringify(out));
