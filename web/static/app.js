// tolk's pages: enhancements only, every page works without them (docs/web.md).
// Forms marked data-api="METHOD /app/api/..." are sent as JSON with the
// session's CSRF token (from <body data-csrf>); errors show next to the form.

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

function say(form, text) {
	let out = form.querySelector("[role=alert]");
	if (!out) {
		out = document.createElement("p");
		out.setAttribute("role", "alert");
		out.className = "notice error";
		form.prepend(out);
	}
	out.textContent = text;
	out.hidden = !text;
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
			if (next)
				location.assign(next);
			else
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
