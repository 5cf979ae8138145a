// The settings page (/app/p/{project}/settings, docs/web.md): its tabs, the
// general form (one PATCH of the settings), the API keys (copy, regenerate),
// the opt-in switches (each saved at once) and the labels.  User text is only
// ever set with textContent.

// app.js by the URL the page loaded it from, so both are one module instance
const { api, say } = await import(document.querySelector('script[src$="/app.js"]').src);

const $ = (sel, root = document) => root.querySelector(sel);
const $$ = (sel, root = document) => [...root.querySelectorAll(sel)];

// A status line (role=status) or, for an error, an alert.
function tell(el, text, ok = true) {
	el.setAttribute("role", ok ? "status" : "alert");
	el.className = ok ? "notice" : "notice error";
	el.textContent = text;
	el.hidden = !text;
}

// ---- tabs: #general, #api, #labels, #qa; without script every section shows
const sections = $$("[data-tab]");
function showTab() {
	const target = location.hash ? document.getElementById(location.hash.slice(1)) : null;
	const current = sections.find((s) => s.contains(target)) || sections[0];
	for (const s of sections)
		s.hidden = s !== current;
	for (const a of $$("[data-tabs] a"))
		a.toggleAttribute("aria-current", a.getAttribute("href") === `#${current.id}`);
}
window.addEventListener("hashchange", showTab);
showTab();

// ---- general: name, description, languages, join policy, exports
const general = $("#general-form");
const languages = $("#languages");
const addSelect = $("#add-language");
let confirmedRemoval = false;

function languageItem(code, name, translated) {
	const li = document.createElement("li");
	Object.assign(li.dataset, { code, name, translated: String(translated) });
	const span = document.createElement("span");
	const c = document.createElement("code");
	c.textContent = code;
	span.append(`${name} `, c);
	const b = document.createElement("button");
	Object.assign(b, { type: "button", className: "secondary small", textContent: "Remove" });
	b.dataset.removeLanguage = "";
	b.setAttribute("aria-label", `Remove ${name}`);
	li.append(span, " ", b);
	return li;
}

function removalText(li) {
	return `${li.dataset.name} has ${li.dataset.translated} translated strings. Removing the ` +
		"language hides them from the editor and from exports (they stay stored, and come " +
		"back if the language is added again).";
}

languages.addEventListener("click", (ev) => {
	const b = ev.target.closest("[data-remove-language]");
	if (!b)
		return;
	const li = b.closest("li");
	if (Number(li.dataset.translated) > 0) {
		if (!confirm(`${removalText(li)} Remove ${li.dataset.name}?`))
			return;
		confirmedRemoval = true;
		const w = $("#languages-warning");
		w.textContent = `${li.dataset.name} will be removed when you save.`;
		w.hidden = false;
	}
	const opt = new Option(`${li.dataset.name} (${li.dataset.code})`, li.dataset.code);
	addSelect.append(opt);
	const next = li.nextElementSibling || li.previousElementSibling;
	li.remove();
	(next ? $("button", next) : addSelect).focus();
});

$("#add-language-button").addEventListener("click", () => {
	const opt = addSelect.selectedOptions[0];
	if (!opt || !opt.value)
		return;
	const name = opt.textContent.replace(/ \([^)]*\)$/, "");
	languages.append(languageItem(opt.value, name, 0));
	opt.remove();
	addSelect.value = "";
	addSelect.focus();
});

function generalBody() {
	const f = general.elements;
	const body = {
		name: f.name.value,
		description: f.description.value,
		languages: $$("li", languages).map((li) => li.dataset.code),
		export_interval_minutes: f.export_interval_minutes.value.trim() === "" ? ""
			: Number(f.export_interval_minutes.value),
		export_translated_only: f.export_translated_only.checked,
		export_approved_only: f.export_approved_only.checked,
	};
	const join = $("input[name=join_policy]:checked", general);
	if (join)
		body.join_policy = join.value;
	if (confirmedRemoval)
		body.confirm_remove_languages = true;
	return body;
}

// The field an error names ("name: must not be empty"): marked aria-invalid,
// focused, and named in the message by its label.
function markInvalid(form, message) {
	for (const el of $$("[aria-invalid]", form))
		el.removeAttribute("aria-invalid");
	const [name, ...rest] = message.split(": ");
	const field = form.elements[name];
	if (!(field instanceof Element) || !rest.length)
		return message;
	field.setAttribute("aria-invalid", "true");
	field.focus();
	const label = field.closest("label")?.firstChild?.textContent.trim();
	return label ? `${label}: ${rest.join(": ")}` : message;
}

general.addEventListener("submit", async (ev) => {
	ev.preventDefault();
	const submit = $("[type=submit]", general);
	submit.disabled = true;
	say(general, "");
	try {
		let body = generalBody();
		try {
			await api("PATCH", general.dataset.settings, body);
		} catch (e) {
			// the server knows of translations the page did not: ask, then send again
			if (e.code !== "confirm" || !confirm(e.message.replace(/; send .*$/, ". Remove it?")))
				throw e;
			confirmedRemoval = true;
			body = generalBody();
			await api("PATCH", general.dataset.settings, body);
		}
		markInvalid(general, "");
		confirmedRemoval = false;
		$("#languages-warning").hidden = true;
		for (const li of $$("li", languages))
			li.dataset.translated = li.dataset.translated || "0";
		$(".crumbs span")?.replaceChildren(body.name);
		say(general, "Settings saved.", true);
	} catch (e) {
		say(general, markInvalid(general, e.message));
	} finally {
		submit.disabled = false;
	}
});

// ---- the API keys: copy, regenerate
const keysStatus = $("#keys-status");

for (const b of $$("[data-copy]")) {
	b.addEventListener("click", async () => {
		const el = document.getElementById(b.dataset.copy);
		try {
			await navigator.clipboard.writeText(el.textContent);
			tell(keysStatus, "Copied.");
		} catch {
			// no clipboard (plain http, or refused): select it for Ctrl+C
			const range = document.createRange();
			range.selectNodeContents(el);
			getSelection().removeAllRanges();
			getSelection().addRange(range);
			tell(keysStatus, "Selected: press Ctrl+C (⌘C) to copy.");
		}
	});
}

for (const b of $$("[data-regenerate]")) {
	b.addEventListener("click", async () => {
		const what = b.dataset.what;
		if (!confirm(`Make a new ${what}? The current one stops working at once, for every ` +
			     "client and script that uses it."))
			return;
		b.disabled = true;
		try {
			const url = `${general.dataset.settings.replace(/\/settings$/, "")}/keys/${b.dataset.regenerate}`;
			const data = await api("POST", url);
			document.getElementById(b.dataset.target).textContent = data.value;
			tell(keysStatus, `A new ${what} is shown above; the old one no longer works.`);
		} catch (e) {
			tell(keysStatus, e.message, false);
		} finally {
			b.disabled = false;
		}
	});
}

// ---- the opt-in methods: each switch saves at once
const optIns = $("#opt-ins");
const optStatus = $("#opt-ins-status");
optIns.addEventListener("submit", (ev) => ev.preventDefault());
for (const box of $$("[data-toggle]", optIns)) {
	box.addEventListener("change", async () => {
		const what = box.parentElement.textContent.trim();
		box.disabled = true;
		try {
			await api("PATCH", optIns.dataset.settings, { [box.name]: box.checked });
			tell(optStatus, `Saved: ${what} is ${box.checked ? "on" : "off"}.`);
		} catch (e) {
			box.checked = !box.checked;
			tell(optStatus, `Not saved: ${e.message}`, false);
		} finally {
			box.disabled = false;
			box.focus();
		}
	});
}

// ---- labels: list, add, edit, remove
const labelsSection = $("#labels");
const labelList = $("#label-list");
const labelForm = $("#label-form");
const labelStatus = $("#labels-status");
const labelsUrl = labelsSection.dataset.labels;

function labelItem(l) {
	const li = document.createElement("li");
	Object.assign(li.dataset, { label: l.label_id, name: l.name, type: l.type, default: l.default_value });
	const head = document.createElement("div");
	head.className = "label-head";
	const strong = document.createElement("strong");
	strong.textContent = l.name;
	const type = document.createElement("span");
	type.className = "role";
	type.textContent = l.type;
	const small = document.createElement("small");
	small.className = "hint";
	const id = document.createElement("code");
	id.textContent = l.label_id;
	small.append(`default: ${l.default_value} · id `, id);
	head.append(strong, " ", type, " ", small);
	const opts = document.createElement("ul");
	opts.className = "options";
	for (const o of l.options) {
		const oli = document.createElement("li");
		Object.assign(oli.dataset, { name: o.name, value: o.value });
		const v = document.createElement("code");
		v.textContent = o.value;
		oli.append(`${o.name} = `, v);
		opts.append(oli);
	}
	const row = document.createElement("div");
	row.className = "row";
	for (const [text, cls, attr] of [["Edit", "secondary small", "editLabel"],
					 ["Remove", "danger small", "removeLabel"]]) {
		const b = document.createElement("button");
		Object.assign(b, { type: "button", className: cls, textContent: text });
		b.dataset[attr] = "";
		b.setAttribute("aria-label", `${text} ${l.name}`);
		row.append(b, " ");
	}
	li.append(head, opts, row);
	return li;
}

function showLabels(data) {
	labelList.replaceChildren(...data.labels.map(labelItem));
}

function labelMode(li) {
	const f = labelForm.elements;
	labelForm.reset();
	f.label_id.value = li ? li.dataset.label : "";
	$("#label-form-h").textContent = li ? `Edit label “${li.dataset.name}”` : "Add a label";
	$("[type=submit]", labelForm).textContent = li ? "Save label" : "Add label";
	$("[data-cancel-edit]", labelForm).hidden = !li;
	if (li) {
		f.name.value = li.dataset.name;
		f.type.value = li.dataset.type;
		f.default_value.value = li.dataset.default;
		f.options.value = $$(".options li", li).map((o) => `${o.dataset.name}=${o.dataset.value}`).join("\n");
		f.name.focus();
	}
}

labelList.addEventListener("click", async (ev) => {
	const b = ev.target.closest("button");
	const li = b?.closest("li[data-label]");
	if (!li)
		return;
	if ("editLabel" in b.dataset) {
		labelMode(li);
		return;
	}
	if (!confirm(`Remove the label “${li.dataset.name}”? Strings lose their values for it.`))
		return;
	try {
		showLabels(await api("DELETE", `${labelsUrl}/${encodeURIComponent(li.dataset.label)}`));
		tell(labelStatus, `Label “${li.dataset.name}” removed.`);
		labelMode(null);
	} catch (e) {
		tell(labelStatus, e.message, false);
	}
});

$("[data-cancel-edit]", labelForm).addEventListener("click", () => labelMode(null));

labelForm.addEventListener("submit", async (ev) => {
	ev.preventDefault();
	const f = labelForm.elements;
	const options = f.options.value.split("\n").map((s) => s.trim()).filter(Boolean).map((s) => {
		const eq = s.indexOf("=");
		return eq < 0 ? { name: s, value: s } : { name: s.slice(0, eq).trim(), value: s.slice(eq + 1).trim() };
	});
	const body = { name: f.name.value, type: f.type.value, options };
	if (f.default_value.value !== "" || f.label_id.value)
		body.default_value = f.default_value.value;
	const editing = f.label_id.value;
	const submit = $("[type=submit]", labelForm);
	submit.disabled = true;
	say(labelForm, "");
	try {
		const data = editing
			? await api("PATCH", `${labelsUrl}/${encodeURIComponent(editing)}`, body)
			: await api("POST", labelsUrl, body);
		showLabels(data);
		labelMode(null);
		tell(labelStatus, `Label “${body.name}” ${editing ? "saved" : "added"}.`);
	} catch (e) {
		say(labelForm, e.message);
	} finally {
		submit.disabled = false;
	}
});

// ---- QA checks: the switch and each check's level, one PUT
const qaForm = $("#qa-form");
const qaStatus = $("#qa-status");

qaForm.addEventListener("submit", async (ev) => {
	ev.preventDefault();
	const checks = Object.fromEntries($$("select", qaForm).map((s) => [s.name, s.value]));
	const submit = $("[type=submit]", qaForm);
	submit.disabled = true;
	try {
		const data = await api("PUT", qaForm.dataset.qa, { enabled: qaForm.elements.enabled.checked, checks });
		const errors = data.checks.filter((c) => c.level === "error").length;
		tell(qaStatus, data.enabled
			? `QA checks saved: ${errors} of ${data.checks.length} block a save.`
			: "QA checks saved: no check runs on save.");
	} catch (e) {
		tell(qaStatus, `Not saved: ${e.message}`, false);
	} finally {
		submit.disabled = false;
	}
});
