/*
 * GET /app/p/{project}/members (docs/web.md): the members, each with a form
 * for its role and languages, block and remove; the invitation form and the
 * links that still work.  What it changes goes through the
 * /app/api/projects/{project}/members and .../invitations calls
 * (web/static/members.js), so the rules are members.h's.
 */
#include "web/web.h"
#include "api/webapp/webapp.h"
#include "model/invitations.h"
#include "model/languages.h"

#include <string.h>
#include <time.h>

/* Member roles in the order the role selects offer them. */
static const char *const member_roles[] = { "owner", "manager", "proofreader", "translator",
					    "blocked" };

json_t *web_date(int64_t t)
{
	char s[32];
	time_t tt = (time_t)t;
	struct tm tm;
	gmtime_r(&tt, &tm);
	strftime(s, sizeof(s), "%Y-%m-%d %H:%M UTC", &tm);
	return json_string(s);
}

/* "French (fr), German (de)", or "all" for "". */
const char *web_language_names(struct arena *a, const char *codes)
{
	if (!*codes)
		return "all";
	const char *out = "";
	for (const char *p = codes; *p;) {
		size_t n = strcspn(p, ",");
		const char *code = arena_strndup(a, p, n);
		const struct language *l = language_by_code(code);
		out = arena_printf(a, "%s%s%s (%s)", out, *out ? ", " : "", l ? l->name : code, code);
		p += n + (p[n] == ',');
	}
	return out;
}

/* Whether the comma-separated codes hold code. */
static bool has_code(const char *codes, const char *code)
{
	size_t n = strlen(code);
	for (const char *p = codes; *p;) {
		size_t len = strcspn(p, ",");
		if (len == n && !strncmp(p, code, n))
			return true;
		p += len + (p[len] == ',');
	}
	return false;
}

/* The project's languages as checkboxes, those in codes checked. */
static json_t *language_boxes(const int *ids, int n, const char *codes)
{
	json_t *list = json_array();
	for (int i = 0; i < n; i++) {
		const struct language *l = language_by_id(ids[i]);
		if (l)
			json_array_append_new(list, json_pack("{s:s,s:s,s:b}", "code", l->crowdin_code,
							      "name", l->name, "checked",
							      has_code(codes, l->crowdin_code)));
	}
	return list;
}

static json_t *member_item(struct call *c, const struct member_row *m, size_t i, const int *ids,
			   int n_ids)
{
	const char *role = role_name(m->role);
	/* a manager may not touch an owner (members.h): that row is shown, not a form */
	bool editable = c->grant.role == ROLE_OWNER || m->role != ROLE_OWNER;
	json_t *roles = json_array();
	for (size_t r = 0; r < sizeof(member_roles) / sizeof(member_roles[0]); r++)
		if (c->grant.role == ROLE_OWNER || strcmp(member_roles[r], "owner"))
			json_array_append_new(roles, json_pack("{s:s,s:b}", "value", member_roles[r],
							       "selected", !strcmp(role, member_roles[r])));
	json_t *o = json_pack("{s:s,s:s,s:s,s:s,s:o,s:b,s:b,s:b,s:o,s:o}", "login", m->login,
			      "form_id", arena_printf(c->a, "member-%zu", i), "role", role,
			      "languages_text", web_language_names(c->a, m->languages), "joined",
			      web_date(m->joined), "editable", editable, "me",
			      m->account_id == c->account.id, "blocked", m->role == ROLE_BLOCKED,
			      "roles", roles, "languages", language_boxes(ids, n_ids, m->languages));
	return o;
}

static json_t *invitation_item(struct call *c, const struct invitation *v)
{
	return json_pack("{s:I,s:s,s:s,s:s,s:o,s:s}", "id", (json_int_t)v->id, "role", v->role,
			 "languages_text", web_language_names(c->a, v->languages), "created_by",
			 v->created_by, "expires", web_date(v->expires), "uses",
			 v->max_uses ? arena_printf(c->a, "%lld of %lld", (long long)v->uses,
						    (long long)v->max_uses)
				     : arena_printf(c->a, "%lld (no limit)", (long long)v->uses));
}

static int read_page(struct call *c, void *ctx)
{
	json_t *d = ctx;
	struct member_row *m;
	struct invitation *v;
	size_t n_m, n_v;
	int ids[ROLES_MAX_LANGUAGES];
	int n_ids = project_languages(c->db, c->project.id, ids, ROLES_MAX_LANGUAGES);
	if (n_ids < 0 || member_list(c->db, c->a, c->project.id, &m, &n_m) ||
	    invitation_list(c->db, c->a, c->project.id, &v, &n_v))
		return 500;
	json_t *members = json_array(), *invitations = json_array();
	for (size_t i = 0; i < n_m; i++)
		json_array_append_new(members, member_item(c, &m[i], i, ids, n_ids));
	for (size_t i = 0; i < n_v; i++)
		json_array_append_new(invitations, invitation_item(c, &v[i]));
	json_object_set_new(d, "members", members);
	json_object_set_new(d, "invitations", invitations);
	json_object_set_new(d, "has_invitations", json_boolean(n_v > 0));
	json_object_set_new(d, "project_languages", language_boxes(ids, n_ids, ""));
	json_object_set_new(d, "join_policy", json_string(c->project.join_policy));
	json_object_set_new(d, "open", json_boolean(!strcmp(c->project.join_policy, "open")));
	return 0;
}

int web_members(struct call *c)
{
	if (!web_need_project(c, ACT_MANAGE_MEMBERS))
		return 0;
	json_t *d = web_project_data(c, "members");
	if (app_txn(c, false, read_page, d)) {
		json_decref(d);
		return web_page(c, 500, "error", "Something went wrong", NULL);
	}
	return web_page(c, 200, "members", arena_printf(c->a, "Members · %s", c->project.name), d);
}
