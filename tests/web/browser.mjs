// Shared by the browser tests: Debian's chromium through playwright-core
// (no browser download), and what every page must do whatever it shows.
import { chromium } from "playwright-core";

export const CHROMIUM = process.env.TOLK_CHROMIUM || "/usr/bin/chromium";
export const DESKTOP = { width: 1280, height: 800 };
export const PHONE = { width: 375, height: 740 };

export async function launch() {
	// --no-sandbox: CI runs as root, where chromium's sandbox cannot start
	return chromium.launch({ executablePath: CHROMIUM, headless: true,
				 args: ["--no-sandbox", "--disable-dev-shm-usage"] });
}

// A page that records what a test must never see: console errors (CSP
// violations among them), failed requests or resources, and requests to
// any other origin.
export async function watchedPage(browser, base, viewport) {
	const context = await browser.newContext({ viewport });
	const page = await context.newPage();
	const origin = new URL(base).origin;
	page.problems = [];
	// a failed load is told by its response below (a 404 page's own status is its answer)
	page.on("console", (m) => m.type() === "error" && !m.text().startsWith("Failed to load resource")
		&& page.problems.push(`console: ${m.text()}`));
	page.on("response", (r) => r.status() >= 400 && r.request().resourceType() !== "document"
		&& page.problems.push(`HTTP ${r.status()}: ${r.url()}`));
	page.on("pageerror", (e) => page.problems.push(`page error: ${e.message}`));
	page.on("requestfailed", (r) => page.problems.push(`failed: ${r.url()} ${r.failure()?.errorText}`));
	page.on("request", (r) => {
		const u = new URL(r.url());
		if (u.origin !== origin && u.protocol !== "data:")
			page.problems.push(`outside request: ${r.url()}`);
	});
	return { context, page };
}

// What a phone-width page must not do: scroll sideways.
export async function scrollsSideways(page) {
	return page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth + 1);
}

// Sign in through the sign-in page (Enter in the form), then open `path`.
export async function signIn(page, base, login, password, path) {
	await page.goto(`${base}/app/sign-in`);
	await page.getByLabel("Login or email").fill(login);
	await page.getByLabel("Password").fill(password);
	await Promise.all([page.waitForURL(`${base}/app/`), page.keyboard.press("Enter")]);
	await page.goto(`${base}${path}`);
}
