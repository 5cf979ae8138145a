/*
 * Web app sessions and one-time sign-in links (docs/accounts.md).
 *
 * A session is a row named by the SHA-256 of a random 32-byte token; the
 * token itself lives only in the browser's cookie, so a copy of the
 * database signs no one in, and any node checks any session.  A session ends
 * at `expires` (created + session-lifetime) or after session-idle seconds
 * without a request (last_seen, moved at most every SESSION_TOUCH_MAX
 * seconds), whichever comes first.
 *
 * A sign-in link is a token of the same kind, valid once and for
 * sign-in-link-ttl seconds; using it deletes it and makes a session.
 */
#ifndef TOLK_SESSION_H
#define TOLK_SESSION_H

#include <stdbool.h>
#include <stdint.h>

#include "model/model.h"

#define SESSION_TOKEN_HEX 64	/* a cookie or link token: 32 random bytes, hex */
#define SESSION_TOUCH_MAX 60	/* last_seen moves at most this often (or idle/4) */

struct session_limits {
	int64_t lifetime;	/* seconds */
	int64_t idle;
};

struct session {
	char id[65];		/* sha256 hex of the token */
	struct account account;
	const char *csrf_token;
	int64_t created, last_seen, expires;
	bool via_link;
	const char *user_agent, *address;
};

/* True when s is a well-formed token (64 lowercase hex digits). */
bool session_token_ok(const char *s);

/*
 * A new session for an account.  token_out: the cookie value (shown once).
 * via_link: made by a sign-in link (the session may set a password without
 * the current one).  ua and address are kept for the account's session list.
 */
int session_create(struct db_conn *c, struct arena *a, const struct account *acc,
		   const struct session_limits *l, bool via_link, const char *ua,
		   const char *address, char token_out[SESSION_TOKEN_HEX + 1], struct session *out);
/* The live session of a token: MODEL_NOT_FOUND when none, ended or malformed. */
int session_find(struct db_conn *c, struct arena *a, const char *token,
		 const struct session_limits *l, struct session *out);
/* True when s->last_seen is due to move (see SESSION_TOUCH_MAX). */
bool session_touch_due(const struct session *s, const struct session_limits *l, int64_t now);
int session_touch(struct db_conn *c, const char *id, int64_t now);
int session_end(struct db_conn *c, const char *id);
/* End an account's sessions but keep_id (NULL: all); *ended: how many (may be NULL). */
int session_end_others(struct db_conn *c, int64_t account_id, const char *keep_id, int64_t *ended);
/* The session may no longer set a password without the current one. */
int session_clear_link(struct db_conn *c, const char *id);
/* An account's live sessions, newest first: *out (arena) and *n. */
int session_list(struct db_conn *c, struct arena *a, int64_t account_id,
		 const struct session_limits *l, struct session **out, int *n);
/* Delete ended sessions and links (at most once a minute per process). */
void session_sweep(struct db_conn *c, const struct session_limits *l);

/* sign-in links: purpose "sign-in" (a new account) or "reset" (tolk account reset-password) */
int sign_in_link_create(struct db_conn *c, int64_t account_id, const char *purpose, int64_t ttl,
			char token_out[SESSION_TOKEN_HEX + 1]);
/* Drop an account's links not used yet (a reset makes the older ones void). */
int sign_in_link_drop_all(struct db_conn *c, int64_t account_id);
/*
 * Use a link: the row is deleted, its account and purpose ("sign-in",
 * "reset") come back; MODEL_NOT_FOUND when there is none or it expired.
 */
int sign_in_link_use(struct db_conn *c, struct arena *a, const char *token, int64_t *account_id,
		     const char **purpose);

#endif
