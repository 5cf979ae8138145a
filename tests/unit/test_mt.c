/*
 * mt: the machine-translation client (src/mt/) against in-process fakes of
 * each provider (libmicrohttpd on 127.0.0.1).  A fake checks the method,
 * path, auth header or parameter and body shape of every request and the
 * engine's batch limits; a request that breaks one is answered 400 and
 * noted in F.violation, which every test checks.  A fake "translates" by
 * prefixing "[<target code>] " to the text it got (protected spans
 * included), so the expected output of every string is known.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <cmocka.h>
#include <curl/curl.h>
#include <jansson.h>
#include <microhttpd.h>

#include "core/config.h"
#include "mt/mt.h"
#include "mt/mt_config.h"
#include "mt/mt_int.h"

/* ------------------------------------------------------------ the fake */

enum proto { P_MICROSOFT, P_GOOGLE, P_YANDEX, P_YANDEX_CLOUD, P_DEEPL, P_LIBRE };

static struct fake {
	struct MHD_Daemon *d;
	char base[64];
	enum proto proto;
	const char *key, *region, *folder;
	const char *src, *tgt;	/* engine codes expected; src NULL: none sent */
	/* behaviour */
	int fail_first;		/* answer the first N requests with fail_status */
	int fail_status;
	const char *fail_body;
	const char *retry_after;
	const char *reply;	/* a fixed 200 body instead of translations */
	bool drop;		/* strings containing DROP lose their first protected span */
	int delay_ms;		/* before answering */
	/* what was seen */
	int requests;
	size_t most_items, most_bytes;
	char violation[512];
} F;

static void violate(const char *fmt, ...)
{
	if (F.violation[0])
		return;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(F.violation, sizeof(F.violation), fmt, ap);
	va_end(ap);
}

static bool eq(const char *a, const char *b)
{
	return a && b && !strcmp(a, b);
}

static size_t utf8_chars(const char *s)
{
	size_t n = 0;
	for (; *s; s++)
		n += ((unsigned char)*s & 0xc0) != 0x80;
	return n;
}

static const char *header(struct MHD_Connection *c, const char *name)
{
	return MHD_lookup_connection_value(c, MHD_HEADER_KIND, name);
}

static const char *arg(struct MHD_Connection *c, const char *name)
{
	return MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, name);
}

/* The fake translation of one protected text. */
static char *fake_translate(const char *t)
{
	struct buf b;
	buf_init(&b, 0);
	buf_printf(&b, "[%s] ", F.tgt);
	const char *open = F.proto == P_DEEPL ? "<x>" : "<span";
	const char *close = F.proto == P_DEEPL ? "</x>" : "</span>";
	const char *cut = F.drop && strstr(t, "DROP") ? strstr(t, open) : NULL;
	const char *cut_end = cut ? strstr(cut, close) : NULL;
	for (const char *p = t; *p; p++) {
		if (cut_end && p == cut) {
			p = cut_end + strlen(close) - 1;
			continue;
		}
		if (*p == '\'' && F.proto == P_GOOGLE)
			buf_adds(&b, "&#39;");	/* as Google's html format does */
		else
			buf_addc(&b, *p);
	}
	return buf_detach(&b, NULL);
}

static json_t *strings_of(json_t *arr, size_t max_items, size_t max_chars)
{
	if (!json_is_array(arr) || !json_array_size(arr)) {
		violate("texts are not a non-empty array");
		return NULL;
	}
	size_t i, chars = 0;
	json_t *v;
	json_array_foreach(arr, i, v) {
		if (!json_is_string(v)) {
			violate("text %zu is not a string", i);
			return NULL;
		}
		chars += utf8_chars(json_string_value(v));
	}
	if (json_array_size(arr) > max_items || chars > max_chars)
		violate("batch of %zu texts, %zu chars (limits %zu, %zu)", json_array_size(arr), chars,
			max_items, max_chars);
	if (json_array_size(arr) > F.most_items)
		F.most_items = json_array_size(arr);
	return arr;
}

static void expect_json_str(json_t *o, const char *field, const char *want)
{
	const char *got = json_string_value(json_object_get(o, field));
	if (want ? !eq(got, want) : got != NULL)
		violate("%s: got %s, want %s", field, got ? got : "(none)", want ? want : "(none)");
}

static void urldecode(char *s)
{
	char *o = s;
	for (; *s; s++) {
		if (*s == '%' && s[1] && s[2]) {
			char h[3] = { s[1], s[2], 0 };
			*o++ = (char)strtol(h, NULL, 16);
			s += 2;
		} else {
			*o++ = *s == '+' ? ' ' : *s;
		}
	}
	*o = '\0';
}

/* The request's texts, checked against the protocol; NULL on a violation. */
static json_t *parse_request(struct MHD_Connection *c, const char *url, const char *body,
			     json_t **req)
{
	*req = NULL;
	if (F.proto == P_YANDEX) {
		if (!eq(url, "/api/v1.5/tr.json/translate") || !eq(arg(c, "key"), F.key) ||
		    !eq(arg(c, "format"), "html"))
			violate("yandex: url %s key %s format %s", url, arg(c, "key"), arg(c, "format"));
		char lang[64];
		snprintf(lang, sizeof(lang), "%s%s%s", F.src ? F.src : "", F.src ? "-" : "", F.tgt);
		if (!eq(arg(c, "lang"), lang))
			violate("yandex: lang %s, want %s", arg(c, "lang"), lang);
		if (!eq(header(c, "Content-Type"), "application/x-www-form-urlencoded"))
			violate("yandex: content type %s", header(c, "Content-Type"));
		json_t *texts = json_array();
		char *copy = strdup(body);
		for (char *f = strtok(copy, "&"); f; f = strtok(NULL, "&")) {
			if (strncmp(f, "text=", 5)) {
				violate("yandex: form field %s", f);
				continue;
			}
			urldecode(f + 5);
			json_array_append_new(texts, json_string(f + 5));
		}
		free(copy);
		*req = texts;
		return strings_of(texts, 100, 10000);
	}
	json_error_t je;
	json_t *j = json_loads(body, JSON_REJECT_DUPLICATES, &je);
	*req = j;
	if (!j) {
		violate("body is not JSON: %s", je.text);
		return NULL;
	}
	if (!eq(header(c, "Content-Type"), "application/json; charset=UTF-8"))
		violate("content type %s", header(c, "Content-Type"));
	char want[256];
	switch (F.proto) {
	case P_MICROSOFT: {
		if (!eq(url, "/translate") || !eq(arg(c, "api-version"), "3.0") ||
		    !eq(arg(c, "to"), F.tgt) || !eq(arg(c, "textType"), "html") ||
		    (F.src ? !eq(arg(c, "from"), F.src) : arg(c, "from") != NULL))
			violate("microsoft: url or query");
		if (!eq(header(c, "Ocp-Apim-Subscription-Key"), F.key))
			violate("microsoft: key header");
		if (F.region ? !eq(header(c, "Ocp-Apim-Subscription-Region"), F.region)
			     : header(c, "Ocp-Apim-Subscription-Region") != NULL)
			violate("microsoft: region header");
		if (!json_is_array(j))
			return violate("microsoft: body not an array"), NULL;
		json_t *texts = json_array(), *v;
		size_t i;
		json_array_foreach(j, i, v) {
			if (json_object_size(v) != 1 || !json_is_string(json_object_get(v, "Text")))
				violate("microsoft: item %zu is not {\"Text\": ...}", i);
			json_array_append(texts, json_object_get(v, "Text"));
		}
		json_decref(j);
		*req = texts;
		return strings_of(texts, 1000, 50000);
	}
	case P_GOOGLE:
		if (!eq(url, "/language/translate/v2") || !eq(arg(c, "key"), F.key))
			violate("google: url %s key %s", url, arg(c, "key"));
		expect_json_str(j, "target", F.tgt);
		expect_json_str(j, "source", F.src);
		expect_json_str(j, "format", "html");
		return strings_of(json_object_get(j, "q"), 128, 5000);
	case P_DEEPL:
		snprintf(want, sizeof(want), "DeepL-Auth-Key %s", F.key);
		if (!eq(url, "/v2/translate") || !eq(header(c, "Authorization"), want))
			violate("deepl: url %s auth %s", url, header(c, "Authorization"));
		if (strlen(body) > 128 * 1024)
			violate("deepl: body of %zu bytes", strlen(body));
		expect_json_str(j, "target_lang", F.tgt);
		expect_json_str(j, "source_lang", F.src);
		expect_json_str(j, "tag_handling", "xml");
		if (!eq(json_string_value(json_array_get(json_object_get(j, "ignore_tags"), 0)), "x"))
			violate("deepl: ignore_tags");
		return strings_of(json_object_get(j, "text"), 50, SIZE_MAX);
	case P_YANDEX_CLOUD:
		snprintf(want, sizeof(want), "Api-Key %s", F.key);
		if (!eq(url, "/translate/v2/translate") || !eq(header(c, "Authorization"), want))
			violate("yandex cloud: url %s auth %s", url, header(c, "Authorization"));
		expect_json_str(j, "folderId", F.folder);
		expect_json_str(j, "targetLanguageCode", F.tgt);
		expect_json_str(j, "sourceLanguageCode", F.src);
		expect_json_str(j, "format", "HTML");
		return strings_of(json_object_get(j, "texts"), 100, 10000);
	case P_LIBRE:
		if (!eq(url, "/translate"))
			violate("libretranslate: url %s", url);
		expect_json_str(j, "source", F.src ? F.src : "auto");
		expect_json_str(j, "target", F.tgt);
		expect_json_str(j, "format", "html");
		expect_json_str(j, "api_key", F.key);
		return strings_of(json_object_get(j, "q"), 1000, SIZE_MAX);
	default:
		return NULL;
	}
}

static json_t *reply_for(json_t *outs)
{
	size_t i;
	json_t *v, *items = json_array();
	switch (F.proto) {
	case P_MICROSOFT:
		json_array_foreach(outs, i, v)
			json_array_append_new(items, json_pack("{s:[{s:O, s:s}]}", "translations", "text",
							       v, "to", F.tgt));
		return items;
	case P_GOOGLE:
		json_array_foreach(outs, i, v)
			json_array_append_new(items, json_pack("{s:O, s:s}", "translatedText", v,
							       "detectedSourceLanguage", "en"));
		return json_pack("{s:{s:o}}", "data", "translations", items);
	case P_DEEPL:
		json_array_foreach(outs, i, v)
			json_array_append_new(items, json_pack("{s:s, s:O}", "detected_source_language",
							       "EN", "text", v));
		return json_pack("{s:o}", "translations", items);
	case P_YANDEX_CLOUD:
		json_array_foreach(outs, i, v)
			json_array_append_new(items, json_pack("{s:O}", "text", v));
		return json_pack("{s:o}", "translations", items);
	case P_YANDEX:
		json_decref(items);
		return json_pack("{s:i, s:s, s:O}", "code", 200, "lang", "en-ru", "text", outs);
	case P_LIBRE:
		json_decref(items);
		return json_pack("{s:O}", "translatedText", outs);
	}
	return items;
}

static enum MHD_Result send_reply(struct MHD_Connection *c, int status, const char *body,
				  const char *retry_after)
{
	struct MHD_Response *r = MHD_create_response_from_buffer(strlen(body), (void *)body,
								  MHD_RESPMEM_MUST_COPY);
	MHD_add_response_header(r, "Content-Type", "application/json");
	if (retry_after)
		MHD_add_response_header(r, "Retry-After", retry_after);
	enum MHD_Result rc = MHD_queue_response(c, (unsigned)status, r);
	MHD_destroy_response(r);
	return rc;
}

static enum MHD_Result handle(void *cls, struct MHD_Connection *c, const char *url,
			      const char *method, const char *version, const char *upload,
			      size_t *upload_size, void **state)
{
	if (!*state) {
		struct buf *b = malloc(sizeof(*b));
		buf_init(b, 0);
		*state = b;
		return MHD_YES;
	}
	struct buf *body = *state;
	if (*upload_size) {
		buf_add(body, upload, *upload_size);
		*upload_size = 0;
		return MHD_YES;
	}
	F.requests++;
	if (F.delay_ms) {
		struct timespec ts = { F.delay_ms / 1000, (F.delay_ms % 1000) * 1000000L };
		nanosleep(&ts, NULL);
	}
	if (body->len > F.most_bytes)
		F.most_bytes = body->len;
	if (strcmp(method, "POST"))
		violate("method %s", method);
	if (F.requests <= F.fail_first)
		return send_reply(c, F.fail_status, F.fail_body ? F.fail_body : "{}", F.retry_after);
	json_t *req;
	json_t *texts = parse_request(c, url, body->data, &req);
	if (F.violation[0] || !texts) {
		json_decref(req);
		return send_reply(c, 400, "{\"error\":\"fake: bad request\"}", NULL);
	}
	if (F.reply) {
		json_decref(req);
		return send_reply(c, 200, F.reply, NULL);
	}
	json_t *outs = json_array(), *v;
	size_t i;
	json_array_foreach(texts, i, v) {
		char *t = fake_translate(json_string_value(v));
		json_array_append_new(outs, json_string(t));
		free(t);
	}
	json_t *reply = reply_for(outs);
	char *s = json_dumps(reply, JSON_COMPACT);
	enum MHD_Result rc = send_reply(c, 200, s, NULL);
	free(s);
	json_decref(reply);
	json_decref(outs);
	json_decref(req);
	return rc;
}

static void completed(void *cls, struct MHD_Connection *c, void **state,
		      enum MHD_RequestTerminationCode code)
{
	struct buf *b = *state;
	if (b) {
		buf_release(b);
		free(b);
	}
	*state = NULL;
}

static int fake_start(void **state)
{
	memset(&F, 0, sizeof(F));
	F.d = MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_ERROR_LOG, 0, NULL, NULL,
			       handle, NULL, MHD_OPTION_NOTIFY_COMPLETED, completed, NULL,
			       MHD_OPTION_END);
	if (!F.d)
		return -1;
	const union MHD_DaemonInfo *di = MHD_get_daemon_info(F.d, MHD_DAEMON_INFO_BIND_PORT);
	snprintf(F.base, sizeof(F.base), "http://127.0.0.1:%u/", (unsigned)di->port);
	return 0;
}

static int fake_stop(void **state)
{
	MHD_stop_daemon(F.d);
	F.d = NULL;
	return 0;
}

/* ------------------------------------------------------------ helpers */

struct engine_case {
	enum proto proto;
	const char *engine;
	const char *key, *region, *folder;
	const char *src, *tgt;	/* tolk codes */
	const char *esrc, *etgt;	/* what the engine must get */
	size_t max_items;
};

static const struct engine_case cases[] = {
	{ P_MICROSOFT, "microsoft", "ms-key", "westeurope", NULL, "en", "zh-CN", "en", "zh-Hans", 1000 },
	{ P_GOOGLE, "google", "g-key", NULL, NULL, "en", "pt-BR", "en", "pt", 128 },
	{ P_YANDEX, "yandex", "y-key", NULL, NULL, "en", "ru", "en", "ru", 100 },
	{ P_YANDEX_CLOUD, "yandex", "yc-key", NULL, "b1gfolder", "en-US", "uk", "en", "uk", 100 },
	{ P_DEEPL, "deepl", "d-key:fx", NULL, NULL, "en-GB", "pt-BR", "EN", "PT-BR", 50 },
	{ P_LIBRE, "libretranslate", "l-key", NULL, NULL, "en", "es-ES", "en", "es", 25 },
};

static const struct engine_case *K;	/* the case conf_for() set up */

/* Point the fake and a conf at one engine case. */
static struct mt_conf conf_for(const struct engine_case *k)
{
	K = k;
	F.proto = k->proto;
	F.key = k->key;
	F.region = k->region;
	F.folder = k->folder;
	F.src = k->esrc;
	F.tgt = k->etgt;
	struct mt_conf c = { .engine = k->engine, .base_url = F.base, .key = k->key,
			     .region = k->region, .folder_id = k->folder, .max_attempts = 3,
			     .backoff_ms = 1, .timeout_ms = 10000 };
	return c;
}

static char *expected(const char *text)
{
	size_t n = strlen(F.tgt) + strlen(text) + 4;
	char *s = malloc(n);
	snprintf(s, n, "[%s] %s", F.tgt, text);
	return s;
}

static void free_all(char **out, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(out[i]);
}

/* ------------------------------------------------------------ round trips */

/* n strings through engine case k, back in order; every long_every-th is long (0: none). */
static void round_trip(size_t k, size_t n, size_t long_every)
{
	struct mt_conf c = conf_for(&cases[k]);
	F.requests = 0;
	F.most_items = 0;
	char **texts = calloc(n, sizeof(*texts));
	char **out = calloc(n, sizeof(*out));
	for (size_t i = 0; i < n; i++) {
		char s[2048];
		int len = long_every ? snprintf(s, sizeof(s), "String %zu: Tom's \"cat\" & <b>%s</b> "
						"{count} %%1$s %%d {{user}} %%app%% &nbsp; \\n ", i, "bold")
				     : snprintf(s, sizeof(s), "s%zu", i);
		/* long strings, so the byte budgets cut batches too */
		while (long_every && i % long_every == 0 && len < 1500)
			len += snprintf(s + len, sizeof(s) - (size_t)len, "word%zu ", i);
		texts[i] = strdup(s);
	}
	enum mt_status s = mt_translate(&c, cases[k].src, cases[k].tgt, (const char *const *)texts, n,
					out, NULL);
	assert_string_equal(F.violation, "");
	assert_int_equal(s, MT_OK);
	for (size_t i = 0; i < n; i++) {
		char *want = expected(texts[i]);
		assert_non_null(out[i]);
		assert_string_equal(out[i], want);
		free(want);
	}
	assert_true((size_t)F.requests >= 3);
	free_all(out, n);
	free_all(texts, n);
	free(texts);
	free(out);
}

/* More strings than one request takes, back in order, for every engine: short
 * strings fill batches to the item limit, long ones to the byte budget. */
static void every_engine_round_trips_in_order(void **state)
{
	for (size_t k = 0; k < sizeof(cases) / sizeof(cases[0]); k++) {
		round_trip(k, cases[k].max_items * 2 + 3, 0);
		assert_int_equal(F.requests, 3);
		assert_int_equal(F.most_items, cases[k].max_items);
		round_trip(k, cases[k].max_items * 2 + 3, 9);
		assert_true(F.most_items <= cases[k].max_items);
	}
}

/* DeepL counts the body (128 KiB), JSON escapes included: quotes cost two bytes. */
static void deepl_body_limit(void **state)
{
	struct mt_conf c = conf_for(&cases[4]);
	enum { N = 40 };
	char *texts[N], *out[N];
	for (size_t i = 0; i < N; i++) {
		struct buf b;
		buf_init(&b, 0);
		buf_printf(&b, "%zu", i);
		while (b.len < 6000)
			buf_adds(&b, " He said \"hi\" \\ ");
		texts[i] = buf_detach(&b, NULL);
	}
	assert_int_equal(mt_translate(&c, K->src, K->tgt, (const char *const *)texts, N, out, NULL),
			 MT_OK);
	assert_string_equal(F.violation, "");
	assert_true(F.most_bytes <= 128 * 1024);
	assert_true(F.most_bytes > 100 * 1024);	/* batches are filled, not one string each */
	for (size_t i = 0; i < N; i++) {
		char *want = expected(texts[i]);
		assert_string_equal(out[i], want);
		free(want);
	}
	free_all(out, N);
	free_all(texts, N);
}

static void unicode_survives(void **state)
{
	for (size_t k = 0; k < sizeof(cases) / sizeof(cases[0]); k++) {
		struct mt_conf c = conf_for(&cases[k]);
		const char *texts[] = { "Привет, мир! 你好 🎉 %1$s", "Ünïcödé «ταχύ» {name}",
					"עברית &amp; العربية" };
		char *out[3];
		assert_int_equal(mt_translate(&c, cases[k].src, cases[k].tgt, texts, 3, out, NULL), MT_OK);
		assert_string_equal(F.violation, "");
		for (size_t i = 0; i < 3; i++) {
			char *want = expected(texts[i]);
			assert_string_equal(out[i], want);
			free(want);
		}
		free_all(out, 3);
	}
}

/* A fake that drops a protected span: that string is NULL, the others kept. */
static void lost_placeholder_makes_string_null(void **state)
{
	for (size_t k = 0; k < sizeof(cases) / sizeof(cases[0]); k++) {
		struct mt_conf c = conf_for(&cases[k]);
		F.drop = true;
		const char *texts[] = { "Hello %s, DROP me", "Keep {name} here", "DROP <b>bold</b>",
					"No placeholder DROP" };
		char *out[4];
		struct mt_error err;
		assert_int_equal(mt_translate(&c, K->src, K->tgt, texts, 4, out, &err), MT_OK);
		assert_string_equal(F.violation, "");
		assert_int_equal(err.status, MT_OK);
		assert_null(out[0]);
		assert_non_null(out[1]);
		assert_null(out[2]);
		assert_non_null(out[3]);	/* nothing to lose */
		free_all(out, 4);
	}
}

/* Blank and placeholder-only strings are not sent; NULL texts count as "". */
static void nothing_to_translate_is_not_sent(void **state)
{
	struct mt_conf c = conf_for(&cases[0]);
	const char *texts[] = { "", "   ", "%s", "{0} {1}", "<br/>" };
	char *out[5];
	assert_int_equal(mt_translate(&c, "en", "zh-CN", texts, 5, out, NULL), MT_OK);
	assert_int_equal(F.requests, 0);
	for (size_t i = 0; i < 5; i++)
		assert_string_equal(out[i], texts[i]);
	free_all(out, 5);
}

/* ------------------------------------------------------------ errors and retries */

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static enum mt_status one(struct mt_conf *c, struct mt_error *err)
{
	const char *texts[] = { "Hello {name}" };
	char *out[1];
	enum mt_status s = mt_translate(c, K->src, K->tgt, texts, 1, out, err);
	if (s == MT_OK) {
		assert_non_null(out[0]);
		free(out[0]);
	} else {
		assert_null(out[0]);
	}
	return s;
}

static void retry_after_is_honoured(void **state)
{
	struct mt_conf c = conf_for(&cases[4]);	/* deepl */
	F.fail_first = 1;
	F.fail_status = 429;
	F.retry_after = "1";
	double t0 = now_s();
	assert_int_equal(one(&c, NULL), MT_OK);
	assert_true(now_s() - t0 >= 0.95);	/* backoff_ms is 1: only Retry-After waits this long */
	assert_int_equal(F.requests, 2);
	assert_string_equal(F.violation, "");
}

static void long_retry_after_ends_the_call(void **state)
{
	struct mt_conf c = conf_for(&cases[0]);
	F.fail_first = 100;
	F.fail_status = 429;
	F.retry_after = "3600";
	struct mt_error err;
	assert_int_equal(one(&c, &err), MT_UNAVAILABLE);
	assert_int_equal(F.requests, 1);
	assert_non_null(strstr(err.message, "retry after 3600"));
}

static void server_errors_retried_up_to_max_attempts(void **state)
{
	long codes[] = { 500, 502, 503, 529 };
	for (size_t i = 0; i < 4; i++) {
		struct mt_conf c = conf_for(&cases[i % 2 ? 1 : 5]);
		F.requests = 0;
		F.fail_first = 100;
		F.fail_status = (int)codes[i];
		struct mt_error err;
		assert_int_equal(one(&c, &err), MT_UNAVAILABLE);
		assert_int_equal(F.requests, 3);
		assert_int_equal(err.http_status, codes[i]);
	}
	/* two failures, then an answer */
	struct mt_conf c = conf_for(&cases[2]);
	F.requests = 0;
	F.fail_first = 2;
	F.fail_status = 503;
	assert_int_equal(one(&c, NULL), MT_OK);
	assert_int_equal(F.requests, 3);
	assert_string_equal(F.violation, "");
}

struct err_case {
	size_t engine;		/* index in cases[] */
	int status;
	const char *body;
	enum mt_status want;
};

static void client_errors_mapped_and_not_retried(void **state)
{
	static const struct err_case ec[] = {
		{ 4, 456, "{\"message\":\"Quota exceeded\"}", MT_QUOTA },
		{ 4, 403, "{\"message\":\"Wrong key\"}", MT_AUTH_FAILED },
		{ 4, 400, "{\"message\":\"Value for 'target_lang' not supported.\"}",
		  MT_UNSUPPORTED_LANGUAGE },
		{ 4, 413, "{}", MT_REJECTED },
		{ 0, 401, "{\"error\":{\"code\":401000,\"message\":\"bad key\"}}", MT_AUTH_FAILED },
		{ 0, 403, "{\"error\":{\"code\":403001,\"message\":\"free quota\"}}", MT_QUOTA },
		{ 0, 400, "{\"error\":{\"code\":400036,\"message\":\"target invalid\"}}",
		  MT_UNSUPPORTED_LANGUAGE },
		{ 1, 403, "{\"error\":{\"code\":403,\"message\":\"Daily Limit Exceeded\",\"errors\":"
			  "[{\"reason\":\"dailyLimitExceeded\"}]}}", MT_QUOTA },
		{ 1, 400, "{\"error\":{\"code\":400,\"message\":\"API key not valid.\"}}", MT_AUTH_FAILED },
		{ 1, 400, "{\"error\":{\"code\":400,\"message\":\"Bad language pair: en|xx\"}}",
		  MT_UNSUPPORTED_LANGUAGE },
		{ 2, 401, "{\"code\":401,\"message\":\"API key is invalid\"}", MT_AUTH_FAILED },
		{ 2, 402, "{\"code\":402,\"message\":\"API key is blocked\"}", MT_AUTH_FAILED },
		{ 2, 404, "{\"code\":404,\"message\":\"daily limit\"}", MT_QUOTA },
		{ 2, 413, "{\"code\":413,\"message\":\"too long\"}", MT_REJECTED },
		{ 2, 422, "{\"code\":422,\"message\":\"cannot\"}", MT_REJECTED },
		{ 2, 501, "{\"code\":501,\"message\":\"direction\"}", MT_UNSUPPORTED_LANGUAGE },
		{ 3, 401, "{\"code\":16,\"message\":\"Unknown api key\"}", MT_AUTH_FAILED },
		{ 3, 400, "{\"code\":3,\"message\":\"unsupported target_language_code: xx\"}",
		  MT_UNSUPPORTED_LANGUAGE },
		{ 5, 403, "{\"error\":\"Invalid API key\"}", MT_AUTH_FAILED },
		{ 5, 400, "{\"error\":\"xx is not supported\"}", MT_UNSUPPORTED_LANGUAGE },
	};
	for (size_t i = 0; i < sizeof(ec) / sizeof(ec[0]); i++) {
		struct mt_conf c = conf_for(&cases[ec[i].engine]);
		F.requests = 0;
		F.fail_first = 100;
		F.fail_status = ec[i].status;
		F.fail_body = ec[i].body;
		struct mt_error err;
		enum mt_status s = one(&c, &err);
		if (s != ec[i].want || F.requests != 1)
			fail_msg("case %zu (%s %d): status %s, %d requests", i, cases[ec[i].engine].engine,
				 ec[i].status, mt_status_name(s), F.requests);
		assert_int_equal(err.http_status, ec[i].status);
		assert_true(strlen(err.message) > 0);
	}
}

/* Yandex v1.5 can put its error code in a 200 reply. */
static void yandex_code_in_a_200(void **state)
{
	struct mt_conf c = conf_for(&cases[2]);
	F.reply = "{\"code\":402,\"message\":\"API key is blocked\"}";
	struct mt_error err;
	assert_int_equal(one(&c, &err), MT_AUTH_FAILED);
	assert_int_equal(F.requests, 1);
}

static void malformed_replies_are_bad_reply(void **state)
{
	static const char *bodies[] = {
		"{not json", "", "[]", "{\"translations\":[]}", "{\"translations\":[{\"text\":1}]}",
		"{\"data\":{\"translations\":[{\"translatedText\":null}]}}", "[{\"translations\":[]}]",
		"{\"translatedText\":[\"a\",\"b\"]}", "{\"code\":200,\"text\":\"not an array\"}", "null",
	};
	for (size_t k = 0; k < sizeof(cases) / sizeof(cases[0]); k++)
		for (size_t i = 0; i < sizeof(bodies) / sizeof(bodies[0]); i++) {
			struct mt_conf c = conf_for(&cases[k]);
			F.requests = 0;
			F.reply = bodies[i];
			struct mt_error err;
			enum mt_status s = one(&c, &err);
			if (s != MT_BAD_REPLY || F.requests != 1)
				fail_msg("%s, body %s: %s", cases[k].engine, bodies[i], mt_status_name(s));
		}
}

/* A reply whose markup is not ours: that string NULL (not the call). */
static void foreign_markup_makes_string_null(void **state)
{
	struct mt_conf c = conf_for(&cases[1]);
	F.reply = "{\"data\":{\"translations\":[{\"translatedText\":\"Hallo <i>x</i>\"}]}}";
	const char *texts[] = { "Hello x" };
	char *out[1];
	assert_int_equal(mt_translate(&c, K->src, K->tgt, texts, 1, out, NULL), MT_OK);
	assert_string_equal(F.violation, "");
	assert_null(out[0]);
}

static void network_errors_are_unavailable(void **state)
{
	struct mt_conf c = conf_for(&cases[0]);
	char base[64];
	snprintf(base, sizeof(base), "%s", F.base);
	fake_stop(NULL);	/* nothing listens on that port now */
	c.base_url = base;
	struct mt_error err;
	assert_int_equal(one(&c, &err), MT_UNAVAILABLE);
	assert_int_equal(err.http_status, 0);
	assert_non_null(strstr(err.message, "curl"));
	fake_start(NULL);
}

/* A server that does not answer in time: the request times out, and is tried again. */
static void slow_server_times_out(void **state)
{
	struct mt_conf c = conf_for(&cases[3]);
	c.timeout_ms = 200;
	c.max_attempts = 2;
	F.delay_ms = 700;
	struct mt_error err;
	double t0 = now_s();
	assert_int_equal(one(&c, &err), MT_UNAVAILABLE);
	assert_true(now_s() - t0 < 3.0);
	assert_non_null(strstr(err.message, "curl 28"));	/* CURLE_OPERATION_TIMEDOUT */
	assert_int_equal(err.http_status, 0);
}

/* A project's URL is vetted like a webhook's: 127.0.0.1 is refused before connecting. */
static void untrusted_url_to_loopback_is_blocked(void **state)
{
	struct mt_conf c = conf_for(&cases[5]);
	c.untrusted_url = true;
	struct mt_error err;
	assert_int_equal(one(&c, &err), MT_REJECTED);
	assert_int_equal(F.requests, 0);
	assert_non_null(strstr(err.message, "blocked: 127.0.0.1 is a loopback address"));
}

static void conf_problems(void **state)
{
	struct mt_conf c = { .engine = "babelfish", .key = "k" };
	struct mt_error err;
	const char *texts[] = { "x" };
	char *out[1];
	assert_int_equal(mt_translate(&c, "en", "de", texts, 1, out, &err), MT_UNSUPPORTED_ENGINE);
	assert_null(out[0]);
	c.engine = "deepl";
	c.key = "";
	assert_int_equal(mt_translate(&c, "en", "de", texts, 1, out, &err), MT_NO_KEY);
	c.key = "k";
	assert_int_equal(mt_translate(&c, "en", "d e", texts, 1, out, &err), MT_UNSUPPORTED_LANGUAGE);
	assert_int_equal(mt_translate(&c, "e/n", "de", texts, 1, out, &err), MT_UNSUPPORTED_LANGUAGE);
	/* LibreTranslate without a key is fine: the fake checks no api_key is sent */
	struct mt_conf l = conf_for(&cases[5]);
	l.key = NULL;
	F.key = NULL;
	assert_int_equal(one(&l, NULL), MT_OK);
	assert_string_equal(F.violation, "");
	/* source detection: no source sent */
	struct mt_conf m = conf_for(&cases[0]);
	F.src = NULL;
	char *o[1];
	assert_int_equal(mt_translate(&m, NULL, "zh-CN", texts, 1, o, NULL), MT_OK);
	assert_string_equal(F.violation, "");
	free(o[0]);
}

/* Bytes no engine takes, and values that would break a header, stop before the network. */
static void unsafe_input(void **state)
{
	struct mt_conf c = conf_for(&cases[1]);
	const char *texts[] = { "bad \xff byte", "good {n}" };
	char *out[2];
	assert_int_equal(mt_translate(&c, K->src, K->tgt, texts, 2, out, NULL), MT_OK);
	assert_string_equal(F.violation, "");
	assert_null(out[0]);
	assert_non_null(out[1]);
	free(out[1]);
	assert_int_equal(F.requests, 1);
	struct mt_error err;
	c.key = "k\r\nX-Injected: 1";
	assert_int_equal(one(&c, &err), MT_AUTH_FAILED);
	struct mt_conf m = conf_for(&cases[0]);
	m.region = "eu\n";
	assert_int_equal(one(&m, &err), MT_AUTH_FAILED);
	struct mt_conf u = conf_for(&cases[5]);
	u.untrusted_url = true;
	/* DeepL's XML may not hold control characters: that string alone is NULL */
	struct mt_conf d = conf_for(&cases[4]);
	const char *ctl[] = { "bell \a here", "fine" };
	assert_int_equal(mt_translate(&d, K->src, K->tgt, ctl, 2, out, NULL), MT_OK);
	assert_null(out[0]);
	assert_non_null(out[1]);
	free(out[1]);
	assert_string_equal(F.violation, "");
	F.requests = 0;	/* none of what follows may reach the fake */
	u.base_url = "http://user:pw@translate.example.com/";
	assert_int_equal(one(&u, &err), MT_REJECTED);
	u.base_url = "file:///etc/passwd";
	assert_int_equal(one(&u, &err), MT_REJECTED);
	struct mt_conf ftp = conf_for(&cases[5]);
	ftp.base_url = "ftp://127.0.0.1/";	/* an admin's URL, but not http(s): not retried */
	assert_int_equal(one(&ftp, &err), MT_REJECTED);
	u.base_url = "http://169.254.169.254/";
	assert_int_equal(one(&u, &err), MT_REJECTED);
	assert_non_null(strstr(err.message, "link-local"));
	assert_int_equal(F.requests, 0);
}

/* ------------------------------------------------------------ no network */

static void deepl_host_follows_key(void **state)
{
	struct mt_conf c = { .engine = "deepl", .key = "abc:fx" };
	assert_string_equal(mt_base_url(&c), "https://api-free.deepl.com");
	c.key = "abc";
	assert_string_equal(mt_base_url(&c), "https://api.deepl.com");
	c.key = "fx";
	assert_string_equal(mt_base_url(&c), "https://api.deepl.com");
	c.base_url = "http://127.0.0.1:9/";
	assert_string_equal(mt_base_url(&c), "http://127.0.0.1:9/");
	struct mt_conf y = { .engine = "yandex", .key = "k" };
	assert_string_equal(mt_base_url(&y), "https://translate.yandex.net");
	y.folder_id = "f";
	assert_string_equal(mt_base_url(&y), "https://translate.api.cloud.yandex.net");
	struct mt_conf m = { .engine = "microsoft" };
	assert_string_equal(mt_base_url(&m), "https://api.cognitive.microsofttranslator.com");
	struct mt_conf g = { .engine = "google" };
	assert_string_equal(mt_base_url(&g), "https://translation.googleapis.com");
	struct mt_conf x = { .engine = "nope" };
	assert_null(mt_base_url(&x));
}

static void language_codes(void **state)
{
	static const struct { const char *engine, *code; bool target; const char *want; } lc[] = {
		{ "microsoft", "zh-CN", true, "zh-Hans" }, { "microsoft", "zh-TW", true, "zh-Hant" },
		{ "microsoft", "zh_Hans", true, "zh-Hans" }, { "microsoft", "pt-PT", true, "pt-pt" },
		{ "microsoft", "pt-BR", true, "pt" }, { "microsoft", "sr-CS", true, "sr-Latn" },
		{ "microsoft", "sr-Cyrl-ME", true, "sr-Cyrl" }, { "microsoft", "es-ES", true, "es" },
		{ "microsoft", "fr-CA", false, "fr-ca" }, { "microsoft", "no", true, "nb" },
		{ "google", "zh-CN", true, "zh-CN" }, { "google", "zh-HK", true, "zh-TW" },
		{ "google", "pt-BR", true, "pt" }, { "google", "pt-PT", true, "pt-PT" },
		{ "google", "es-ES", true, "es" }, { "google", "fil", true, "tl" },
		{ "google", "hy-AM", true, "hy" },
		{ "deepl", "en-GB", true, "EN-GB" }, { "deepl", "en-US", true, "EN-US" },
		{ "deepl", "en", true, "EN-US" }, { "deepl", "en-AU", true, "EN-GB" },
		{ "deepl", "pt-BR", true, "PT-BR" }, { "deepl", "pt-PT", true, "PT-PT" },
		{ "deepl", "zh-CN", true, "ZH-HANS" }, { "deepl", "zh-TW", true, "ZH-HANT" },
		{ "deepl", "en-GB", false, "EN" }, { "deepl", "pt-BR", false, "PT" },
		{ "deepl", "zh-TW", false, "ZH" }, { "deepl", "es-ES", true, "ES" },
		{ "deepl", "nb", true, "NB" },
		{ "yandex", "ru", true, "ru" }, { "yandex", "zh-CN", true, "zh" },
		{ "yandex", "uk", false, "uk" }, { "yandex", "sr-CS", true, "sr" },
		{ "libretranslate", "zh-CN", true, "zh" }, { "libretranslate", "zh-TW", true, "zt" },
		{ "libretranslate", "es-ES", true, "es" },
	};
	char out[32];
	for (size_t i = 0; i < sizeof(lc) / sizeof(lc[0]); i++) {
		assert_int_equal(mt_lang_code(lc[i].engine, lc[i].code, lc[i].target, out, sizeof(out)), 0);
		if (strcmp(out, lc[i].want))
			fail_msg("%s %s (%s): %s, want %s", lc[i].engine, lc[i].code,
				 lc[i].target ? "target" : "source", out, lc[i].want);
	}
	assert_int_equal(mt_lang_code("deepl", "", true, out, sizeof(out)), -1);
	assert_int_equal(mt_lang_code("deepl", "1x", true, out, sizeof(out)), -1);
	assert_int_equal(mt_lang_code("deepl", "en;rm", true, out, sizeof(out)), -1);
	assert_int_equal(mt_lang_code("nope", "en", true, out, sizeof(out)), -1);
}

/* What counts as a placeholder, and what is text. */
static void placeholders_found(void **state)
{
	static const struct { const char *text; const char *first; } pc[] = {
		{ "a %s b", "%s" }, { "a %1$s b", "%1$s" }, { "%-5.2f", "%-5.2f" }, { "%lld", "%lld" },
		{ "x %@ y", "%@" }, { "100%%", "%%" }, { "{name}", "{name}" }, { "{0}", "{0}" },
		{ "{{user}}", "{{user}}" }, { "%app_name%", "%app_name%" }, { "<b>", "<b>" },
		{ "</b>", "</b>" }, { "<br/>", "<br/>" }, { "<a href=\"x\">", "<a href=\"x\">" },
		{ "&amp;", "&amp;" }, { "&#39;", "&#39;" }, { "&#x1F600;", "&#x1F600;" },
		{ "a\\nb", "\\n" }, { "\\u00e9", "\\u00e9" }, { "a\nb", "\n" }, { "a\r\nb", "\r\n" },
		{ "50% off", NULL }, { "a < b > c", NULL }, { "{ x }", NULL }, { "AT&T", NULL },
		{ "%", NULL }, { "{", NULL }, { "&;", NULL }, { "\\", NULL }, { "%5", NULL },
	};
	for (size_t i = 0; i < sizeof(pc) / sizeof(pc[0]); i++) {
		size_t pos = 0, len = 0;
		bool found = mt_next_placeholder(pc[i].text, &pos, &len);
		if (found != (pc[i].first != NULL) ||
		    (found && (len != strlen(pc[i].first) || strncmp(pc[i].text + pos, pc[i].first, len))))
			fail_msg("'%s': found %d '%.*s'", pc[i].text, found, (int)len, pc[i].text + pos);
	}
}

static void protect_round_trip(void **state)
{
	const char *t = "Tom & Jerry <b>%s</b> a<b {n} \"q\" 'a' \n end";
	for (int m = MT_MARKUP_SPAN; m <= MT_MARKUP_XML; m++) {
		struct buf p, back;
		bool has_text;
		buf_init(&p, 0);
		buf_init(&back, 0);
		assert_int_equal(mt_protect(t, (enum mt_markup)m, &p, &has_text), 5);
		assert_true(has_text);
		assert_null(strstr(p.data, "<b>"));	/* inside a wrapper, escaped */
		assert_non_null(strstr(p.data, m == MT_MARKUP_XML ? "<x>&lt;b&gt;</x>" :
					       "class=\"notranslate\">&lt;b&gt;</span>"));
		assert_non_null(strstr(p.data, "Tom &amp; Jerry"));
		assert_int_equal(mt_unprotect(p.data, (enum mt_markup)m, &back), 0);
		assert_string_equal(back.data, t);
		assert_true(mt_placeholders_match(t, back.data));
		buf_release(&p);
		buf_release(&back);
	}
	struct buf o;
	buf_init(&o, 0);
	assert_int_equal(mt_unprotect("a <span translate=\"no\">x", MT_MARKUP_SPAN, &o), -1);
	buf_reset(&o);
	assert_int_equal(mt_unprotect("a <y>x</y>", MT_MARKUP_XML, &o), -1);
	buf_reset(&o);
	assert_int_equal(mt_unprotect("&#39;&quot;&lt;&#0;&bogus;&#x110000;", MT_MARKUP_SPAN, &o), 0);
	assert_string_equal(o.data, "'\"<&#0;&bogus;&#x110000;");
	buf_release(&o);
	assert_true(mt_placeholders_match("%s and %d", "%d und %s"));
	assert_false(mt_placeholders_match("%s and %d", "%d und %d"));
	assert_false(mt_placeholders_match("{a}", "{a} {a}"));
	assert_false(mt_placeholders_match("<b>x</b>", "<b>x"));
}

static void conf_from_server_options(void **state)
{
	struct config cfg;
	config_defaults(&cfg);
	assert_int_equal(config_set(&cfg, "mt-deepl-key", "srv:fx"), 0);
	assert_int_equal(config_set(&cfg, "mt-microsoft-region", "westeurope"), 0);
	assert_int_equal(config_set(&cfg, "mt-yandex-folder", "b1g"), 0);
	assert_int_equal(config_set(&cfg, "mt-attempts", "2"), 0);
	struct mt_conf c;
	assert_int_equal(mt_conf_from_config(&c, &cfg, "deepl"), 0);
	assert_string_equal(c.key, "srv:fx");
	assert_int_equal(c.max_attempts, 2);
	assert_int_equal(c.timeout_ms, 30000);
	assert_string_equal(mt_base_url(&c), "https://api-free.deepl.com");
	mt_conf_override(&c, "project-key", NULL, NULL);
	assert_string_equal(c.key, "project-key");
	assert_false(c.untrusted_url);
	assert_string_equal(mt_base_url(&c), "https://api.deepl.com");
	mt_conf_override(&c, "", NULL, "https://deepl.example.com");
	assert_string_equal(c.key, "project-key");
	assert_true(c.untrusted_url);
	assert_int_equal(mt_conf_from_config(&c, &cfg, "microsoft"), 0);
	assert_string_equal(c.region, "westeurope");
	assert_string_equal(c.key, "");
	assert_int_equal(mt_conf_from_config(&c, &cfg, "yandex"), 0);
	assert_string_equal(c.folder_id, "b1g");
	assert_int_equal(mt_conf_from_config(&c, &cfg, "babelfish"), -1);
	config_free(&cfg);
}

int main(void)
{
	curl_global_init(CURL_GLOBAL_DEFAULT);
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(every_engine_round_trips_in_order, fake_start, fake_stop),
		cmocka_unit_test_setup_teardown(deepl_body_limit, fake_start, fake_stop),
		cmocka_unit_test_setup_teardown(unicode_survives, fake_start, fake_stop),
		cmocka_unit_test_setup_teardown(lost_placeholder_makes_string_null, fake_start, fake_stop),
		cmocka_unit_test_setup_teardown(nothing_to_translate_is_not_sent, fake_start, fake_stop),
		cmocka_unit_test_setup_teardown(retry_after_is_honoured, fake_start, fake_stop),
		cmocka_unit_test_setup_teardown(long_retry_after_ends_the_call, fake_start, fake_stop),
		cmocka_unit_test_setup_teardown(server_errors_retried_up_to_max_attempts, fake_start,
						fake_stop),
		cmocka_unit_test_setup_teardown(client_errors_mapped_and_not_retried, fake_start, fake_stop),
		cmocka_unit_test_setup_teardown(yandex_code_in_a_200, fake_start, fake_stop),
		cmocka_unit_test_setup_teardown(malformed_replies_are_bad_reply, fake_start, fake_stop),
		cmocka_unit_test_setup_teardown(foreign_markup_makes_string_null, fake_start, fake_stop),
		cmocka_unit_test_setup_teardown(network_errors_are_unavailable, fake_start, fake_stop),
		cmocka_unit_test_setup_teardown(slow_server_times_out, fake_start, fake_stop),
		cmocka_unit_test_setup_teardown(untrusted_url_to_loopback_is_blocked, fake_start, fake_stop),
		cmocka_unit_test_setup_teardown(conf_problems, fake_start, fake_stop),
		cmocka_unit_test_setup_teardown(unsafe_input, fake_start, fake_stop),
		cmocka_unit_test(deepl_host_follows_key),
		cmocka_unit_test(language_codes),
		cmocka_unit_test(placeholders_found),
		cmocka_unit_test(protect_round_trip),
		cmocka_unit_test(conf_from_server_options),
	};
	int rc = cmocka_run_group_tests(tests, NULL, NULL);
	curl_global_cleanup();
	return rc;
}
