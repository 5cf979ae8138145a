/*
 * The pages of people's own: sign-in (by password or by a one-time link),
 * the account, and the list of their projects (docs/web.md).  They read
 * what the /app/api calls read, through the same model; what they change
 * goes through those calls (web/static/app.js sends the forms).
 */
#include "web/web.h"
#include "api/webapp/webapp.h"
#include "model/members.h"

#include <string.h>

void web_redirect(struct call *c, const char *to)
{
	c->r->resp.status = 303;
	response_header(c->r, "Location", to);
	response_header(c->r, "Cache-Control", "no-store");
	buf_reset(&c->r->resp.body);
}

/*
 * The session of the browser, loaded: true when signed in.  A cookie that
 * names no live session is forgotten; *failed tells a page already answered
 * (the database failed).
 */
static bool signed_in(struct call *c, bool *failed)
{
	bool stale = false;
	*failed = app_load_session(c, &stale) != 0;
	if (*failed)
		web_page(c, 500, "error", "Something went wrong", NULL);
	else if (stale)
		app_set_cookie(c, NULL, 0);
	return !*failed && c->session;
}

bool web_need_session(struct call *c)
{
	bool failed;
	if (signed_in(c, &failed))
		return true;
	if (!failed)
		web_redirect(c, web_sign_in_url(c));
	return false;
}

json_t *web_mine(struct call *c)
{
	return json_pack("{s:{s:s,s:s},s:s}", "me", "login", c->account.login, "email",
			 c->account.email, "csrf", c->session->csrf_token);
}

bool web_next_ok(const char *next)
{
	if (!next || strncmp(next, "/app/", 5))
		return false;
	/* a path of ours and nothing else: no "//host", "\\", scheme, query or markup */
	return strspn(next, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789/_.~-") ==
		       strlen(next) && !strstr(next, "//") && !strstr(next, "/../");
}

const char *web_sign_in_url(struct call *c)
{
	const char *here = c->r->path;
	return web_next_ok(here) ? arena_printf(c->a, "/app/sign-in?next=%s", here) : "/app/sign-in";
}

int web_sign_in(struct call *c)
{
	bool failed;
	const struct param *p = params_get(&c->r->params, "next");
	const char *next = p && web_next_ok(p->value) ? p->value : "/app/";
	if (signed_in(c, &failed))
		web_redirect(c, next);
	else if (!failed)
		web_page(c, 200, "sign-in", "Sign in",
			 json_pack("{s:s,s:b}", "next", next, "joining",
				   !strncmp(next, "/app/join/", 10) || strstr(next, "/join")));
	return 0;
}

int web_sign_in_link(struct call *c)
{
	const char *token = call_capture(c, "token");
	/* a GET never uses the link (mail scanners open links): the button does */
	if (!session_token_ok(token))
		return web_page(c, 404, "sign-in-link", "Sign-in link", json_pack("{s:b}", "bad", 1));
	return web_page(c, 200, "sign-in-link", "Sign-in link", json_pack("{s:s}", "token", token));
}

int web_account(struct call *c)
{
	if (!web_need_session(c))
		return 0;
	json_t *d = web_mine(c);
	/* signed in by a link: a new password needs no current one */
	json_object_set_new(d, "via_link", json_boolean(c->session->via_link));
	return web_page(c, 200, "account", "Your account", d);
}

static int list_projects(struct call *c, void *ctx)
{
	struct membership *m;
	size_t n;
	if (member_projects(c->db, c->a, c->account.id, &m, &n))
		return 500;
	json_t *list = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(list, json_pack("{s:s,s:s,s:s}", "name", m[i].name,
						      "identifier", m[i].identifier, "role", m[i].role));
	json_object_set_new(ctx, "has_projects", json_boolean(n > 0));
	json_object_set_new(ctx, "projects", list);
	return 0;
}

int web_home(struct call *c)
{
	if (!web_need_session(c))
		return 0;
	json_t *d = web_mine(c);
	if (app_txn(c, false, list_projects, d)) {
		json_decref(d);
		return web_page(c, 500, "error", "Something went wrong", NULL);
	}
	return web_page(c, 200, "home", "Your projects", d);
}

bool web_need_project(struct call *c, enum action a)
{
	if (!web_need_session(c))
		return false;
	int status = app_load_project(c, a);
	/* an open project invites who comes by its address: its join page (docs/roles.md) */
	if (status == 404 && web_offer_join(c))
		return false;
	if (status == 404)
		web_page(c, 404, "not-found", "Page not found", json_pack("{s:s}", "path", c->r->path));
	else if (status == 403)
		web_page(c, 403, "error", "Not allowed",
			 json_pack("{s:s}", "message", c->error_detail ? c->error_detail : ""));
	else if (status)
		web_page(c, 500, "error", "Something went wrong", NULL);
	return status == 0;
}

json_t *web_project_data(struct call *c, const char *tab)
{
	json_t *d = web_mine(c), *can = json_object();
	for (int a = ACT_VIEW; a < ACT_COUNT; a++)
		json_object_set_new(can, role_action(a)->name, json_boolean(role_may(c->grant.role, a)));
	json_object_set_new(d, "project", json_pack("{s:s,s:s,s:s,s:o}", "identifier",
						    c->project.identifier, "name", c->project.name,
						    "role", c->role, "can", can));
	json_object_set_new(d, arena_printf(c->a, "tab_%s", tab), json_true());
	return d;
}
