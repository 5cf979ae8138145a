// The members page and joining by link, in two browsers:
// node members.mjs BASE SHOTS PROJECT MANAGER TRANSLATOR OTHER PASSWORD -> one line of JSON.
// The manager invites a translator for French and copies the link; the translator, in a
// second browser context, opens it, signs in, joins and lands on the project; the manager
// then sees them in the members table and gives them German too.
import { launch, watchedPage, scrollsSideways, DESKTOP, PHONE } from "./browser.mjs";

const [base, shots, project, manager, translator, other, password] = process.argv.slice(2);
const browser = await launch();
const out = {};

async function signIn(page, login) {
	await page.getByLabel("Login or email").fill(login);
	await page.getByLabel("Password").fill(password);
	await page.getByRole("button", { name: "Sign in" }).click();
}

// Make a link on the members page: its URL, as the page shows it.
async function makeLink(page, language) {
	const form = page.locator("#invite-form");
	await form.getByLabel("Role").selectOption("translator");
	await form.getByRole("checkbox", { name: language }).check();
	await form.getByRole("button", { name: "Make an invitation link" }).click();
	await page.locator("#invite-url").waitFor();
	return page.locator("#invite-url").inputValue();
}

try {
	// the manager invites a translator for French, and copies the link
	const mgr = await watchedPage(browser, base, DESKTOP);
	await mgr.context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: base });
	await mgr.page.goto(`${base}/app/p/${project}/members`);
	out.manager_start = new URL(mgr.page.url()).pathname + new URL(mgr.page.url()).search;
	await signIn(mgr.page, manager);
	await mgr.page.waitForURL(`${base}/app/p/${project}/members`);
	out.link = await makeLink(mgr.page, "French");
	await mgr.page.getByRole("button", { name: "Copy" }).click();
	await mgr.page.locator("#copy-news", { hasText: "Copied" }).waitFor({ timeout: 10000 }).catch(() => {});
	await mgr.page.locator("#invitation-rows tr").first().waitFor({ timeout: 10000 }).catch(() => {});
	out.copy_news = await mgr.page.locator("#copy-news").innerText();
	out.clipboard = await mgr.page.evaluate(() => navigator.clipboard.readText());
	out.invitation_rows = await mgr.page.locator("#invitation-rows tr").count();

	// the translator, in another browser: the link, sign in, back to the link, join
	const tr = await watchedPage(browser, base, DESKTOP);
	await tr.page.goto(out.link);
	out.translator_sign_in = new URL(tr.page.url()).pathname;
	out.sign_in_says = await tr.page.locator("main").innerText();
	await signIn(tr.page, translator);
	await tr.page.waitForURL(out.link);
	out.join_text = await tr.page.locator("main").innerText();
	await tr.page.screenshot({ path: `${shots}/join-desktop.png`, fullPage: true });
	await Promise.all([tr.page.waitForURL(`${base}/app/p/${project}`),
			   tr.page.getByRole("button", { name: "Join" }).click()]);
	out.landed = new URL(tr.page.url()).pathname;
	out.translator_problems = tr.page.problems;
	await tr.context.close();

	// the manager sees them, and gives them German too
	await mgr.page.reload();
	const row = mgr.page.locator("tbody tr", { has: mgr.page.locator("th", { hasText: translator }) });
	out.row_role = await row.getByLabel(`Role of ${translator}`).inputValue();
	out.row_languages = await row.locator("summary").innerText();
	await row.locator("summary").click();
	await row.getByRole("checkbox", { name: "German" }).check();
	await row.getByRole("button", { name: "Save" }).click();
	// the news and the row change when the call has answered: wait for them, not a moment
	const news = mgr.page.locator("#members-news", { hasText: translator });
	await news.waitFor({ timeout: 10000 }).catch(() => {});
	out.saved = await mgr.page.locator("#members-news").innerText();
	await row.locator("summary", { hasText: "German" }).waitFor({ timeout: 10000 }).catch(() => {});
	out.row_languages_after = await row.locator("summary").innerText();
	await mgr.page.screenshot({ path: `${shots}/members-desktop.png`, fullPage: true });
	out.manager_problems = mgr.page.problems;
	await mgr.context.close();

	// at phone width: the members page, and another person's join page
	const phone = await watchedPage(browser, base, PHONE);
	await phone.page.goto(`${base}/app/sign-in?next=/app/p/${project}/members`);
	await signIn(phone.page, manager);
	await phone.page.waitForURL(`${base}/app/p/${project}/members`);
	const link = await makeLink(phone.page, "Ukrainian");
	out.phone_sideways = await scrollsSideways(phone.page);
	await phone.page.screenshot({ path: `${shots}/members-phone.png`, fullPage: true });
	out.phone_problems = phone.page.problems;
	await phone.context.close();
	const joiner = await watchedPage(browser, base, PHONE);
	await joiner.page.goto(link);
	await signIn(joiner.page, other);
	await joiner.page.waitForURL(link);
	out.phone_join_text = await joiner.page.locator("main").innerText();
	out.phone_sideways ||= await scrollsSideways(joiner.page);
	await joiner.page.screenshot({ path: `${shots}/join-phone.png`, fullPage: true });
	out.phone_problems.push(...joiner.page.problems);
	await joiner.context.close();
} finally {
	await browser.close();
}
console.log(JSON.stringify(out));
