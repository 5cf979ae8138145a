/*
 * Microsoft Translator Text v3: POST {base}/translate?api-version=3.0
 * &from=..&to=..&textType=html, header Ocp-Apim-Subscription-Key (+
 * Ocp-Apim-Subscription-Region), body [{"Text":".."}], reply
 * [{"translations":[{"text":"..","to":".."}]}].  Error body
 * {"error":{"code":400036,"message":".."}}: the code's first three digits
 * are the HTTP status.
 */
#include "mt/mt_int.h"

#include <string.h>

static const char *ms_url(const struct mt_conf *c)
{
	return "https://api.cognitive.microsofttranslator.com";
}

static void ms_build(const struct mt_call *call, const char *const *texts, size_t n,
		     struct mt_req *r)
{
	buf_printf(&r->url, "%s/translate?api-version=3.0", call->base);
	if (*call->src) {
		buf_adds(&r->url, "&from=");
		mt_urlencode(&r->url, call->src);
	}
	buf_adds(&r->url, "&to=");
	mt_urlencode(&r->url, call->tgt);
	buf_adds(&r->url, "&textType=html");
	mt_req_header(r, "Ocp-Apim-Subscription-Key", call->conf->key);
	if (call->conf->region && *call->conf->region)
		mt_req_header(r, "Ocp-Apim-Subscription-Region", call->conf->region);
	json_t *body = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(body, json_pack("{s:s}", "Text", texts[i]));
	mt_json_body(r, body);
}

static int ms_parse(const char *body, size_t len, size_t n, char **out, struct mt_error *err)
{
	json_t *j = mt_json_reply(body, len, err);
	if (!j)
		return -1;
	/* each item's first translation (one target per call) */
	json_t *firsts = json_array();
	size_t i;
	json_t *item;
	json_array_foreach(j, i, item)
		json_array_append(firsts, json_array_get(json_object_get(item, "translations"), 0));
	int rc = json_is_array(j) ? mt_strings_from(firsts, "text", n, out, err) : -1;
	if (!json_is_array(j))
		mt_set_error(err, MT_BAD_REPLY, "reply is not an array");
	json_decref(firsts);
	json_decref(j);
	return rc;
}

static enum mt_status ms_error(long http, const char *body, size_t len, struct mt_error *err)
{
	mt_error_message(http, body, len, err);
	json_t *j = json_loadb(body, len, 0, NULL);
	json_int_t code = json_integer_value(json_object_get(json_object_get(j, "error"), "code"));
	json_decref(j);
	/* a language missing or invalid (400003), language and script (400006), one of
	 * the languages (400019), the pair (400023), from (400035), to (400036) */
	if (code == 400003 || code == 400006 || code == 400019 || code == 400023 ||
	    code == 400035 || code == 400036)
		return MT_UNSUPPORTED_LANGUAGE;
	if (code == 403001)
		return MT_QUOTA;		/* free tier quota used up */
	return mt_error_default(http, err);
}

const struct mt_engine mt_engine_microsoft = {
	.name = "microsoft",
	.max_items = 1000,
	.max_bytes = 50000,	/* characters per request; bytes >= characters */
	.max_item_bytes = 50000,
	.markup = MT_MARKUP_SPAN,
	.default_url = ms_url,
	.build = ms_build,
	.parse = ms_parse,
	.retryable = mt_retry_default,
	.error = ms_error,
};
