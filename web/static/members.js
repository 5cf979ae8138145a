// The members page (docs/web.md): change a member's role and languages,
// block, remove; make an invitation link and copy it; revoke a link.  It
// calls /app/api/projects/{project}/members and .../invitations with
// app.js's api() (the same module instance: imported by the URL the page
// loaded it from).
const { api } = await import(document.querySelector("script[src$='/app.js']").src);

const base = document.getElementById("members").dataset.api;
const news = document.getElementById("members-news");
const BOUND = new Set(["translator", "proofreader"]);

// News at the top of the members table: an error (role=alert) or what was done.
function say(text, ok = true) {
	news.setAttribute("role", ok ? "status" : "alert");
	news.className = ok ? "notice" : "notice error";
	news.textContent = text;
	news.hidden = !text;
}

// The ticked language boxes: their codes, and "French (fr), ..." ("all" for none).
function ticked(boxes) {
	const on = [...boxes].filter((b) => b.checked);
	return { codes: on.map((b) => b.value),
		 text: on.map((b) => `${b.dataset.name} (${b.value})`).join(", ") || "all" };
}

const memberUrl = (login) => `${base}/members/${encodeURIComponent(login)}`;

async function busy(button, work) {
	button.disabled = true;
	try {
		await work();
	} catch (e) {
		say(e.message, false);
	} finally {
		button.disabled = false;
	}
}

for (const form of document.querySelectorAll("form.member")) {
	const login = form.dataset.login;
	const row = form.closest("tr");
	const role = row.querySelector("select[name=role]");
	const boxes = row.querySelectorAll("input[name=languages]");
	form.addEventListener("submit", (ev) => {
		ev.preventDefault();
		busy(form.querySelector("[type=submit]"), async () => {
			const langs = ticked(boxes);
			const bound = BOUND.has(role.value);
			await api("PUT", memberUrl(login), { role: role.value, languages: bound ? langs.codes : [] });
			row.querySelector("summary").textContent = bound ? langs.text : "all";
			say(`Saved: ${login} is ${role.value}${bound ? ` (languages: ${langs.text})` : ""}.`);
		});
	});
	form.addEventListener("click", (ev) => {
		const act = ev.target.closest("button[data-act]")?.dataset.act;
		if (act === "block" && confirm(`Block ${login}? A blocked member can do nothing in this project.`))
			busy(ev.target, async () => {
				await api("PUT", memberUrl(login), { role: "blocked" });
				role.value = "blocked";
				ev.target.remove();
				say(`${login} is blocked.`);
			});
		if (act === "remove" && confirm(`Remove ${login} from this project?`))
			busy(ev.target, async () => {
				await api("DELETE", memberUrl(login));
				row.remove();
				say(`${login} is no longer a member.`);
			});
	});
}

// ---- invitations ----

const invite = document.getElementById("invite-form");
const shown = document.getElementById("invite-link");
const urlBox = document.getElementById("invite-url");
const rows = document.getElementById("invitation-rows");

function cell(tr, text, label) {
	const td = tr.insertCell();
	td.textContent = text;
	if (label)
		td.dataset.label = label;
	return td;
}

const when = (t) => new Date(t * 1000).toISOString().slice(0, 16).replace("T", " ") + " UTC";

function invitationRow(inv, langs) {
	const tr = rows.insertRow(0);
	cell(tr, inv.role, "Role");
	cell(tr, langs, "Languages");
	cell(tr, inv.created_by, "By");
	cell(tr, when(inv.expires), "Expires");
	cell(tr, inv.max_uses ? `${inv.uses} of ${inv.max_uses}` : `${inv.uses} (no limit)`, "Used");
	const b = document.createElement("button");
	Object.assign(b, { type: "button", className: "secondary", textContent: "Revoke" });
	b.dataset.revoke = inv.id;
	const td = cell(tr, "");
	td.className = "actions";
	td.append(b);
	document.getElementById("no-invitations").hidden = true;
}

invite.addEventListener("submit", (ev) => {
	ev.preventDefault();
	const f = invite.elements;
	const button = invite.querySelector("[type=submit]");
	busy(button, async () => {
		const langs = ticked(invite.querySelectorAll("input[name=languages]"));
		const bound = BOUND.has(f.role.value);
		try {
			const inv = await api("POST", `${base}/invitations`, {
				role: f.role.value, languages: bound ? langs.codes : [],
				days: Number(f.days.value), max_uses: f.single_use.checked ? 1 : 0 });
			invite.querySelector(".notice")?.remove();
			urlBox.value = inv.url;
			shown.hidden = false;
			document.getElementById("copy-news").textContent = "";
			invitationRow(inv, bound ? langs.text : "all");
			urlBox.focus();
			urlBox.select();
		} catch (e) {
			let out = invite.querySelector(".notice");
			if (!out) {
				out = document.createElement("p");
				out.className = "notice error";
				out.setAttribute("role", "alert");
				invite.prepend(out);
			}
			out.textContent = e.message;
		}
	});
});

document.getElementById("copy-link").addEventListener("click", async () => {
	const out = document.getElementById("copy-news");
	try {
		await navigator.clipboard.writeText(urlBox.value);
		out.textContent = "Copied.";
	} catch {
		urlBox.select();
		out.textContent = document.execCommand("copy") ? "Copied." : "Select the link and copy it.";
	}
});

rows.addEventListener("click", (ev) => {
	const b = ev.target.closest("button[data-revoke]");
	if (!b || !confirm("Revoke this link? Nobody can join with it after."))
		return;
	busy(b, async () => {
		await api("DELETE", `${base}/invitations/${b.dataset.revoke}`);
		b.closest("tr").remove();
		document.getElementById("no-invitations").hidden = rows.rows.length > 0;
		say("The link is revoked.");
	});
});
