/*
 * DeepL API v2: POST {base}/v2/translate, header Authorization: DeepL-Auth-Key
 * KEY, body {"text":[..],"target_lang":"DE","source_lang":"EN",
 * "tag_handling":"xml","ignore_tags":["x"]}, reply {"translations":
 * [{"detected_source_language":"EN","text":".."}]}.  Free keys end in ":fx"
 * and use api-free.deepl.com.  403 auth, 456 quota (never retried), 429 and
 * 529 retried; a body is at most 128 KiB.
 */
#include "mt/mt_int.h"

#include <string.h>

static const char *deepl_url(const struct mt_conf *c)
{
	size_t n = c->key ? strlen(c->key) : 0;
	if (n >= 3 && !strcmp(c->key + n - 3, ":fx"))
		return "https://api-free.deepl.com";
	return "https://api.deepl.com";
}

static void deepl_build(const struct mt_call *call, const char *const *texts, size_t n,
			struct mt_req *r)
{
	buf_printf(&r->url, "%s/v2/translate", call->base);
	struct buf auth;
	buf_init(&auth, 0);
	buf_printf(&auth, "DeepL-Auth-Key %s", call->conf->key);
	mt_req_header(r, "Authorization", auth.data);
	buf_release(&auth);
	json_t *body = json_pack("{s:o, s:s, s:s, s:[s]}", "text", mt_json_strings(texts, n),
				 "target_lang", call->tgt, "tag_handling", "xml", "ignore_tags", "x");
	if (*call->src)
		json_object_set_new(body, "source_lang", json_string(call->src));
	mt_json_body(r, body);
}

static int deepl_parse(const char *body, size_t len, size_t n, char **out, struct mt_error *err)
{
	return mt_parse_strings(body, len, "translations", NULL, "text", n, out, err);
}

/* 400 "Value for 'target_lang' not supported." */
static enum mt_status deepl_error(long http, const char *body, size_t len, struct mt_error *err)
{
	return mt_error_lang(http, body, len, err, "lang");
}

const struct mt_engine mt_engine_deepl = {
	.name = "deepl",
	.max_items = 50,
	.max_bytes = 128 * 1024,	/* the whole body: items at their JSON length, + overhead */
	.max_item_bytes = 120 * 1024,
	.overhead = 512,
	.json_cost = true,
	.markup = MT_MARKUP_XML,
	.default_url = deepl_url,
	.build = deepl_build,
	.parse = deepl_parse,
	.retryable = mt_retry_default,
	.error = deepl_error,
};
