/*
 * A signed-in person's projects: GET /app/api/projects (those they are a
 * member of) and GET /app/api/projects/{project} (one of them, with what
 * their role may do there; docs/web.md).
 */
#include "api/webapp/webapp.h"
#include "model/members.h"

struct my_projects {
	struct membership *m;
	size_t n;
};

static int read_projects(struct call *c, void *p)
{
	struct my_projects *x = p;
	if (member_projects(c->db, c->a, c->account.id, &x->m, &x->n))
		return app_fail(c, 500, "internal", "internal error (projects)");
	return 0;
}

int app_projects(struct call *c)
{
	struct my_projects x = { 0 };
	int st = app_txn(c, false, read_projects, &x);
	if (st)
		return st;
	c->reply = rv_new_obj(c->a);
	struct rv *list = rv_list(c->a, c->reply, "projects", "project");
	for (size_t i = 0; i < x.n; i++) {
		struct rv *e = rv_obj(c->a, list, NULL);
		rv_str(c->a, e, "identifier", x.m[i].identifier);
		rv_str(c->a, e, "name", x.m[i].name);
		rv_str(c->a, e, "role", x.m[i].role);
	}
	return 0;
}

int app_project(struct call *c)
{
	struct arena *a = c->a;
	struct rv *o = c->reply = rv_new_obj(a);
	rv_str(a, o, "identifier", c->project.identifier);
	rv_str(a, o, "name", c->project.name);
	rv_str(a, o, "role", c->role);
	/* what the role may do: per-language actions in its languages only */
	struct rv *can = rv_obj(a, o, "can");
	for (int act = ACT_VIEW; act < ACT_COUNT; act++)
		rv_bool(a, can, role_action(act)->name, role_may(c->grant.role, act));
	return 0;
}
