/* Account-level calls: get-projects and create-project (crowdin-v1.md §2.16). */
#include "api/crowdin_v1/v1.h"
#include "model/languages.h"

#include <string.h>

int v1_get_projects(struct call *c)
{
	struct arena *a = c->a;
	struct rv *root = v1_success(c);
	struct rv *list = rv_list(a, root, "projects", "project");
	list->flags |= RV_INLINE;
	struct db_stmt *st = db_query(c->db,
		"SELECT m.role, p.name, p.identifier, p.public_downloads, p.project_key "
		"FROM member m JOIN project p ON p.id = m.project_id "
		"WHERE m.account_id = ? ORDER BY p.id", "i", c->account.id);
	if (!st)
		return V1_UNKNOWN_INTERNAL;
	int rc;
	while ((rc = db_step(st)) == 1) {
		const char *role = arena_strdup(a, db_col_text(st, 0));
		enum role r;
		bool manages = !role_parse(role, &r) && role_may(r, ACT_MANAGE_SETTINGS);
		struct rv *o = rv_obj(a, list, NULL);
		rv_str(a, o, "role", role);
		rv_str(a, o, "name", arena_strdup(a, db_col_text(st, 1)));
		rv_str(a, o, "identifier", arena_strdup(a, db_col_text(st, 2)));
		rv_int(a, o, "downloadable", manages || db_col_int(st, 3));
		/* the project key is a manager's credential: others don't see it */
		rv_str(a, o, "key", manages ? arena_strdup(a, db_col_text(st, 4)) : "");
	}
	db_done(st);
	return rc < 0 ? V1_UNKNOWN_INTERNAL : 0;
}


int v1_create_project(struct call *c)
{
	const struct params *p = &c->r->params;
	struct project_new n = {
		.identifier = params_str(p, "identifier"),
		.name = params_str(p, "name"),
		.source_language = params_str(p, "source_language"),
		.join_policy = params_str(p, "join_policy"),
	};
	int ids[V1_MAX_LANGUAGES], count;
	bool sent;
	int rc = v1_languages_param(c, ids, &count, &sent);
	if (rc)
		return rc;
	if (!n.identifier || !n.name || !n.source_language || !n.join_policy || count == 0)
		return V1_INVALID_PARAMETERS;
	if (!language_by_code(n.source_language))
		return V1_LANGUAGE_NOT_FOUND;
	n.language_ids = ids;
	n.n_languages = count;
	struct project proj;
	rc = project_create(c->db, c->a, c->account.id, &n, &proj);
	if (rc == MODEL_CONFLICT || rc == MODEL_INVALID)
		return V1_INVALID_PARAMETERS;
	if (rc)
		return V1_UNKNOWN_INTERNAL;
	c->project = proj;
	c->have_project = true;
	c->role = "owner";
	c->grant = (struct grant){ .role = ROLE_OWNER };
	return v1_apply_project_fields(c, proj.id, true);
}
