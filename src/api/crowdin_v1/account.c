/* Account-level calls: get-projects and create-project (crowdin-v1.md §2.16). */
#include "api/crowdin_v1/v1.h"
#include "model/languages.h"
#include "model/members.h"

#include <string.h>

int v1_get_projects(struct call *c)
{
	struct arena *a = c->a;
	struct membership *m;
	size_t n;
	if (member_projects(c->db, a, c->account.id, &m, &n))
		return V1_UNKNOWN_INTERNAL;
	struct rv *root = v1_success(c);
	struct rv *list = rv_list(a, root, "projects", "project");
	list->flags |= RV_INLINE;
	for (size_t i = 0; i < n; i++) {
		enum role r;
		bool manages = !role_parse(m[i].role, &r) && role_may(r, ACT_MANAGE_SETTINGS);
		struct rv *o = rv_obj(a, list, NULL);
		rv_str(a, o, "role", m[i].role);
		rv_str(a, o, "name", m[i].name);
		rv_str(a, o, "identifier", m[i].identifier);
		rv_int(a, o, "downloadable", manages || m[i].public_downloads);
		/* the project key is a manager's credential: others don't see it */
		rv_str(a, o, "key", manages ? m[i].project_key : "");
	}
	return 0;
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
