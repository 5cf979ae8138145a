/*
 * The webhook dispatcher: one thread per `tolk serve` process that sends the
 * rows of webhook_delivery (queued by model/webhooks.h webhook_enqueue())
 * with libcurl multi.  See the design notes at the top of webhook.c.
 */
#ifndef TOLK_JOBS_WEBHOOK_H
#define TOLK_JOBS_WEBHOOK_H

#include "core/config.h"
#include "store/db.h"

#include <stddef.h>

#define WEBHOOK_BATCH_WINDOW_MS   200	/* collect near-simultaneous events this long */
#define WEBHOOK_POLL_MS           1000	/* look for due retries (and other nodes' rows) */
#define WEBHOOK_CONNECT_TIMEOUT_MS 2000
#define WEBHOOK_TIMEOUT_MS        10000
#define WEBHOOK_LEASE_SECONDS     60	/* a claimed row is invisible to other nodes this long */
#define WEBHOOK_MAX_ATTEMPTS      8
#define WEBHOOK_MAX_IN_FLIGHT     16	/* POSTs at once */
#define WEBHOOK_CLAIM_ROWS        500	/* rows per claim */
#define WEBHOOK_PRUNE_MS          60000	/* look for finished rows past webhook-keep */
#define WEBHOOK_PRUNE_ROWS        1000	/* rows per pruning transaction */
#define WEBHOOK_MAX_BODY          (1024u * 1024)	/* merged body cap; larger batches split */

/* Start the worker; 0 or -1 (err filled).  cfg->webhook_allow: CIDR allow-list;
 * cfg->webhook_proxy: the proxy for every POST ("" none: proxy variables are ignored). */
int webhook_worker_start(struct db *db, const struct config *cfg, char *err, size_t errlen);
/* Stop: abort in-flight POSTs (their rows become due again at once), join. */
void webhook_worker_stop(void);
/* Wake the worker: a delivery was committed.  Safe from any thread; no-op when not running. */
void webhook_kick(void);

/* SSRF policy, exposed for unit tests: may a webhook connect to `ip`? */
int webhook_allow_parse(const char *list);	/* replaces the allow-list; -1 on a bad CIDR */
int webhook_ip_allowed(const char *ip);	/* 1 allowed, 0 blocked */
/* Why `ip` is blocked ("a loopback address", ...), or NULL when a webhook may connect to it. */
const char *webhook_ip_blocked(const char *ip);
/* The checks a URL passes before any network activity (scheme, user info, host form, an IP
 * literal host against the policy): 0, or -1 with why filled ("refused: ..." or "blocked: ..."). */
int webhook_url_check(const char *url, char *why, size_t whylen);

#endif
