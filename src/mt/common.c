/* Helpers the engines share to build requests, read replies and map errors (mt/mt_int.h). */
#define _GNU_SOURCE	/* strcasestr */
#include "mt/mt_int.h"
#include "core/mem.h"

#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void mt_set_error(struct mt_error *err, enum mt_status s, const char *fmt, ...)
{
	err->status = s;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(err->message, sizeof(err->message), fmt, ap);
	va_end(ap);
}

bool mt_retry_default(long http)
{
	return http == 429 || (http >= 500 && http <= 599);	/* 529 included */
}

int mt_strings_from(json_t *arr, const char *field, size_t n, char **out, struct mt_error *err)
{
	if (!json_is_array(arr) || json_array_size(arr) != n) {
		mt_set_error(err, MT_BAD_REPLY, "reply has %zu translations for %zu strings",
			     json_is_array(arr) ? json_array_size(arr) : 0, n);
		return -1;
	}
	for (size_t i = 0; i < n; i++) {
		json_t *v = json_array_get(arr, i);
		if (field)
			v = json_object_get(v, field);
		if (!json_is_string(v)) {
			for (size_t j = 0; j < i; j++) {
				free(out[j]);
				out[j] = NULL;
			}
			mt_set_error(err, MT_BAD_REPLY, "translation %zu is not a string", i);
			return -1;
		}
		out[i] = xmemdup(json_string_value(v), json_string_length(v) + 1);
	}
	return 0;
}

enum mt_status mt_error_default(long http, struct mt_error *err)
{
	if (http == 401 || http == 403)
		return MT_AUTH_FAILED;
	if (http == 456)
		return MT_QUOTA;
	if (mt_retry_default(http))
		return MT_UNAVAILABLE;
	if (http >= 200 && http < 300)
		return MT_BAD_REPLY;
	return MT_REJECTED;
}

/* The first string among the usual places engines put an error text. */
static const char *find_message(json_t *j)
{
	json_t *e = json_object_get(j, "error");
	const char *s;
	if ((s = json_string_value(e)))
		return s;				/* LibreTranslate */
	if ((s = json_string_value(json_object_get(e, "message"))))
		return s;				/* Microsoft, Google */
	return json_string_value(json_object_get(j, "message"));	/* DeepL, Yandex */
}

void mt_error_message(long http, const char *body, size_t len, struct mt_error *err)
{
	json_t *j = json_loadb(body, len, 0, NULL);
	const char *msg = j ? find_message(j) : NULL;
	if (msg)
		snprintf(err->message, sizeof(err->message), "HTTP %ld: %.200s", http, msg);
	else
		snprintf(err->message, sizeof(err->message), "HTTP %ld", http);
	json_decref(j);
}

json_t *mt_json_strings(const char *const *texts, size_t n)
{
	json_t *a = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(a, json_string(texts[i]));
	return a;
}

void mt_json_body(struct mt_req *r, json_t *body)
{
	/* NULL when a value was not UTF-8 (a folder id): an empty body the engine refuses */
	char *s = body ? json_dumps(body, JSON_COMPACT) : NULL;
	if (s)
		buf_adds(&r->body, s);
	free(s);
	json_decref(body);
	mt_req_header(r, "Content-Type", "application/json; charset=UTF-8");
}

/* The engine's reply as JSON, or NULL with err set. */
json_t *mt_json_reply(const char *body, size_t len, struct mt_error *err)
{
	json_error_t je;
	json_t *j = json_loadb(body, len, 0, &je);
	if (!j)
		mt_set_error(err, MT_BAD_REPLY, "reply is not JSON: %.160s", je.text);
	return j;
}

bool mt_contains(const char *hay, const char *needle)
{
	return hay && strcasestr(hay, needle);
}

int mt_parse_strings(const char *body, size_t len, const char *outer, const char *inner,
		     const char *field, size_t n, char **out, struct mt_error *err)
{
	json_t *j = mt_json_reply(body, len, err);
	if (!j)
		return -1;
	json_t *arr = json_object_get(j, outer);
	if (inner)
		arr = json_object_get(arr, inner);
	int rc = mt_strings_from(arr, field, n, out, err);
	json_decref(j);
	return rc;
}

enum mt_status mt_error_lang(long http, const char *body, size_t len, struct mt_error *err,
			     const char *needle)
{
	mt_error_message(http, body, len, err);
	if (http == 400 && mt_contains(err->message, needle))
		return MT_UNSUPPORTED_LANGUAGE;
	return mt_error_default(http, err);
}
