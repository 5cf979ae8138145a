/*
 * TM tokens and score: any bytes must tokenise without crashing, every token
 * inside the NFC text and non-empty; the two halves of the input (split at
 * the first NUL) must score within 0..101 with an alignment covering both,
 * and a text must score 100 against itself.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "tm/score.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct tm_dict *d;
	if (!d)
		d = tm_dict_new();	/* kept: ids accumulate as in a real index */
	const char *s = (const char *)data;
	const char *nul = memchr(s, '\0', size);
	size_t na = nul ? (size_t)(nul - s) : size;
	const char *b = nul ? nul + 1 : s;
	size_t nb = nul ? size - na - 1 : size;

	struct tm_tokens ta = { 0 }, tb = { 0 };
	tm_tokenize(d, true, s, na, &ta);
	tm_tokenize(d, size % 2, b, nb, &tb);
	for (size_t i = 0; i < ta.n; i++)
		if (ta.len[i] == 0 || ta.off[i] + ta.len[i] > ta.text_len)
			abort();
	if (ta.n > TM_MAX_TOKENS || tb.n > TM_MAX_TOKENS)
		abort();

	struct tm_score_info info;
	struct tm_alignment al = { 0 };
	int sc = tm_score_seq(tm_seq_of(&ta), tm_seq_of(&tb), false, false, &info, &al);
	if (sc < 0 || sc > 99)
		abort();
	size_t ca = 0, cb = 0;
	for (size_t i = 0; i < al.n; i++) {
		if (al.ops[i].a != ca || al.ops[i].b != cb)
			abort();
		ca += al.ops[i].an;
		cb += al.ops[i].bn;
	}
	if (ca != ta.n || cb != tb.n)
		abort();
	if (tm_lev_bounded(ta.ids, ta.n, tb.ids, tb.n, info.d) != info.d)
		abort();
	if (tm_score_seq(tm_seq_of(&ta), tm_seq_of(&ta), true, false, &info, NULL) != 100 ||
	    info.d != 0)
		abort();
	tm_alignment_release(&al);
	tm_tokens_release(&ta);
	tm_tokens_release(&tb);
	return 0;
}
