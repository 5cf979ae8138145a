/* The outgoing webhook queue and each project's delivery log: see model/webhooks.h. */
#include "model/webhooks.h"
#include "core/crypto.h"
#include "core/mem.h"
#include "jobs/webhook.h"
#include "model/content.h"
#include "model/languages.h"

#include <curl/curl.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static _Thread_local bool enqueued;

#define INSERT_DELIVERY "INSERT INTO webhook_delivery (project_id, url, payload, headers, state, " \
	"next_attempt_at, created, redelivery_of) VALUES (NULLIF(CAST(? AS BIGINT), 0), ?, ?, ?, " \
	"'pending', ?, ?, ?)"

int webhook_enqueue(struct db_conn *c, int64_t project_id, const char *url, const char *payload,
		    const char *extra_headers)
{
	int64_t now = time(NULL);
	if (db_exec_later(c, INSERT_DELIVERY, "isssiii", project_id, url, payload,
			  extra_headers ? extra_headers : "", now, now, (int64_t)0))
		return MODEL_ERROR;
	enqueued = true;
	return MODEL_OK;
}

static int insert_returning(struct db_conn *c, int64_t project_id, const char *url,
			    const char *payload, const char *headers, int64_t redelivery_of,
			    int64_t *id)
{
	int64_t now = time(NULL);
	struct db_stmt *st = db_query(c, INSERT_DELIVERY " RETURNING id", "isssiii", project_id, url,
				      payload, headers ? headers : "", now, now, redelivery_of);
	int rc = st ? db_step(st) : -1;
	if (rc == 1)
		*id = db_col_int(st, 0);
	db_done(st);
	if (rc != 1)
		return MODEL_ERROR;
	enqueued = true;
	return MODEL_OK;
}

int webhook_enqueue_id(struct db_conn *c, int64_t project_id, const char *url, const char *payload,
		       const char *extra_headers, int64_t *id)
{
	return insert_returning(c, project_id, url, payload, extra_headers, 0, id);
}

bool webhook_take_enqueued(void)
{
	bool was = enqueued;
	enqueued = false;
	return was;
}

void webhook_lone_signature(const char *url, const char *api_token, char out[65])
{
	crypto_hmac_sha256_hex(url, strlen(url), api_token, strlen(api_token), out);
}

void webhook_lone_header(const char *url, const char *api_token, char out[WEBHOOK_LONE_HEADER_SIZE])
{
	char sig[65];
	webhook_lone_signature(url, api_token, sig);
	snprintf(out, WEBHOOK_LONE_HEADER_SIZE, "X-Localization: %s", sig);
}

/* ---- Crowdin v1 project webhooks ---- */

static char *esc(struct arena *a, const char *s)
{
	char *e = curl_easy_escape(NULL, s, 0);
	char *copy = arena_strdup(a, e ? e : "");
	curl_free(e);
	return copy;
}

int webhook_v1_enqueue(struct db_conn *c, struct arena *a, const struct webhook_v1_event *e,
		       int64_t *id)
{
	const char *q = arena_printf(a, "project=%s&project_id=%lld&language=%s",
				     esc(a, e->identifier), (long long)e->project_id,
				     esc(a, e->language));
	if (e->file)
		q = arena_printf(a, "%s&file_id=%lld&file=%s", q, (long long)e->file_id, esc(a, e->file));
	if (e->test)
		q = arena_printf(a, "%s&test=1", q);
	const char *full = arena_printf(a, "%s%c%s", e->url, strchr(e->url, '?') ? '&' : '?', q);
	json_t *js = json_pack("{s:s,s:s,s:s,s:s}", "event", e->event, "project", e->identifier,
			       "project_id", arena_printf(a, "%lld", (long long)e->project_id),
			       "language", e->language);
	if (e->file) {
		json_object_set_new(js, "file_id", json_string(arena_printf(a, "%lld", (long long)e->file_id)));
		json_object_set_new(js, "file", json_string(e->file));
	}
	if (e->test)
		json_object_set_new(js, "test", json_true());
	char *body = js ? json_dumps(js, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;
	json_decref(js);
	if (!body)
		return MODEL_ERROR;
	int rc = id ? webhook_enqueue_id(c, e->project_id, full, body, NULL, id)
		    : webhook_enqueue(c, e->project_id, full, body, NULL);
	free(body);
	return rc;
}

/* ---- the project's webhook URLs ---- */

const struct webhook_kind webhook_kinds[WEBHOOK_KINDS] = {
	{ "lone", "webhook_url", NULL },
	{ "file_translated", "webhook_file_translated", "file.translated" },
	{ "file_proofread", "webhook_file_proofread", "file.proofread" },
	{ "project_translated", "webhook_project_translated", "project.translated" },
	{ "project_proofread", "webhook_project_proofread", "project.proofread" },
};

const struct webhook_kind *webhook_kind_find(const char *kind)
{
	for (int i = 0; kind && i < WEBHOOK_KINDS; i++)
		if (!strcmp(webhook_kinds[i].kind, kind))
			return &webhook_kinds[i];
	return NULL;
}

const char *webhook_kind_url(const struct project *p, const struct webhook_kind *k)
{
	const char *const urls[WEBHOOK_KINDS] = { p->webhook_url, p->webhook_file_translated,
		p->webhook_file_proofread, p->webhook_project_translated, p->webhook_project_proofread };
	const char *u = urls[k - webhook_kinds];
	return u ? u : "";
}

int webhook_url_set(struct db_conn *c, int64_t project_id, const struct webhook_kind *k,
		    const char *url, char *why, size_t whylen)
{
	const struct project_setting *s = project_setting_find(k->setting);
	if (!s)
		return MODEL_ERROR;
	if (!project_url_ok(url, (size_t)s->max)) {
		snprintf(why, whylen, "not an http:// or https:// URL of at most %d bytes", s->max);
		return MODEL_INVALID;
	}
	if (*url && webhook_url_check(url, why, whylen))
		return MODEL_INVALID;
	return project_setting_set(c, project_id, s, url);
}

/* ---- test deliveries ---- */

/* The language a sample event names: the project's first target language, else its source. */
static const struct language *sample_language(struct db_conn *c, const struct project *p)
{
	int ids[1];
	int n = project_languages(c, p->id, ids, 1);
	const struct language *l = language_by_id(n > 0 ? ids[0] : p->source_language_id);
	return l ? l : language_by_id(p->source_language_id);
}

static int lone_test(struct db_conn *c, const struct project *p, const char *url,
		     const struct language *l, int64_t *id)
{
	/* the seed's translation_update entry, with "test": true; ids 0 name no string */
	char payload[256], header[WEBHOOK_LONE_HEADER_SIZE];
	snprintf(payload, sizeof(payload), "[{\"type\":\"translation_update\",\"language\":\"%d\","
		 "\"date\":%lld,\"string_id\":\"0\",\"category_id\":\"0\",\"test\":true}]",
		 l ? l->id : 0, (long long)time(NULL));
	webhook_lone_header(url, p->api_token ? p->api_token : "", header);
	return webhook_enqueue_id(c, p->id, url, payload, header, id);
}

static int v1_test(struct db_conn *c, struct arena *a, const struct project *p,
		   const struct webhook_kind *k, const char *url, const struct language *l,
		   int64_t *id)
{
	struct webhook_v1_event e = { .project_id = p->id, .identifier = p->identifier, .url = url,
				      .event = k->event, .language = l ? l->crowdin_code : "",
				      .test = true };
	if (!strncmp(k->kind, "file_", 5)) {
		/* a file event names a file: the project's first, else a sample name */
		int64_t file = db_int(c, 0, "SELECT id FROM node WHERE project_id = ? AND kind = 'file' "
				      "ORDER BY id LIMIT 1", "i", p->id);
		if (file < 0)
			return MODEL_ERROR;
		const char *path = file ? node_path(c, a, file) : NULL;
		e.file_id = file;
		e.file = path ? path : "sample.json";
	}
	return webhook_v1_enqueue(c, a, &e, id);
}

int webhook_send_test(struct db_conn *c, struct arena *a, const struct project *p,
		      const struct webhook_kind *k, int64_t *id)
{
	const char *url = webhook_kind_url(p, k);
	if (!*url)
		return MODEL_NOT_FOUND;
	const struct language *l = sample_language(c, p);
	return k->event ? v1_test(c, a, p, k, url, l, id) : lone_test(c, p, url, l, id);
}

/* ---- the delivery log ---- */

int webhook_deliveries(struct db_conn *c, struct arena *a, int64_t project_id, int64_t before,
		       int limit, struct webhook_delivery **out, size_t *n)
{
	*out = arena_alloc(a, sizeof(**out) * (size_t)(limit > 0 ? limit : 1));
	*n = 0;
	/* webhook_project (project_id, id): the newest rows of one project, never a scan */
	struct db_stmt *st = db_query(c, "SELECT id, url, payload, headers, state, attempts, "
				      "last_status, last_error, created, sent_at, next_attempt_at, "
				      "redelivery_of FROM webhook_delivery WHERE project_id = ? AND "
				      "id < ? ORDER BY id DESC LIMIT ?", "iii", project_id,
				      before > 0 ? before : INT64_MAX, (int64_t)limit);
	if (!st)
		return MODEL_ERROR;
	int rc;
	while ((rc = db_step(st)) == 1 && *n < (size_t)limit) {
		struct webhook_delivery *d = &(*out)[(*n)++];
		d->id = db_col_int(st, 0);
		d->project_id = project_id;
		d->url = arena_strdup(a, db_col_text(st, 1));
		d->payload = arena_strdup(a, db_col_text(st, 2));
		d->headers = arena_strdup(a, db_col_text(st, 3));
		d->state = arena_strdup(a, db_col_text(st, 4));
		d->attempts = db_col_int(st, 5);
		d->last_status = db_col_int(st, 6);
		d->last_error = arena_strdup(a, db_col_text(st, 7));
		d->created = db_col_int(st, 8);
		d->sent_at = db_col_int(st, 9);
		d->next_attempt_at = db_col_int(st, 10);
		d->redelivery_of = db_col_int(st, 11);
	}
	db_done(st);
	return rc < 0 ? MODEL_ERROR : MODEL_OK;
}

int webhook_redeliver(struct db_conn *c, const struct project *p, int64_t id, int64_t *new_id)
{
	struct db_stmt *st = db_query(c, "SELECT url, payload, headers, state FROM webhook_delivery "
				      "WHERE id = ? AND project_id = ?", "ii", id, p->id);
	if (!st)
		return MODEL_ERROR;
	int rc = db_step(st);
	char *url = NULL, *payload = NULL, *headers = NULL;
	bool pending = false;
	if (rc == 1) {
		url = xstrdup(db_col_text(st, 0));
		payload = xstrdup(db_col_text(st, 1));
		headers = xstrdup(db_col_text(st, 2));
		pending = !strcmp(db_col_text(st, 3), "pending");
	}
	db_done(st);
	int out = rc < 0 ? MODEL_ERROR : rc == 0 ? MODEL_NOT_FOUND : pending ? MODEL_CONFLICT : MODEL_OK;
	if (!out) {
		/* the signature is the receiver's proof of the token: made with today's token */
		char lone[WEBHOOK_LONE_HEADER_SIZE];
		if (!strncmp(headers, "X-Localization:", 15)) {
			webhook_lone_header(url, p->api_token ? p->api_token : "", lone);
			out = insert_returning(c, p->id, url, payload, lone, id, new_id);
		} else {
			out = insert_returning(c, p->id, url, payload, headers, id, new_id);
		}
	}
	free(url);
	free(payload);
	free(headers);
	return out;
}

int64_t webhook_prune(struct db_conn *c, int64_t before, int limit)
{
	/* webhook_done (state, created): only the rows to go are read; a bounded batch
	 * keeps the write short (SQLite's one writer, PostgreSQL's locks) */
	return db_exec_changes(c, "DELETE FROM webhook_delivery WHERE id IN (SELECT id FROM "
			       "webhook_delivery WHERE state IN ('sent', 'failed') AND created < ? "
			       "LIMIT ?)", "ii", before, (int64_t)limit);
}
