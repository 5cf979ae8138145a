#include "model/auth_limit.h"
#include "core/log.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#define BLOCKED_MAX 4096	/* addresses remembered between refreshes */

static struct {
	pthread_mutex_t mu;
	int64_t refreshed;	/* unix second of the last refresh */
	int n;
	struct blocked {
		char addr[64];
		int64_t until;
	} v[BLOCKED_MAX];
} cache = { .mu = PTHREAD_MUTEX_INITIALIZER };

/* Reload the blocked addresses (caller holds cache.mu). */
static void refresh(struct db *db, int64_t now)
{
	cache.refreshed = now;
	struct db_conn *c = db_acquire(db);
	if (db_begin(c, false)) {
		db_release(c);
		return;
	}
	struct db_stmt *st = db_query(c, "SELECT address, blocked_until FROM auth_failure WHERE "
				      "blocked_until > ? ORDER BY blocked_until DESC LIMIT ?", "ii",
				      now, (int64_t)BLOCKED_MAX);
	int n = 0;
	while (st && db_step(st) == 1 && n < BLOCKED_MAX) {
		snprintf(cache.v[n].addr, sizeof(cache.v[n].addr), "%s", db_col_text(st, 0));
		cache.v[n++].until = db_col_int(st, 1);
	}
	db_done(st);
	db_commit(c);
	db_release(c);
	if (st)
		cache.n = n;
}

int64_t auth_limit_retry_after(struct db *db, const struct auth_limit *l, const char *addr)
{
	if (l->max_failures <= 0)
		return 0;
	int64_t now = time(NULL), wait = 0;
	pthread_mutex_lock(&cache.mu);
	if (cache.refreshed != now)
		refresh(db, now);
	for (int i = 0; i < cache.n; i++)
		if (cache.v[i].until > now && !strcmp(cache.v[i].addr, addr))
			wait = cache.v[i].until - now;
	pthread_mutex_unlock(&cache.mu);
	return wait;
}

void auth_limit_failed(struct db *db, const struct auth_limit *l, const char *addr)
{
	if (l->max_failures <= 0 || !*addr)
		return;
	int64_t now = time(NULL), window = l->window_seconds;
	struct db_conn *c = db_acquire(db);
	if (db_begin(c, true)) {
		db_release(c);
		return;
	}
	/* a new window starts when the last one is over; the block lasts to the window's end */
	int64_t failures = db_int(c, -1,
		"INSERT INTO auth_failure (address, window_start, failures, blocked_until) "
		"VALUES (?, ?, 1, 0) ON CONFLICT (address) DO UPDATE SET "
		"failures = CASE WHEN auth_failure.window_start <= ? THEN 1 "
		"ELSE auth_failure.failures + 1 END, "
		"window_start = CASE WHEN auth_failure.window_start <= ? THEN ? "
		"ELSE auth_failure.window_start END RETURNING failures",
		"siiii", addr, now, now - window, now - window, now);
	bool blocked = failures >= l->max_failures;
	if (blocked)
		db_exec(c, "UPDATE auth_failure SET blocked_until = window_start + ? WHERE address = ?",
			"is", window, addr);
	/* rows of windows long over go, once a window per process */
	static _Atomic int64_t swept;
	if (swept <= now - window) {
		swept = now;
		db_exec(c, "DELETE FROM auth_failure WHERE window_start <= ? AND blocked_until <= ?",
			"ii", now - 2 * window, now);
	}
	if (failures < 0 || db_commit(c))
		db_rollback(c);
	db_release(c);
	if (failures == l->max_failures) {
		log_warn("auth: %s blocked for up to %llds after %lld failed authentications", addr,
			 (long long)window, (long long)failures);
		pthread_mutex_lock(&cache.mu);
		cache.refreshed = 0;	/* this node sees its own block at once */
		pthread_mutex_unlock(&cache.mu);
	}
}

void auth_limit_reset(struct db *db, const char *key)
{
	struct db_conn *c = db_acquire(db);
	if (db_begin(c, true)) {
		db_release(c);
		return;
	}
	if (db_exec(c, "DELETE FROM auth_failure WHERE address = ?", "s", key) || db_commit(c))
		db_rollback(c);
	db_release(c);
}
