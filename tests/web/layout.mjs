// The layout every page shares, on the page any /app/ path without one
// gets: node layout.mjs BASE SHOTS_DIR -> one line of JSON on stdout.
import { launch, watchedPage, scrollsSideways, DESKTOP, PHONE } from "./browser.mjs";

const [base, shots] = process.argv.slice(2);
const browser = await launch();
const out = {};
try {
	for (const [name, viewport] of [["desktop", DESKTOP], ["phone", PHONE]]) {
		const { context, page } = await watchedPage(browser, base, viewport);
		const resp = await page.goto(`${base}/app/no/<b>such</b>`);
		const r = out[name] = {
			injected: await page.locator("main b").count(),
			status: resp.status(),
			title: await page.title(),
			h1: await page.locator("h1").innerText(),
			path_shown: await page.locator("main code").innerText(),
			// the stylesheet applied: the header is a flex row, the skip link off screen
			header_display: await page.locator("header.top").evaluate((e) => getComputedStyle(e).display),
			skip_left: await page.locator("a.skip").evaluate((e) => e.getBoundingClientRect().left),
			sideways: await scrollsSideways(page),
		};
		// the keyboard: the first Tab reaches the skip link, shown; Enter moves to the content
		await page.keyboard.press("Tab");
		r.first_tab = await page.evaluate(() => document.activeElement?.textContent);
		r.skip_left_focused = await page.locator("a.skip").evaluate((e) => e.getBoundingClientRect().left);
		await page.keyboard.press("Enter");
		r.after_skip = await page.evaluate(() => document.activeElement?.id);
		await page.screenshot({ path: `${shots}/not-found-${name}.png`, fullPage: true });
		r.problems = page.problems;
		await context.close();
	}
} finally {
	await browser.close();
}
console.log(JSON.stringify(out));
