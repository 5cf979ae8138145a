/*
 * The TM match score and alignment (tm/score.h): a token Levenshtein with
 * backtrace, penalties on the aligned equal tokens, the integer formula.
 */
#include "tm/score.h"
#include "core/mem.h"

#include <stdlib.h>
#include <string.h>

void tm_alignment_release(struct tm_alignment *al)
{
	free(al->ops);
	memset(al, 0, sizeof(*al));
}

int tm_score_formula(unsigned d, unsigned pen2, size_t nq, size_t nu)
{
	size_t L = nq > nu ? nq : nu;
	long loss;
	if (L == 0)
		loss = pen2 / 2;
	else
		loss = (long)((200 * (uint64_t)d + (uint64_t)pen2 * L) / (2 * L));
	long s = 100 - loss;	/* 100 - floor(x) == ceil(100 - x) */
	if (s > 99)
		s = 99;
	return s < 0 ? 0 : (int)s;
}

int tm_max_dist(int min_score, size_t L)
{
	if (min_score > 100)
		return 0;
	if (min_score <= 0)
		return (int)L;
	/* 100 - floor(100 d / L) >= t  <=>  100 d < (101 - t) L */
	long v = (long)(101 - min_score) * (long)L;
	if (v <= 0)
		return 0;
	long d = (v - 1) / 100;
	return d > (long)L ? (int)L : (int)d;
}

unsigned tm_lev_bounded(const uint32_t *a, size_t n, const uint32_t *b, size_t m, unsigned max)
{
	unsigned big = max + 1;
	size_t diff = n > m ? n - m : m - n;
	if (diff > max)
		return big;
	if (n == 0 || m == 0)
		return (unsigned)(n + m);
	unsigned rows[2][TM_MAX_TOKENS + 1];
	unsigned *prev = rows[0], *cur = rows[1];
	for (size_t j = 0; j <= m; j++)
		prev[j] = j <= max ? (unsigned)j : big;
	for (size_t i = 1; i <= n; i++) {
		size_t lo = i > max ? i - max : 1;
		size_t hi = i + max < m ? i + max : m;
		unsigned best = big;
		cur[lo - 1] = lo == 1 ? (i <= max ? (unsigned)i : big) : big;
		for (size_t j = lo; j <= hi; j++) {
			unsigned v = prev[j - 1] + (a[i - 1] != b[j - 1]);
			unsigned del = prev[j] + 1, ins = cur[j - 1] + 1;
			if (del < v)
				v = del;
			if (ins < v)
				v = ins;
			if (v > big)
				v = big;
			cur[j] = v;
			if (v < best)
				best = v;
		}
		if (hi < m)
			cur[hi + 1] = big;
		if (best > max)
			return big;
		unsigned *t = prev;
		prev = cur;
		cur = t;
	}
	return prev[m] > big ? big : prev[m];
}

/*
 * Penalty, in half points, of an aligned pair with equal ids.  White space
 * counts only between two tokens aligned as equal in both texts (joined:
 * the pair before this one is equal too): a token that starts one text and
 * follows a word in the other has not changed its spacing.
 */
static unsigned pair_pen(uint32_t va, uint32_t vb, bool joined, bool *only_values)
{
	unsigned p = 0;
	if (TM_VAR_FORM(va) != TM_VAR_FORM(vb)) {
		enum tm_kind k = TM_VAR_KIND(va);
		if (k == TM_NUM || k == TM_PH || k == TM_TAG) {
			p += 2;
			if (k == TM_TAG)
				*only_values = false;
		} else {
			p += 1;
			*only_values = false;
		}
	}
	if (joined && ((va ^ vb) & TM_VAR_SPACE)) {
		p += 1;
		*only_values = false;
	}
	return p;
}

static void add_op(struct tm_alignment *al, enum tm_op op, unsigned pen2, size_t a, size_t b)
{
	size_t an = op == TM_OP_INS ? 0 : 1, bn = op == TM_OP_DEL ? 0 : 1;
	/* built backwards: extend the run at the front when it is the same op */
	if (al->n) {
		struct tm_align_op *o = &al->ops[al->n - 1];
		if (o->op == op && pen2 == 0 && o->pen2 == 0) {
			o->a = (uint32_t)a;
			o->b = (uint32_t)b;
			o->an += (uint32_t)an;
			o->bn += (uint32_t)bn;
			return;
		}
	}
	if (al->n == al->alloc) {
		al->alloc = al->alloc ? al->alloc * 2 : 16;
		al->ops = xrealloc(al->ops, al->alloc * sizeof(*al->ops));
	}
	struct tm_align_op o = { (uint8_t)op, (uint8_t)pen2, (uint32_t)a, (uint32_t)an,
				 (uint32_t)b, (uint32_t)bn };
	al->ops[al->n++] = o;
}

int tm_score_seq(struct tm_seq q, struct tm_seq u, bool raw_same, bool ctx_same,
		 struct tm_score_info *out, struct tm_alignment *al)
{
	size_t n = q.n, m = u.n, w = m + 1;
	unsigned pen2 = 0;
	bool only_values = true;
	struct tm_score_info info = { 0 };

	if (al)
		al->n = 0;
	/* the full table, for the backtrace */
	uint16_t small[32 * 32];
	uint16_t *D = (n + 1) * w <= 32 * 32 ? small : xmalloc((n + 1) * w * sizeof(*D));
	for (size_t j = 0; j <= m; j++)
		D[j] = (uint16_t)j;
	for (size_t i = 1; i <= n; i++) {
		uint16_t *r = D + i * w, *p = r - w;
		r[0] = (uint16_t)i;
		for (size_t j = 1; j <= m; j++) {
			unsigned v = p[j - 1] + (q.ids[i - 1] != u.ids[j - 1]);
			if (p[j] + 1u < v)
				v = p[j] + 1u;
			if (r[j - 1] + 1u < v)
				v = r[j - 1] + 1u;
			r[j] = (uint16_t)v;
		}
	}
	info.d = D[n * w + m];
	/* backtrace from the end: diagonal first, then delete, then insert */
	for (size_t i = n, j = m; i > 0 || j > 0;) {
		unsigned cur = D[i * w + j];
		if (i > 0 && j > 0 && q.ids[i - 1] == u.ids[j - 1] && cur == D[(i - 1) * w + j - 1]) {
			/* the backtrace takes the pair before next iff this holds */
			bool joined = i > 1 && j > 1 && q.ids[i - 2] == u.ids[j - 2] &&
				      D[(i - 2) * w + j - 2] == D[(i - 1) * w + j - 1];
			unsigned p = pair_pen(q.vars[i - 1], u.vars[j - 1], joined, &only_values);
			pen2 += p;
			if (al)
				add_op(al, TM_OP_EQUAL, p, i - 1, j - 1);
			i--, j--;
		} else if (i > 0 && j > 0 && cur == D[(i - 1) * w + j - 1] + 1u) {
			if (al)
				add_op(al, TM_OP_SUB, 0, i - 1, j - 1);
			i--, j--;
		} else if (i > 0 && cur == D[(i - 1) * w + j] + 1u) {
			if (al)
				add_op(al, TM_OP_DEL, 0, i - 1, j);
			i--;
		} else {
			if (al)
				add_op(al, TM_OP_INS, 0, i, j - 1);
			j--;
		}
	}
	if (D != small)
		free(D);
	if (al)	/* built from the end: put it in text order */
		for (size_t i = 0, k = al->n ? al->n - 1 : 0; i < k; i++, k--) {
			struct tm_align_op t = al->ops[i];
			al->ops[i] = al->ops[k];
			al->ops[k] = t;
		}
	info.pen2 = pen2;
	if (raw_same) {
		info.score = ctx_same ? 101 : 100;
		info.pen2 = 0;
	} else {
		info.score = tm_score_formula(info.d, pen2, n, m);
		info.auto_subst = info.d == 0 && only_values;
	}
	if (out)
		*out = info;
	return info.score;
}

int tm_score_text(struct tm_dict *d, const char *query, const char *query_ctx,
		  const char *unit, const char *unit_ctx, struct tm_score_info *out,
		  struct tm_alignment *al)
{
	struct tm_tokens tq = { 0 }, tu = { 0 };
	tm_tokenize(d, true, query, strlen(query), &tq);
	tm_tokenize(d, true, unit, strlen(unit), &tu);
	bool raw = strcmp(query, unit) == 0;
	bool ctx = query_ctx && unit_ctx && strcmp(query_ctx, unit_ctx) == 0;
	int s = tm_score_seq(tm_seq_of(&tq), tm_seq_of(&tu), raw, ctx, out, al);
	tm_tokens_release(&tq);
	tm_tokens_release(&tu);
	return s;
}
