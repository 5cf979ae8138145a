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
		e.data = data;	// the rest of the reply (the editor's 409 carries the string as it is now)
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

// A v1 call with the session (docs/web.md): its JSON reply, or an Error with the v1 message,
// code and details.  XMLHttpRequest for its upload progress (onprogress gets 0..1).
export function v1(method, url, body, onprogress) {
	return new Promise((resolve, reject) => {
		const x = new XMLHttpRequest();
		x.open(method, url);
		x.setRequestHeader("Accept", "application/json");
		if (method !== "GET")
			x.setRequestHeader("X-CSRF-Token", csrf());
		if (onprogress)
			x.upload.onprogress = (e) => e.lengthComputable && onprogress(e.loaded / e.total);
		x.onerror = () => reject(new Error("The server could not be reached."));
		x.onload = () => {
			let d = null;
			try {
				d = JSON.parse(x.responseText);
			} catch {
				// not JSON: the status says it
			}
			if (x.status === 200 && d && d.success !== false)
				return resolve(d);
			const e = new Error(d?.error?.message || `${x.status} ${x.statusText}`);
			e.code = d?.error?.code;
			e.details = d?.error?.details;	// what exactly (which parameter), when told
			reject(e);
		};
		x.send(body);
	});
}
