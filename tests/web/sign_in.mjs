// Signing in and out through the pages, and the account page:
// node sign_in.mjs BASE SHOTS LOGIN PASSWORD NEW_PASSWORD -> one line of JSON.
import { launch, watchedPage, scrollsSideways, DESKTOP, PHONE } from "./browser.mjs";

const [base, shots, login, password, newPassword] = process.argv.slice(2);
const browser = await launch();
const out = {};
try {
	const { context, page } = await watchedPage(browser, base, DESKTOP);
	// not signed in: the projects page sends to the sign-in page
	await page.goto(`${base}/app/`);
	out.start_url = new URL(page.url()).pathname;
	await page.screenshot({ path: `${shots}/sign-in-desktop.png`, fullPage: true });
	// a wrong password: an error on the page, still there
	await page.getByLabel("Login or email").fill(login);
	await page.getByLabel("Password").fill("not the password");
	await page.getByRole("button", { name: "Sign in" }).click();
	out.wrong = await page.getByRole("alert").innerText();
	out.wrong_url = new URL(page.url()).pathname;
	// that 401 was asked for: the only problem so far
	out.wrong_problems = page.problems.splice(0);
	// the right one, sent with the keyboard
	await page.getByLabel("Password").fill(password);
	await Promise.all([page.waitForURL(`${base}/app/`), page.keyboard.press("Enter")]);
	out.projects = await page.locator("tbody tr td code").allInnerTexts();
	out.nav = await page.locator("header nav").innerText();
	await page.screenshot({ path: `${shots}/projects-desktop.png`, fullPage: true });
	// the account page: a new password, then a new key shown once
	await page.goto(`${base}/app/account`);
	await page.getByLabel("Current password").fill(password);
	await page.getByLabel("New password").fill(newPassword);
	await page.getByRole("button", { name: "Change password" }).click();
	out.password_news = await page.locator("#main [role=status]").first().innerText();
	await page.getByRole("button", { name: "Make a new key" }).click();
	out.new_key = await page.locator("#main [role=status] code").innerText();
	await page.screenshot({ path: `${shots}/account-desktop.png`, fullPage: true });
	// sign out: back at the sign-in page, and the projects page sends there again
	await Promise.all([page.waitForURL(`${base}/app/sign-in`),
			   page.getByRole("button", { name: "Sign out" }).click()]);
	await page.goto(`${base}/app/`);
	out.after_sign_out = new URL(page.url()).pathname;
	out.problems = page.problems;
	await context.close();

	// the same pages at phone width, signed in with the new password
	const phone = await watchedPage(browser, base, PHONE);
	await phone.page.goto(`${base}/app/sign-in`);
	await phone.page.screenshot({ path: `${shots}/sign-in-phone.png`, fullPage: true });
	await phone.page.getByLabel("Login or email").fill(login);
	await phone.page.getByLabel("Password").fill(newPassword);
	await Promise.all([phone.page.waitForURL(`${base}/app/`),
			   phone.page.getByRole("button", { name: "Sign in" }).click()]);
	out.phone_sideways = await scrollsSideways(phone.page);
	await phone.page.screenshot({ path: `${shots}/projects-phone.png`, fullPage: true });
	await phone.page.goto(`${base}/app/account`);
	out.phone_sideways ||= await scrollsSideways(phone.page);
	await phone.page.screenshot({ path: `${shots}/account-phone.png`, fullPage: true });
	out.phone_problems = phone.page.problems;
	await phone.context.close();
} finally {
	await browser.close();
}
console.log(JSON.stringify(out));
