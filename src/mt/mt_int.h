/*
 * Inside the MT client (src/mt/): the engine table, placeholder protection
 * and the HTTP step.  Not for callers outside src/mt/ (tests and the fuzz
 * target excepted).
 *
 * Adding an engine: one file engine_<name>.c defining a struct mt_engine
 * (every slot below), a row in engines[] (mt.c), its code mapping in
 * langs.c, its server options in core/config.c + mt_config.c, a fake in
 * tests/unit/test_mt.c and a section in docs/mt.md.
 */
#ifndef TOLK_MT_INT_H
#define TOLK_MT_INT_H

#include "core/buf.h"
#include "mt/mt.h"

#include <curl/curl.h>
#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

/* ------------------------------------------------------------ protection */

/* How placeholders are wrapped for an engine. */
enum mt_markup {
	MT_MARKUP_SPAN,	/* html: <span translate="no" class="notranslate">...</span> */
	MT_MARKUP_XML,	/* DeepL tag_handling=xml, ignore_tags=x: <x>...</x> */
};

/*
 * The text as sent: markup-escaped, each placeholder wrapped.  Sets
 * *has_text to false when nothing outside placeholders is worth
 * translating (blank or placeholders only).  Returns the number of
 * placeholders found.
 */
size_t mt_protect(const char *text, enum mt_markup m, struct buf *out, bool *has_text);

/*
 * The engine's reply back to plain text: wrappers removed, entities
 * decoded.  0, or -1 (out content unspecified) when the reply holds markup
 * we did not send (an unknown or unbalanced tag).
 */
int mt_unprotect(const char *reply, enum mt_markup m, struct buf *out);

/* Whether src and dst hold the same multiset of placeholders. */
bool mt_placeholders_match(const char *src, const char *dst);

/* Next placeholder in s at or after s[*pos]: its start and length; false when none. */
bool mt_next_placeholder(const char *s, size_t *pos, size_t *len);

/* ------------------------------------------------------------ engines */

/* One HTTP request, built by an engine. */
struct mt_req {
	struct buf url;
	struct buf body;
	struct curl_slist *headers;
};

void mt_req_init(struct mt_req *r);
void mt_req_release(struct mt_req *r);
void mt_req_header(struct mt_req *r, const char *name, const char *value);
/* percent-encode s for a query string or form body onto b */
void mt_urlencode(struct buf *b, const char *s);

struct mt_call {
	const struct mt_conf *conf;
	const char *base;	/* mt_base_url, no trailing '/' */
	const char *src;	/* engine code of the source language; "" = detect */
	const char *tgt;	/* engine code of the target language */
};

struct mt_engine {
	const char *name;
	size_t max_items;	/* strings per request */
	size_t max_bytes;	/* protected bytes per request (mt_item_cost summed) */
	size_t max_item_bytes;	/* one string bigger than this is not sent: out[i] = NULL */
	size_t overhead;	/* body bytes besides the strings (DeepL counts the body) */
	bool json_cost;		/* an item costs its JSON-escaped length + 3 */
	bool key_optional;	/* LibreTranslate: self-hosted servers may need none */
	enum mt_markup markup;
	/* public host: default base URL */
	const char *(*default_url)(const struct mt_conf *c);
	/* fill r for texts[0..n-1] (already protected) */
	void (*build)(const struct mt_call *call, const char *const *texts, size_t n,
		      struct mt_req *r);
	/* a 2xx reply: n translations into out[] (malloc'd); 0, or -1 with err->message */
	int (*parse)(const char *body, size_t len, size_t n, char **out, struct mt_error *err);
	/* whether an HTTP status is worth another attempt */
	bool (*retryable)(long http);
	/* a non-2xx (or a 2xx with an error inside): status and err->message */
	enum mt_status (*error)(long http, const char *body, size_t len, struct mt_error *err);
	/* a 2xx reply that still reports an error (Yandex v1.5 "code"): its status, or MT_OK */
	enum mt_status (*reply_error)(const char *body, size_t len, struct mt_error *err);
};

extern const struct mt_engine mt_engine_microsoft, mt_engine_google, mt_engine_yandex,
	mt_engine_yandex_cloud, mt_engine_deepl, mt_engine_libretranslate;

/* The engine c talks to (yandex with a folder id: Yandex Cloud); NULL if unknown. */
const struct mt_engine *mt_engine_for(const struct mt_conf *c);

/* ------------------------------------------------------------ shared helpers */

/* 429, 5xx and 529: the default retryable() */
bool mt_retry_default(long http);
/* A JSON array of strings (from a jansson array) into out[0..n-1]; 0 or -1 + err. */
json_t *mt_json_strings(const char *const *texts, size_t n);	/* a JSON array of strings */
void mt_json_body(struct mt_req *r, json_t *body);	/* dump into r->body (takes body), + Content-Type */
json_t *mt_json_reply(const char *body, size_t len, struct mt_error *err);	/* NULL: MT_BAD_REPLY */
bool mt_contains(const char *hay, const char *needle);	/* case-insensitive; hay may be NULL */
int mt_strings_from(json_t *arr, const char *field, size_t n, char **out,
		    struct mt_error *err);
/* A reply's strings at j[outer] or j[outer][inner], each the string itself or
 * its `field`: the whole parse of most engines.  0, or -1 with err. */
int mt_parse_strings(const char *body, size_t len, const char *outer, const char *inner,
		     const char *field, size_t n, char **out, struct mt_error *err);
/* mt_error_message, then a 400 whose message holds `needle` is
 * MT_UNSUPPORTED_LANGUAGE, the rest mt_error_default. */
enum mt_status mt_error_lang(long http, const char *body, size_t len, struct mt_error *err,
			     const char *needle);
/* The default error mapping: 401/403 auth, 456 quota, 429/5xx unavailable, 4xx rejected. */
enum mt_status mt_error_default(long http, struct mt_error *err);
/* A message from a JSON error body: the string at "error", "message",
 * "error.message" ... into err->message (appended after the HTTP status). */
void mt_error_message(long http, const char *body, size_t len, struct mt_error *err);
void mt_set_error(struct mt_error *err, enum mt_status s, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* ------------------------------------------------------------ HTTP */

struct mt_reply {
	long status;		/* 0 when no HTTP reply */
	long retry_after_ms;	/* -1 when none */
	struct buf body;
	char error[CURL_ERROR_SIZE + 64];	/* network error text when status == 0 */
};

/* POST r with h; 0 when an HTTP reply came (any status), -1 when none did
 * (rep->error says why): *fatal is then MT_OK for a network error worth
 * another attempt, MT_REJECTED when the SSRF guard refused the address or
 * the URL is not http(s),
 * MT_BAD_REPLY when the reply was over MT_MAX_REPLY. */
int mt_http_post(CURL *h, const struct mt_conf *c, const struct mt_req *r, struct mt_reply *rep,
		 enum mt_status *fatal);

#endif
