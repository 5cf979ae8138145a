/*
 * The signed-in account: GET /app/api/account, POST /app/api/account/password
 * and POST /app/api/account/key (docs/accounts.md).
 */
#include "api/webapp/webapp.h"
#include "core/limits.h"
#include "core/password.h"
#include "model/auth_limit.h"

#include <string.h>

struct account_view {
	const char *hash;
	struct session *sessions;
	int n;
};

static int read_account(struct call *c, void *p)
{
	struct account_view *x = p;
	struct session_limits l = app_session_limits(c);
	if (account_password(c->db, c->a, c->account.id, &x->hash) ||
	    session_list(c->db, c->a, c->account.id, &l, &x->sessions, &x->n))
		return app_fail(c, 500, "internal", "internal error (account)");
	return 0;
}

int app_account(struct call *c)
{
	struct account_view x = { 0 };
	int st = app_txn(c, false, read_account, &x);
	if (st)
		return st;
	struct arena *a = c->a;
	struct rv *o = c->reply = rv_new_obj(a);
	rv_str(a, o, "login", c->account.login);
	rv_str(a, o, "email", c->account.email);
	rv_int(a, o, "created", c->account.created);
	rv_bool(a, o, "has_password", x.hash != NULL);
	struct rv *list = rv_list(a, o, "sessions", "session");
	for (int i = 0; i < x.n; i++) {
		const struct session *s = &x.sessions[i];
		struct rv *e = rv_obj(a, list, NULL);
		rv_int(a, e, "created", s->created);
		rv_int(a, e, "last_seen", s->last_seen);
		rv_int(a, e, "expires", s->expires);
		rv_str(a, e, "user_agent", s->user_agent);
		rv_str(a, e, "address", s->address);
		rv_bool(a, e, "current", !strcmp(s->id, c->session->id));
	}
	return 0;
}

struct new_password {
	const char *was;	/* the stored hash; NULL: none */
	const char *hash;	/* the new one */
	int64_t ended;
};

static int read_hash(struct call *c, void *p)
{
	struct new_password *x = p;
	return account_password(c->db, c->a, c->account.id, &x->was)
		       ? app_fail(c, 500, "internal", "internal error (account)") : 0;
}

/* The new hash, if the old one is still there; every other session of the account ends. */
static int store_password(struct call *c, void *p)
{
	struct new_password *x = p;
	int rc = account_set_password(c->db, c->account.id, x->hash, x->was);
	if (rc == MODEL_CONFLICT)
		return app_fail(c, 409, "conflict", "the password was changed meanwhile; try again");
	if (rc || session_end_others(c->db, c->account.id, c->session->id, &x->ended) ||
	    session_clear_link(c->db, c->session->id))
		return app_fail(c, 500, "internal", "internal error (password)");
	return 0;
}

int app_account_password(struct call *c)
{
	const char *cur, *new;
	size_t cur_len, new_len;
	int st = app_text(c, "current_password", LIMIT_PASSWORD_BYTES, &cur, &cur_len);
	if (!st)
		st = app_text(c, "new_password", LIMIT_PASSWORD_BYTES, &new, &new_len);
	if (st)
		return st;
	if (!new)
		return app_fail(c, 400, "invalid", "new_password is required");
	const char *why = password_rule_broken(new, new_len);
	if (why)
		return app_fail(c, 400, "invalid", "%s", why);
	/* a stolen session must not be a way to guess the password: sign-in's account limit */
	struct auth_limit l = { c->app->cfg->sign_in_account_fail_limit,
				c->app->cfg->sign_in_fail_window };
	const char *key = arena_printf(c->a, "sign-in/account/%lld", (long long)c->account.id);
	int64_t wait = auth_limit_retry_after(c->app->db, &l, key);
	if (wait)
		return app_too_many(c, wait);
	struct new_password x = { 0 };
	if ((st = app_txn(c, false, read_hash, &x)))
		return st;
	/* a session made by a sign-in link may set one without: that is what the link is for */
	if (x.was && !c->session->via_link) {
		if (!cur)
			return app_fail(c, 400, "invalid", "current_password is required");
		bool rehash;
		enum pw_result v = password_verify(x.was, cur, cur_len, &rehash);
		if (v == PW_MISMATCH) {
			auth_limit_failed(c->app->db, &l, key);
			return app_fail(c, 403, "wrong_password", "the current password is wrong");
		}
		if (v != PW_OK)
			return app_password_trouble(c, v);
	}
	char hash[PASSWORD_HASH_BYTES];
	enum pw_result v = password_hash(new, new_len, hash);
	if (v != PW_OK)
		return app_password_trouble(c, v);
	x.hash = hash;
	if ((st = app_txn(c, true, store_password, &x)))
		return st;
	c->reply = rv_new_obj(c->a);
	rv_int(c->a, c->reply, "sessions_ended", x.ended);
	return 0;
}

struct new_key {
	char key[65];
};

static int rotate_key(struct call *c, void *p)
{
	struct new_key *x = p;
	return account_new_key(c->db, c->account.id, x->key)
		       ? app_fail(c, 500, "internal", "internal error (account key)") : 0;
}

int app_account_key(struct call *c)
{
	struct new_key x;
	int st = app_txn(c, true, rotate_key, &x);
	if (st)
		return st;
	c->reply = rv_new_obj(c->a);
	rv_str(c->a, c->reply, "account_key", arena_strdup(c->a, x.key));	/* x is on the stack */
	return 0;
}
