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

static void redirect(struct call *c, const char *to)
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

/* For pages only a signed-in person sees: true, or the page is answered (to sign in). */
static bool need_session(struct call *c)
{
	bool failed;
	if (signed_in(c, &failed))
		return true;
	if (!failed)
		redirect(c, "/app/sign-in");
	return false;
}

/* What every page of a signed-in person shows: who, and the CSRF token its forms send. */
static json_t *mine(struct call *c)
{
	return json_pack("{s:{s:s,s:s},s:s}", "me", "login", c->account.login, "email",
			 c->account.email, "csrf", c->session->csrf_token);
}

int web_sign_in(struct call *c)
{
	bool failed;
	if (signed_in(c, &failed))
		redirect(c, "/app/");
	else if (!failed)
		web_page(c, 200, "sign-in", "Sign in", NULL);
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
	if (!need_session(c))
		return 0;
	json_t *d = mine(c);
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
	if (!need_session(c))
		return 0;
	json_t *d = mine(c);
	if (app_txn(c, false, list_projects, d)) {
		json_decref(d);
		return web_page(c, 500, "error", "Something went wrong", NULL);
	}
	return web_page(c, 200, "home", "Your projects", d);
}
