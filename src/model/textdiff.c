/* A word-level diff (model/textdiff.h). */
#include "model/textdiff.h"
#include "core/mem.h"
#include "core/utf8.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/uchar.h>
#include <unicode/uscript.h>

struct piece {
	const char *p;
	size_t len;
	bool space;
};

/* Scripts written without spaces between words: one piece per character. */
static bool one_per_char(uint32_t cp)
{
	UErrorCode st = U_ZERO_ERROR;
	switch (uscript_getScript((UChar32)cp, &st)) {
	case USCRIPT_HAN: case USCRIPT_HIRAGANA: case USCRIPT_KATAKANA: case USCRIPT_THAI:
	case USCRIPT_LAO: case USCRIPT_KHMER: case USCRIPT_MYANMAR:
		return true;
	default:
		return false;
	}
}

enum kind { K_WORD, K_SPACE, K_OTHER };

static enum kind kind_of(uint32_t cp)
{
	if (cp == '_' || u_isalnum((UChar32)cp) || (U_GET_GC_MASK((UChar32)cp) & U_GC_M_MASK))
		return one_per_char(cp) ? K_OTHER : K_WORD;
	return u_isUWhiteSpace((UChar32)cp) ? K_SPACE : K_OTHER;
}

/* One code point at s (an invalid byte: one byte, no kind of its own). */
static size_t next_cp(const char *s, size_t len, enum kind *k)
{
	uint32_t cp;
	size_t n = utf8_decode(s, len, &cp);
	*k = n ? kind_of(cp) : K_OTHER;
	return n ? n : 1;
}

static struct piece *cut(const char *s, size_t *n)
{
	size_t len = strlen(s), cap = 16;
	struct piece *v = xmalloc(cap * sizeof(*v));
	*n = 0;
	for (size_t at = 0; at < len;) {
		enum kind k, k2;
		size_t end = at + next_cp(s + at, len - at, &k);
		if (k != K_OTHER)
			while (end < len) {
				size_t step = next_cp(s + end, len - end, &k2);
				if (k2 != k)
					break;
				end += step;
			}
		if (*n == cap)
			v = xrealloc(v, (cap *= 2) * sizeof(*v));
		v[(*n)++] = (struct piece){ s + at, end - at, k == K_SPACE };
		at = end;
	}
	return v;
}

static bool same(const struct piece *x, const struct piece *y)
{
	return x->len == y->len && !memcmp(x->p, y->p, x->len);
}

struct ops {
	struct arena *a;
	struct textdiff_op *v;
	size_t n, cap;
};

/* The bytes of pieces [i, j) as one op (nothing when empty). */
static void emit(struct ops *o, char op, const struct piece *p, size_t i, size_t j)
{
	if (i >= j)
		return;
	const char *start = p[i].p;
	size_t len = (size_t)(p[j - 1].p + p[j - 1].len - start);
	ARENA_PUSH(o->a, o->v, o->n, o->cap) = (struct textdiff_op){
		op, arena_strndup(o->a, start, len) };
}

/*
 * The middle a[0..na) vs b[0..nb): suffix LCS lengths, then one walk from
 * the start; each changed stretch leaves as its deletion, then its insertion.
 */
static void middle(struct ops *o, const struct piece *a, size_t na, const struct piece *b,
		   size_t nb)
{
	if (!na || !nb || (uint64_t)na * nb > TEXTDIFF_MAX_CELLS) {
		emit(o, '-', a, 0, na);
		emit(o, '+', b, 0, nb);
		return;
	}
	size_t w = nb + 1;
	uint32_t *L = xcalloc((na + 1) * w, sizeof(*L));
	for (size_t i = na; i-- > 0;)
		for (size_t j = nb; j-- > 0;)
			L[i * w + j] = same(&a[i], &b[j]) ? L[(i + 1) * w + j + 1] + 1
				       : L[(i + 1) * w + j] > L[i * w + j + 1] ? L[(i + 1) * w + j]
				       : L[i * w + j + 1];
	size_t i = 0, j = 0, di = 0, dj = 0;	/* di, dj: where the changed stretch starts */
	while (i < na || j < nb) {
		if (i < na && j < nb && same(&a[i], &b[j])) {
			size_t ei = i, ej = j;
			bool blank = true;
			for (; i < na && j < nb && same(&a[i], &b[j]); i++, j++)
				blank &= a[i].space;
			if (blank && (i < na || j < nb))
				continue;	/* a lone space between two changes joins them */
			emit(o, '-', a, di, ei);
			emit(o, '+', b, dj, ej);
			emit(o, '=', a, ei, i);
			di = i, dj = j;
		} else if (j == nb || (i < na && L[(i + 1) * w + j] >= L[i * w + j + 1])) {
			i++;
		} else {
			j++;
		}
	}
	emit(o, '-', a, di, na);
	emit(o, '+', b, dj, nb);
	free(L);
}

void textdiff_words(struct arena *a, const char *from, const char *to, struct textdiff_op **out,
		    size_t *n)
{
	size_t na, nb, pre = 0, post = 0;
	struct piece *pa = cut(from, &na), *pb = cut(to, &nb);
	while (pre < na && pre < nb && same(&pa[pre], &pb[pre]))
		pre++;
	while (post < na - pre && post < nb - pre && same(&pa[na - 1 - post], &pb[nb - 1 - post]))
		post++;
	struct ops o = { .a = a };
	emit(&o, '=', pa, 0, pre);
	middle(&o, pa + pre, na - pre - post, pb + pre, nb - pre - post);
	emit(&o, '=', pa, na - post, na);
	free(pa);
	free(pb);
	*out = o.v;
	*n = o.n;
}
