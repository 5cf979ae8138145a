// tolk's pages: enhancements only, every page works without them (docs/web.md).
// Forms marked data-api="METHOD /app/api/..." are sent as JSON with the
// session's CSRF token (from <body data-csrf>); errors show at the top of the
// form.  Then: data-next goes there, data-show shows a field of the answer
// once (a new key), data-done says the form's news.

const csrf = () => document.body.dataset.csrf || "";

export async function api(method, url, body) {
	const headers = { "Accept": "application/json" };
	if (body !== undefined)
		headers["Content-Type"] = "application/json";
	if (method !== "GET")
		headers["X-CSRF-Token"] = csrf();
	const r = await fetch(url, { method, headers, credentials: "same-origin",
				     body: body === undefined ? undefined : JSON.stringify(body) });
	const data = r.headers.get("Content-Type")?.includes("json") ? await r.json() : null;
	if (!r.ok) {
		const e = new Error(data?.error?.message || `${r.status} ${r.statusText}`);
		e.status = r.status;
		e.code = data?.error?.code;
		throw e;
	}
	return data;
}

// A message at the top of the form: an error (role=alert), or news (role=status).
export function say(form, text, ok = false) {
	let out = form.querySelector(":scope > .notice");
	if (!out) {
		out = document.createElement("p");
		form.prepend(out);
	}
	out.setAttribute("role", ok ? "status" : "alert");
	out.className = ok ? "notice" : "notice error";
	out.textContent = text;
	out.hidden = !text;
	return out;
}

function enhance(form) {
	const [method, url] = form.dataset.api.split(" ");
	form.addEventListener("submit", async (ev) => {
		ev.preventDefault();
		const body = Object.fromEntries(new FormData(form));
		const submit = form.querySelector("[type=submit]");
		if (submit)
			submit.disabled = true;
		say(form, "");
		try {
			const data = await api(method, url, body);
			const next = form.dataset.next || data?.next;
			if (next) {
				location.assign(next);
				return;
			}
			form.reset();
			if (form.dataset.show) {	// a value shown once: a new key
				const out = say(form, "Copy it now, it is not shown again: ", true);
				const code = document.createElement("code");
				code.textContent = data?.[form.dataset.show] ?? "";
				out.append(code);
			} else if (form.dataset.done) {
				say(form, form.dataset.done, true);
			}
			form.dispatchEvent(new CustomEvent("api-done", { detail: data }));
		} catch (e) {
			say(form, e.message);
		} finally {
			if (submit)
				submit.disabled = false;
		}
	});
}

document.querySelectorAll("form[data-api]").forEach(enhance);
