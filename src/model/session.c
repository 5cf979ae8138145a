#include "model/session.h"
#include "core/crypto.h"

#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define SWEEP_EVERY 60	/* seconds between deletions of ended rows, per process (or idle) */

bool session_token_ok(const char *s)
{
	size_t n = 0;
	for (; s[n]; n++)
		if (!((s[n] >= '0' && s[n] <= '9') || (s[n] >= 'a' && s[n] <= 'f')))
			return false;
	return n == SESSION_TOKEN_HEX;
}

static void token_id(const char *token, char id[65])
{
	crypto_sha256_hex(token, strlen(token), id);
}

int session_create(struct db_conn *c, struct arena *a, const struct account *acc,
		   const struct session_limits *l, bool via_link, const char *ua,
		   const char *address, char token_out[SESSION_TOKEN_HEX + 1], struct session *out)
{
	int64_t now = time(NULL);
	char csrf[SESSION_TOKEN_HEX + 1];
	crypto_random_hex(token_out, SESSION_TOKEN_HEX / 2);
	crypto_random_hex(csrf, SESSION_TOKEN_HEX / 2);
	*out = (struct session){ .account = *acc, .csrf_token = arena_strdup(a, csrf), .created = now,
				 .last_seen = now, .expires = now + l->lifetime, .via_link = via_link,
				 .user_agent = arena_strdup(a, ua), .address = arena_strdup(a, address) };
	token_id(token_out, out->id);
	if (db_exec(c, "INSERT INTO session (id, account_id, csrf_token, created, last_seen, expires, "
		    "via_link, user_agent, address) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", "sisiiiiss",
		    out->id, acc->id, csrf, now, now, out->expires, (int64_t)via_link, ua, address))
		return MODEL_ERROR;
	session_sweep(c, l);
	return MODEL_OK;
}

#define SESSION_COLS "s.id, s.csrf_token, s.created, s.last_seen, s.expires, s.via_link, " \
	"s.user_agent, s.address, a.id, a.login, a.email, a.created"

static void read_session(struct db_stmt *st, struct arena *a, struct session *out)
{
	snprintf(out->id, sizeof(out->id), "%s", db_col_text(st, 0));
	out->csrf_token = arena_strdup(a, db_col_text(st, 1));
	out->created = db_col_int(st, 2);
	out->last_seen = db_col_int(st, 3);
	out->expires = db_col_int(st, 4);
	out->via_link = db_col_int(st, 5) != 0;
	out->user_agent = arena_strdup(a, db_col_text(st, 6));
	out->address = arena_strdup(a, db_col_text(st, 7));
	out->account = (struct account){ .id = db_col_int(st, 8),
					 .login = arena_strdup(a, db_col_text(st, 9)),
					 .email = arena_strdup(a, db_col_text(st, 10)),
					 .created = db_col_int(st, 11) };
}

int session_find(struct db_conn *c, struct arena *a, const char *token,
		 const struct session_limits *l, struct session *out)
{
	if (!session_token_ok(token))
		return MODEL_NOT_FOUND;
	char id[65];
	token_id(token, id);
	int64_t now = time(NULL);
	struct db_stmt *st = db_query(c, "SELECT " SESSION_COLS " FROM session s JOIN account a ON "
				      "a.id = s.account_id WHERE s.id = ? AND s.expires > ? AND "
				      "s.last_seen > ?", "sii", id, now, now - l->idle);
	if (!st)
		return MODEL_ERROR;
	int rc = db_step(st);
	if (rc == 1)
		read_session(st, a, out);
	db_done(st);
	return rc == 1 ? MODEL_OK : rc == 0 ? MODEL_NOT_FOUND : MODEL_ERROR;
}

bool session_touch_due(const struct session *s, const struct session_limits *l, int64_t now)
{
	int64_t every = l->idle / 4 < SESSION_TOUCH_MAX ? l->idle / 4 : SESSION_TOUCH_MAX;
	return now - s->last_seen >= (every > 1 ? every : 1);
}

int session_touch(struct db_conn *c, const char *id, int64_t now)
{
	return db_exec(c, "UPDATE session SET last_seen = ? WHERE id = ? AND last_seen < ?", "isi",
		       now, id, now) ? MODEL_ERROR : MODEL_OK;
}

int session_end(struct db_conn *c, const char *id)
{
	return db_exec(c, "DELETE FROM session WHERE id = ?", "s", id) ? MODEL_ERROR : MODEL_OK;
}

int session_end_others(struct db_conn *c, int64_t account_id, const char *keep_id, int64_t *ended)
{
	int64_t n = db_exec_changes(c, "DELETE FROM session WHERE account_id = ? AND id <> ?", "is",
				    account_id, keep_id ? keep_id : "");
	if (ended)
		*ended = n < 0 ? 0 : n;
	return n < 0 ? MODEL_ERROR : MODEL_OK;
}

int session_clear_link(struct db_conn *c, const char *id)
{
	return db_exec(c, "UPDATE session SET via_link = 0 WHERE id = ?", "s", id) ? MODEL_ERROR
										  : MODEL_OK;
}

int session_list(struct db_conn *c, struct arena *a, int64_t account_id,
		 const struct session_limits *l, struct session **out, int *n)
{
	int64_t now = time(NULL);
	*out = NULL;
	*n = 0;
	int64_t count = db_int(c, -1, "SELECT COUNT(*) FROM session WHERE account_id = ?", "i", account_id);
	if (count < 0)
		return MODEL_ERROR;
	struct db_stmt *st = db_query(c, "SELECT " SESSION_COLS " FROM session s JOIN account a ON "
				      "a.id = s.account_id WHERE s.account_id = ? AND s.expires > ? "
				      "AND s.last_seen > ? ORDER BY s.created DESC, s.id", "iii",
				      account_id, now, now - l->idle);
	if (!st)
		return MODEL_ERROR;
	struct session *v = arena_alloc(a, (size_t)(count + 1) * sizeof(*v));
	int rc, k = 0;
	while ((rc = db_step(st)) == 1 && k < count)
		read_session(st, a, &v[k++]);
	db_done(st);
	if (rc < 0)
		return MODEL_ERROR;
	*out = v;
	*n = k;
	return MODEL_OK;
}

void session_sweep(struct db_conn *c, const struct session_limits *l)
{
	static _Atomic int64_t swept;
	int64_t now = time(NULL), last = swept;
	int64_t every = l->idle < SWEEP_EVERY ? l->idle : SWEEP_EVERY;
	if (now - last < every || !atomic_compare_exchange_strong(&swept, &last, now))
		return;
	/* the caller's transaction: a failure here fails it, so say nothing and let it be */
	db_exec_later(c, "DELETE FROM session WHERE expires <= ? OR last_seen <= ?", "ii", now,
		      now - l->idle);
	db_exec_later(c, "DELETE FROM sign_in_link WHERE expires <= ?", "i", now);
}

int sign_in_link_create(struct db_conn *c, int64_t account_id, const char *purpose, int64_t ttl,
			char token_out[SESSION_TOKEN_HEX + 1])
{
	char id[65];
	int64_t now = time(NULL);
	crypto_random_hex(token_out, SESSION_TOKEN_HEX / 2);
	token_id(token_out, id);
	return db_exec(c, "INSERT INTO sign_in_link (id, account_id, purpose, created, expires) "
		       "VALUES (?, ?, ?, ?, ?)", "sisii", id, account_id, purpose, now, now + ttl)
		       ? MODEL_ERROR : MODEL_OK;
}

int sign_in_link_drop_all(struct db_conn *c, int64_t account_id)
{
	return db_exec(c, "DELETE FROM sign_in_link WHERE account_id = ?", "i", account_id)
		       ? MODEL_ERROR : MODEL_OK;
}

int sign_in_link_use(struct db_conn *c, struct arena *a, const char *token, int64_t *account_id,
		     const char **purpose)
{
	if (!session_token_ok(token))
		return MODEL_NOT_FOUND;
	char id[65];
	token_id(token, id);
	struct db_stmt *st = db_query(c, "DELETE FROM sign_in_link WHERE id = ? RETURNING account_id, "
				      "expires, purpose", "s", id);
	if (!st)
		return MODEL_ERROR;
	int rc = db_step(st);
	bool live = rc == 1 && db_col_int(st, 1) > (int64_t)time(NULL);
	if (live) {
		*account_id = db_col_int(st, 0);
		*purpose = arena_strdup(a, db_col_text(st, 2));
	}
	db_done(st);
	if (rc < 0)
		return MODEL_ERROR;
	return live ? MODEL_OK : MODEL_NOT_FOUND;
}
