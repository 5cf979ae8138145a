/*
 * The outgoing webhook queue (table webhook_delivery).  Producers insert a
 * row inside their own transaction, so a delivery exists exactly when the
 * change that caused it committed; the worker in jobs/webhook.c sends it.
 *
 * Rows whose payload is a JSON array and that share url + headers are
 * merged into one POST by the worker (their arrays concatenated), so
 * near-simultaneous events reach a receiver as one request.  Any other
 * payload is sent on its own, as is.
 */
#ifndef TOLK_WEBHOOKS_H
#define TOLK_WEBHOOKS_H

#include <stdbool.h>
#include <stdint.h>

#include "store/db.h"

/*
 * Queue a POST of `payload` (sent with Content-Type: application/json) to
 * `url`.  extra_headers: "Name: value" lines separated by '\n', or NULL.
 * project_id 0: not tied to a project.  0 or MODEL_ERROR.
 */
int webhook_enqueue(struct db_conn *c, int64_t project_id, const char *url, const char *payload,
		    const char *extra_headers);

/*
 * True when this thread queued a delivery since the last call (and resets
 * it).  The API dispatcher asks after its commit and wakes the worker.
 */
bool webhook_take_enqueued(void);

/* X-Localization signature: lowercase hex HMAC-SHA256(key = url, message = api token). */
void webhook_lone_signature(const char *url, const char *api_token, char out[65]);

#endif
