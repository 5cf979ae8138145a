// The create- and edit-string dialogs (seed 003's modals; docs/editor.md "Creating and
// editing strings"), for the pages that import this module:
//   createStringDialog({project, categories, labels, languages}) -> Promise<new string id | null>
//   editStringDialog({project, string, labels}) -> Promise<true when saved | false>
// project: the identifier (or an object with .identifier).  categories and languages are
// GET /app/api/projects/{p}/categories' lists, labels GET .../labels' list; what is not
// given is fetched.  string: the editor's string detail ({id, key, context, labels}).
// The server's rules decide (model/string_write.h); the dialog only shows its answers.
// Text goes in through textContent and .value only.

// app.js's api(): the same module instance, imported by the URL the page loaded it from
const { api } = await import(document.querySelector('script[src$="/app.js"]').src);

const CONTEXT_MAX = 2500;	// characters (LIMIT_STRING_CONTEXT)
const chars = (s) => [...s].length;	// code points, as the server counts them

let serial = 0;

function el(tag, props = {}, ...kids) {
	const e = document.createElement(tag);
	for (const [k, v] of Object.entries(props)) {
		if (k === "text")
			e.textContent = v;
		else if (k in e && typeof v !== "string")
			e[k] = v;
		else
			e.setAttribute(k, v);
	}
	e.append(...kids.filter((k) => k != null));
	return e;
}

// A labelled control: <label for> its name, the control, and a hint it is described by.
function field(text, control, hint) {
	control.id ||= `sd-${++serial}`;
	const box = el("div", { class: "sd-field" }, el("label", { for: control.id, text }), control);
	if (hint) {
		const small = el("small", { class: "hint", id: `sd-${++serial}`, text: hint });
		control.setAttribute("aria-describedby", small.id);
		box.append(small);
	}
	return box;
}

const projectId = (p) => (typeof p === "string" ? p : p.identifier);
const base = (p) => `/app/api/projects/${encodeURIComponent(projectId(p))}`;

// ------------------------------------------------------------ the parts

function keyField(value = "") {
	const input = el("input", { name: "key", required: true, maxLength: 1024, autocomplete: "off",
				    spellcheck: false });
	input.value = value;
	return { input, node: field("Key", input, "Unique in its category, e.g. toolbar.save") };
}

// The context with a live count of its characters; over the limit it says so.
function contextField(value = "") {
	const area = el("textarea", { name: "context", rows: 3 });
	area.value = value;
	const node = field("Context", area, "How the string is used in the app; translators and the "
			   + "API see it, end users do not.");
	const count = el("small", { class: "sd-count", id: `sd-${++serial}`, "aria-live": "polite" });
	area.setAttribute("aria-describedby", `${area.getAttribute("aria-describedby")} ${count.id}`);
	node.append(count);
	const update = () => {
		const n = chars(area.value);
		count.textContent = `${n.toLocaleString("en")} / ${CONTEXT_MAX.toLocaleString("en")} characters`;
		const over = n > CONTEXT_MAX;
		count.classList.toggle("error", over);
		area.setAttribute("aria-invalid", over ? "true" : "false");
	};
	area.addEventListener("input", update);
	update();
	return { area, node, over: () => chars(area.value) > CONTEXT_MAX };
}

// One control per label, preset to `value(label)`; read() gives {label_id: value}.
function labelsField(labels, value) {
	if (!labels.length)
		return { node: null, read: () => ({}), readNew: () => ({}) };
	const controls = labels.map((l) => {
		const v = value(l) ?? "";
		let c;
		if (l.type === "checkbox") {
			c = el("input", { type: "checkbox", checked: v === "1" });
			return { l, c, node: el("label", { class: "check" }, c, l.name), get: () => (c.checked ? "1" : "0") };
		}
		if (l.type === "select") {
			c = el("select", {}, el("option", { value: "", text: "(none)" }),
			       ...(l.options || []).map((o) => el("option", { value: o.value, text: o.name })));
			c.value = v;
		} else {
			c = el("input", { autocomplete: "off" });
			c.value = v;
		}
		return { l, c, node: field(l.name, c), get: () => c.value };
	});
	const node = el("fieldset", { class: "sd-labels" }, el("legend", { text: "Labels" }),
			...controls.map((x) => x.node));
	const read = () => Object.fromEntries(controls.map((x) => [x.l.label_id, x.get()]));
	// a new string: a select left at "(none)" is simply not sent (it stays unset)
	const readNew = () => Object.fromEntries(controls.filter((x) => x.get() !== "" || x.l.type !== "select")
		.map((x) => [x.l.label_id, x.get()]));
	return { node, read, readNew };
}

// "Category" as a select of the node tree, each option its path ("Website / Header").
function categoryField(categories) {
	const byId = new Map(categories.map((c) => [c.id, c]));
	const path = (c) => {
		const names = [];
		for (let n = c, depth = 0; n && depth < 64; n = byId.get(n.parent_id), depth++)
			names.unshift(n.name);
		return names.join(" / ");
	};
	const select = el("select", { name: "category_id", required: true },
			  ...categories.map((c) => [c, path(c)]).sort((a, b) => a[1].localeCompare(b[1]))
				  .map(([c, p]) => el("option", { value: String(c.id), text: p })));
	return { select, node: field("Category", select) };
}

// Either a default translation (language + text) or a string whose translations are copied.
function sourceField(languages) {
	const name = `sd-source-${++serial}`;
	const useText = el("input", { type: "radio", name, value: "text", checked: true });
	const useCopy = el("input", { type: "radio", name, value: "copy" });
	const lang = el("select", { name: "language" },
			...languages.map((l) => el("option", { value: l.code,
							       text: `${l.name} (${l.code})${l.source ? " — source text" : ""}` })));
	const text = el("textarea", { name: "text", rows: 2 });
	const from = el("input", { name: "copy_from", type: "text", inputMode: "numeric",
				   pattern: "[0-9]*", autocomplete: "off" });
	const textPart = el("div", { class: "sd-part" }, field("Language", lang), field("Text", text));
	const copyPart = el("div", { class: "sd-part" }, field("String id", from,
			    "Its translations in every language are copied to the new string."));
	const sync = () => {
		textPart.hidden = !useText.checked;
		copyPart.hidden = !useCopy.checked;
	};
	useText.addEventListener("change", sync);
	useCopy.addEventListener("change", sync);
	sync();
	const node = el("fieldset", {}, el("legend", { text: "Text of the new string" }),
			el("label", { class: "check" }, useText, "Default translation"), textPart,
			el("label", { class: "check" }, useCopy, "Copy translations from string id"), copyPart);
	const read = () => useCopy.checked
		? { default_translation: null, copy_from: /^\d+$/.test(from.value.trim())
			? Number(from.value.trim()) : from.value.trim() || null }
		: { default_translation: { language: lang.value, text: text.value }, copy_from: null };
	return { node, read, text };
}

// ------------------------------------------------------------ the dialog

// A modal <dialog> holding `parts`; submit(body) -> result or throws; resolves with the
// result, or `cancelled` when closed without saving.
function openDialog(title, parts, submitText, submit, cancelled) {
	return new Promise((resolve) => {
		const heading = el("h2", { text: title, id: `sd-${++serial}` });
		const alert = el("p", { role: "alert", class: "notice error", hidden: true });
		const save = el("button", { type: "submit", text: submitText });
		const cancel = el("button", { type: "button", class: "secondary", text: "Cancel" });
		const form = el("form", { class: "stack sd-form", novalidate: true }, heading, alert,
				...parts.filter(Boolean), el("p", { class: "actions" }, save, cancel));
		const dialog = el("dialog", { class: "string-dialog" }, form);
		dialog.setAttribute("aria-labelledby", heading.id);
		let result = cancelled;
		cancel.addEventListener("click", () => dialog.close());
		dialog.addEventListener("close", () => {
			dialog.remove();
			resolve(result);
		});
		form.addEventListener("submit", async (ev) => {
			ev.preventDefault();
			alert.hidden = true;
			save.disabled = true;
			try {
				result = await submit();
				dialog.close();
			} catch (e) {
				alert.textContent = e.message;
				alert.hidden = false;
				alert.scrollIntoView({ block: "nearest" });
			} finally {
				save.disabled = false;
			}
		});
		document.body.append(dialog);
		dialog.showModal();
	});
}

// The check the server makes too, said before the round trip.
function tooLong(ctx) {
	if (ctx.over())
		throw new Error(`The context is longer than ${CONTEXT_MAX.toLocaleString("en")} characters.`);
}

export async function createStringDialog({ project, categories, labels, languages } = {}) {
	if (!categories || !languages) {
		const d = await api("GET", `${base(project)}/categories`);
		categories ||= d.categories;
		languages ||= d.languages;
	}
	labels ||= (await api("GET", `${base(project)}/labels`)).labels;
	const key = keyField();
	const cat = categoryField(categories);
	const ctx = contextField();
	const labs = labelsField(labels, (l) => l.default_value);
	const src = sourceField(languages);
	return openDialog("Create a string", [key.node, cat.node, ctx.node, labs.node, src.node],
			  "Create string", async () => {
		tooLong(ctx);
		const d = await api("POST", `${base(project)}/strings`, {
			category_id: Number(cat.select.value), key: key.input.value,
			context: ctx.area.value, labels: labs.readNew(), ...src.read(),
		});
		return d.id;
	}, null);
}

export async function editStringDialog({ project, string, labels } = {}) {
	labels ||= (await api("GET", `${base(project)}/labels`)).labels;
	const now = Object.fromEntries((string.labels || []).map((l) => [l.label_id, l.value]));
	const key = keyField(string.key);
	const ctx = contextField(string.context || "");
	const labs = labelsField(labels, (l) => now[l.label_id]);
	const shown = labs.read();	// what the controls show before any change
	const disapprove = el("input", { type: "checkbox", name: "disapprove_all" });
	const suggestions = el("input", { type: "checkbox", name: "delete_suggestions" });
	const checks = el("fieldset", {}, el("legend", { text: "Translations" }),
		el("label", { class: "check" }, disapprove, "Disapprove all approved translations of this string"),
		el("label", { class: "check" }, suggestions, "Delete all suggested translations of this string"));
	return openDialog("Edit string", [key.node, ctx.node, labs.node, checks], "Save", async () => {
		tooLong(ctx);
		const changed = Object.fromEntries(Object.entries(labs.read())
			.filter(([id, v]) => v !== shown[id]));
		await api("PATCH", `${base(project)}/strings/${encodeURIComponent(string.id)}`, {
			key: key.input.value, context: ctx.area.value, labels: changed,
			disapprove_all: disapprove.checked, delete_suggestions: suggestions.checked,
		});
		return true;
	}, false);
}
