// A project's dashboard (/app/p/{project}) and "Create a project" (/app/new):
// uploads, downloads and project creation through the v1 calls, with the
// browser's session and its CSRF token (one implementation of their rules,
// docs/web.md).  Uploads show a real progress bar (XMLHttpRequest's
// upload.onprogress); the page's progress and tree are then fetched again.

// app.js's say() and v1(): the same module instance, imported by the URL the page loaded it from
const { say, v1 } = await import(document.querySelector('script[src$="/app.js"]').src);

// ------------------------------------------------------------ create a project

function newProject(form) {
	const filter = document.getElementById("lang-filter");
	const checks = [...form.querySelectorAll("#lang-checks label")];
	const count = document.getElementById("lang-count");
	filter.addEventListener("input", () => {
		const q = filter.value.trim().toLowerCase();
		for (const l of checks)
			l.hidden = q !== "" && !l.dataset.name.toLowerCase().includes(q);
	});
	filter.addEventListener("keydown", (ev) => ev.key === "Enter" && ev.preventDefault());
	form.querySelector("#lang-checks").addEventListener("change", () => {
		const codes = checks.filter((l) => l.querySelector("input").checked)
			.map((l) => l.querySelector("input").value);
		count.textContent = codes.length ? `Chosen: ${codes.join(", ")}` : "None chosen.";
	});
	form.addEventListener("submit", async (ev) => {
		ev.preventDefault();
		const submit = form.querySelector("[type=submit]");
		submit.disabled = true;
		say(form, "");
		const body = new FormData(form);
		try {
			await v1("POST", "/api/account/create-project?json", body);
			location.assign(`/app/p/${encodeURIComponent(body.get("identifier"))}`);
		} catch (e) {
			say(form, e.message);
			submit.disabled = false;
		}
	});
}

// ------------------------------------------------------------ the dashboard

const project = () => document.getElementById("dash")?.dataset.project;
const api = (action, params = {}) =>
	`/api/project/${encodeURIComponent(project())}/${action}?json&${new URLSearchParams(params)}`;

// What a v1 upload reply says, in words.
function outcome(d) {
	const files = d?.stats?.files;
	if (files)
		return files.map((f) => `Added ${f.name}: ${f.strings} strings, ${f.words} words.`).join(" ");
	const words = { updated: "updated", skipped: "skipped (unchanged)", uploaded: "imported",
			not_allowed: "not possible for this format" };
	return Object.entries(d?.files || {}).map(([k, v]) => `${k}: ${words[v] || v}.`).join(" ");
}

// The page again, for its progress, tree and lists; the forms keep their news.
async function refresh(news) {
	const r = await fetch(location.href, { credentials: "same-origin" });
	if (!r.ok)
		return;
	const doc = new DOMParser().parseFromString(await r.text(), "text/html");
	const main = document.querySelector("main"), fresh = doc.querySelector("main");
	main.replaceChildren(...[...fresh.childNodes].map((n) => document.adoptNode(n)));
	dashboard();
	for (const [id, text] of Object.entries(news)) {
		const form = document.getElementById(id);
		if (!form)
			continue;
		say(form, text, true);
		const bar = form.querySelector(".upload-progress");
		bar.hidden = false;
		bar.value = 100;
	}
}

function uploadParts(form) {
	const file = form.querySelector("input[type=file]").files[0];
	const body = new FormData();
	if (form.dataset.kind === "source") {
		const opt = form.elements.dir.selectedOptions[0];
		const path = opt.value ? `${opt.value}/${file.name}` : file.name;
		body.append(`files[${path}]`, file, file.name);
		if (opt.dataset.branch)
			body.append("branch", opt.dataset.branch);
		return body;
	}
	const opt = form.elements.target.selectedOptions[0];
	body.append(`files[${opt.value}]`, file, file.name);
	if (opt.dataset.branch)
		body.append("branch", opt.dataset.branch);
	body.append("language", form.elements.language.value);
	for (const name of ["import_duplicates", "import_eq_suggestions", "auto_approve_imported"])
		if (form.elements[name]?.checked)
			body.append(name, "1");
	return body;
}

// Whether the tree shows the file a source upload names (then it is a new version of it).
function inTree(body) {
	const path = [...body.keys()].find((k) => k.startsWith("files["))?.slice(6, -1);
	const branch = body.get("branch") || "";
	return [...document.querySelectorAll("#tree li.file")].some((li) =>
		li.dataset.path === path && li.dataset.branch === branch);
}

function upload(form) {
	form.addEventListener("submit", async (ev) => {
		ev.preventDefault();
		const submit = form.querySelector("[type=submit]");
		const bar = form.querySelector(".upload-progress");
		submit.disabled = true;
		say(form, "");
		bar.hidden = false;
		bar.value = 0;
		const body = uploadParts(form);
		const shown = (f) => { bar.value = Math.round(f * 100); };
		try {
			let d;
			if (form.dataset.kind === "source") {
				try {
					d = await v1("POST", api(inTree(body) ? "update-file" : "add-file"), body, shown);
				} catch (e) {
					if (e.code !== 5)	// 5: added meanwhile: a new version of it
						throw e;
					bar.value = 0;
					d = await v1("POST", api("update-file"), body, shown);
				}
			} else {
				d = await v1("POST", api("upload-translation"), body, shown);
			}
			bar.value = 100;
			say(form, `Done. ${outcome(d)}`, true);
			await refresh({ [form.id]: `Done. ${outcome(d)}` });
		} catch (e) {
			bar.hidden = true;
			say(form, e.message);
			submit.disabled = false;
		}
	});
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// Build a language's ZIP (or all), follow export-status, then offer the file.
async function exportZip(button, box) {
	const code = button.dataset.export;
	box.hidden = false;
	box.className = "notice";
	box.setAttribute("role", "status");
	box.replaceChildren(`Building ${code === "all" ? "all languages" : code}…`);
	const bar = document.createElement("progress");
	bar.max = 100;
	bar.value = 0;
	box.append(" ", bar);
	button.disabled = true;
	try {
		const d = await v1("POST", api(code === "all" ? "export" : `export/${code}`, { async: 1 }));
		let status = d?.success?.status;
		while (status === "in-progress") {
			await sleep(400);
			const s = await v1("GET", api("export-status"));
			status = s.status === "in-progress" ? "in-progress" : "done";
			bar.value = s.progress ?? 0;
		}
		bar.value = 100;
		const a = document.createElement("a");
		a.href = `/api/project/${encodeURIComponent(project())}/download/${encodeURIComponent(code)}.zip`;
		a.textContent = `Download ${code}.zip`;
		a.setAttribute("download", "");
		box.replaceChildren("Ready: ", a);
	} catch (e) {
		box.className = "notice error";
		box.setAttribute("role", "alert");
		box.textContent = e.message;
	} finally {
		button.disabled = false;
	}
}

function dashboard() {
	document.querySelectorAll("form.upload").forEach(upload);
	const box = document.getElementById("export-status");
	document.querySelectorAll("button[data-export]").forEach((b) =>
		b.addEventListener("click", () => exportZip(b, box)));
}

const np = document.getElementById("new-project");
if (np)
	newProject(np);
if (project())
	dashboard();
