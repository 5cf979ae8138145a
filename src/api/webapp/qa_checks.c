/*
 * A project's QA check levels for the settings page's "QA checks" tab
 * (docs/web.md, docs/qa.md "Levels"): GET and PUT
 * /app/api/projects/{project}/qa-checks.  The levels are the model's
 * (model/project_qa.h), the same v1 edit-project's qa_checks[...] sets.
 */
#include "api/webapp/webapp.h"
#include "model/project_qa.h"

#include <jansson.h>
#include <string.h>

/* What a PUT asks for: the switch when sent, and each named check's level (-1: keep). */
struct qa_change {
	int enabled;			/* -1: keep */
	int level[QA_CHECK_COUNT];
	struct project_qa now;		/* after the change, for the reply */
};

static int read_levels(struct call *c, void *p)
{
	struct qa_change *x = p;
	return project_qa_get(c->db, c->project.id, &x->now)
	       ? app_fail(c, 500, "internal", "internal error (QA checks)") : 0;
}

/* {"enabled": bool, "checks": [{"id", "description", "level"}]} in the checks' table order. */
static void reply_levels(struct call *c, const struct project_qa *q)
{
	struct arena *a = c->a;
	c->reply = rv_new_obj(a);
	rv_bool(a, c->reply, "enabled", q->enabled);
	struct rv *list = rv_list(a, c->reply, "checks", "check");
	for (int i = 0; i < QA_CHECK_COUNT; i++) {
		const struct qa_check_info *info = qa_check_info((enum qa_check_id)i);
		struct rv *e = rv_obj(a, list, NULL);
		rv_str(a, e, "id", info->id);
		rv_str(a, e, "description", info->description);
		rv_str(a, e, "level", qa_level_name(q->level[i]));
	}
}

int app_qa_checks(struct call *c)
{
	struct qa_change x;
	int st = app_txn(c, false, read_levels, &x);
	if (st)
		return st;
	reply_levels(c, &x.now);
	return 0;
}

/* The body: {"enabled": bool, "checks": {"<id>": "off"|"warning"|"error"}}, both optional. */
static int parse_change(struct call *c, struct qa_change *x)
{
	json_t *body = c->r->json;
	x->enabled = -1;
	for (int i = 0; i < QA_CHECK_COUNT; i++)
		x->level[i] = -1;
	if (!json_is_object(body))
		return app_fail(c, 400, "invalid", "the body must be a JSON object: "
				"{\"enabled\": true, \"checks\": {\"<check id>\": \"error\"}}");
	const char *name;
	json_t *v;
	json_object_foreach(body, name, v) {
		if (!strcmp(name, "enabled")) {
			if (!json_is_boolean(v))
				return app_fail(c, 400, "invalid", "enabled: must be true or false");
			x->enabled = json_is_true(v);
		} else if (strcmp(name, "checks")) {
			return app_fail(c, 400, "invalid", "%s: no such field (enabled, checks)", name);
		}
	}
	json_t *checks = json_object_get(body, "checks");
	if (checks && !json_is_object(checks))
		return app_fail(c, 400, "invalid", "checks: must be an object of check id -> "
				"\"off\", \"warning\" or \"error\"");
	json_object_foreach(checks, name, v) {
		enum qa_check_id id;
		enum qa_level l;
		if (qa_check_parse(name, &id))
			return app_fail(c, 400, "invalid", "checks: %s is no QA check", name);
		if (qa_level_parse(json_string_value(v), &l))
			return app_fail(c, 400, "invalid", "checks: %s: %s is no level (off, warning "
					"or error)", name, json_is_string(v) ? json_string_value(v)
					: "(not a string)");
		x->level[id] = (int)l;
	}
	return 0;
}

static int write_levels(struct call *c, void *p)
{
	struct qa_change *x = p;
	int st = read_levels(c, x);
	if (st)
		return st;
	if (x->enabled >= 0)
		x->now.enabled = x->enabled;
	for (int i = 0; i < QA_CHECK_COUNT; i++)
		if (x->level[i] >= 0)
			x->now.level[i] = (enum qa_level)x->level[i];
	return project_qa_set(c->db, c->project.id, &x->now)
	       ? app_fail(c, 500, "internal", "internal error (QA checks)") : 0;
}

int app_qa_checks_put(struct call *c)
{
	struct qa_change x;
	int st = parse_change(c, &x);
	if (!st)
		st = app_txn(c, true, write_levels, &x);
	if (st)
		return st;
	reply_levels(c, &x.now);
	return 0;
}
