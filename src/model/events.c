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
	       strcmp(kind, "string.deleted") == 0 || strcmp(kind, "string.added") == 0;
}

static int queue_lone_webhook(struct db_conn *c, const struct event_new *e, int64_t now)
{
	struct db_stmt *st = db_query(c,
		"SELECT p.webhook_url, p.api_token, COALESCE(s.node_id, 0), COALESCE(s.public_id, 0) "
		"FROM project p LEFT JOIN string s ON s.id = ? WHERE p.id = ?",
		"ii", e->string_id, e->project_id);
	if (!st)
		return MODEL_ERROR;
	int rc = db_step(st);
	if (rc != 1) {
		db_done(st);
		return rc == 0 ? MODEL_OK : MODEL_ERROR;
	}
	char url[2100], token[128], sig[65], header[100], payload[256];
	snprintf(url, sizeof(url), "%s", db_col_text(st, 0));
	snprintf(token, sizeof(token), "%s", db_col_text(st, 1));
	int64_t node = e->node_id ? e->node_id : db_col_int(st, 2);
	int64_t string_id = db_col_int(st, 3);	/* the client's id, not the internal key */
	db_done(st);
	if (!*url)
		return MODEL_OK;
	webhook_lone_signature(url, token, sig);
	snprintf(header, sizeof(header), "X-Localization: %s", sig);
	snprintf(payload, sizeof(payload),
		 "[{\"type\":\"translation_update\",\"language\":\"%d\",\"date\":%" PRId64
		 ",\"string_id\":\"%" PRId64 "\",\"category_id\":\"%" PRId64 "\"}]",
		 e->language_id, now, string_id, node);
	return webhook_enqueue(c, e->project_id, url, payload, header);
}

int event_add(struct db_conn *c, const struct event_new *e)
{
	int64_t now = time(NULL);
	if (db_exec(c, "INSERT INTO event (project_id, account_id, kind, node_id, string_id, "
		    "translation_id, language_id, origin, detail, created) VALUES (?, "
		    "NULLIF(CAST(? AS BIGINT), 0), ?, NULLIF(CAST(? AS BIGINT), 0), "
		    "NULLIF(CAST(? AS BIGINT), 0), NULLIF(CAST(? AS BIGINT), 0), "
		    "NULLIF(CAST(? AS BIGINT), 0), ?, ?, ?)",
		    "iisiiiissi", e->project_id, e->account_id, e->kind, e->node_id, e->string_id,
		    e->translation_id, (int64_t)e->language_id, e->origin ? e->origin : "",
		    e->detail_json ? e->detail_json : "{}", now))
		return MODEL_ERROR;
	if (e->language_id && rebuilds_language(e->kind) && queue_lone_webhook(c, e, now))
		return MODEL_ERROR;
	return project_touch(c, e->project_id);
}
