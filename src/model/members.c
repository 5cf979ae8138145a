/* Project members and their roles (members.h). */
#include "model/members.h"
#include "model/languages.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

int member_grant(struct db_conn *c, int64_t project_id, int64_t account_id, struct grant *g)
{
	struct db_stmt *st = db_query(c, "SELECT role, languages FROM member WHERE project_id = ? "
				      "AND account_id = ?", "ii", project_id, account_id);
	if (!st)
		return MODEL_ERROR;
	int rc = db_step(st);
	if (rc == 1) {
		/* a role this build does not know grants nothing */
		if (role_parse(db_col_text(st, 0), &g->role))
			g->role = ROLE_BLOCKED;
		grant_set_languages(g, db_col_text(st, 1));
	}
	db_done(st);
	return rc == 1 ? MODEL_OK : rc == 0 ? MODEL_NOT_FOUND : MODEL_ERROR;
}

/* Stored ids "12,40" as Crowdin codes "fr,de". */
const char *member_language_codes(struct arena *a, const char *stored)
{
	struct grant g;
	grant_set_languages(&g, stored);
	size_t len = 1;
	for (int i = 0; i < g.n_languages; i++) {
		const struct language *l = language_by_id(g.languages[i]);
		len += (l ? strlen(l->crowdin_code) : 1) + 1;
	}
	char *s = arena_alloc(a, len);
	*s = '\0';
	for (int i = 0; i < g.n_languages; i++) {
		const struct language *l = language_by_id(g.languages[i]);
		if (i)
			strcat(s, ",");
		strcat(s, l ? l->crowdin_code : "?");
	}
	return s;
}

int member_list(struct db_conn *c, struct arena *a, int64_t project_id, struct member_row **out,
		size_t *n)
{
	struct db_stmt *st = db_query(c, "SELECT m.account_id, a.login, m.role, m.languages, "
				      "m.joined FROM member m JOIN account a ON "
				      "a.id = m.account_id WHERE m.project_id = ? ORDER BY a.login",
				      "i", project_id);
	if (!st)
		return MODEL_ERROR;
	size_t cap = 0;
	*out = NULL;
	*n = 0;
	int rc;
	while ((rc = db_step(st)) == 1) {
		struct member_row *m = &ARENA_PUSH(a, *out, *n, cap);
		m->account_id = db_col_int(st, 0);
		m->login = arena_strdup(a, db_col_text(st, 1));
		if (role_parse(db_col_text(st, 2), &m->role))
			m->role = ROLE_BLOCKED;
		m->languages = member_language_codes(a, db_col_text(st, 3));
		m->joined = db_col_int(st, 4);
	}
	db_done(st);
	return rc < 0 ? MODEL_ERROR : MODEL_OK;
}

static int invalid(const char *why)
{
	model_set_why(why);
	return MODEL_INVALID;
}

static int not_found(const char *why)
{
	model_set_why(why);
	return MODEL_NOT_FOUND;
}

/*
 * "fr,de" as stored ids "12,40": each a target language of the project,
 * each once.  "" stays "" (all languages).
 */
static int parse_languages(struct db_conn *c, struct arena *a, int64_t project_id,
			   const char *codes, const char **stored)
{
	int mine[ROLES_MAX_LANGUAGES];
	int n_mine = project_languages(c, project_id, mine, ROLES_MAX_LANGUAGES);
	if (n_mine < 0)
		return MODEL_ERROR;
	char *out = arena_alloc(a, strlen(codes) * 4 + 16), *w = out;
	*w = '\0';
	int seen[ROLES_MAX_LANGUAGES], n = 0;
	for (const char *p = codes; *p;) {
		size_t len = strcspn(p, ",");
		char *code = arena_strndup(a, p, len);
		p += len + (p[len] == ',');
		if (!*code)
			return invalid("empty language code in --languages");
		const struct language *l = language_by_code(code);
		bool in = false;
		for (int i = 0; l && i < n_mine && !in; i++)
			in = mine[i] == l->id;
		if (!l)
			return invalid(arena_printf(a, "unknown language '%s'", code));
		if (!in)
			return invalid(arena_printf(a, "'%s' is not one of the project's languages",
						    code));
		bool dup = false;
		for (int i = 0; i < n && !dup; i++)
			dup = seen[i] == l->id;
		if (dup || n == ROLES_MAX_LANGUAGES)
			continue;
		seen[n++] = l->id;
		w += sprintf(w, "%s%d", w == out ? "" : ",", l->id);
	}
	*stored = out;
	return MODEL_OK;
}

struct current {
	int64_t account_id;
	const char *role, *languages;	/* NULL role: no member */
};

static int load(struct db_conn *c, struct arena *a, int64_t project_id, const char *login,
		struct current *cur)
{
	if (!login || !*login)
		return invalid("a login is required");
	struct account acc;
	int rc = account_by_login(c, a, login, &acc);
	if (rc == MODEL_NOT_FOUND)
		return not_found(arena_printf(a, "no account '%s'", login));
	if (rc)
		return MODEL_ERROR;
	cur->account_id = acc.id;
	cur->role = cur->languages = NULL;
	struct db_stmt *st = db_query(c, "SELECT role, languages FROM member WHERE project_id = ? "
				      "AND account_id = ?", "ii", project_id, acc.id);
	if (!st)
		return MODEL_ERROR;
	rc = db_step(st);
	if (rc == 1) {
		cur->role = arena_strdup(a, db_col_text(st, 0));
		cur->languages = arena_strdup(a, db_col_text(st, 1));
	}
	db_done(st);
	return rc < 0 ? MODEL_ERROR : MODEL_OK;
}

/* Whether the actor may change this membership (members.h). */
static int actor_may(const struct member_change *m, const char *cur_role, const char *new_role)
{
	const struct grant *g = m->actor;
	if (!g)
		return MODEL_OK;
	if (!role_may(g->role, ACT_MANAGE_MEMBERS)) {
		model_set_why("your role may not manage members");
		return MODEL_FORBIDDEN;
	}
	bool owners = (cur_role && !strcmp(cur_role, "owner")) ||
		      (new_role && !strcmp(new_role, "owner"));
	if (owners && g->role != ROLE_OWNER && g->role != ROLE_PROJECT) {
		model_set_why("only an owner may make, change or remove an owner");
		return MODEL_FORBIDDEN;
	}
	return MODEL_OK;
}

/* A change that would leave the project without an owner. */
static int keeps_an_owner(struct db_conn *c, int64_t project_id, const struct current *cur,
			  const char *new_role)
{
	if (!cur->role || strcmp(cur->role, "owner") || (new_role && !strcmp(new_role, "owner")))
		return MODEL_OK;
	int64_t owners = db_int(c, -1, "SELECT COUNT(*) FROM member WHERE project_id = ? AND "
				"role = 'owner'", "i", project_id);
	if (owners < 0)
		return MODEL_ERROR;
	if (owners > 1)
		return MODEL_OK;
	model_set_why("the project has no other owner: make another member owner first");
	return MODEL_CONFLICT;
}

/* The role and stored languages a change leads to; MODEL_INVALID on bad input. */
static int resolve(struct db_conn *c, struct arena *a, int64_t project_id,
		   const struct member_change *m, const struct current *cur, const char **role,
		   const char **langs)
{
	enum role r;
	*role = m->role ? m->role : cur->role ? cur->role : "translator";
	if (role_parse(*role, &r))
		return invalid(arena_printf(a, "unknown role '%s' (owner, manager, proofreader, "
					    "translator or blocked)", *role));
	if (m->languages && *m->languages && !role_language_bound(r))
		return invalid(arena_printf(a, "a %s works in every language: --languages is for "
					    "translators and proofreaders", *role));
	if (m->languages)
		return parse_languages(c, a, project_id, m->languages, langs);
	/* kept, unless the new role works in every language */
	*langs = cur->languages && role_language_bound(r) ? cur->languages : "";
	return MODEL_OK;
}

static int record(struct db_conn *c, struct arena *a, int64_t project_id,
		  const struct member_change *m, const char *kind, int64_t account_id,
		  const struct current *cur, const char *role, const char *langs)
{
	json_t *j = json_pack("{s:I,s:s}", "account", (json_int_t)account_id, "login", m->login);
	if (role)
		json_object_set_new(j, "role", json_string(role));
	if (langs)
		json_object_set_new(j, "languages", json_string(member_language_codes(a, langs)));
	if (cur->role) {
		json_object_set_new(j, "previous_role", json_string(cur->role));
		json_object_set_new(j, "previous_languages",
				    json_string(member_language_codes(a, cur->languages)));
	}
	char *detail = json_dumps(j, JSON_COMPACT);
	json_decref(j);
	/* straight into the trail: membership is no content change (no revision, no webhook) */
	int rc = db_exec(c, "INSERT INTO event (project_id, account_id, kind, origin, detail, "
			 "created) VALUES (?, NULLIF(CAST(? AS BIGINT), 0), ?, 'members', ?, ?)",
			 "iissi", project_id, m->actor_id, kind, detail, (int64_t)time(NULL));
	free(detail);
	return rc ? MODEL_ERROR : MODEL_OK;
}

int member_offer_check(struct db_conn *c, struct arena *a, int64_t project_id,
		       const struct member_change *m, const char **role, const char **stored)
{
	static const struct current nobody;
	int rc = resolve(c, a, project_id, m, &nobody, role, stored);
	return rc ? rc : actor_may(m, NULL, *role);
}

int member_add(struct db_conn *c, struct arena *a, int64_t project_id,
	       const struct member_change *m)
{
	struct current cur;
	const char *role, *langs;
	int rc = load(c, a, project_id, m->login, &cur);
	if (!rc && cur.role) {
		model_set_why(arena_printf(a, "'%s' is already a member (%s); use set", m->login,
					   cur.role));
		rc = MODEL_CONFLICT;
	}
	if (!rc)
		rc = member_offer_check(c, a, project_id, m, &role, &langs);
	if (rc)
		return rc;
	if (db_exec(c, "INSERT INTO member (project_id, account_id, role, languages, joined) "
		    "VALUES (?, ?, ?, ?, ?)", "iissi", project_id, cur.account_id, role, langs,
		    (int64_t)time(NULL)))
		return MODEL_ERROR;
	return record(c, a, project_id, m, "member.added", cur.account_id, &cur, role, langs);
}

int member_set(struct db_conn *c, struct arena *a, int64_t project_id,
	       const struct member_change *m)
{
	struct current cur;
	const char *role, *langs;
	int rc = load(c, a, project_id, m->login, &cur);
	if (!rc && !cur.role)
		rc = not_found(arena_printf(a, "'%s' is not a member of this project", m->login));
	if (!rc)
		rc = resolve(c, a, project_id, m, &cur, &role, &langs);
	if (!rc)
		rc = actor_may(m, cur.role, role);
	if (!rc)
		rc = keeps_an_owner(c, project_id, &cur, role);
	if (rc)
		return rc;
	if (!strcmp(role, cur.role) && !strcmp(langs, cur.languages))
		return MODEL_OK;	/* nothing changes, nothing to record */
	if (db_exec(c, "UPDATE member SET role = ?, languages = ? WHERE project_id = ? AND "
		    "account_id = ?", "ssii", role, langs, project_id, cur.account_id))
		return MODEL_ERROR;
	return record(c, a, project_id, m, "member.changed", cur.account_id, &cur, role, langs);
}

int member_remove(struct db_conn *c, struct arena *a, int64_t project_id,
		  const struct member_change *m)
{
	struct current cur;
	int rc = load(c, a, project_id, m->login, &cur);
	if (!rc && !cur.role)
		rc = not_found(arena_printf(a, "'%s' is not a member of this project", m->login));
	if (!rc)
		rc = actor_may(m, cur.role, NULL);
	if (!rc)
		rc = keeps_an_owner(c, project_id, &cur, NULL);
	if (rc)
		return rc;
	if (db_exec(c, "DELETE FROM member WHERE project_id = ? AND account_id = ?", "ii",
		    project_id, cur.account_id))
		return MODEL_ERROR;
	return record(c, a, project_id, m, "member.removed", cur.account_id, &cur, NULL, NULL);
}

int member_projects(struct db_conn *c, struct arena *a, int64_t account_id, struct membership **out,
		    size_t *n)
{
	*out = NULL;
	*n = 0;
	struct db_stmt *st = db_query(c, "SELECT m.role, p.name, p.identifier, p.public_downloads, "
				      "p.project_key FROM member m JOIN project p ON p.id = m.project_id "
				      "WHERE m.account_id = ? ORDER BY p.id", "i", account_id);
	if (!st)
		return MODEL_ERROR;
	size_t cap = 0;
	int rc;
	while ((rc = db_step(st)) == 1) {
		ARENA_PUSH(a, *out, *n, cap) = (struct membership){
			arena_strdup(a, db_col_text(st, 0)), arena_strdup(a, db_col_text(st, 1)),
			arena_strdup(a, db_col_text(st, 2)), arena_strdup(a, db_col_text(st, 4)),
			db_col_int(st, 3) != 0,
		};
	}
	db_done(st);
	return rc < 0 ? MODEL_ERROR : MODEL_OK;
}
