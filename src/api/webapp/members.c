/*
 * A project's members, for the members page (docs/web.md "The project
 * calls"): GET /app/api/projects/{project}/members, PUT and DELETE
 * .../members/{login}.  The rules are members.h's, as for the CLI and the
 * v1 tolk calls: the session's grant is the actor.
 */
#include "api/webapp/webapp.h"
#include "model/members.h"

#include <jansson.h>
#include <string.h>

int app_model_fail(struct call *c, int rc, const char *what)
{
	const char *why = model_why();
	switch (rc) {
	case MODEL_NOT_FOUND:
		return app_fail(c, 404, "not_found", "%s", why ? why : "not found");
	case MODEL_CONFLICT:
		return app_fail(c, 409, "conflict", "%s", why ? why : "conflict");
	case MODEL_INVALID:
		return app_fail(c, 400, "invalid", "%s", why ? why : "invalid");
	case MODEL_FORBIDDEN:
		return app_fail(c, 403, "forbidden", "%s", why ? why : "forbidden");
	default:
		return app_fail(c, 500, "internal", "internal error (%s)", what);
	}
}

void app_language_list(struct arena *a, struct rv *parent, const char *codes)
{
	struct rv *list = rv_list(a, parent, "languages", "language");
	for (const char *p = codes; *p;) {
		size_t n = strcspn(p, ",");
		rv_str(a, list, NULL, arena_strndup(a, p, n));
		p += n + (p[n] == ',');
	}
}

int app_languages(struct call *c, const char **out)
{
	*out = NULL;
	json_t *v = c->r->json ? json_object_get(c->r->json, "languages") : NULL;
	if (!v || json_is_null(v))
		return 0;
	if (json_is_string(v)) {
		*out = json_string_value(v);
		return 0;
	}
	if (!json_is_array(v))
		return app_fail(c, 400, "invalid", "'languages' must be a list of language codes");
	struct buf b;
	buf_init(&b, 0);
	size_t i;
	json_t *e;
	json_array_foreach(v, i, e) {
		const char *s = json_string_value(e);
		if (!s || !*s || strchr(s, ',')) {
			buf_release(&b);
			return app_fail(c, 400, "invalid", "'languages' must be a list of language "
					"codes (\"fr\", \"pt-BR\")");
		}
		buf_printf(&b, "%s%s", i ? "," : "", s);
	}
	*out = arena_strdup(c->a, b.data);
	buf_release(&b);
	return 0;
}

static void member_fields(struct arena *a, struct rv *o, const struct member_row *m)
{
	rv_str(a, o, "login", m->login);
	rv_str(a, o, "role", role_name(m->role));
	app_language_list(a, o, m->languages);
	rv_int(a, o, "joined", m->joined);
}

struct members {
	struct member_change m;
	struct member_row *v;
	size_t n;
	bool remove;
};

static int read_members(struct call *c, void *p)
{
	struct members *x = p;
	int rc = member_list(c->db, c->a, c->project.id, &x->v, &x->n);
	return rc ? app_model_fail(c, rc, "members") : 0;
}

int app_members(struct call *c)
{
	struct members x = { 0 };
	int st = app_txn(c, false, read_members, &x);
	if (st)
		return st;
	c->reply = rv_new_obj(c->a);
	struct rv *list = rv_list(c->a, c->reply, "members", "member");
	for (size_t i = 0; i < x.n; i++)
		member_fields(c->a, rv_obj(c->a, list, NULL), &x.v[i]);
	return 0;
}

static int change_member(struct call *c, void *p)
{
	struct members *x = p;
	int rc = x->remove ? member_remove(c->db, c->a, c->project.id, &x->m)
			   : member_set(c->db, c->a, c->project.id, &x->m);
	if (rc)
		return app_model_fail(c, rc, "member");
	return x->remove ? 0 : read_members(c, x);
}

static int change(struct call *c, bool remove)
{
	struct members x = { .m = { .login = call_capture(c, "login"), .actor = &c->grant,
				    .actor_id = c->account.id },
			     .remove = remove };
	size_t len;
	int st = remove ? 0 : app_text(c, "role", 32, &x.m.role, &len);
	if (!st && !remove)
		st = app_languages(c, &x.m.languages);
	if (!st && !remove && !x.m.role && !x.m.languages)
		st = app_fail(c, 400, "invalid", "send a role, languages, or both");
	if (!st)
		st = app_txn(c, true, change_member, &x);
	if (st)
		return st;
	if (remove) {
		c->r->resp.status = 204;
		return 0;
	}
	for (size_t i = 0; i < x.n; i++)
		if (!strcmp(x.v[i].login, x.m.login)) {
			member_fields(c->a, c->reply = rv_new_obj(c->a), &x.v[i]);
			return 0;
		}
	return app_fail(c, 500, "internal", "internal error (member vanished)");
}

int app_member_set(struct call *c)
{
	return change(c, false);
}

int app_member_remove(struct call *c)
{
	return change(c, true);
}
