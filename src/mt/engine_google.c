/*
 * Google Cloud Translation v2 (Basic): POST
 * {base}/language/translate/v2?key=KEY, body {"q":[..],"target":..,
 * "source":..,"format":"html"}, reply {"data":{"translations":
 * [{"translatedText":".."}]}}.  Errors {"error":{"code":403,"message":..,
 * "errors":[{"reason":"dailyLimitExceeded"}]}}: quota is a 403 with a
 * *LimitExceeded / quotaExceeded reason, a bad key a 400 "API key not valid".
 */
#include "mt/mt_int.h"

#include <string.h>

static const char *google_url(const struct mt_conf *c)
{
	return "https://translation.googleapis.com";
}

static void google_build(const struct mt_call *call, const char *const *texts, size_t n,
			 struct mt_req *r)
{
	buf_printf(&r->url, "%s/language/translate/v2?key=", call->base);
	mt_urlencode(&r->url, call->conf->key);
	json_t *body = json_pack("{s:o, s:s, s:s}", "q", mt_json_strings(texts, n),
				 "target", call->tgt, "format", "html");
	if (*call->src)
		json_object_set_new(body, "source", json_string(call->src));
	mt_json_body(r, body);
}

static int google_parse(const char *body, size_t len, size_t n, char **out, struct mt_error *err)
{
	return mt_parse_strings(body, len, "data", "translations", "translatedText", n, out, err);
}

static enum mt_status google_error(long http, const char *body, size_t len, struct mt_error *err)
{
	mt_error_message(http, body, len, err);
	json_t *j = json_loadb(body, len, 0, NULL);
	json_t *e = json_object_get(j, "error");
	const char *reason = json_string_value(json_object_get(json_array_get(
		json_object_get(e, "errors"), 0), "reason"));
	const char *msg = json_string_value(json_object_get(e, "message"));
	enum mt_status s = mt_error_default(http, err);
	if (mt_contains(reason, "LimitExceeded") || mt_contains(reason, "quotaExceeded"))
		s = MT_QUOTA;
	else if (mt_contains(reason, "keyInvalid") || mt_contains(msg, "API key"))
		s = MT_AUTH_FAILED;
	else if (http == 400 && (mt_contains(msg, "language") || mt_contains(msg, "Invalid Value")))
		s = MT_UNSUPPORTED_LANGUAGE;	/* "Bad language pair", target "Invalid Value" */
	json_decref(j);
	return s;
}

const struct mt_engine mt_engine_google = {
	.name = "google",
	.max_items = 128,
	.max_bytes = 5000,	/* Google's recommended request size */
	.max_item_bytes = 30000,
	.markup = MT_MARKUP_SPAN,
	.default_url = google_url,
	.build = google_build,
	.parse = google_parse,
	.retryable = mt_retry_default,
	.error = google_error,
};
