/*
 * tolk calls of the v1 API (not Crowdin's): a project's members, for those
 * whose role may manage them (docs/roles.md).  members lists them;
 * add-member, edit-member and remove-member change one, named by `member`
 * (its login: `login` is the caller's own, with account-key), with `role`
 * and `languages[]` (Crowdin codes; an empty item: all).  The
 * rules are the model's (model/members.h), the same as the CLI's.
 */
#include "api/crowdin_v1/v1.h"
#include "model/members.h"

#include <string.h>

static void member_reply(struct call *c, struct rv *parent, const struct member_row *m)
{
	struct arena *a = c->a;
	struct rv *o = rv_obj(a, parent, parent->kind == RV_LIST ? NULL : "member");
	rv_str(a, o, "login", m->login);
	rv_str(a, o, "role", role_name(m->role));
	struct rv *langs = rv_list(a, o, "languages", "language");
	for (const char *p = m->languages; *p;) {
		size_t n = strcspn(p, ",");
		rv_str(a, langs, NULL, arena_strndup(a, p, n));
		p += n + (p[n] == ',');
	}
}

/* Fill the reply with the members (all, or only login's). */
static int reply_members(struct call *c, const char *login)
{
	struct member_row *v;
	size_t n;
	if (member_list(c->db, c->a, c->project.id, &v, &n))
		return V1_UNKNOWN_INTERNAL;
	struct rv *root = v1_success(c);
	struct rv *list = login ? root : rv_list(c->a, root, "members", "member");
	for (size_t i = 0; i < n; i++)
		if (!login || !strcmp(v[i].login, login))
			member_reply(c, list, &v[i]);
	return 0;
}

int v1_members(struct call *c)
{
	return reply_members(c, NULL);
}

/* languages[] as "fr,de" (NULL: not sent); *err a v1 code. */
static const char *languages_param(struct call *c, int *err)
{
	struct param *langs = v1_array(c, "languages", V1_LANGUAGES_NOT_ARRAY, err);
	if (*err || !langs)
		return NULL;
	struct buf b;
	buf_init(&b, 0);
	for (struct param *l = langs->first; l; l = l->next)
		if (l->value && *l->value)
			buf_printf(&b, "%s%s", b.len ? "," : "", l->value);
	const char *s = arena_strdup(c->a, b.data);
	buf_release(&b);
	return s;
}

typedef int (*member_fn)(struct db_conn *c, struct arena *a, int64_t project_id,
			 const struct member_change *m);

static int change(struct call *c, member_fn fn, int conflict_code)
{
	const struct params *p = &c->r->params;
	int err;
	struct member_change m = {
		.login = params_str(p, "member"), .role = params_str(p, "role"),
		.languages = languages_param(c, &err),
		.actor = &c->grant, .actor_id = call_account_id(c),
	};
	if (err)
		return err;
	if (!m.login || !*m.login)
		return V1_NO_LOGIN;
	if (m.role && !*m.role)
		m.role = NULL;
	int rc = fn(c->db, c->a, c->project.id, &m);
	if (rc > 0)
		c->error_detail = model_why();
	switch (rc) {
	case MODEL_OK:
		if (fn != member_remove)
			return reply_members(c, m.login);
		v1_success(c);
		return 0;
	case MODEL_NOT_FOUND:
		return V1_USER_NOT_FOUND;
	case MODEL_CONFLICT:
		return conflict_code;
	case MODEL_INVALID:
		return V1_INVALID_PARAMETERS;
	case MODEL_FORBIDDEN:
		return V1_FORBIDDEN;
	default:
		return V1_UNKNOWN_INTERNAL;
	}
}

int v1_add_member(struct call *c)
{
	return change(c, member_add, V1_USER_EXISTS);
}

int v1_edit_member(struct call *c)
{
	const struct params *p = &c->r->params;
	if (!params_get(p, "role") && !params_get(p, "languages")) {
		c->error_detail = "role or languages[] is required";
		return V1_INVALID_PARAMETERS;
	}
	return change(c, member_set, V1_OWNER_NOT_REMOVABLE);
}

int v1_remove_member(struct call *c)
{
	return change(c, member_remove, V1_OWNER_NOT_REMOVABLE);
}
