/*
 * Joining a project (docs/roles.md "Invitations"): GET /app/join/{token}
 * shows what an invitation grants and a Join button, and GET
 * /app/p/{project}/join the same for an open project.  A GET never joins
 * (link scanners open links): the button calls POST /app/api/join/{token}
 * or POST /app/api/projects/{project}/join.
 */
#include "web/web.h"
#include "api/webapp/webapp.h"
#include "model/invitations.h"

#include <string.h>

struct join_view {
	const char *token, *identifier;
	struct invitation inv;
	enum invitation_state state;
	struct project p;
	struct grant g;
	int found, member;	/* MODEL_OK or MODEL_NOT_FOUND */
};

static int read_invitation(struct call *c, void *ctx)
{
	struct join_view *x = ctx;
	x->found = invitation_find(c->db, c->a, x->token, &x->inv, &x->state);
	if (x->found == MODEL_OK)
		x->found = project_by_id(c->db, c->a, x->inv.project_id, &x->p);
	if (x->found == MODEL_OK)
		x->member = member_grant(c->db, x->p.id, c->account.id, &x->g);
	return x->found < 0 || x->member < 0 ? 500 : 0;
}

static int read_open_project(struct call *c, void *ctx)
{
	struct join_view *x = ctx;
	x->found = project_by_identifier(c->db, c->a, x->identifier, &x->p);
	if (x->found == MODEL_OK && strcmp(x->p.join_policy, "open"))
		x->found = MODEL_NOT_FOUND;	/* private: as if there were none */
	if (x->found == MODEL_OK)
		x->member = member_grant(c->db, x->p.id, c->account.id, &x->g);
	return x->found < 0 || x->member < 0 ? 500 : 0;
}

/*
 * The join page: what joining gives, and the button; or why not.  A member
 * already keeps the role it has, a blocked one stays blocked.
 */
static int join_page(struct call *c, struct join_view *x, const char *role, const char *langs,
		     const char *api)
{
	json_t *d = web_mine(c);
	int status = 200;
	json_object_set_new(d, "project", json_pack("{s:s,s:s}", "name", x->p.name, "identifier",
						    x->p.identifier));
	json_object_set_new(d, "role", json_string(role));
	json_object_set_new(d, "languages_text", json_string(web_language_names(c->a, langs)));
	if (x->member == MODEL_OK && x->g.role == ROLE_BLOCKED) {
		status = 403;
		json_object_set_new(d, "problem", json_string("You are blocked in this project: "
							      "joining again does not unblock you. "
							      "Ask its managers."));
	} else if (x->member == MODEL_OK) {
		json_object_set_new(d, "member_role", json_string(role_name(x->g.role)));
	} else if (x->token && x->state != INVITATION_LIVE) {
		status = 410;
		json_object_set_new(d, "problem", json_string(invitation_state_why(x->state)));
	} else {
		json_object_set_new(d, "api", json_string(api));
	}
	return web_page(c, status, "join", arena_printf(c->a, "Join %s", x->p.name), d);
}

int web_join(struct call *c)
{
	struct join_view x = { .token = call_capture(c, "token") };
	if (!session_token_ok(x.token))
		return web_page(c, 404, "join", "Invitation", json_pack("{s:b}", "bad", 1));
	if (!web_need_session(c))
		return 0;
	if (app_txn(c, false, read_invitation, &x))
		return web_page(c, 500, "error", "Something went wrong", NULL);
	if (x.found != MODEL_OK)
		return web_page(c, 404, "join", "Invitation", json_pack("{s:b}", "bad", 1));
	return join_page(c, &x, x.inv.role, x.inv.languages,
			 arena_printf(c->a, "POST /app/api/join/%s", x.token));
}

int web_join_open(struct call *c)
{
	struct join_view x = { .identifier = call_capture(c, "project") };
	if (!web_need_session(c))
		return 0;
	if (app_txn(c, false, read_open_project, &x))
		return web_page(c, 500, "error", "Something went wrong", NULL);
	if (x.found != MODEL_OK)
		return web_not_found(c);
	if (x.member == MODEL_OK && x.g.role != ROLE_BLOCKED) {
		web_redirect(c, arena_printf(c->a, "/app/p/%s", x.p.identifier));
		return 0;
	}
	return join_page(c, &x, "translator", "",
			 arena_printf(c->a, "POST /app/api/projects/%s/join", x.p.identifier));
}

bool web_offer_join(struct call *c)
{
	struct join_view x = { .identifier = call_capture(c, "project") };
	if (!x.identifier || app_txn(c, false, read_open_project, &x) || x.found != MODEL_OK ||
	    x.member == MODEL_OK)
		return false;
	web_redirect(c, arena_printf(c->a, "/app/p/%s/join", x.p.identifier));
	return true;
}
