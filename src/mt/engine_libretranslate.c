/*
 * LibreTranslate: POST {base}/translate, body {"q":[..],"source":"en"|"auto",
 * "target":"es","format":"html","api_key":".."} (api_key only when set),
 * reply {"translatedText":[..]}.  Errors {"error":".."}: 400 invalid (or an
 * unsupported language), 403 banned or bad key, 429 slow down, 500.
 * Batch limits are the operator's (--batch-limit, --char-limit): ours are
 * conservative.
 */
#include "mt/mt_int.h"

#include <string.h>

static const char *libre_url(const struct mt_conf *c)
{
	return "https://libretranslate.com";
}

static void libre_build(const struct mt_call *call, const char *const *texts, size_t n,
			struct mt_req *r)
{
	buf_printf(&r->url, "%s/translate", call->base);
	json_t *body = json_pack("{s:o, s:s, s:s, s:s}", "q", mt_json_strings(texts, n),
				 "source", *call->src ? call->src : "auto", "target", call->tgt,
				 "format", "html");
	if (call->conf->key && *call->conf->key)
		json_object_set_new(body, "api_key", json_string(call->conf->key));
	mt_json_body(r, body);
}

static int libre_parse(const char *body, size_t len, size_t n, char **out, struct mt_error *err)
{
	return mt_parse_strings(body, len, "translatedText", NULL, NULL, n, out, err);
}

/* 400 "xx is not supported" */
static enum mt_status libre_error(long http, const char *body, size_t len, struct mt_error *err)
{
	return mt_error_lang(http, body, len, err, "not supported");
}

const struct mt_engine mt_engine_libretranslate = {
	.name = "libretranslate",
	.max_items = 25,
	.max_bytes = 5000,
	.max_item_bytes = 5000,
	.key_optional = true,
	.markup = MT_MARKUP_SPAN,
	.default_url = libre_url,
	.build = libre_build,
	.parse = libre_parse,
	.retryable = mt_retry_default,
	.error = libre_error,
};
