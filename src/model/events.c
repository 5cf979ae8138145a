/* The event trail: who changed what, when, through which protocol. */
#include "model/content.h"
#include "model/webhooks.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

/*
 * Event kinds that change what a language file contains: each queues one
 * localization.one webhook entry for its language when the project has a
 * webhook URL (spec/localization-one.md "Webhook").
 */
static bool rebuilds_language(const char *kind)
{
	return strncmp(kind, "translation.", 12) == 0 || strcmp(kind, "suggestions.deleted") == 0 ||
	       strcmp(kind, "string.deleted") == 0 || strcmp(kind, "string.added") == 0 ||
	       strcmp(kind, "string.updated") == 0;
}

/* The project's localization.one webhook, once per batch of events. */
struct hook {
	char url[2100], token[128], header[WEBHOOK_LONE_HEADER_SIZE];
	struct buf payload;	/* "[{...},{...}" entries of one delivery */
	int entries;
};

/* The webhook URL and token from the project row, read now unless the caller has it. */
static int hook_read(struct db_conn *c, int64_t project_id, const struct project *known,
		     struct hook *h)
{
	h->url[0] = '\0';
	if (known) {
		snprintf(h->url, sizeof(h->url), "%s", known->webhook_url ? known->webhook_url : "");
		snprintf(h->token, sizeof(h->token), "%s", known->api_token ? known->api_token : "");
		return MODEL_OK;
	}
	struct db_stmt *st = db_query(c, "SELECT webhook_url, api_token FROM project WHERE id = ?",
				      "i", project_id);
	if (!st)
		return MODEL_ERROR;
	int rc = db_step(st);
	if (rc == 1) {
		snprintf(h->url, sizeof(h->url), "%s", db_col_text(st, 0));
		snprintf(h->token, sizeof(h->token), "%s", db_col_text(st, 1));
	}
	db_done(st);
	return rc < 0 ? MODEL_ERROR : MODEL_OK;
}

static int hook_load(struct db_conn *c, int64_t project_id, const struct project *known,
		     struct hook *h)
{
	if (hook_read(c, project_id, known, h))
		return MODEL_ERROR;
	if (*h->url)
		webhook_lone_header(h->url, h->token, h->header);
	return MODEL_OK;
}

static int hook_flush(struct db_conn *c, int64_t project_id, struct hook *h)
{
	if (!h->entries)
		return MODEL_OK;
	buf_addc(&h->payload, ']');
	int rc = webhook_enqueue(c, project_id, h->url, h->payload.data, h->header);
	buf_reset(&h->payload);
	h->entries = 0;
	return rc;
}

/* The client's ids of an event's string (public id, category), for the webhook entry. */
static int string_ids(struct db_conn *c, const struct event_new *e, int64_t *public_id,
		      int64_t *node)
{
	*public_id = e->string_public_id;
	*node = e->node_id;
	if (!e->string_id || (*public_id && *node))
		return MODEL_OK;
	struct db_stmt *st = db_query(c, "SELECT public_id, node_id FROM string WHERE id = ?", "i",
				      e->string_id);
	if (!st)
		return MODEL_ERROR;
	if (db_step(st) == 1) {
		*public_id = db_col_int(st, 0);
		if (!*node)
			*node = db_col_int(st, 1);
	}
	db_done(st);
	return MODEL_OK;
}

static int hook_add(struct db_conn *c, const struct event_new *e, int64_t now, struct hook *h)
{
	int64_t sid, node;
	if (string_ids(c, e, &sid, &node))
		return MODEL_ERROR;
	buf_addc(&h->payload, h->entries ? ',' : '[');
	buf_printf(&h->payload, "{\"type\":\"translation_update\",\"language\":\"%d\",\"date\":%" PRId64
		   ",\"string_id\":\"%" PRId64 "\",\"category_id\":\"%" PRId64 "\"}",
		   e->language_id, now, sid, node);
	return ++h->entries == DB_ROWS_BATCH ? hook_flush(c, e->project_id, h) : MODEL_OK;
}

int events_add(struct db_conn *c, const struct event_new *v, size_t n)
{
	if (!n)
		return MODEL_OK;
	int64_t now = time(NULL), project_id = v[0].project_id;
	struct hook h = { .url = "" };
	buf_init(&h.payload, 0);
	struct db_rows rows;
	db_rows_init(&rows, c, "INSERT INTO event (project_id, account_id, kind, node_id, string_id, "
		     "translation_id, language_id, origin, detail, created, tm_match, approved) VALUES",
		     "(?, NULLIF(CAST(? AS BIGINT), 0), ?, NULLIF(CAST(? AS BIGINT), 0), "
		     "NULLIF(CAST(? AS BIGINT), 0), NULLIF(CAST(? AS BIGINT), 0), "
		     "NULLIF(CAST(? AS BIGINT), 0), ?, ?, ?, "
		     "CASE WHEN CAST(? AS BIGINT) > 0 THEN CAST(? AS BIGINT) END, ?)", NULL);
	int rc = MODEL_OK;
	bool hook_known = false;
	for (size_t i = 0; i < n && !rc; i++) {
		const struct event_new *e = &v[i];
		/* the node whose rows the event changed (an import's events come by node) */
		if ((!i || e->node_id != v[i - 1].node_id) && node_touch(c, project_id, e->node_id))
			rc = MODEL_ERROR;
		if (!rc && db_rows_add(&rows, "iisiiiissiiii", e->project_id, e->account_id, e->kind,
				e->node_id, e->string_id, e->translation_id, (int64_t)e->language_id,
				e->origin ? e->origin : "", e->detail_json ? e->detail_json : "{}", now,
				(int64_t)e->tm_match, (int64_t)e->tm_match, (int64_t)e->approved))
			rc = MODEL_ERROR;
		if (rc || !e->language_id || !rebuilds_language(e->kind))
			continue;
		/* the webhook is looked up once, and only when an event needs it */
		if (!hook_known) {
			hook_known = true;
			rc = hook_load(c, project_id, e->project, &h);
		}
		if (!rc && *h.url)
			rc = hook_add(c, e, now, &h);
	}
	if (!rc && (db_rows_flush(&rows) || hook_flush(c, project_id, &h)))
		rc = MODEL_ERROR;
	db_rows_release(&rows);
	buf_release(&h.payload);
	return rc;
}

int event_add(struct db_conn *c, const struct event_new *e)
{
	return events_add(c, e, 1);
}
