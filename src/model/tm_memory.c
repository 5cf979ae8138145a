#include "model/tm_memory.h"
#include "core/log.h"
#include "core/buf.h"
#include "core/mem.h"
#include "model/model.h"
#include "tm/index.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define SYNC_BATCH 10000
#define MAX_HOLES 4096

struct pair {
	int source, target;
	struct tm_index *ix;
};

struct hole {
	int64_t id;
	time_t since;
};

struct tm_memory {
	pthread_mutex_t lock;	/* the pairs and holes (each index has its own lock) */
	struct pair *pairs;
	size_t n_pairs, cap_pairs;
	struct hole *holes;
	size_t n_holes;
	int64_t last_id;
	bool loaded;
	bool bulk;		/* a round of many units: indexes build once, at its end */
	time_t now;		/* of the sync running */
};

struct tm_memory *tm_memory_new(void)
{
	struct tm_memory *m = xcalloc(1, sizeof(*m));
	pthread_mutex_init(&m->lock, NULL);
	m->holes = xcalloc(MAX_HOLES, sizeof(*m->holes));
	return m;
}

void tm_memory_free(struct tm_memory *m)
{
	if (!m)
		return;
	for (size_t i = 0; i < m->n_pairs; i++)
		tm_index_free(m->pairs[i].ix);
	free(m->pairs);
	free(m->holes);
	pthread_mutex_destroy(&m->lock);
	free(m);
}

/* The index of a language pair; created when `make` (a new one bulk-loads until the first sync ends). */
static struct tm_index *pair_index(struct tm_memory *m, int source, int target, bool make)
{
	struct tm_index *ix = NULL;
	pthread_mutex_lock(&m->lock);
	for (size_t i = 0; i < m->n_pairs && !ix; i++)
		if (m->pairs[i].source == source && m->pairs[i].target == target)
			ix = m->pairs[i].ix;
	if (!ix && make) {
		if (m->n_pairs == m->cap_pairs) {
			m->cap_pairs = m->cap_pairs ? 2 * m->cap_pairs : 16;
			m->pairs = xrealloc(m->pairs, m->cap_pairs * sizeof(*m->pairs));
		}
		ix = tm_index_new();
		if (!m->loaded || m->bulk)
			tm_index_bulk(ix);
		m->pairs[m->n_pairs++] = (struct pair){ source, target, ix };
	}
	pthread_mutex_unlock(&m->lock);
	return ix;
}

/* Approved units first among equal scores, then imported and uploaded ones, then MT. */
static uint32_t rank_of(const char *origin)
{
	return !strcmp(origin, "approved") ? 3 : !strcmp(origin, "mt") ? 1 : 2;
}

static uint64_t context_hash(const char *context)
{
	return context && *context ? tm_hash(context, strlen(context)) : 0;
}

static void index_unit(struct tm_memory *m, const struct tm_unit *u)
{
	struct tm_index *ix = pair_index(m, u->source_language_id, u->target_language_id, true);
	tm_index_add(ix, (uint64_t)u->id, u->source, strlen(u->source), context_hash(u->context),
		     rank_of(u->origin), (uint64_t)u->account_id);
}

static void hole_add(struct tm_memory *m, int64_t id)
{
	if (m->n_holes == MAX_HOLES) {	/* the oldest goes */
		memmove(m->holes, m->holes + 1, (MAX_HOLES - 1) * sizeof(*m->holes));
		m->n_holes--;
	}
	m->holes[m->n_holes++] = (struct hole){ id, m->now };
}

static int add_new(void *ctx, const struct tm_unit *u)
{
	struct tm_memory *m = ctx;
	/* ids skipped: rolled back, or not committed yet (PostgreSQL numbers rows before commit) */
	for (int64_t id = m->last_id + 1; id < u->id && id < m->last_id + 1 + MAX_HOLES; id++)
		hole_add(m, id);
	index_unit(m, u);
	m->last_id = u->id;
	return 0;
}

/* The holes asked for again: those that came are indexed, those too old forgotten. */
static int fill_holes(struct tm_memory *m, struct db_conn *c)
{
	size_t keep = 0;
	for (size_t i = 0; i < m->n_holes; i++)
		if (m->now - m->holes[i].since <= TM_HOLE_SECONDS)
			m->holes[keep++] = m->holes[i];
	m->n_holes = keep;
	if (!keep)
		return 0;
	int64_t *ids = xmalloc(keep * sizeof(*ids));
	for (size_t i = 0; i < keep; i++)
		ids[i] = m->holes[i].id;
	struct arena a;
	arena_init(&a);
	struct tm_unit *got;
	size_t n;
	int rc = tm_units_get(c, &a, ids, keep, &got, &n);
	for (size_t i = 0; !rc && i < n; i++) {
		index_unit(m, &got[i]);
		for (size_t j = 0; j < m->n_holes; j++)
			if (m->holes[j].id == got[i].id) {
				m->holes[j] = m->holes[--m->n_holes];
				break;
			}
	}
	arena_release(&a);
	free(ids);
	return rc;
}

int tm_memory_sync(struct tm_memory *m, struct db_conn *c)
{
	m->now = time(NULL);
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	int rc = fill_holes(m, c) ? -1 : 0;
	long got = SYNC_BATCH;
	while (!rc && got == SYNC_BATCH) {
		if ((got = tm_units_after(c, m->last_id, SYNC_BATCH, add_new, m)) < 0)
			rc = -1;
		/*
		 * A round of many units (an import's): the indexes take them all,
		 * then build once, instead of rebuilding every TM_DELTA_MAX adds
		 * (200,000 units made 24 builds of a growing index, a core busy
		 * for as long as the import took).
		 */
		if (got == SYNC_BATCH && m->loaded && !m->bulk) {
			m->bulk = true;
			pthread_mutex_lock(&m->lock);
			for (size_t i = 0; i < m->n_pairs; i++)
				tm_index_bulk(m->pairs[i].ix);
			pthread_mutex_unlock(&m->lock);
		}
	}
	if (m->bulk || !m->loaded) {
		for (size_t i = 0; i < m->n_pairs; i++)
			tm_index_build(m->pairs[i].ix);
		m->bulk = false;
	}
	if (!m->loaded && !rc) {
		m->loaded = true;
		clock_gettime(CLOCK_MONOTONIC, &t1);
		struct tm_memory_stats st;
		tm_memory_stats(m, &st);
		log_info("translation memory: %zu units in %zu language pairs loaded in %.2f s (%.1f MB)",
			 st.units, st.indexes, (double)(t1.tv_sec - t0.tv_sec) +
			 (double)(t1.tv_nsec - t0.tv_nsec) / 1e9, (double)st.bytes / 1e6);
	}
	return rc;
}

static bool same_account(void *ctx, uint64_t payload)
{
	return payload == *(const uint64_t *)ctx;
}

/* The index's query for q, its k best; *account holds what the scope filter reads. */
static struct tm_query index_query(const struct tm_search *q, size_t k, uint64_t *account)
{
	*account = (uint64_t)q->account_id;
	return (struct tm_query){
		.text = q->text, .len = strlen(q->text), .ctx_hash = context_hash(q->context),
		.min_score = q->min_score, .k = k,
		.accept = q->account_id ? same_account : NULL, .accept_ctx = account,
	};
}

/* A token span of an alignment op as bytes of the text the tokens were cut from. */
static void span_bytes(const struct tm_tokens *t, uint32_t at, uint32_t n, size_t *off, size_t *len)
{
	if (!n) {
		*off = at < t->n ? t->off[at] : t->text_len;
		*len = 0;
		return;
	}
	*off = t->off[at];
	*len = t->off[at + n - 1] + t->len[at + n - 1] - t->off[at];
}

/* The hit's spans, when both texts were already NFC (the offsets are into the NFC forms). */
static void explain(struct tm_index *ix, const struct tm_query *q, struct arena *a,
		    struct tm_hit *h)
{
	struct tm_score_info info;
	struct tm_alignment al = { 0 };
	struct tm_tokens qt = { 0 }, ut = { 0 };
	const char *src = h->unit.source;
	tm_index_explain(ix, q, src, strlen(src), context_hash(h->unit.context), &info, &al, &qt, &ut);
	bool as_given = qt.text_len == q->len && !memcmp(qt.text, q->text, q->len) &&
			ut.text_len == strlen(src) && !memcmp(ut.text, src, ut.text_len);
	if (as_given && al.n) {
		h->spans = arena_alloc(a, al.n * sizeof(*h->spans));
		for (size_t i = 0; i < al.n; i++) {
			const struct tm_align_op *op = &al.ops[i];
			struct tm_span *s = &h->spans[h->n_spans++];
			s->op = op->op == TM_OP_EQUAL && op->pen2 ? TM_OP_SUB : op->op;
			span_bytes(&qt, op->a, op->an, &s->q_off, &s->q_len);
			span_bytes(&ut, op->b, op->bn, &s->u_off, &s->u_len);
		}
	}
	tm_alignment_release(&al);
	tm_tokens_release(&qt);
	tm_tokens_release(&ut);
}

int tm_memory_search(struct tm_memory *m, struct db_conn *c, struct arena *a,
		     const struct tm_search *q, struct tm_hit **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	struct tm_index *ix = pair_index(m, q->source_language_id, q->target_language_id, false);
	if (!ix || !q->k)
		return MODEL_OK;
	uint64_t account;
	struct tm_query tq = index_query(q, q->k, &account);
	struct tm_match *mt = arena_alloc(a, q->k * sizeof(*mt));
	size_t nm = tm_index_search(ix, &tq, mt);
	int64_t *ids = arena_alloc(a, (nm ? nm : 1) * sizeof(*ids));
	for (size_t i = 0; i < nm; i++)
		ids[i] = (int64_t)mt[i].id;
	struct tm_unit *units;
	size_t nu;
	if (tm_units_get(c, a, ids, nm, &units, &nu))
		return MODEL_ERROR;
	*out = arena_alloc(a, (nm ? nm : 1) * sizeof(**out));
	size_t u = 0;
	for (size_t i = 0; i < nm; i++) {
		if (u < nu && units[u].id == ids[i]) {
			struct tm_hit *h = &(*out)[(*n)++];
			*h = (struct tm_hit){ .unit = units[u++], .score = mt[i].score,
					      .auto_subst = mt[i].auto_subst };
			explain(ix, &tq, a, h);
		} else {
			tm_index_remove(ix, mt[i].id);	/* its row went */
		}
	}
	return MODEL_OK;
}

void tm_memory_best(struct tm_memory *m, const struct tm_search *q, struct tm_best *out)
{
	*out = (struct tm_best){ 0 };
	struct tm_index *ix = pair_index(m, q->source_language_id, q->target_language_id, false);
	if (!ix)
		return;
	uint64_t account;
	struct tm_query tq = index_query(q, 1, &account);
	struct tm_match mt;
	if (tm_index_search(ix, &tq, &mt) == 1)
		*out = (struct tm_best){ (int64_t)mt.id, mt.score, mt.auto_subst };
}

/* Replace the first occurrence of from at or after nothing already replaced; false when none. */
static bool replace_once(struct buf *t, bool *taken, const char *from, size_t fl, const char *to,
			 size_t tl)
{
	for (size_t i = 0; fl && i + fl <= t->len; i++) {
		if (taken[i] || memcmp(t->data + i, from, fl))
			continue;
		bool clear = true;
		for (size_t k = i; k < i + fl && clear; k++)
			clear = !taken[k];
		if (!clear)
			continue;
		/* taken marks follow the bytes: rebuild them around the new text */
		size_t tail = t->len - i - fl;
		buf_reserve(t, tl);
		memmove(t->data + i + tl, t->data + i + fl, tail + 1);
		memcpy(t->data + i, to, tl);
		t->len = i + tl + tail;
		memmove(taken + i + tl, taken + i + fl, tail);
		memset(taken + i, 1, tl);
		return true;
	}
	return false;
}

const char *tm_memory_substitute(struct tm_memory *m, struct arena *a, const struct tm_search *q,
				 const struct tm_unit *u)
{
	struct tm_index *ix = pair_index(m, q->source_language_id, q->target_language_id, false);
	if (!ix)
		return NULL;
	struct tm_query tq = { .text = q->text, .len = strlen(q->text),
			       .ctx_hash = context_hash(q->context) };
	struct tm_score_info info;
	struct tm_alignment al = { 0 };
	struct tm_tokens qt = { 0 }, ut = { 0 };
	tm_index_explain(ix, &tq, u->source, strlen(u->source), context_hash(u->context), &info, &al,
			 &qt, &ut);
	struct buf t;
	buf_init(&t, 0);
	buf_adds(&t, u->target);
	/* room for every replacement's growth: at most the query's length in all */
	bool *taken = xcalloc(t.len + qt.text_len + 1, 1);
	bool ok = info.d == 0;
	for (size_t i = 0; ok && i < al.n; i++) {
		const struct tm_align_op *op = &al.ops[i];
		if (op->op != TM_OP_EQUAL || !op->pen2)
			continue;
		for (uint32_t k = 0; ok && k < op->an; k++) {
			uint32_t qi = op->a + k, ui = op->b + k;
			enum tm_kind kind = TM_VAR_KIND(qt.vars[qi]);
			const char *qs = qt.text + qt.off[qi], *us = ut.text + ut.off[ui];
			size_t ql = qt.len[qi], ul = ut.len[ui];
			if (ql == ul && !memcmp(qs, us, ql))
				continue;
			if (kind != TM_NUM && kind != TM_PH) {
				ok = false;	/* a difference no substitution mends (case, marks) */
				break;
			}
			ok = replace_once(&t, taken, us, ul, qs, ql);
		}
	}
	const char *out = ok ? arena_strdup(a, t.data) : NULL;
	free(taken);
	buf_release(&t);
	tm_alignment_release(&al);
	tm_tokens_release(&qt);
	tm_tokens_release(&ut);
	return out;
}

void tm_memory_stats(struct tm_memory *m, struct tm_memory_stats *st)
{
	memset(st, 0, sizeof(*st));
	pthread_mutex_lock(&m->lock);
	st->indexes = m->n_pairs;
	st->last_id = m->last_id;
	st->holes = m->n_holes;
	for (size_t i = 0; i < m->n_pairs; i++) {
		struct tm_index_stats is;
		tm_index_stats(m->pairs[i].ix, &is);
		st->units += is.units;
		st->bytes += is.bytes;
	}
	pthread_mutex_unlock(&m->lock);
}
