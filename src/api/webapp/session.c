/*
 * Signing in and out: POST/GET/DELETE /app/api/session and
 * POST /app/api/sign-in-link/{token} (docs/accounts.md).
 *
 * A failed sign-in costs the same whether the login exists or not (an
 * unknown login's password is checked against a dummy hash) and answers
 * the same; failures are counted per address and per account (or per login
 * name when no account has it), and either limit, once reached, answers 429
 * before any hashing.
 */
#include "api/webapp/webapp.h"
#include "core/crypto.h"
#include "core/limits.h"
#include "core/password.h"
#include "model/auth_limit.h"

#include <ctype.h>
#include <string.h>
#include <time.h>

#define UA_KEPT 200	/* bytes of the User-Agent the account page lists */

struct sign_in {
	const char *name;		/* login or email as typed */
	struct account acc;
	const char *hash;		/* its password hash; NULL: none */
	bool found;
	bool via_link;
	const char *purpose;		/* a link's: "sign-in" or "reset" */
	const char *new_hash;		/* the password hashed again with today's limits */
	char cookie[SESSION_TOKEN_HEX + 1];
	struct session s;
};

static struct auth_limit address_limit(const struct call *c)
{
	return (struct auth_limit){ c->app->cfg->sign_in_fail_limit, c->app->cfg->sign_in_fail_window };
}

static struct auth_limit account_limit(const struct call *c)
{
	return (struct auth_limit){ c->app->cfg->sign_in_account_fail_limit,
				    c->app->cfg->sign_in_fail_window };
}

static const char *address_key(struct call *c)
{
	return arena_printf(c->a, "sign-in/%s", c->r->remote);
}

/* The per-account key; a name no account has is counted the same way, by its hash. */
static const char *account_key(struct call *c, const struct sign_in *x)
{
	if (x->found)
		return arena_printf(c->a, "sign-in/account/%lld", (long long)x->acc.id);
	char *lower = arena_strdup(c->a, x->name), hash[65];
	for (char *p = lower; *p; p++)
		*p = (char)tolower((unsigned char)*p);
	crypto_sha256_hex(lower, strlen(lower), hash);
	return arena_printf(c->a, "sign-in/name/%.32s", hash);
}

/* Printable ASCII of the User-Agent, cut: it is only shown back on the account page. */
static const char *user_agent(struct call *c)
{
	const char *ua = request_header(c->r, "User-Agent");
	char *out = arena_alloc(c->a, UA_KEPT + 1);
	size_t n = 0;
	for (; ua && *ua && n < UA_KEPT; ua++)
		if (*ua >= 0x20 && *ua < 0x7f)
			out[n++] = *ua;
	return out;
}

static void session_reply(struct call *c, const struct session *s)
{
	struct rv *o = c->reply = rv_new_obj(c->a);
	struct rv *acc = rv_obj(c->a, o, "account");
	rv_str(c->a, acc, "login", s->account.login);
	rv_str(c->a, acc, "email", s->account.email);
	rv_str(c->a, o, "csrf_token", s->csrf_token);
	rv_int(c->a, o, "expires", s->expires);
	rv_int(c->a, o, "idle_timeout", app_session_limits(c).idle);
	rv_bool(c->a, o, "may_set_password", s->via_link);
}

static int find_account(struct call *c, void *p)
{
	struct sign_in *x = p;
	int rc = account_for_sign_in(c->db, c->a, x->name, &x->acc, &x->hash);
	if (rc < 0)
		return app_fail(c, 500, "internal", "internal error (account)");
	x->found = rc == MODEL_OK;
	return 0;
}

/* The new session; the one the browser had ends (a new token at every sign-in). */
static int start_session(struct call *c, void *p)
{
	struct sign_in *x = p;
	struct session_limits l = app_session_limits(c);
	/* a password changed meanwhile keeps its own hash */
	if (x->new_hash && account_set_password(c->db, x->acc.id, x->new_hash, x->hash) < 0)
		return app_fail(c, 500, "internal", "internal error (password)");
	if (c->session && session_end(c->db, c->session->id))
		return app_fail(c, 500, "internal", "internal error (session)");
	if (session_create(c->db, c->a, &x->acc, &l, x->via_link, user_agent(c), c->r->remote,
			   x->cookie, &x->s))
		return app_fail(c, 500, "internal", "internal error (session)");
	return 0;
}

static void signed_in(struct call *c, struct sign_in *x)
{
	app_set_cookie(c, x->cookie, x->s.expires - (int64_t)time(NULL));
	session_reply(c, &x->s);
}

int app_sign_in(struct call *c)
{
	struct sign_in x = { 0 };
	const char *pw;
	size_t name_len, pw_len;
	int st = app_text(c, "login", LIMIT_LOGIN_BYTES, &x.name, &name_len);
	if (!st)
		st = app_text(c, "password", LIMIT_PASSWORD_BYTES, &pw, &pw_len);
	if (st)
		return st;
	if (!x.name || !*x.name || !pw)
		return app_fail(c, 400, "invalid", "signing in takes a login (or email) and a password");
	struct auth_limit al = address_limit(c), nl = account_limit(c);
	const char *akey = address_key(c);
	int64_t wait = auth_limit_retry_after(c->app->db, &al, akey);
	if (wait)
		return app_too_many(c, wait);
	if ((st = app_txn(c, false, find_account, &x)))
		return st;
	const char *nkey = account_key(c, &x);
	if ((wait = auth_limit_retry_after(c->app->db, &nl, nkey)))
		return app_too_many(c, wait);
	bool rehash;
	enum pw_result v = password_verify(x.found ? x.hash : NULL, pw, pw_len, &rehash);
	if (v == PW_MISMATCH) {
		auth_limit_failed(c->app->db, &al, akey);
		auth_limit_failed(c->app->db, &nl, nkey);
		return app_fail(c, 401, "bad_credentials", "wrong login or password");
	}
	if (v != PW_OK)
		return app_password_trouble(c, v);
	char fresh[PASSWORD_HASH_BYTES];
	if (rehash && password_hash(pw, pw_len, fresh) == PW_OK)
		x.new_hash = fresh;
	if ((st = app_txn(c, true, start_session, &x)))
		return st;
	auth_limit_reset(c->app->db, nkey);
	signed_in(c, &x);
	return 0;
}

int app_session(struct call *c)
{
	session_reply(c, c->session);
	return 0;
}

static int end_session(struct call *c, void *p)
{
	return session_end(c->db, c->session->id) ? app_fail(c, 500, "internal", "internal error") : 0;
}

int app_sign_out(struct call *c)
{
	int st = app_txn(c, true, end_session, NULL);
	if (st)
		return st;
	app_set_cookie(c, NULL, 0);
	c->r->resp.status = 204;
	return 0;
}

static int use_link(struct call *c, void *p)
{
	struct sign_in *x = p;
	int64_t account_id = 0;
	int rc = sign_in_link_use(c->db, c->a, call_capture(c, "token"), &account_id, &x->purpose);
	if (rc == MODEL_NOT_FOUND)
		return app_fail(c, 404, "invalid_link", "this sign-in link is unknown, used or expired; "
				"the operator can make a new one (tolk account reset-password)");
	if (!rc)
		rc = account_by_id(c->db, c->a, account_id, &x->acc);
	if (rc)
		return app_fail(c, 500, "internal", "internal error (link)");
	x->via_link = true;
	return start_session(c, x);
}

int app_sign_in_link(struct call *c)
{
	struct auth_limit al = address_limit(c);
	const char *akey = address_key(c);
	int64_t wait = auth_limit_retry_after(c->app->db, &al, akey);
	if (wait)
		return app_too_many(c, wait);
	struct sign_in x = { 0 };
	int st = app_txn(c, true, use_link, &x);
	if (st == 404)
		auth_limit_failed(c->app->db, &al, akey);
	if (st)
		return st;
	signed_in(c, &x);
	rv_str(c->a, c->reply, "link", x.purpose);
	return 0;
}
