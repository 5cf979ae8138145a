/*
 * mt_translate(): the engine table, batching and retries (mt/mt.h).
 *
 * DESIGN
 * - Each string is protected first (mt/protect.c).  Strings with nothing
 *   to translate (blank, placeholders only) are copied and not sent;
 *   strings over the engine's one-string limit are not sent (out[i] NULL).
 * - The rest are cut, in input order, into batches of at most max_items
 *   strings and max_bytes of cost (the protected bytes; DeepL: the JSON
 *   body).  Batches are sent one after the other on one curl handle, so
 *   the connection is kept; a batch's replies land at their strings' index.
 * - A batch is tried up to max_attempts times while the reply is retryable
 *   (429/5xx/529 by default, or a network error): the wait is backoff_ms
 *   doubled per attempt (capped at MT_MAX_BACKOFF_MS) with +-20 % jitter,
 *   or Retry-After when the engine sends one.  A Retry-After over
 *   MT_RETRY_AFTER_CAP_MS ends the call (hourly quotas are not waited out
 *   in a request thread).
 * - Any batch failing fails the whole call: every out[i] is freed and
 *   NULL, so callers never store half a result without knowing.
 * - Each reply is unprotected and checked: the translation must hold the
 *   same multiset of placeholders as the source, else out[i] is NULL.
 */
#include "mt/mt_int.h"
#include "core/mem.h"
#include "core/utf8.h"
#include "jobs/webhook.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

const char *const mt_engine_names[] = {
	"microsoft", "google", "yandex", "deepl", "libretranslate", NULL,
};

static const struct mt_engine *const engines[] = {
	&mt_engine_microsoft, &mt_engine_google, &mt_engine_yandex, &mt_engine_deepl,
	&mt_engine_libretranslate,
};

bool mt_engine_known(const char *name)
{
	for (size_t i = 0; name && mt_engine_names[i]; i++)
		if (!strcmp(mt_engine_names[i], name))
			return true;
	return false;
}

const struct mt_engine *mt_engine_for(const struct mt_conf *c)
{
	if (!c->engine)
		return NULL;
	if (!strcmp(c->engine, "yandex") && c->folder_id && *c->folder_id)
		return &mt_engine_yandex_cloud;
	for (size_t i = 0; i < sizeof(engines) / sizeof(engines[0]); i++)
		if (!strcmp(engines[i]->name, c->engine))
			return engines[i];
	return NULL;
}

const char *mt_base_url(const struct mt_conf *c)
{
	const struct mt_engine *e = mt_engine_for(c);
	if (!e)
		return NULL;
	return c->base_url && *c->base_url ? c->base_url : e->default_url(c);
}

const char *mt_status_name(enum mt_status s)
{
	static const char *const names[] = {
		[MT_OK] = "ok",
		[MT_UNSUPPORTED_ENGINE] = "unsupported_engine",
		[MT_NO_KEY] = "no_key",
		[MT_AUTH_FAILED] = "auth_failed",
		[MT_QUOTA] = "quota",
		[MT_UNSUPPORTED_LANGUAGE] = "unsupported_language",
		[MT_REJECTED] = "rejected",
		[MT_UNAVAILABLE] = "unavailable",
		[MT_BAD_REPLY] = "bad_reply",
	};
	return (size_t)s < sizeof(names) / sizeof(names[0]) && names[s] ? names[s] : "unknown";
}

/* ------------------------------------------------------------ retries */

static void sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };
	while (nanosleep(&ts, &ts))
		;
}

static long backoff_ms(const struct mt_conf *c, int attempt)
{
	long d = c->backoff_ms > 0 ? c->backoff_ms : MT_DEFAULT_BACKOFF_MS;
	for (int i = 1; i < attempt && d < MT_MAX_BACKOFF_MS; i++)
		d *= 2;
	if (d > MT_MAX_BACKOFF_MS)
		d = MT_MAX_BACKOFF_MS;
	long span = d * 2 / 5;	/* +-20 % */
	return d - d / 5 + (span ? (long)arc4random_uniform((uint32_t)span + 1) : 0);
}

struct batch {
	const struct mt_engine *e;
	const struct mt_call *call;
	const char **texts;	/* protected */
	size_t n;
	char **raw;		/* the engine's strings */
};

/* One batch, retried as the engine allows.  MT_OK with b->raw filled, or err. */
static enum mt_status send_batch(CURL *h, struct batch *b, struct mt_error *err)
{
	const struct mt_conf *c = b->call->conf;
	int attempts = c->max_attempts > 0 ? c->max_attempts : MT_DEFAULT_ATTEMPTS;
	struct mt_req r;
	mt_req_init(&r);
	b->e->build(b->call, b->texts, b->n, &r);
	struct mt_reply rep;
	buf_init(&rep.body, MT_MAX_REPLY);
	enum mt_status s = MT_UNAVAILABLE;
	for (int attempt = 1;; attempt++) {
		enum mt_status fatal;
		bool retry;
		if (mt_http_post(h, c, &r, &rep, &fatal)) {
			err->http_status = 0;
			s = fatal != MT_OK ? fatal : MT_UNAVAILABLE;
			mt_set_error(err, s, "%s", rep.error);
			retry = fatal == MT_OK;
		} else if (rep.status >= 200 && rep.status < 300) {
			err->http_status = rep.status;
			s = b->e->reply_error ? b->e->reply_error(rep.body.data, rep.body.len, err) : MT_OK;
			if (s == MT_OK && b->e->parse(rep.body.data, rep.body.len, b->n, b->raw, err))
				s = MT_BAD_REPLY;
			break;
		} else {
			err->http_status = rep.status;
			s = b->e->error(rep.status, rep.body.data, rep.body.len, err);
			retry = b->e->retryable(rep.status);
		}
		if (!retry || attempt >= attempts)
			break;
		long wait = backoff_ms(c, attempt);
		if (rep.retry_after_ms > MT_RETRY_AFTER_CAP_MS) {
			size_t l = strlen(err->message);
			snprintf(err->message + l, sizeof(err->message) - l, " (retry after %ld s)",
				 rep.retry_after_ms / 1000);
			break;
		}
		if (rep.retry_after_ms >= 0)
			wait = rep.retry_after_ms;
		sleep_ms(wait);
	}
	err->status = s;
	buf_release(&rep.body);
	mt_req_release(&r);
	return s;
}

/* ------------------------------------------------------------ batching */

static size_t json_len(const char *s)
{
	size_t n = 0;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		n += *p == '"' || *p == '\\' ? 2 : *p < 0x20 ? 6 : 1;
	return n;
}

static size_t item_cost(const struct mt_engine *e, const char *protected_text)
{
	return e->json_cost ? json_len(protected_text) + 3 : strlen(protected_text);
}

/* Unprotect and check each of a batch's replies into out[] at their index. */
static void take_replies(struct batch *b, const size_t *idx, const char *const *texts, char **out)
{
	struct buf plain;
	for (size_t k = 0; k < b->n; k++) {
		buf_init(&plain, 0);
		if (!mt_unprotect(b->raw[k], b->e->markup, &plain) &&
		    mt_placeholders_match(texts[idx[k]], plain.data))
			out[idx[k]] = buf_detach(&plain, NULL);
		buf_release(&plain);
		free(b->raw[k]);
		b->raw[k] = NULL;
	}
}

/* No control characters XML 1.0 forbids (DeepL parses tag_handling=xml strictly). */
static bool xml_chars(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 && *s != '\t' && *s != '\n' && *s != '\r')
			return false;
	return true;
}

struct plan {
	char **prot;		/* protected text per input string, NULL when not sent */
	size_t *send;		/* indexes of the strings to send, in order */
	size_t n_send;
};

static void plan_make(struct plan *p, const struct mt_engine *e, const char *const *texts,
		      size_t n, char **out)
{
	p->prot = xcalloc(n ? n : 1, sizeof(*p->prot));
	p->send = xcalloc(n ? n : 1, sizeof(*p->send));
	p->n_send = 0;
	for (size_t i = 0; i < n; i++) {
		struct buf b;
		bool has_text;
		buf_init(&b, 0);
		const char *t = texts[i] ? texts[i] : "";
		if (!utf8_valid(t, strlen(t), NULL) || (e->markup == MT_MARKUP_XML && !xml_chars(t)))
			continue;	/* the engine would refuse the whole batch: out[i] stays NULL */
		mt_protect(t, e->markup, &b, &has_text);
		if (!has_text) {
			out[i] = xstrdup(t);
		} else if (item_cost(e, b.data) <= e->max_item_bytes) {
			p->prot[i] = buf_detach(&b, NULL);
			p->send[p->n_send++] = i;
		}
		buf_release(&b);
	}
}

static void plan_free(struct plan *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(p->prot[i]);
	free(p->prot);
	free(p->send);
}

static enum mt_status run_batches(const struct mt_engine *e, const struct mt_call *call,
				  const struct plan *p, const char *const *texts, char **out,
				  struct mt_error *err)
{
	CURL *h = curl_easy_init();
	if (!h) {
		mt_set_error(err, MT_UNAVAILABLE, "curl_easy_init failed");
		return MT_UNAVAILABLE;
	}
	size_t cap = e->max_items < p->n_send ? e->max_items : p->n_send;
	const char **batch_texts = xcalloc(cap ? cap : 1, sizeof(*batch_texts));
	char **raw = xcalloc(cap ? cap : 1, sizeof(*raw));
	enum mt_status s = MT_OK;
	for (size_t at = 0; at < p->n_send && s == MT_OK;) {
		size_t n = 0, bytes = e->overhead;
		while (at + n < p->n_send && n < e->max_items) {
			size_t cost = item_cost(e, p->prot[p->send[at + n]]);
			if (n && bytes + cost > e->max_bytes)
				break;
			batch_texts[n] = p->prot[p->send[at + n]];
			n++;
			bytes += cost;
		}
		struct batch b = { e, call, batch_texts, n, raw };
		s = send_batch(h, &b, err);
		if (s == MT_OK)
			take_replies(&b, p->send + at, texts, out);
		at += n;
	}
	free(batch_texts);
	free(raw);
	curl_easy_cleanup(h);
	return s;
}

/* ------------------------------------------------------------ the call */

/* No CR, LF or other control bytes: the value goes into a header or URL as is. */
static bool header_safe(const char *s)
{
	for (; s && *s; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			return false;
	return true;
}

static enum mt_status fail(struct mt_error *err, enum mt_status s, const char *msg, const char *arg)
{
	mt_set_error(err, s, msg, arg ? arg : "");
	return s;
}

enum mt_status mt_translate(const struct mt_conf *c, const char *source_lang,
			    const char *target_lang, const char *const *texts, size_t n,
			    char **out, struct mt_error *err)
{
	struct mt_error scratch;
	if (!err)
		err = &scratch;
	memset(err, 0, sizeof(*err));
	for (size_t i = 0; i < n; i++)
		out[i] = NULL;
	const struct mt_engine *e = mt_engine_for(c);
	if (!e)
		return fail(err, MT_UNSUPPORTED_ENGINE, "unknown MT engine '%s'", c->engine);
	if (!e->key_optional && (!c->key || !*c->key))
		return fail(err, MT_NO_KEY, "no API key configured for %s", e->name);
	if (!header_safe(c->key) || !header_safe(c->region) || !header_safe(c->folder_id))
		return fail(err, MT_AUTH_FAILED, "%s: key, region or folder id has control characters",
			    e->name);
	char why[256];
	if (c->untrusted_url && c->base_url && *c->base_url &&
	    webhook_url_check(c->base_url, why, sizeof(why)))
		return fail(err, MT_REJECTED, "base URL %s", why);
	char src[32] = "", tgt[32];
	if (source_lang && *source_lang &&
	    mt_lang_code(e->name, source_lang, false, src, sizeof(src)))
		return fail(err, MT_UNSUPPORTED_LANGUAGE, "bad source language code '%s'", source_lang);
	if (mt_lang_code(e->name, target_lang, true, tgt, sizeof(tgt)))
		return fail(err, MT_UNSUPPORTED_LANGUAGE, "bad target language code '%s'", target_lang);

	char *base = xstrdup(mt_base_url(c));
	for (size_t l = strlen(base); l && base[l - 1] == '/'; l--)
		base[l - 1] = '\0';
	struct mt_call call = { c, base, src, tgt };
	struct plan p;
	plan_make(&p, e, texts, n, out);
	enum mt_status s = p.n_send ? run_batches(e, &call, &p, texts, out, err) : MT_OK;
	plan_free(&p, n);
	free(base);
	if (s != MT_OK) {
		for (size_t i = 0; i < n; i++) {
			free(out[i]);
			out[i] = NULL;
		}
		return s;
	}
	err->status = MT_OK;
	err->message[0] = '\0';
	return MT_OK;
}
