// The reports page (/app/p/{project}/reports, docs/web.md): the form's fields
// become the v1 parameters of seed 004, sent to reports/{kind}/export with the
// session; the page then follows the build, offers the file, and shows the
// totals read from the CSV of the same report (the server's counting, never a
// second copy of it).  Everything from the server is set with textContent.

// app.js by the URL the page loaded it from: one module instance
const { say, v1 } = await import(document.querySelector('script[type=module][src$="/app.js"]').src);

const form = document.getElementById("report-form");
const ranges = document.getElementById("ranges");
const addRange = document.getElementById("add-range");
const individual = document.getElementById("individual");
const result = document.getElementById("result");
const step = document.getElementById("report-step");
const bar = document.getElementById("report-progress");
const link = document.getElementById("report-link");
const totals = document.getElementById("report-totals");
const MAX_RANGES = 3;		// docs/reports.md: up to three custom ranges
const SHOWN_ROWS = 50;		// more rows: the file has them, the page shows the totals

const $$ = (sel, root = form) => [...root.querySelectorAll(sel)];
const url = (kind, call, query = "") => `/api/project/${encodeURIComponent(form.dataset.project)}` +
	`/reports/${kind}/${call}?json${query}`;

// ------------------------------------------------------------ the form

// Fields of another kind or mode are hidden and disabled: a disabled field is never sent.
function apply() {
	const kind = form.elements.kind.value;
	const mode = form.querySelector("[name=mode]:checked").value;
	const fits = (list, v) => !list || list.split(" ").includes(v);
	for (const el of $$("[data-kinds], [data-modes]"))
		el.hidden = !fits(el.dataset.kinds, kind) || !fits(el.dataset.modes, mode);
	for (const el of $$("input, select, button:not([type=submit])"))
		el.disabled = !!el.closest("[hidden]");
	addRange.disabled = addRange.disabled || ranges.children.length >= MAX_RANGES;
}

const rangeNames = () => $$("[data-range]", ranges).map((i) => i.value.trim()).filter(Boolean);

// Each language row has a rate field per fuzzy range; their values stay with their range.
function syncRanges() {
	for (const li of ranges.children) {
		const name = li.querySelector("[data-range]").value.trim();
		li.querySelector("[data-range-rate]").dataset.cat = name;
	}
	for (const box of $$("[data-range-rates]")) {
		const kept = Object.fromEntries($$("input", box).map((i) => [i.dataset.cat, i.value]));
		box.replaceChildren(...rangeNames().map((name) => {
			const label = document.createElement("label"), input = document.createElement("input");
			label.append(`Range ${name} `, input);
			input.dataset.cat = name;
			input.inputMode = "decimal";
			input.autocomplete = "off";
			input.value = kept[name] || "";
			return label;
		}));
	}
	apply();
}

function row(templateId, into) {
	const node = document.getElementById(templateId).content.firstElementChild.cloneNode(true);
	into.append(node);
	node.querySelector("[data-remove]").addEventListener("click", () => {
		node.remove();
		syncRanges();
		(templateId === "range-row" ? addRange : document.getElementById("add-individual")).focus();
	});
	syncRanges();
	node.querySelector("input").focus();
	return node;
}

// "2026-01-10" from a date field as seed 004's YYYY-MM-DD±hh:mm, in the browser's offset that day.
function isoDay(v) {
	const [y, m, d] = v.split("-").map(Number);
	const east = -new Date(y, m - 1, d).getTimezoneOffset(), abs = Math.abs(east);
	const two = (n) => String(n).padStart(2, "0");
	return `${v}${east < 0 ? "-" : "+"}${two(Math.floor(abs / 60))}:${two(abs % 60)}`;
}

// The v1 parameters of the form (empty fields: the defaults).
function params(format) {
	const p = new FormData();
	for (const [name, value] of new FormData(form)) {
		const v = String(value).trim();
		if (v && name !== "kind")
			p.append(name, form.elements[name]?.dataset?.date !== undefined ? isoDay(v) : v);
	}
	for (const li of ranges.closest("[hidden]") ? [] : ranges.children) {
		const name = li.querySelector("[data-range]").value.trim();
		if (name)
			p.append(`regular_rates[${name}]`, li.querySelector("[data-range-rate]").value.trim() || "0");
	}
	let i = 0;
	for (const set of individual && !individual.closest("[hidden]") ? individual.children : []) {
		const langs = $$("[data-lang]:checked", set).map((c) => c.value);
		const rates = $$("[data-cat]:not(:disabled)", set).filter((r) => r.value.trim());
		if (!langs.length && !rates.length)
			continue;
		langs.forEach((l) => p.append(`individual_rates[${i}][languages][]`, l));
		rates.forEach((r) => p.append(`individual_rates[${i}][rates][${r.dataset.cat}]`, r.value.trim()));
		i++;
	}
	p.set("format", format);
	return p;
}

// The fields a v1 message names ("unit must be ...", "rate of \"tm\" must be ..."): aria-invalid.
function markInvalid(message) {
	for (const el of $$("[aria-invalid]"))
		el.removeAttribute("aria-invalid");
	const live = (els) => els.filter((el) => !el.disabled);
	const named = (n) => live($$(`[name="${n}"]`));
	let fields = [];
	const rate = /^rate of "(.*?)"/.exec(message);
	if (rate) {
		const cat = rate[1] === "aproval" ? "approval" : rate[1];
		fields = live($$("[data-cat]")).filter((i) => i.dataset.cat === cat && i.value.trim());
	} else if (/rate range/.test(message)) {
		fields = live($$("[data-range]"));
	} else if (/^dates are/.test(message)) {
		fields = named("date_from").concat(named("date_to")).filter((i) => i.value);
	} else if (/^date_from/.test(message)) {
		fields = named("date_from");
	} else if (/language/i.test(message) && !/individual_rates/.test(message)) {
		fields = named("language");
	} else {
		const name = ["unit", "mode", "currency", "format", "group_by", "role_based_costs"]
			.find((n) => message.startsWith(`${n} `));
		fields = name ? named(name) : [];
	}
	fields.forEach((f) => f.setAttribute("aria-invalid", "true"));
	fields[0]?.focus();
}

// ------------------------------------------------------------ building

// RFC 4180 (docs/reports.md): quoted fields may hold commas, quotes and line breaks.
function parseCsv(text) {
	const rows = [];
	let rowCells = [], field = "", quoted = false;
	for (let i = 0; i < text.length; i++) {
		const ch = text[i];
		if (quoted) {
			if (ch !== '"')
				field += ch;
			else if (text[i + 1] === '"')
				field += text[++i];
			else
				quoted = false;
		} else if (ch === '"') {
			quoted = true;
		} else if (ch === ",") {
			rowCells.push(field);
			field = "";
		} else if (ch === "\n") {
			rows.push([...rowCells, field]);
			rowCells = [];
			field = "";
		} else if (ch !== "\r") {
			field += ch;
		}
	}
	if (field || rowCells.length)
		rows.push([...rowCells, field]);
	return rows;
}

// A report's CSV through the v1 download (built now if no worker has yet).
async function csvOf(kind, hash) {
	const r = await fetch(url(kind, "download", `&hash=${hash}`), { credentials: "same-origin" });
	if (r.headers.get("Content-Type")?.includes("json") || !r.ok) {
		const d = await r.json().catch(() => null);
		throw Object.assign(new Error(d?.error?.message || `${r.status} ${r.statusText}`),
				    { details: d?.error?.details });
	}
	return parseCsv(await r.text());
}

// A row of cells (numbers: the columns of nums); the footer's first cell (Total) heads its row.
function tableRow(cells, nums, headed = false) {
	const tr = document.createElement("tr");
	cells.forEach((text, i) => {
		const c = document.createElement(headed && i === 0 ? "th" : "td");
		if (headed && i === 0)
			c.scope = "row";
		c.classList.toggle("num", nums[i]);
		c.textContent = text;
		tr.append(c);
	});
	return tr;
}

function showTotals(rows) {
	const [head, ...body] = rows;
	const total = body.at(-1)?.[0] === "Total" ? body.pop() : null;
	const table = totals.querySelector("table");
	const nums = head.map((_, i) => i > 0 && !!total?.[i]);	// the columns the totals row sums
	const th = document.createElement("tr");
	head.forEach((text, i) => {
		const c = document.createElement("th");
		c.scope = "col";
		c.classList.toggle("num", nums[i]);
		c.textContent = text;
		th.append(c);
	});
	table.tHead.replaceChildren(th);
	const shown = body.length <= SHOWN_ROWS ? body : [];
	table.tBodies[0].replaceChildren(...shown.map((r) => tableRow(r, nums)));
	table.tFoot.replaceChildren(...(total ? [tableRow(total, nums, true)] : []));
	document.getElementById("report-caption").textContent = shown.length === body.length
		? `${body.length} ${body.length === 1 ? "row" : "rows"} and the totals`
		: `${body.length} rows (the file has them): the totals`;
	totals.hidden = false;
	// the totals in words, for the status line
	return total ? head.map((h, i) => i && total[i] !== "" ? `${h}: ${total[i]}` : "")
		.filter(Boolean).join(" · ") : "";
}

function progress(n, text) {
	step.textContent = text;
	if (n === null)
		bar.removeAttribute("value");	// indeterminate: the server is building
	else
		bar.value = n;
}

async function build() {
	const kind = form.elements.kind.value;
	const format = form.querySelector("[name=format]:checked").value;
	const submit = form.querySelector("[type=submit]");
	say(form, "");
	markInvalid("");
	submit.disabled = true;
	result.hidden = false;
	link.hidden = totals.hidden = true;
	bar.hidden = false;
	progress(0, "Checking the parameters…");
	try {
		const { hash } = await v1("POST", url(kind, "export"), params(format));
		progress(1, "Queued…");
		// the totals come from the same report as CSV
		const csvHash = format === "csv" ? hash : (await v1("POST", url(kind, "export"), params("csv"))).hash;
		progress(null, "Building the report…");
		const rows = await csvOf(kind, csvHash);
		progress(3, "");
		const a = document.createElement("a");
		a.href = url(kind, "download", `&hash=${hash}`);
		a.setAttribute("download", "");
		a.textContent = `Download the report (.${format})`;
		link.replaceChildren(a);
		link.hidden = false;
		const sum = showTotals(rows);
		step.textContent = sum ? `Ready. Total — ${sum}` : "Ready.";
		bar.hidden = true;
	} catch (e) {
		result.hidden = true;
		say(form, e.details ? `${e.message}: ${e.details}` : e.message);
		markInvalid(e.details || e.message);
	} finally {
		submit.disabled = false;
	}
}

// ------------------------------------------------------------ wiring

form.addEventListener("change", (ev) => {
	if (ev.target.matches("[name=kind], [name=mode]"))
		apply();
});
ranges.addEventListener("input", (ev) => ev.target.matches("[data-range]") && syncRanges());
addRange.addEventListener("click", () => row("range-row", ranges));
document.getElementById("add-individual")?.addEventListener("click", () => row("individual-row", individual));
form.addEventListener("submit", (ev) => {
	ev.preventDefault();
	build();
});
apply();
