/*
 * Machine translation: one call that sends a list of strings to an MT
 * engine (Microsoft Translator v3, Google Cloud Translation v2, Yandex
 * v1.5 or Yandex Cloud v2, DeepL v2, LibreTranslate) and gets them back in
 * order (docs/mt.md).
 *
 * - Batching: the list is cut into requests by each engine's item and size
 *   limits; results come back in input order.
 * - Placeholders and markup (%s, %1$s, {name}, {{x}}, %name%, <b>, &amp;,
 *   \n ...) are wrapped so the engine leaves them alone, and checked after
 *   the reply: a string whose placeholders did not all come back exactly
 *   gets out[i] = NULL while the others are kept.
 * - Retries: 429, 5xx and 529 (and network errors) with exponential backoff
 *   and jitter, honouring Retry-After; 400/401/403/456 never.
 * - Blocking: the calling thread does the HTTP requests (one curl handle
 *   per call, reused across its batches).  curl_global_init() must have been
 *   called (the CLI does it at start).
 */
#ifndef TOLK_MT_H
#define TOLK_MT_H

#include <stdbool.h>
#include <stddef.h>

struct mt_conf {
	const char *engine;	/* "microsoft", "google", "yandex", "deepl", "libretranslate" */
	const char *base_url;	/* NULL or "": the provider's public host (mt_base_url) */
	const char *key;	/* API key (LibreTranslate: optional) */
	const char *region;	/* microsoft: Ocp-Apim-Subscription-Region, NULL for global */
	const char *folder_id;	/* yandex: set -> Yandex Cloud v2, else legacy v1.5 */
	int max_attempts;	/* per request, first try included; 0 -> MT_DEFAULT_ATTEMPTS */
	int backoff_ms;		/* first retry delay, doubled each time; 0 -> MT_DEFAULT_BACKOFF_MS */
	int timeout_ms;		/* whole request; 0 -> MT_DEFAULT_TIMEOUT_MS */
	bool untrusted_url;	/* base_url came from a project: refuse private addresses
				 * (the webhook SSRF policy, --webhook-allow) */
};

#define MT_DEFAULT_ATTEMPTS	4
#define MT_DEFAULT_BACKOFF_MS	500
#define MT_DEFAULT_TIMEOUT_MS	30000
#define MT_CONNECT_TIMEOUT_MS	5000
#define MT_MAX_BACKOFF_MS	20000	/* one wait, whatever the attempt */
#define MT_RETRY_AFTER_CAP_MS	30000	/* a longer Retry-After ends the call (MT_UNAVAILABLE) */
#define MT_MAX_REPLY		(16 << 20)

enum mt_status {
	MT_OK = 0,
	MT_UNSUPPORTED_ENGINE,	/* engine name unknown */
	MT_NO_KEY,		/* the engine needs a key and none is configured */
	MT_AUTH_FAILED,		/* 401/403: key wrong, blocked or not allowed */
	MT_QUOTA,		/* DeepL 456, Google quota 403, Yandex 404, MS 403001 ... */
	MT_UNSUPPORTED_LANGUAGE,	/* the engine does not translate this pair */
	MT_REJECTED,		/* the engine refused the request (400, 413, 422 ...) */
	MT_UNAVAILABLE,		/* network, timeout, 429/5xx after every attempt, blocked URL */
	MT_BAD_REPLY,		/* a 2xx reply that is not what the engine documents */
};

struct mt_error {
	enum mt_status status;
	long http_status;	/* last HTTP status seen, 0 when none */
	char message[256];
};

/* NULL-terminated list of engine names, in a stable order. */
extern const char *const mt_engine_names[];
bool mt_engine_known(const char *name);
const char *mt_status_name(enum mt_status s);	/* "quota", "auth_failed", ... */

/*
 * Translate texts[0..n-1] (UTF-8) from source_lang (a tolk code such as
 * "en"; NULL or "" lets the engine detect it) to target_lang ("de",
 * "pt-BR", "zh-CN" ...).  On MT_OK, out[i] is a malloc'd translation of
 * texts[i], or NULL when that string could not be translated safely (its
 * placeholders or markup did not survive, it is over the engine's size
 * limit for one string, or not UTF-8); the caller frees each.  On any other status every
 * out[i] is NULL and err says why (err may be NULL).
 */
enum mt_status mt_translate(const struct mt_conf *c, const char *source_lang,
			    const char *target_lang, const char *const *texts, size_t n,
			    char **out, struct mt_error *err);

/* The base URL requests go to: c->base_url when set, else the engine's
 * public host (DeepL: api-free.deepl.com for keys ending in ":fx").  NULL
 * for an unknown engine.  Static or c's own string: do not free. */
const char *mt_base_url(const struct mt_conf *c);

/* The engine's code for a tolk language code ("zh-CN" -> microsoft
 * "zh-Hans", deepl target "ZH-HANS", deepl source "ZH").  0, or -1 when the
 * code is malformed or the engine is unknown. */
int mt_lang_code(const char *engine, const char *tolk_code, bool target, char *out, size_t len);

#endif
