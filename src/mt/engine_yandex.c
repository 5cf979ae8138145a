/*
 * Yandex, two APIs under the engine name "yandex":
 *
 * Legacy v1.5 (no folder id): POST {base}/api/v1.5/tr.json/translate
 *   ?key=KEY&lang=en-ru&format=html, form body text=..&text=.., reply
 *   {"code":200,"lang":"en-ru","text":[..]}.  Codes (HTTP status and body):
 *   401 invalid key, 402 key blocked, 404 daily limit, 413 text too long,
 *   422 cannot be translated, 501 direction not supported; none retried.
 *
 * Yandex Cloud v2 (folder id set): POST {base}/translate/v2/translate,
 *   header Authorization: Api-Key KEY, body {"folderId":..,"texts":[..],
 *   "targetLanguageCode":"ru","sourceLanguageCode":"en","format":"HTML"},
 *   reply {"translations":[{"text":".."}]}; errors {"code":3,"message":..}.
 */
#include "mt/mt_int.h"

#include <string.h>

/* ------------------------------------------------------------ legacy v1.5 */

static const char *yandex_url(const struct mt_conf *c)
{
	return "https://translate.yandex.net";
}

static void yandex_build(const struct mt_call *call, const char *const *texts, size_t n,
			 struct mt_req *r)
{
	buf_printf(&r->url, "%s/api/v1.5/tr.json/translate?key=", call->base);
	mt_urlencode(&r->url, call->conf->key);
	buf_adds(&r->url, "&lang=");
	if (*call->src) {
		mt_urlencode(&r->url, call->src);
		buf_addc(&r->url, '-');
	}
	mt_urlencode(&r->url, call->tgt);
	buf_adds(&r->url, "&format=html");
	for (size_t i = 0; i < n; i++) {
		buf_adds(&r->body, i ? "&text=" : "text=");
		mt_urlencode(&r->body, texts[i]);
	}
	mt_req_header(r, "Content-Type", "application/x-www-form-urlencoded");
}

static int yandex_parse(const char *body, size_t len, size_t n, char **out, struct mt_error *err)
{
	return mt_parse_strings(body, len, "text", NULL, NULL, n, out, err);
}

static enum mt_status yandex_code(long code)
{
	switch (code) {
	case 401:
	case 402:
		return MT_AUTH_FAILED;
	case 404:
		return MT_QUOTA;
	case 501:
		return MT_UNSUPPORTED_LANGUAGE;
	case 413:
	case 422:
		return MT_REJECTED;
	}
	return code == 429 || (code >= 500 && code <= 599) ? MT_UNAVAILABLE : MT_REJECTED;
}

static bool yandex_retryable(long http)
{
	return http != 501 && mt_retry_default(http);
}

static long body_code(const char *body, size_t len)
{
	json_t *j = json_loadb(body, len, 0, NULL);
	json_t *c = json_object_get(j, "code");
	long code = json_is_integer(c) ? (long)json_integer_value(c) : 0;
	json_decref(j);
	return code;
}

static enum mt_status yandex_error(long http, const char *body, size_t len, struct mt_error *err)
{
	mt_error_message(http, body, len, err);
	long code = body_code(body, len);
	return yandex_code(code && code != 200 ? code : http);
}

/* v1.5 may say 200 in HTTP and an error in "code" */
static enum mt_status yandex_reply_error(const char *body, size_t len, struct mt_error *err)
{
	long code = body_code(body, len);
	if (!code || code == 200)
		return MT_OK;
	mt_error_message(code, body, len, err);
	return yandex_code(code);
}

const struct mt_engine mt_engine_yandex = {
	.name = "yandex",
	.max_items = 100,
	.max_bytes = 10000,
	.max_item_bytes = 10000,
	.markup = MT_MARKUP_SPAN,
	.default_url = yandex_url,
	.build = yandex_build,
	.parse = yandex_parse,
	.retryable = yandex_retryable,
	.error = yandex_error,
	.reply_error = yandex_reply_error,
};

/* ------------------------------------------------------------ Cloud v2 */

static const char *cloud_url(const struct mt_conf *c)
{
	return "https://translate.api.cloud.yandex.net";
}

static void cloud_build(const struct mt_call *call, const char *const *texts, size_t n,
			struct mt_req *r)
{
	buf_printf(&r->url, "%s/translate/v2/translate", call->base);
	struct buf auth;
	buf_init(&auth, 0);
	buf_printf(&auth, "Api-Key %s", call->conf->key);
	mt_req_header(r, "Authorization", auth.data);
	buf_release(&auth);
	json_t *body = json_pack("{s:s, s:o, s:s, s:s}", "folderId", call->conf->folder_id,
				 "texts", mt_json_strings(texts, n), "targetLanguageCode", call->tgt,
				 "format", "HTML");
	if (*call->src)
		json_object_set_new(body, "sourceLanguageCode", json_string(call->src));
	mt_json_body(r, body);
}

static int cloud_parse(const char *body, size_t len, size_t n, char **out, struct mt_error *err)
{
	return mt_parse_strings(body, len, "translations", NULL, "text", n, out, err);
}

/* 400 "unsupported target_language_code: xx" */
static enum mt_status cloud_error(long http, const char *body, size_t len, struct mt_error *err)
{
	return mt_error_lang(http, body, len, err, "language");
}

const struct mt_engine mt_engine_yandex_cloud = {
	.name = "yandex",
	.max_items = 100,
	.max_bytes = 10000,
	.max_item_bytes = 10000,
	.markup = MT_MARKUP_SPAN,
	.default_url = cloud_url,
	.build = cloud_build,
	.parse = cloud_parse,
	.retryable = mt_retry_default,
	.error = cloud_error,
};
