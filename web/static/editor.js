// The translation editor (/app/p/{project}/editor/{lang}, docs/editor.md "The page"): the
// string list (filtered, keyset-paged, a bounded number of rows in the DOM), the open string
// (source with visible white space and marked placeholders, its facts, one input per plural
// form), saving (a translator's save is a suggestion) and going on to the next string that
// needs work, approving, votes, conflicts, and the help beside it (TM, MT, glossary, other
// languages), loaded after the string shows.  All through the editor's JSON calls; text from
// the server is only ever set with textContent.

// app.js by the URL the page loaded it from: one module instance
const { api, say } = await import(document.querySelector('script[type=module][src$="/app.js"]').src);

const root = document.getElementById("editor");
const P = root.dataset.project, L = root.dataset.lang, ME = root.dataset.me;
const APPROVER = root.dataset.approve === "1";
const BASE = `/app/api/projects/${encodeURIComponent(P)}/editor/${encodeURIComponent(L)}`;
const PAGE = 50;		// rows a list request asks for
const MAX_PAGES = 6;		// pages kept in the DOM: farther ones are dropped (a bounded list)
const POLL_MS = 5000;		// how often the page asks what changed
const WS_MARKS = { " ": "·", "\t": "→", "\n": "↵", "\u00a0": "⍽" };

const $ = (id) => document.getElementById(id);
const filterForm = $("ed-filter"), rowsEl = $("ed-rows"), moreBtn = $("ed-more");
const restartBtn = $("ed-restart"), listStatus = $("ed-list-status");
const form = $("ed-form"), inputsEl = $("ed-inputs"), qaEl = $("ed-qa"), phEl = $("ed-ph");
const approveBox = $("ed-approve");

function el(tag, props = {}, ...kids) {
	const e = document.createElement(tag);
	for (const [k, v] of Object.entries(props)) {
		if (k === "text")
			e.textContent = v;
		else if (k === "class")
			e.className = v;
		else if (k.startsWith("on"))
			e.addEventListener(k.slice(2), v);
		else if (v !== undefined && v !== null && v !== false)
			e.setAttribute(k, v === true ? "" : v);
	}
	e.append(...kids.filter((k) => k !== null && k !== undefined));
	return e;
}

const when = (t) => t ? new Date(t * 1000).toISOString().slice(0, 16).replace("T", " ") : "";
const stateOf = (row) => !row.translations?.length ? "untranslated"
	: row.translations[0].approved ? "approved" : "unapproved";
const STATE_NAMES = { untranslated: "Untranslated", unapproved: "Translated, not approved",
		      approved: "Approved" };
const bestText = (t) => t ? (t.plural ? Object.values(t.plural).join(" | ") : t.text) : "";

// ------------------------------------------------------------ placeholders and white space

// The placeholders of a source when the detail does not list them: printf, {name}, {{name}}, tags.
const PH_RE = /%(?:\d+\$)?[-+ 0#']*(?:\d+|\*)?(?:\.\d+)?(?:hh|h|ll|l|L|z|j|t|q)?[diouxXeEfFgGaAcspn@]|\{\{[^{}]*\}\}|\{[^{}\s]*\}|<\/?[A-Za-z][^<>]*>/g;
function placeholdersOf(d) {
	if (Array.isArray(d.placeholders))
		return d.placeholders;
	const seen = new Set();
	for (const t of [d.source, ...Object.values(d.plural || {})])
		for (const m of (t || "").matchAll(PH_RE))
			seen.add(m[0]);
	return [...seen];
}

// text into `into` with white space made visible (leading, trailing and double spaces, tabs,
// newlines, no-break spaces) and placeholders marked (a click inserts one).
function renderText(into, text, phs = []) {
	into.replaceChildren();
	text = text ?? "";
	const sorted = [...phs].filter(Boolean).sort((a, b) => b.length - a.length);
	const lead = text.length - text.trimStart().length, trail = text.trimEnd().length;
	let plain = "";
	const flush = () => { if (plain) into.append(plain); plain = ""; };
	for (let i = 0; i < text.length;) {
		const ph = sorted.find((p) => text.startsWith(p, i));
		if (ph) {
			flush();
			into.append(el("mark", { class: "ph", title: "Placeholder: click to insert",
						 onclick: () => insertAtCaret(ph) }, ph));
			i += ph.length;
			continue;
		}
		const ch = text[i];
		const visible = ch === "\n" || ch === "\t" || ch === "\u00a0" || (ch === " " &&
			(i < lead || i >= trail || text[i + 1] === " " || text[i - 1] === " "));
		if (!visible) {
			plain += ch;
			i++;
			continue;
		}
		flush();
		const name = { " ": "space", "\t": "tab", "\n": "new line", "\u00a0": "no-break space" }[ch];
		into.append(el("span", { class: "ws", title: name, "aria-label": name }, WS_MARKS[ch]));
		if (ch === "\n")
			into.append("\n");
		i++;
	}
	flush();
	return into;
}

// ------------------------------------------------------------ the list

const list = {
	gen: 0,			// a new filter makes older replies stale
	pages: [],		// [{after, ids}] in the DOM, in order
	next: null,		// the cursor after the last page shown; null: the end
	loading: false,
	rows: new Map(),	// id -> {row, li, page}
};

function filterParams() {
	const p = new URLSearchParams();
	const f = filterForm.elements;
	if (f.q.value.trim()) {
		p.set("q", f.q.value.trim());
		p.set("in", f.in.value);
	}
	for (const name of ["state", "file", "label"])
		if (f[name]?.value)
			p.set(name, f[name].value);
	if (f.since.value)	// the day's start where the browser is
		p.set("since", String(Math.floor(new Date(`${f.since.value}T00:00`).getTime() / 1000)));
	return p;
}

function rowElement(row) {
	const st = stateOf(row);
	const b = el("button", { type: "button", class: "ed-row", "data-id": row.id,
				 onclick: () => openString(row.id, { scroll: true }) },
		el("span", { class: `st st-${st}`, title: STATE_NAMES[st] },
		   el("span", { class: "visually-hidden", text: STATE_NAMES[st] + ": " })),
		el("span", { class: "src", text: row.source }),
		el("span", { class: "tr", text: bestText(row.translations?.[0]) }),
		row.key !== row.source ? el("small", { class: "key", text: row.key }) : null);
	if (current.id === row.id)
		b.setAttribute("aria-current", "true");
	return el("li", {}, b);
}

function putRow(row, page) {
	const li = rowElement(row);
	list.rows.set(row.id, { row, li, page });
	return li;
}

// A row of the list shown anew (a save, a change by someone else).
function refreshRow(row) {
	const have = list.rows.get(row.id);
	if (!have)
		return;
	const li = rowElement(row);
	have.li.replaceWith(li);
	Object.assign(have, { row, li });
}

async function loadPage(reset) {
	if (list.loading && !reset)
		return;
	const gen = reset ? ++list.gen : list.gen;
	const after = reset ? null : list.next;
	if (!reset && !after)
		return;
	list.loading = true;
	const p = filterParams();
	p.set("limit", PAGE);
	if (after)
		p.set("after", after);
	listStatus.textContent = "Loading…";
	try {
		const d = await api("GET", `${BASE}/strings?${p}`);
		if (gen !== list.gen)
			return;
		if (reset) {
			rowsEl.replaceChildren();
			list.pages = [];
			list.rows.clear();
			restartBtn.hidden = true;
			say(filterForm, "");
		}
		const page = { after, ids: d.strings.map((s) => s.id) };
		rowsEl.append(...d.strings.map((s) => putRow(s, page)));
		list.pages.push(page);
		list.next = d.next;
		if (list.pages.length > MAX_PAGES)
			dropFirstPage();
		moreBtn.hidden = !d.next;
		listStatus.textContent = !rowsEl.children.length ? (d.next ? "Searching…" : "No string matches.")
			: d.next ? `${rowsEl.children.length} strings shown; more below.`
			: `${rowsEl.children.length} strings shown.`;
	} catch (e) {
		if (gen === list.gen) {
			listStatus.textContent = "";
			say(filterForm, e.message);
		}
	} finally {
		if (gen === list.gen)
			list.loading = false;
	}
	if (gen === list.gen)
		requestAnimationFrame(nearEnd);
}

// The DOM keeps MAX_PAGES pages: the first goes, the scroll position stays where the eye is.
function dropFirstPage() {
	const page = list.pages.shift();
	const scroller = rowsEl.parentElement, before = scroller.scrollHeight;
	for (const id of page.ids) {
		list.rows.get(id)?.li.remove();
		list.rows.delete(id);
	}
	scroller.scrollTop -= before - scroller.scrollHeight;
	restartBtn.hidden = false;
}

// Infinite scroll: the next page when "Load more" comes near the list's visible end.
function nearEnd() {
	if (moreBtn.hidden || list.loading)
		return;
	const box = rowsEl.parentElement.getBoundingClientRect(), b = moreBtn.getBoundingClientRect();
	if (b.top < Math.min(box.bottom, innerHeight) + 200)
		loadPage(false);
}
let scrollTick = false;
const onScroll = () => {
	if (scrollTick)
		return;
	scrollTick = true;
	requestAnimationFrame(() => { scrollTick = false; nearEnd(); });
};
rowsEl.parentElement.addEventListener("scroll", onScroll, { passive: true });
addEventListener("scroll", onScroll, { passive: true });
moreBtn.addEventListener("click", () => loadPage(false));
restartBtn.addEventListener("click", () => loadPage(true));
filterForm.addEventListener("submit", (ev) => {
	ev.preventDefault();
	loadPage(true);
});
filterForm.elements.state.addEventListener("change", () => loadPage(true));

// ------------------------------------------------------------ the open string

const current = {
	id: null, d: null, gen: 0,
	cursor: null,		// Promise of the list cursor just after this string (null: unknown)
	origin: { origin: "human" },
	saved: null,		// the inputs' values when last saved with warnings
	lastInput: null,
	force: null,		// a conflict's version to save over
};

// The cursor right after the string: a request for the rows up to it in its page.
async function cursorAfter(id, params) {
	const have = list.rows.get(id);
	if (have?.row.cursor)
		return have.row.cursor;
	if (!have)
		return null;
	const p = params;
	p.set("limit", have.page.ids.indexOf(id) + 1);
	if (have.page.after)
		p.set("after", have.page.after);
	try {
		const d = await api("GET", `${BASE}/strings?${p}`);
		return d.strings.at(-1)?.id === id ? d.next : null;
	} catch {
		return null;
	}
}

function markOpen(id) {
	rowsEl.querySelectorAll("[aria-current]").forEach((b) => b.removeAttribute("aria-current"));
	const li = list.rows.get(id)?.li;
	li?.firstChild.setAttribute("aria-current", "true");
	li?.scrollIntoView({ block: "nearest" });
}

async function openString(id, { scroll = false, cursor = undefined, keepNotice = false } = {}) {
	const gen = ++current.gen;
	let d;
	try {
		d = await api("GET", `${BASE}/strings/${id}`);
	} catch (e) {
		if (gen === current.gen)
			showNotice(e.message, true);
		return;
	}
	if (gen !== current.gen)
		return;
	Object.assign(current, { id, d, origin: { origin: "human" }, saved: null, force: null,
				 cursor: cursor !== undefined ? Promise.resolve(cursor)
					 : cursorAfter(id, filterParams()) });
	if (!keepNotice)
		showNotice("");
	$("ed-conflict").hidden = true;
	history.replaceState(null, "", `#${id}`);
	renderString(d);
	markOpen(id);
	if (scroll && matchMedia("(max-width: 48rem)").matches)
		$("ed-string").scrollIntoView({ block: "start" });
	current.lastInput?.focus({ preventScroll: !scroll });
	// the help after the string has been painted: it never delays it
	requestAnimationFrame(() => setTimeout(() => gen === current.gen && loadHelp(d, gen), 0));
}

function showNotice(text, error = false, action = null) {
	const n = $("ed-notice");
	n.replaceChildren(text);
	if (action)
		n.append(" ", action);
	n.className = error ? "notice error" : "notice";
	n.setAttribute("role", error ? "alert" : "status");
	n.hidden = !text;
}

function renderString(d) {
	$("ed-empty").hidden = true;
	$("ed-string").hidden = false;
	const phs = placeholdersOf(d);
	const src = $("ed-source");
	src.replaceChildren();
	if (d.plural) {
		for (const [cat, text] of Object.entries(d.plural))
			src.append(el("div", { class: "ed-form-row" }, el("span", { class: "cat", text: cat }),
				      renderText(el("span", { class: "text" }), text, phs)));
	} else {
		src.append(renderText(el("span", { class: "text" }), d.source, phs));
	}
	renderMeta(d);
	renderInputs(d, phs);
	renderTranslations(d);
	renderHistory(d);
	qaEl.replaceChildren();
	say(form, "");
	const edit = $("ed-edit");
	if (edit && dialogs)
		edit.hidden = false;
}

function renderMeta(d) {
	const dl = $("ed-meta");
	dl.replaceChildren();
	const add = (name, value) => value !== null && value !== undefined && value !== "" &&
		dl.append(el("dt", { text: name }), el("dd", {}, value));
	add("Key", el("code", { text: d.key }));
	add("File", d.file?.name);
	add("Context", d.context);
	add("Comment", d.comment);
	add("Max length", d.max_length > 0 ? `${d.max_length} characters` : null);
	const labels = (d.labels || []).filter((l) => l.value !== "" && l.value !== "0");
	add("Labels", labels.length ? labels.map((l) => l.value === "1" ? l.name : `${l.name}: ${l.value}`)
		.join(", ") : null);
	add("State", STATE_NAMES[stateOf(d)]);
}

// One input per plural form of the language (one when the string has no plural).
function renderInputs(d, phs) {
	inputsEl.replaceChildren();
	const cats = d.plural ? (d.language?.plural_categories?.length ? d.language.plural_categories
		: ["other"]) : [null];
	const examples = d.language?.plural_examples || {};
	const have = d.translations?.[0];
	const langName = d.language?.name || L;
	cats.forEach((cat, i) => {
		const id = `ed-input-${i}`;
		const label = cat ? `${langName}, form “${cat}”${examples[cat] ? ` (e.g. ${examples[cat]})` : ""}`
			: `Translation (${langName})`;
		const ta = el("textarea", { id, rows: 3, lang: L, dir: "auto", "data-cat": cat ?? "",
					    "aria-describedby": "ed-qa" });
		ta.value = cat ? (have?.plural?.[cat] ?? "") : (have?.text ?? "");
		ta.addEventListener("focus", () => { current.lastInput = ta; });
		inputsEl.append(el("label", { for: id, class: "ed-label" }, label), ta);
	});
	current.lastInput = inputsEl.querySelector("textarea");
	phEl.replaceChildren();
	phEl.hidden = !phs.length;
	if (phs.length) {
		phEl.append("Insert: ");
		phs.forEach((ph, i) => phEl.append(el("button", {
			type: "button", class: "ph small", title: i < 9 ? `Alt+${i + 1}` : null,
			"aria-label": `Insert ${ph}${i < 9 ? ` (Alt+${i + 1})` : ""}`,
			onclick: () => insertAtCaret(ph) }, ph), " "));
	}
}

const inputs = () => [...inputsEl.querySelectorAll("textarea")];
const inputsValue = () => JSON.stringify(inputs().map((t) => t.value));

function insertAtCaret(text) {
	const ta = current.lastInput || inputs()[0];
	if (!ta)
		return;
	ta.focus();
	ta.setRangeText(text, ta.selectionStart, ta.selectionEnd, "end");
	ta.dispatchEvent(new Event("input", { bubbles: true }));
}

// The source into the input(s): each plural form gets the source's form of that name, else "other".
function copySource() {
	const d = current.d;
	if (!d)
		return;
	for (const ta of inputs()) {
		const cat = ta.dataset.cat;
		ta.value = cat ? (d.plural?.[cat] ?? d.plural?.other ?? d.source) : d.source;
	}
	current.origin = { origin: "human" };
	(current.lastInput || inputs()[0])?.focus();
}

// A help's text into the input being edited (all forms of a plural: the same text to start from).
function useText(text, origin) {
	const ta = current.lastInput || inputs()[0];
	if (!ta)
		return;
	ta.value = text;
	current.origin = origin;
	ta.focus();
}

function renderTranslations(d) {
	const ul = $("ed-translations");
	ul.replaceChildren();
	if (!d.translations?.length) {
		ul.append(el("li", { class: "hint", text: "No translation yet." }));
		return;
	}
	const phs = placeholdersOf(d);
	for (const t of d.translations) {
		const text = el("div", { class: "ed-tr-text", lang: L, dir: "auto" });
		if (t.plural)
			for (const [cat, v] of Object.entries(t.plural))
				text.append(el("div", { class: "ed-form-row" }, el("span", { class: "cat", text: cat }),
					       renderText(el("span"), v, phs)));
		else
			renderText(text, t.text, phs);
		const who = [t.author ? `by ${t.author}` : "imported", when(t.updated || t.created),
			     t.origin && t.origin !== "human" ? `from ${t.origin.toUpperCase()}` : null,
			     t.approved ? `approved${t.approver ? ` by ${t.approver}` : ""}` : "suggestion"]
			.filter(Boolean).join(" · ");
		const acts = el("p", { class: "ed-tr-acts" });
		const act = (label, fn, cls = "secondary small", extra = {}) =>
			acts.append(el("button", { type: "button", class: cls, onclick: fn, ...extra }, label), " ");
		if (t.votes !== undefined && !t.mine) {	// one's own: no vote
			act("+1", () => vote(t, t.my_vote === 1 ? 0 : 1), "secondary small",
			    { "aria-pressed": String(t.my_vote === 1), "aria-label": "Vote for this translation" });
			acts.append(el("span", { class: "votes", text: `${t.votes > 0 ? "+" : ""}${t.votes}` }), " ");
			act("−1", () => vote(t, t.my_vote === -1 ? 0 : -1), "secondary small",
			    { "aria-pressed": String(t.my_vote === -1), "aria-label": "Vote against this translation" });
		}
		act("Use", () => {
			for (const ta of inputs())
				ta.value = ta.dataset.cat ? (t.plural?.[ta.dataset.cat] ?? "") : t.text;
			current.origin = { origin: "human" };
			inputs()[0]?.focus();
		});
		if (APPROVER)
			act(t.approved ? "Disapprove" : "Approve", () => change(t.approved ? "DELETE" : "POST",
				`/translations/${t.id}/approve`), t.approved ? "secondary small" : "small");
		if (t.mine || APPROVER || (t.author && t.author === ME))
			act("Delete", () => change("DELETE", `/translations/${t.id}`), "secondary small danger-text");
		ul.append(el("li", { class: t.approved ? "ed-tr approved" : "ed-tr" }, text,
			     el("small", { class: "hint", text: who }), acts));
	}
}

function renderHistory(d) {
	const ol = $("ed-history");
	ol.replaceChildren();
	const h = d.history || [];
	if (!h.length)
		ol.append(el("li", { class: "hint", text: "Nothing recorded yet." }));
	for (const e of h)
		ol.append(el("li", { text: [when(e.created), e.kind.replaceAll("_", " "),
					     e.author ? `by ${e.author}` : null, e.language]
			.filter(Boolean).join(" · ") }));
}

// A change to one translation (approve, disapprove, delete): the reply is the string as it is now.
async function change(method, tail, body) {
	const id = current.id;
	try {
		const r = await api(method, `${BASE}/strings/${id}${tail}`, body);
		if (current.id !== id || !r?.string)
			return;
		current.d = r.string;
		renderTranslations(r.string);
		renderHistory(r.string);
		renderMeta(r.string);
		refreshRow(r.string);
	} catch (e) {
		say(form, e.message);
	}
}

const vote = (t, value) => change("PUT", `/translations/${t.id}/vote`, { value });

// ------------------------------------------------------------ saving

function saveBody() {
	const tas = inputs();
	const body = { approve: APPROVER && !!approveBox?.checked, ...current.origin };
	if (current.d.plural)	// the forms filled (the file's format may need fewer than CLDR has)
		body.plural = Object.fromEntries(tas.filter((t) => t.value).map((t) => [t.dataset.cat, t.value]));
	else
		body.text = tas[0].value;
	const version = current.force ?? current.d.version;
	if (version !== undefined && version !== null)
		body.version = version;
	return body;
}

function showQa(list, blocking) {
	qaEl.replaceChildren();
	if (!list?.length)
		return;
	qaEl.append(el("p", { class: "ed-qa-head", text: blocking
		? "Not saved: fix these first."
		: "Saved, with warnings. Fix and save again, or press Ctrl+Enter to go on." }),
	el("ul", {}, ...list.map((q) => el("li", { class: `qa-${q.severity || "warning"}`,
		text: `${q.form ? `Form “${q.form}”: ` : ""}${q.message || q.check}` }))));
	qaEl.className = blocking ? "ed-qa notice error" : "ed-qa notice warn";
}

async function save({ next = true } = {}) {
	if (!current.d)
		return;
	// saved with warnings and not changed since: Ctrl+Enter goes on
	if (next && current.saved !== null && current.saved === inputsValue())
		return goNext();
	if (!inputs().some((t) => t.value.trim())) {
		say(form, "Type a translation first.");
		return;
	}
	const id = current.id, btn = $("ed-save");
	btn.disabled = true;
	say(form, "");
	let r;
	try {
		r = await api("POST", `${BASE}/strings/${id}/translations`, saveBody());
	} catch (e) {
		if (current.id !== id)
			return;
		const more = e.data?.error || {};
		if (e.status === 409 && more.string)
			showConflict(more.string);
		else if (e.status === 422 && more.qa)
			showQa(more.qa, true);
		else
			say(form, e.message);
		return;
	} finally {
		btn.disabled = false;
	}
	if (current.id !== id)
		return;
	$("ed-conflict").hidden = true;
	current.force = null;
	if (r?.string) {
		current.d = r.string;
		renderTranslations(r.string);
		renderHistory(r.string);
		renderMeta(r.string);
		refreshRow(r.string);
	}
	if (r?.qa?.length) {
		showQa(r.qa, false);
		current.saved = inputsValue();
		return;
	}
	qaEl.replaceChildren();
	qaEl.className = "ed-qa";
	if (next)
		goNext("Saved.");
	else
		showNotice("Saved.");
}

// The next string that needs work after this one, within the list's filters: untranslated for
// a translator, not yet approved for a proofreader; from the start when none is after it.
async function goNext(news = "") {
	const p = filterParams();
	p.set("state", APPROVER ? "unapproved" : "untranslated");
	p.set("limit", "1");
	const after = await current.cursor;
	try {
		const ask = async (from) => {
			// a partial reply stopped at the server's scan bound: go on from where it did
			let d = await api("GET", `${BASE}/strings?${p}${from ? `&after=${encodeURIComponent(from)}` : ""}`);
			while (!d.strings.length && d.partial && d.next)
				d = await api("GET", `${BASE}/strings?${p}&after=${encodeURIComponent(d.next)}`);
			return d;
		};
		let d = await ask(after);
		if (!d.strings.length && after)
			d = await ask(null);
		const row = d.strings[0];
		if (!row || row.id === current.id) {
			showNotice(`${news} Nothing else needs work here.`.trim());
			return;
		}
		showNotice(news);
		await openString(row.id, { cursor: d.next, keepNotice: true });
	} catch (e) {
		say(form, e.message);
	}
}

// Alt+Down / Alt+Up: the next or previous row of the list (loading more at its end).
async function step(dir) {
	const lis = [...rowsEl.children];
	const at = lis.findIndex((li) => li.firstChild.dataset.id === String(current.id));
	let li = at < 0 ? lis[0] : lis[at + dir];
	if (!li && dir > 0 && list.next) {
		await loadPage(false);
		li = [...rowsEl.children][at + 1];
	}
	if (li)
		openString(Number(li.firstChild.dataset.id));
}

function showConflict(theirs) {
	current.force = theirs.version;
	const box = $("ed-conflict"), out = $("ed-conflict-theirs");
	const t = theirs.translations?.[0];
	$("ed-conflict-text").textContent = `${t?.author || "Someone else"} changed this string while ` +
		"you were editing it. Their translation:";
	out.replaceChildren();
	if (!t)
		out.append(el("p", { class: "hint", text: "(none: it was removed)" }));
	else if (t.plural)
		for (const [cat, v] of Object.entries(t.plural))
			out.append(el("p", {}, el("span", { class: "cat", text: cat }), " ", el("span", { lang: L, text: v })));
	else
		out.append(el("p", { lang: L, text: t.text }));
	current.conflict = theirs;
	renderTranslations(theirs);	// what is there now, below; the inputs keep what she typed
	renderMeta(theirs);
	box.hidden = false;
	$("ed-keep").focus();
}

$("ed-keep").addEventListener("click", () => {
	const theirs = current.conflict;
	$("ed-conflict").hidden = true;
	current.force = null;
	if (theirs) {
		current.d = theirs;
		renderString(theirs);
		refreshRow(theirs);
		showNotice("Their translation is kept.");
	}
});
$("ed-force").addEventListener("click", () => {
	$("ed-conflict").hidden = true;
	save();
});

form.addEventListener("submit", (ev) => {
	ev.preventDefault();
	save();
});
$("ed-copy").addEventListener("click", copySource);

document.addEventListener("keydown", (ev) => {
	if (!current.d)
		return;
	const ctrl = ev.ctrlKey || ev.metaKey;
	if (ctrl && ev.key === "Enter") {
		ev.preventDefault();
		save();
	} else if (ev.altKey && !ctrl && (ev.key === "ArrowDown" || ev.key === "ArrowUp")) {
		ev.preventDefault();
		step(ev.key === "ArrowDown" ? 1 : -1);
	} else if (ctrl && ev.shiftKey && ev.code === "KeyC") {
		ev.preventDefault();
		copySource();
	} else if (ev.altKey && !ctrl && /^Digit[1-9]$/.test(ev.code)) {
		const ph = placeholdersOf(current.d)[Number(ev.code.slice(5)) - 1];
		if (ph) {
			ev.preventDefault();
			insertAtCaret(ph);
		}
	}
});

// ------------------------------------------------------------ help (after the string shows)

function helpList(id, items, empty) {
	const ul = $(id);
	ul.replaceChildren(...(items.length ? items : [el("li", { class: "hint", text: empty })]));
}

function useButton(text, origin, what) {
	return el("button", { type: "button", class: "small secondary", "aria-label": `Use this ${what}`,
			      onclick: () => useText(text, origin) }, "Use");
}

// The word-level diff from the match's source to this string's source.
function diffView(ops) {
	const p = el("p", { class: "ed-diff" });
	for (const [op, text] of ops || [])
		p.append(op === "+" ? el("ins", { text }) : op === "-" ? el("del", { text }) : text);
	return p;
}

async function help(kind, gen, id, render) {
	helpList(id, [], "Loading…");
	try {
		const d = await api("GET", `${BASE}/strings/${current.id}/${kind}`);
		if (gen === current.gen)
			render(d);
	} catch (e) {
		if (gen === current.gen)
			helpList(id, [], e.status === 404 ? "Not available." : e.message);
	}
}

function loadHelp(d, gen) {
	help("tm", gen, "ed-tm", (r) => helpList("ed-tm", (r.matches || []).map((m) => el("li", {},
		el("p", { class: "ed-help-top" }, el("strong", { class: "score", text: `${m.score}%` }), " ",
		   useButton(m.target, { origin: "tm", tm_match: m.score }, "match")),
		el("p", { class: "ed-help-text", lang: L, dir: "auto", text: m.target }),
		diffView(m.diff),
		el("small", { class: "hint", text: [m.origin?.project, m.origin?.file, m.origin?.author,
			when(m.origin?.created)].filter(Boolean).join(" · ") }))), "No match."));
	help("mt", gen, "ed-mt", (r) => {
		const items = (r.suggestions || []).map((s) => el("li", {},
			el("p", { class: "ed-help-top" }, el("strong", { text: s.engine }), " ",
			   useButton(s.text, { origin: "mt" }, "machine translation")),
			el("p", { class: "ed-help-text", lang: L, dir: "auto", text: s.text })));
		for (const e of r.errors || [])
			items.push(el("li", { class: "hint", text: `${e.engine}: ${e.message}` }));
		helpList("ed-mt", items, r.engines?.length ? "No suggestion." : "No engine is set up for this project.");
	});
	help("glossary", gen, "ed-glossary", (r) => helpList("ed-glossary", (r.terms || []).map((t) =>
		el("li", {}, el("p", {}, el("strong", { text: t.term }), t.part_of_speech ? ` (${t.part_of_speech})` : "",
				" → ", el("span", { lang: L, text: (t.translations || []).join(", ") || "—" })),
		   t.description ? el("small", { class: "hint", text: t.description }) : null)), "No term."));
	helpList("ed-others", (d.other_languages || []).filter((o) => o.translation).map((o) => el("li", {},
		el("p", { class: "ed-help-top" }, el("strong", { text: o.language }), " ",
		   useButton(bestText(o.translation), { origin: "human" }, `${o.language} translation`)),
		el("p", { class: "ed-help-text", lang: o.language, dir: "auto", text: bestText(o.translation) }))),
		"No other language has it.");
}

// ------------------------------------------------------------ what others change

let changeCursor = null;
const seenEvents = new Set();	// the feed reads a little before its cursor: events seen are skipped
async function poll() {
	try {
		const q = changeCursor ? `?after=${encodeURIComponent(changeCursor)}` : "";
		const d = await api("GET", `${BASE}/changes${q}`);
		if (changeCursor && d.truncated)
			loadPage(true);		// too much happened: the list afresh
		if (changeCursor)
			await applyChanges((d.changes || []).filter((c) => !seenEvents.has(c.event)));
		for (const c of d.changes || [])
			seenEvents.add(c.event);
		changeCursor = d.cursor;
	} catch (e) {
		if (e.status === 404 || e.status === 405)
			return;		// a server without the call: no polling
	}
	setTimeout(poll, POLL_MS);
}

async function applyChanges(changes) {
	const ids = [...new Set(changes.map((c) => c.id))];
	const others = changes.filter((c) => c.id === current.id && c.by !== ME);
	for (const id of ids.filter((id) => list.rows.has(id) && id !== current.id).slice(0, 20)) {
		try {
			refreshRow(await api("GET", `${BASE}/strings/${id}`));
		} catch {
			// gone or hidden: the next filter shows it right
		}
	}
	if (others.length) {
		const by = [...new Set(others.map((c) => c.by || "someone"))].join(", ");
		showNotice(`${by} changed this string just now.`, false,
			   el("button", { type: "button", class: "small secondary",
					  onclick: () => openString(current.id) }, "Show the new version"));
		api("GET", `${BASE}/strings/${current.id}`).then((d) => {
			refreshRow(d);
			renderTranslations({ ...d, version: current.d.version });
		}).catch(() => {});
	}
}

// ------------------------------------------------------------ new / edit string (managers)

let dialogs = null;
async function loadDialogs() {
	if (root.dataset.manage !== "1" || !root.dataset.dialogs)
		return;
	try {
		dialogs = await import(root.dataset.dialogs);
	} catch {
		return;		// without the module the buttons stay hidden
	}
	// the dialogs read the categories, languages and labels (types, defaults) themselves
	const add = $("ed-new"), edit = $("ed-edit");
	add.hidden = false;
	add.addEventListener("click", async () => {
		const id = await dialogs.createStringDialog({ project: P });
		if (id) {
			loadPage(true);
			openString(id);
		}
	});
	edit.hidden = !current.d;
	edit.addEventListener("click", async () => {
		if (current.d && await dialogs.editStringDialog({ project: P, string: current.d }))
			openString(current.id);
	});
}

// ------------------------------------------------------------ start

await loadPage(true);
const wanted = Number(location.hash.slice(1));
const first = wanted > 0 ? wanted : list.pages[0]?.ids[0];
if (first)
	openString(first);
loadDialogs();
poll();
