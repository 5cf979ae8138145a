/*
 * Failed-authentication limit per client address.  Failures are counted in
 * the database (table auth_failure), so every node of a cluster sees the
 * same count; an address that reaches `max_failures` within `window`
 * seconds is refused (v1: HTTP 429, localization.one: 429) until the window
 * ends, whatever key it sends.  The check itself reads a per-process copy
 * of the blocked addresses, refreshed from the database at most once a
 * second: a request pays no query for it, and a block set by one node
 * reaches the others within a second.
 *
 * What is counted is a key: a client address for the API keys; for the
 * web app's sign-in "sign-in/<address>" and "sign-in/account/<id>" (or
 * "sign-in/name/<hash of the login>" when no account has that name), each with its own
 * limit (the block a failure sets uses its caller's limit).
 */
#ifndef TOLK_AUTH_LIMIT_H
#define TOLK_AUTH_LIMIT_H

#include <stdint.h>

#include "store/db.h"

struct auth_limit {
	int max_failures;	/* 0: no limit */
	int window_seconds;
};

/* Seconds until `addr` may try again, or 0 when it may now. */
int64_t auth_limit_retry_after(struct db *db, const struct auth_limit *l, const char *addr);
/* Count one failed authentication from `addr` (its own write transaction). */
void auth_limit_failed(struct db *db, const struct auth_limit *l, const char *addr);
/* Forget the failures of a key (a sign-in that succeeded). */
void auth_limit_reset(struct db *db, const char *key);

#endif
