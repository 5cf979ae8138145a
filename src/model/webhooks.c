/* The outgoing webhook queue: see model/webhooks.h. */
#include "model/webhooks.h"
#include "core/crypto.h"
#include "model/model.h"

#include <string.h>
#include <time.h>

static _Thread_local bool enqueued;

int webhook_enqueue(struct db_conn *c, int64_t project_id, const char *url, const char *payload,
		    const char *extra_headers)
{
	int64_t now = time(NULL);
	if (db_exec_later(c, "INSERT INTO webhook_delivery (project_id, url, payload, headers, "
			  "state, next_attempt_at, created) VALUES (NULLIF(CAST(? AS BIGINT), 0), ?, "
			  "?, ?, 'pending', ?, ?)", "isssii", project_id, url, payload,
			  extra_headers ? extra_headers : "", now, now))
		return MODEL_ERROR;
	enqueued = true;
	return MODEL_OK;
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
