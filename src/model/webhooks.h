/*
 * The outgoing webhook queue (table webhook_delivery).  Producers insert a
 * row inside their own transaction, so a delivery exists exactly when the
 * change that caused it committed; the worker in jobs/webhook.c sends it.
 *
 * Rows whose payload is a JSON array and that share url + headers are
 * merged into one POST by the worker (their arrays concatenated), so
 * near-simultaneous events reach a receiver as one request.  Any other
 * payload is sent on its own, as is.
 *
 * The rows are also each project's delivery log (the webhooks page,
 * docs/web.md): listed newest first, redelivered as new rows, and pruned by
 * the worker once finished and older than webhook-keep.
 */
#ifndef TOLK_WEBHOOKS_H
#define TOLK_WEBHOOKS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "model/model.h"
#include "store/db.h"

/*
 * Queue a POST of `payload` (sent with Content-Type: application/json) to
 * `url`.  extra_headers: "Name: value" lines separated by '\n', or NULL.
 * project_id 0: not tied to a project.  0 or MODEL_ERROR.
 */
int webhook_enqueue(struct db_conn *c, int64_t project_id, const char *url, const char *payload,
		    const char *extra_headers);
/* The same, answering the new row's id in *id (a round trip more: for callers that show it). */
int webhook_enqueue_id(struct db_conn *c, int64_t project_id, const char *url, const char *payload,
		       const char *extra_headers, int64_t *id);

/*
 * True when this thread queued a delivery since the last call (and resets
 * it).  The API dispatcher asks after its commit and wakes the worker.
 */
bool webhook_take_enqueued(void);

/* X-Localization signature: lowercase hex HMAC-SHA256(key = url, message = api token). */
void webhook_lone_signature(const char *url, const char *api_token, char out[65]);
/* The header line a localization.one delivery to `url` carries: "X-Localization: <signature>". */
#define WEBHOOK_LONE_HEADER_SIZE 100
void webhook_lone_header(const char *url, const char *api_token, char out[WEBHOOK_LONE_HEADER_SIZE]);

/*
 * A Crowdin v1 project webhook (api/crowdin_v1/hooks.c, crowdin-v1-content.md):
 * a POST to url with project, project_id, language (and file_id, file) added
 * to its query string, and the same fields as a JSON object body.  test: a
 * sample sent from the webhooks page ("test": true in the body, test=1 in
 * the query).  *id (may be NULL): the new row.
 */
struct webhook_v1_event {
	int64_t project_id;
	const char *identifier, *url, *event;	/* event: "file.translated", ... */
	const char *language;			/* Crowdin code */
	const char *file;			/* the file's path; NULL: a project event */
	int64_t file_id;
	bool test;
};
int webhook_v1_enqueue(struct db_conn *c, struct arena *a, const struct webhook_v1_event *e,
		       int64_t *id);

/*
 * The five webhook URL settings a project has, by kind: "lone" (the
 * localization.one webhook, setting webhook_url) and the v1 events
 * "file_translated", ... (setting webhook_<kind>).
 */
struct webhook_kind {
	const char *kind, *setting, *event;	/* event: the v1 event name, NULL for lone */
};
extern const struct webhook_kind webhook_kinds[];
#define WEBHOOK_KINDS 5
const struct webhook_kind *webhook_kind_find(const char *kind);
/* The project's URL of that kind ("" none). */
const char *webhook_kind_url(const struct project *p, const struct webhook_kind *k);

/*
 * Set one webhook URL setting of a project: the settings table's rules
 * (project_setting_set: http(s), length) and the delivery's own checks made
 * before any network activity (jobs/webhook.h webhook_url_check: no user
 * info, a host name or an IP literal the address policy and --webhook-allow
 * accept).  A name resolving to a blocked address is refused when sent (the
 * log says so).  0, MODEL_INVALID with why[] filled, MODEL_ERROR.
 */
int webhook_url_set(struct db_conn *c, int64_t project_id, const struct webhook_kind *k,
		    const char *url, char *why, size_t whylen);

/*
 * Queue a test delivery to the project's URL of kind k: what a real event of
 * that kind sends (the same URL form, body and headers: X-Localization for
 * lone), marked "test": true and naming the project's first target language
 * (and, for file events, its first file).  MODEL_NOT_FOUND: no URL of that
 * kind.  *id: the new row.
 */
int webhook_send_test(struct db_conn *c, struct arena *a, const struct project *p,
		      const struct webhook_kind *k, int64_t *id);

/* One row of a project's delivery log. */
struct webhook_delivery {
	int64_t id, project_id, redelivery_of;
	const char *url, *payload, *headers, *state, *last_error;
	int64_t attempts, last_status, created, sent_at, next_attempt_at;
};
/* A project's deliveries with id < before (0: from the newest), newest first, at most limit. */
int webhook_deliveries(struct db_conn *c, struct arena *a, int64_t project_id, int64_t before,
		       int limit, struct webhook_delivery **out, size_t *n);
/*
 * Queue delivery `id` of project `p` again as a new row (redelivery_of = id):
 * same URL, same payload; a localization.one signature is made again with
 * the project's token of now.  MODEL_NOT_FOUND (no such delivery in this
 * project), MODEL_CONFLICT (it is still pending), MODEL_ERROR.
 */
int webhook_redeliver(struct db_conn *c, const struct project *p, int64_t id, int64_t *new_id);
/* Delete up to limit finished (sent or failed) deliveries created before `before`: how many, or -1. */
int64_t webhook_prune(struct db_conn *c, int64_t before, int limit);

#endif
