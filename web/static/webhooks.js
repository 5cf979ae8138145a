// The webhooks page (docs/web.md): test buttons, and the delivery log read
// from GET .../webhooks/deliveries, refreshed while a delivery is pending.
// Everything from the server is set with textContent.

// app.js by the URL the page loaded it from: one module instance, one api()
const appUrl = document.querySelector('script[type=module][src$="/app.js"]').src;
const { api } = await import(appUrl);

const table = document.getElementById("deliveries");
const body = table.querySelector("tbody");
const older = document.getElementById("older");
const empty = document.getElementById("log-empty");
const logError = document.getElementById("log-error");
const news = document.getElementById("test-news");
const tests = document.getElementById("tests");
const form = document.getElementById("webhook-urls");

const KINDS = { lone: "localization.one", file_translated: "File translated",
		file_proofread: "File proofread", project_translated: "Project translated",
		project_proofread: "Project proofread", other: "Other" };
const COLUMNS = ["When", "Kind", "URL", "Status", "Attempts", "Last error", "Next attempt", ""];

const when = (t) => t ? new Date(t * 1000).toLocaleString() : "—";

// a cell's content in one element: on phones the cell is a grid of its label and that
function cell(tr, text, cls) {
	const td = document.createElement("td"), v = document.createElement("div");
	td.dataset.label = COLUMNS[tr.children.length];
	if (cls)
		td.className = cls;
	if (text !== undefined)
		v.textContent = text;
	td.append(v);
	tr.append(td);
	return v;
}

// pending with attempts made: waiting for its next try
const shownState = (d) => d.state === "pending" && d.attempts > 0 ? "retrying" : d.state;

function row(d) {
	const tr = document.createElement("tr");
	tr.dataset.id = d.id;
	tr.dataset.state = d.state;
	const at = cell(tr, when(d.created));
	if (d.test || d.redelivery_of) {
		const note = document.createElement("small");
		note.className = "hint";
		note.textContent = [d.test ? "test" : "", d.redelivery_of ? `redelivery of #${d.redelivery_of}` : ""]
			.filter(Boolean).join(", ");
		at.append(document.createElement("br"), note);
	}
	cell(tr, `${KINDS[d.kind] || d.kind}${d.event ? ` · ${d.event}` : ""}`);
	cell(tr, d.url, "url");
	const st = cell(tr, undefined);
	const label = document.createElement("span");
	label.className = `state-${shownState(d)}`;
	label.textContent = shownState(d);
	st.append(label, d.last_status ? ` · HTTP ${d.last_status}` : "");
	cell(tr, String(d.attempts));
	cell(tr, d.last_error || "—");
	cell(tr, d.next_attempt_at ? when(d.next_attempt_at) : "—");
	const acts = cell(tr, undefined, "acts");
	const again = document.createElement("button");
	again.type = "button";
	again.className = "secondary";
	again.textContent = "Redeliver";
	again.setAttribute("aria-label", `Redeliver #${d.id}`);
	again.disabled = d.state === "pending";
	again.addEventListener("click", () => redeliver(d.id, again));
	const details = document.createElement("details");
	const summary = document.createElement("summary");
	summary.textContent = `Payload #${d.id}`;
	const pre = document.createElement("pre");
	pre.textContent = d.payload;
	details.append(summary, pre);
	acts.append(again, details);
	return tr;
}

let timer = null, before = null;

async function load(more) {
	const q = more && before ? `?before=${before}` : "";
	try {
		const data = await api("GET", table.dataset.url + q);
		if (!more)
			body.replaceChildren();
		data.deliveries.forEach((d) => body.append(row(d)));
		before = data.next_before;
		older.hidden = !before;
		empty.hidden = body.children.length > 0;
		logError.hidden = true;
		// a new delivery goes out within a second; a retry may wait long
		const rows = [...body.children];
		const fresh = rows.some((r) => r.dataset.state === "pending" &&
					r.querySelector(".state-pending"));
		const retrying = rows.some((r) => r.dataset.state === "pending");
		clearTimeout(timer);
		if (fresh || retrying)
			timer = setTimeout(() => load(false), fresh ? 1000 : 10000);
	} catch (e) {
		logError.textContent = `The deliveries could not be read: ${e.message}`;
		logError.hidden = false;
	}
}

function say(text, ok) {
	news.textContent = text;
	news.className = ok ? "notice" : "notice error";
	news.setAttribute("role", ok ? "status" : "alert");
	news.hidden = false;
}

async function redeliver(id, button) {
	button.disabled = true;
	try {
		const data = await api("POST", `${table.dataset.url}/${id}/redeliver`);
		say(`Delivery #${id} is queued again as #${data.id}.`, true);
	} catch (e) {
		say(e.message, false);
	}
	await load(false);
}

tests.addEventListener("click", async (ev) => {
	const button = ev.target.closest("button[data-kind]");
	if (!button)
		return;
	button.disabled = true;
	try {
		const data = await api("POST", tests.dataset.url, { kind: button.dataset.kind });
		say(`Test delivery #${data.id} is queued; it shows in the log below.`, true);
	} catch (e) {
		say(e.message, false);
	} finally {
		button.disabled = false;
	}
	await load(false);
});

// saved URLs: the fields keep them (app.js resets the form), the test buttons follow them
form.addEventListener("api-done", (ev) => {
	for (const input of form.querySelectorAll("input[name]")) {
		input.defaultValue = input.value = ev.detail?.[input.name] ?? "";
		const kind = input.name === "webhook_url" ? "lone" : input.name.replace(/^webhook_/, "");
		const b = tests.querySelector(`button[data-kind="${kind}"]`);
		if (b)
			b.disabled = !input.value;
	}
});

older.addEventListener("click", () => load(true));
load(false);
