/* The web app API's prelude, replies, cookie and transactions (webapp.h). */
#include "api/webapp/webapp.h"
#include "api/routes.h"
#include "core/crypto.h"
#include "core/log.h"
#include "model/members.h"

#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#define APP_TXN_ATTEMPTS 4	/* a transaction that lost to another runs again, up to this */

int app_fail(struct call *c, int status, const char *code, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char buf[512];
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	c->error_code = code;
	c->error_detail = arena_strdup(c->a, buf);
	if (status >= 500)
		log_error("app %s %s: %s%s%s", c->r->method, c->r->log_path, buf, c->db ? ": " : "",
			  c->db ? db_errmsg(c->db) : "");
	return status;
}

int app_text(struct call *c, const char *name, size_t max, const char **out, size_t *len)
{
	*out = NULL;
	*len = 0;
	const char *s;
	size_t n;
	json_t *body = (json_t *)c->r->json;
	if (body) {
		json_t *v = json_object_get(body, name);
		if (!v || json_is_null(v))
			return 0;
		if (!json_is_string(v))
			return app_fail(c, 400, "invalid", "'%s' must be a string", name);
		s = json_string_value(v);
		n = json_string_length(v);
	} else {
		const struct param *p = params_get(&c->r->params, name);
		if (!p)
			return 0;
		if (!p->value)
			return app_fail(c, 400, "invalid", "'%s' must be a string", name);
		s = p->value;
		n = p->value_len;
	}
	if (memchr(s, '\0', n))
		return app_fail(c, 400, "invalid", "'%s' must not hold NUL characters", name);
	if (n > max)
		return app_fail(c, 400, "invalid", "'%s' is longer than %zu bytes", name, max);
	*out = s;
	*len = n;
	return 0;
}

const char *app_json_text(struct call *c, const json_t *v)
{
	if (json_is_boolean(v))
		return json_is_true(v) ? "1" : "0";
	if (json_is_integer(v))
		return arena_printf(c->a, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
	if (json_is_string(v) && strlen(json_string_value(v)) == json_string_length(v))
		return arena_strdup(c->a, json_string_value(v));
	return NULL;
}

int app_txn(struct call *c, bool write, int (*fn)(struct call *c, void *ctx), void *ctx)
{
	int status;
	c->db = db_acquire_for(c->app->db, write);
	for (int attempt = 1;; attempt++) {
		if (db_begin(c->db, write)) {
			status = app_fail(c, 500, "internal", "internal error (database)");
			break;
		}
		status = fn(c, ctx);
		if (!status && db_commit(c->db))
			status = app_fail(c, 500, "internal", "internal error (commit)");
		if (!status)
			break;
		bool again = status >= 500 && attempt < APP_TXN_ATTEMPTS && db_err_conflict(c->db);
		db_rollback(c->db);
		if (!again)
			break;
		log_info("%s %s: lost a conflict with another transaction, attempt %d", c->r->method,
			 c->r->log_path, attempt + 1);
	}
	db_release(c->db);
	c->db = NULL;
	return status;
}

struct session_limits app_session_limits(const struct call *c)
{
	return (struct session_limits){ c->app->cfg->session_lifetime, c->app->cfg->session_idle };
}

void app_set_cookie(struct call *c, const char *token, int64_t max_age)
{
	/* Secure when the public address is https: tolk then sits behind a TLS proxy */
	bool secure = !strncasecmp(c->app->public_url, "https://", 8);
	response_header(c->r, "Set-Cookie",
			arena_printf(c->a, "%s=%s; Path=/; Max-Age=%lld; HttpOnly; SameSite=Lax%s",
				     APP_COOKIE, token ? token : "",
				     (long long)(token && max_age > 0 ? max_age : 0),
				     secure ? "; Secure" : ""));
}

int app_too_many(struct call *c, int64_t wait)
{
	c->retry_after = arena_printf(c->a, "%lld", (long long)wait);
	return app_fail(c, 429, "too_many_attempts",
			"too many failed sign-ins; retry in %lld seconds", (long long)wait);
}

int app_password_trouble(struct call *c, enum pw_result v)
{
	if (v == PW_BUSY) {
		c->retry_after = "1";
		return app_fail(c, 503, "busy", "the server is busy checking passwords; retry in a second");
	}
	return app_fail(c, 500, "internal", "internal error (password hashing)");
}

int app_unknown(struct call *c)
{
	if (c->allow)
		return app_fail(c, 405, "method_not_allowed", "%s takes %s, not %s", c->r->path,
				c->allow, c->r->method);
	return app_fail(c, 404, "not_found", "no such call: %s %s", c->r->method, c->r->path);
}

/* ---- the prelude ---- */

static int check_body(struct call *c)
{
	struct request *r = c->r;
	if (r->body_too_large || r->file_too_large)
		return app_fail(c, 413, "too_large", "the request body is too large");
	if (r->json_invalid)
		return app_fail(c, 400, "bad_json", "the body is not a JSON object "
				"(Content-Type: application/json needs a body like {\"name\":\"value\"})");
	if (r->params.overflow || r->too_many_files)
		return app_fail(c, 400, "invalid", "too many parameters (or nested too deeply)");
	if (r->params.has_nul)
		return app_fail(c, 400, "invalid", "parameters must not hold NUL characters (%%00)");
	const struct param *b = params_bad_text(&r->params);
	if (b)
		return app_fail(c, 400, "invalid", "parameter '%.100s' is not UTF-8 text", b->name);
	return 0;
}

/* The length of a URL's origin, "scheme://host[:port]"; 0 when it has none. */
static size_t origin_len(const char *url)
{
	const char *p = strstr(url, "://");
	return p ? (size_t)(p + 3 - url) + strcspn(p + 3, "/?#") : 0;
}

/*
 * A state-changing call must come from a page of ours (Go's
 * CrossOriginProtection): Sec-Fetch-Site when the browser sends it, else
 * Origin, which must be the public URL's origin or the Host the request was
 * sent to.  Neither header: not a browser (or a very old one); the CSRF
 * token still guards calls made with a session.
 */
static bool same_origin(struct call *c)
{
	const char *site = request_header(c->r, "Sec-Fetch-Site");
	if (site)
		return !strcasecmp(site, "same-origin") || !strcasecmp(site, "none");
	const char *origin = request_header(c->r, "Origin");
	if (!origin)
		return true;
	size_t n = origin_len(c->app->public_url);
	if (n && strlen(origin) == n && !strncasecmp(origin, c->app->public_url, n))
		return true;
	const char *host = request_header(c->r, "Host");
	const char *rest = !strncasecmp(origin, "http://", 7)	 ? origin + 7
			   : !strncasecmp(origin, "https://", 8) ? origin + 8
								 : NULL;
	return host && *host && rest && !strcasecmp(rest, host);
}

struct found {
	const char *token;
	struct session s;
	bool live;
};

static int find_session(struct call *c, void *p)
{
	struct found *x = p;
	struct session_limits l = app_session_limits(c);
	int rc = session_find(c->db, c->a, x->token, &l, &x->s);
	if (rc < 0)
		return app_fail(c, 500, "internal", "internal error (session)");
	x->live = rc == MODEL_OK;
	return 0;
}

static int touch_session(struct call *c, void *p)
{
	struct found *x = p;
	return session_touch(c->db, x->s.id, time(NULL)) ? 500 : 0;
}

/* The session of the cookie, as c->session and c->account; *stale: a cookie of no live session. */
static int load_session(struct call *c, const char *token, bool *stale)
{
	struct found *x = arena_alloc(c->a, sizeof(*x));
	x->token = token;
	int status = app_txn(c, false, find_session, x);
	if (status)
		return status;
	*stale = !x->live;
	if (!x->live)
		return 0;
	c->session = &x->s;
	c->account = x->s.account;
	c->have_account = true;
	struct session_limits l = app_session_limits(c);
	if (session_touch_due(&x->s, &l, time(NULL)) && app_txn(c, true, touch_session, x))
		log_warn("app: could not note a session's activity");
	return 0;
}

int app_load_session(struct call *c, bool *stale)
{
	*stale = false;
	const char *cookie = request_cookie(c->r, APP_COOKIE);
	return cookie ? load_session(c, cookie, stale) : 0;
}

bool app_csrf_ok(struct call *c, const char **why)
{
	const char *t = request_header(c->r, APP_CSRF_HEADER);
	if (!same_origin(c))
		*why = "calls that change something must come from this server's own pages "
		       "(Origin / Sec-Fetch-Site)";
	else if (!t || !*t)
		*why = "a state-changing call needs the session's CSRF token in the "
		       APP_CSRF_HEADER " header (GET /app/api/session gives it)";
	else if (!crypto_secret_equal(c->session->csrf_token, t))
		*why = APP_CSRF_HEADER " does not match this session's token";
	else
		return true;
	return false;
}

static int check_csrf(struct call *c)
{
	const char *why;
	return app_csrf_ok(c, &why) ? 0 : app_fail(c, 403, "csrf", "%s", why);
}

int app_session_in_txn(struct call *c)
{
	const char *cookie = request_cookie(c->r, APP_COOKIE);
	if (!cookie)
		return 0;
	struct found *x = arena_alloc(c->a, sizeof(*x));
	x->token = cookie;
	if (find_session(c, x))
		return -1;
	if (!x->live)
		return 0;
	c->session = &x->s;
	c->account = x->s.account;
	c->have_account = true;
	return 1;
}

struct project_of_url {
	const char *identifier;
	int rc;
};

static int find_project(struct call *c, void *p)
{
	struct project_of_url *x = p;
	x->rc = project_by_identifier(c->db, c->a, x->identifier, &c->project);
	if (x->rc == MODEL_OK)
		x->rc = member_grant(c->db, c->project.id, c->account.id, &c->grant);
	return x->rc < 0 ? app_fail(c, 500, "internal", "internal error (project)") : 0;
}

int app_load_project(struct call *c, enum action a)
{
	struct project_of_url x = { call_capture(c, "project"), 0 };
	if (!x.identifier || !c->session)
		return app_fail(c, 404, "not_found", "no such project");
	int status = app_txn(c, false, find_project, &x);
	if (status)
		return status;
	/* no project and not a member look alike: a name tells nothing */
	if (x.rc != MODEL_OK)
		return app_fail(c, 404, "not_found", "no such project: %s", x.identifier);
	c->have_project = true;
	c->role = role_name(c->grant.role);
	if (c->grant.role == ROLE_BLOCKED || (a != ACT_NONE && !role_may(c->grant.role, a)))
		return app_fail(c, 403, "forbidden", "your role (%s) in this project may not %s",
				c->role, a != ACT_NONE ? role_action(a)->what : "do anything");
	return 0;
}

static void send(struct call *c, int status)
{
	struct request *r = c->r;
	struct response *resp = &r->resp;
	response_header(r, "Cache-Control", "no-store");
	response_header(r, "X-Content-Type-Options", "nosniff");
	struct rv *body = c->reply;
	if (status) {
		resp->status = status;
		body = rv_new_obj(c->a);
		struct rv *e = rv_obj(c->a, body, "error");
		rv_str(c->a, e, "code", c->error_code ? c->error_code : "internal");
		rv_str(c->a, e, "message", c->error_detail ? c->error_detail : "internal error");
		/* what a handler put in c->reply before it failed goes with the error
		 * (a conflict's current state, a save's QA issues) */
		if (c->reply && c->reply->kind == RV_OBJ && c->reply->first) {
			e->last->next = c->reply->first;
			e->last = c->reply->last;
		}
		if (c->retry_after)
			response_header(r, "Retry-After", c->retry_after);
		if (status == 405)
			response_header(r, "Allow", c->allow);
	} else if (resp->status == 204) {
		return;
	} else if (!body) {
		body = rv_new_obj(c->a);
	}
	resp->content_type = "application/json; charset=utf-8";
	rv_write_json(&resp->body, body);
}

void app_run(struct call *c)
{
	const struct route *rt = c->route;
	const char *m = c->r->method;
	bool unsafe = strcmp(m, "GET") && strcmp(m, "HEAD");
	bool stale = false;
	int status = check_body(c);
	if (!status && unsafe && !same_origin(c))
		status = app_fail(c, 403, "cross_origin", "calls that change something must come "
				  "from this server's own pages (Origin / Sec-Fetch-Site)");
	const char *cookie = request_cookie(c->r, APP_COOKIE);
	if (!status && cookie && (rt->flags & (R_SESSION | R_SIGN_IN)))
		status = load_session(c, cookie, &stale);
	if (!status && (rt->flags & R_SESSION) && !c->session)
		status = app_fail(c, 401, "not_signed_in", "sign in first (POST /app/api/session)");
	/* signing in makes a new session: there is no token to know yet (Origin is checked) */
	if (!status && unsafe && c->session && !(rt->flags & R_SIGN_IN))
		status = check_csrf(c);
	if (!status && (rt->flags & R_APP_PROJECT))
		status = app_load_project(c, rt->action);
	if (!status)
		status = rt->fn(c);
	if (status && stale)
		app_set_cookie(c, NULL, 0);	/* the browser's cookie names no session: forget it */
	send(c, status);
}
