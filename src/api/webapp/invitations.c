/*
 * Invitations and joining (docs/roles.md "Invitations", docs/web.md "The
 * project calls"): a project's links (GET, POST .../invitations, DELETE
 * .../invitations/{id}), following one (POST /app/api/join/{token}) and
 * joining an open project without one (POST .../projects/{project}/join).
 */
#include "api/webapp/webapp.h"
#include "model/invitations.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#define INVITATION_DAYS_MAX 90
#define INVITATION_DAYS_DEFAULT 7

static void invitation_fields(struct call *c, struct rv *o, const struct invitation *i)
{
	struct arena *a = c->a;
	rv_int(a, o, "id", i->id);
	rv_str(a, o, "role", i->role);
	app_language_list(a, o, i->languages);
	rv_str(a, o, "created_by", i->created_by ? i->created_by : c->account.login);
	rv_int(a, o, "created", i->created);
	rv_int(a, o, "expires", i->expires);
	rv_int(a, o, "max_uses", i->max_uses);
	rv_int(a, o, "uses", i->uses);
}

struct invitations {
	struct invitation *v, one;
	size_t n;
	struct member_change m;
	int64_t ttl, max_uses, id;
	char token[INVITATION_TOKEN_HEX + 1];
};

static int read_invitations(struct call *c, void *p)
{
	struct invitations *x = p;
	int rc = invitation_list(c->db, c->a, c->project.id, &x->v, &x->n);
	return rc ? app_model_fail(c, rc, "invitations") : 0;
}

int app_invitations(struct call *c)
{
	struct invitations x = { 0 };
	int st = app_txn(c, false, read_invitations, &x);
	if (st)
		return st;
	c->reply = rv_new_obj(c->a);
	struct rv *list = rv_list(c->a, c->reply, "invitations", "invitation");
	for (size_t i = 0; i < x.n; i++)
		invitation_fields(c, rv_obj(c->a, list, NULL), &x.v[i]);
	return 0;
}

/* A whole-number member of the JSON body within [min, max]; def when absent. */
static int body_int(struct call *c, const char *name, int64_t min, int64_t max, int64_t def,
		    int64_t *out)
{
	json_t *v = c->r->json ? json_object_get(c->r->json, name) : NULL;
	*out = def;
	if (!v || json_is_null(v))
		return 0;
	if (!json_is_integer(v) || json_integer_value(v) < min || json_integer_value(v) > max)
		return app_fail(c, 400, "invalid", "'%s' must be a whole number from %lld to %lld",
				name, (long long)min, (long long)max);
	*out = json_integer_value(v);
	return 0;
}

static int create_invitation(struct call *c, void *p)
{
	struct invitations *x = p;
	int rc = invitation_create(c->db, c->a, c->project.id, &x->m, x->ttl, x->max_uses, x->token,
				   &x->one);
	return rc ? app_model_fail(c, rc, "invitation") : 0;
}

int app_invitation_create(struct call *c)
{
	struct invitations x = { .m = { .actor = &c->grant, .actor_id = c->account.id } };
	size_t len;
	int64_t days = 0;
	int st = app_text(c, "role", 32, &x.m.role, &len);
	if (!st)
		st = app_languages(c, &x.m.languages);
	if (!st)
		st = body_int(c, "days", 1, INVITATION_DAYS_MAX, INVITATION_DAYS_DEFAULT, &days);
	if (!st)
		st = body_int(c, "max_uses", 0, 1000000, 1, &x.max_uses);
	x.ttl = days * 86400;
	if (!st)
		st = app_txn(c, true, create_invitation, &x);
	if (st)
		return st;
	c->r->resp.status = 201;
	c->reply = rv_new_obj(c->a);
	invitation_fields(c, c->reply, &x.one);
	/* the token is shown this once: only its hash is kept */
	rv_str(c->a, c->reply, "url", arena_printf(c->a, "%s/app/join/%s", c->app->public_url,
						   x.token));
	return 0;
}

static int revoke_invitation(struct call *c, void *p)
{
	struct invitations *x = p;
	int rc = invitation_revoke(c->db, c->project.id, x->id);
	if (rc == MODEL_NOT_FOUND)
		return app_fail(c, 404, "not_found", "this project has no invitation %lld to revoke",
				(long long)x->id);
	return rc ? app_model_fail(c, rc, "invitation") : 0;
}

int app_invitation_revoke(struct call *c)
{
	const char *id = call_capture(c, "id");
	char *end;
	struct invitations x = { .id = strtoll(id, &end, 10) };
	if (*end || x.id <= 0)
		return app_fail(c, 404, "not_found", "no invitation %s", id);
	int st = app_txn(c, true, revoke_invitation, &x);
	if (!st)
		c->r->resp.status = 204;
	return st;
}

/* ---- joining ---- */

struct joining {
	const char *token, *identifier;
	struct project p;
	enum join_outcome outcome;
	enum invitation_state state;
	const char *role;
	int rc;
};

static const char *const state_codes[] = {
	[INVITATION_LIVE] = "live", [INVITATION_EXPIRED] = "expired",
	[INVITATION_REVOKED] = "revoked", [INVITATION_USED_UP] = "used_up",
};

/* The reply to a join, whichever way: the project and the role its member has now. */
static int join_reply(struct call *c, struct joining *x)
{
	switch (x->outcome) {
	case JOIN_LINK_DEAD:
		return app_fail(c, 410, state_codes[x->state], "%s", invitation_state_why(x->state));
	case JOIN_BLOCKED:
		return app_fail(c, 403, "blocked", "you are blocked in %s: joining again does not "
				"unblock you (ask its managers)", x->p.name);
	default:
		break;
	}
	struct arena *a = c->a;
	struct rv *o = c->reply = rv_new_obj(a);
	rv_str(a, o, "project", x->p.identifier);
	rv_str(a, o, "name", x->p.name);
	rv_str(a, o, "role", x->role);
	rv_bool(a, o, "joined", x->outcome == JOINED);
	if (x->outcome == JOIN_ALREADY_MEMBER)
		rv_str(a, o, "message", arena_printf(a, "you are already a member of %s (%s): your "
						     "role stays as it is", x->p.name, x->role));
	rv_str(a, o, "next", arena_printf(a, "/app/p/%s", x->p.identifier));
	return 0;
}

static int accept_link(struct call *c, void *p)
{
	struct joining *x = p;
	int64_t project_id = 0;
	int rc = invitation_accept(c->db, c->a, x->token, &c->account, &project_id, &x->outcome,
				   &x->state, &x->role);
	if (!rc)
		rc = project_by_id(c->db, c->a, project_id, &x->p);
	if (rc == MODEL_NOT_FOUND)
		return app_fail(c, 404, "not_found", "no such invitation: the link is wrong or "
				"incomplete");
	return rc ? app_model_fail(c, rc, "join") : 0;
}

int app_join(struct call *c)
{
	struct joining x = { .token = call_capture(c, "token") };
	int st = app_txn(c, true, accept_link, &x);
	return st ? st : join_reply(c, &x);
}

static int join_open(struct call *c, void *p)
{
	struct joining *x = p;
	int rc = member_join_open(c->db, c->a, x->identifier, &c->account, &x->p, &x->outcome,
				  &x->role);
	if (rc == MODEL_NOT_FOUND)
		return app_fail(c, 404, "not_found", "no such project: %s", x->identifier);
	return rc ? app_model_fail(c, rc, "join") : 0;
}

int app_join_open(struct call *c)
{
	struct joining x = { .identifier = call_capture(c, "project") };
	int st = app_txn(c, true, join_open, &x);
	return st ? st : join_reply(c, &x);
}
