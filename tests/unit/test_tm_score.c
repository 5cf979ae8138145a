/*
 * Unit tests for the TM score (src/tm/score.c): every row of the worked
 * examples in docs/tm.md, read from the file, plus the bounded distance and
 * the alignment.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tm/score.h"

/* The text between the first pair of backticks of cell, or the cell trimmed. */
static void cell_text(const char *cell, size_t n, char *out, size_t cap)
{
	const char *a = memchr(cell, '`', n);
	const char *b = a ? memchr(a + 1, '`', n - (size_t)(a + 1 - cell)) : NULL;
	if (a && b) {
		cell = a + 1;
		n = (size_t)(b - a - 1);
	} else {
		while (n && *cell == ' ')
			cell++, n--;
		while (n && cell[n - 1] == ' ')
			n--;
	}
	if (n >= cap)
		n = cap - 1;
	memcpy(out, cell, n);
	out[n] = '\0';
}

static void test_docs_table(void **state)
{
	(void)state;
	char path[4096], line[2048];
	const char *src = getenv("TOLK_SOURCE_DIR");
	snprintf(path, sizeof(path), "%s/docs/tm.md", src ? src : TOLK_SOURCE_DIR);
	FILE *f = fopen(path, "r");
	assert_non_null(f);
	int rows = 0;
	bool trados67 = false, trados34 = false;
	bool in_table = false;
	while (fgets(line, sizeof(line), f)) {
		if (strncmp(line, "#", 1) == 0)
			in_table = strncmp(line, "### Worked examples", 19) == 0;
		if (!in_table || strncmp(line, "| ", 2) != 0 || !strstr(line, "| `"))
			continue;
		char cells[8][512];
		int nc = 0;
		for (char *p = line + 1; nc < 8;) {
			char *bar = strchr(p, '|');
			if (!bar)
				break;
			cell_text(p, (size_t)(bar - p), cells[nc++], sizeof(cells[0]));
			p = bar + 1;
		}
		assert_int_equal(nc, 7);
		const char *q = cells[1], *u = cells[2], *ctx = cells[3];
		const char *qc = NULL, *uc = NULL;
		if (strcmp(ctx, "same") == 0)
			qc = uc = "ctx";
		else if (strcmp(ctx, "differs") == 0)
			qc = "ctx1", uc = "ctx2";
		struct tm_dict *d = tm_dict_new();
		struct tm_score_info info;
		int s = tm_score_text(d, q, qc, u, uc, &info, NULL);
		tm_dict_free(d);
		if (s != atoi(cells[4]) || info.auto_subst != (strcmp(cells[5], "yes") == 0))
			print_error("row %s: `%s` vs `%s`: score %d auto %d, docs say %s %s\n",
				    cells[0], q, u, s, info.auto_subst, cells[4], cells[5]);
		assert_int_equal(s, atoi(cells[4]));
		assert_int_equal(info.auto_subst, strcmp(cells[5], "yes") == 0);
		if (strcmp(q, "one two three") == 0 && strcmp(u, "two two three") == 0)
			trados67 = s == 67;
		if (strcmp(q, "one two three") == 0 && strcmp(u, "two three four") == 0)
			trados34 = s == 34;
		rows++;
	}
	fclose(f);
	assert_true(rows >= 15);
	assert_true(trados67 && trados34);
}

static unsigned lev_plain(const uint32_t *a, size_t n, const uint32_t *b, size_t m)
{
	unsigned *p = malloc((m + 1) * sizeof(*p)), *c = malloc((m + 1) * sizeof(*c));
	for (size_t j = 0; j <= m; j++)
		p[j] = (unsigned)j;
	for (size_t i = 1; i <= n; i++) {
		c[0] = (unsigned)i;
		for (size_t j = 1; j <= m; j++) {
			unsigned v = p[j - 1] + (a[i - 1] != b[j - 1]);
			if (p[j] + 1 < v)
				v = p[j] + 1;
			if (c[j - 1] + 1 < v)
				v = c[j - 1] + 1;
			c[j] = v;
		}
		unsigned *t = p;
		p = c;
		c = t;
	}
	unsigned r = p[m];
	free(p);
	free(c);
	return r;
}

static void test_bounded(void **state)
{
	(void)state;
	uint32_t a[40], b[40];
	srand(7);
	for (int it = 0; it < 20000; it++) {
		size_t n = (size_t)(rand() % 30), m = (size_t)(rand() % 30);
		for (size_t i = 0; i < n; i++)
			a[i] = (uint32_t)(rand() % 4);
		for (size_t i = 0; i < m; i++)
			b[i] = (uint32_t)(rand() % 4);
		unsigned d = lev_plain(a, n, b, m), max = (unsigned)(rand() % 12);
		unsigned got = tm_lev_bounded(a, n, b, m, max);
		if (d <= max)
			assert_int_equal(got, d);
		else
			assert_true(got > max);
		/* the full score's d agrees */
		uint32_t va[40] = { 0 }, vb[40] = { 0 };
		struct tm_seq sa = { a, va, n }, sb = { b, vb, m };
		struct tm_score_info info;
		tm_score_seq(sa, sb, false, false, &info, NULL);
		assert_int_equal(info.d, d);
	}
}

static void test_max_dist(void **state)
{
	(void)state;
	/* the bound is tight: d = max reaches t, d = max + 1 does not */
	for (int t = 1; t <= 100; t++)
		for (size_t L = 1; L < 200; L++) {
			int m = tm_max_dist(t, L);
			if (m >= 0 && (size_t)m < L && t <= 99)
				assert_true(tm_score_formula((unsigned)m + 1, 0, L, L) < t);
			if (t <= 99 && m >= 0)
				assert_true(tm_score_formula((unsigned)m, 0, L, L) >= t);
		}
}

static void test_alignment(void **state)
{
	(void)state;
	struct tm_dict *d = tm_dict_new();
	struct tm_alignment al = { 0 };
	struct tm_score_info info;
	tm_score_text(d, "Click here to continue", NULL, "Press here to go on", NULL, &info, &al);
	assert_int_equal(info.d, 3);
	/* the ops cover both texts in order, without gaps */
	uint32_t a = 0, b = 0;
	for (size_t i = 0; i < al.n; i++) {
		assert_int_equal(al.ops[i].a, a);
		assert_int_equal(al.ops[i].b, b);
		a += al.ops[i].an;
		b += al.ops[i].bn;
	}
	assert_int_equal(a, 4);
	assert_int_equal(b, 5);
	assert_int_equal(al.ops[0].op, TM_OP_SUB);
	assert_int_equal(al.ops[1].op, TM_OP_EQUAL);
	assert_int_equal(al.ops[1].an, 2);
	tm_score_text(d, "Delete 3 files", NULL, "Delete 5 files", NULL, &info, &al);
	assert_int_equal(al.n, 3);	/* the number pair is split out, with its penalty */
	assert_int_equal(al.ops[1].pen2, 2);
	tm_alignment_release(&al);
	tm_dict_free(d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_docs_table),
		cmocka_unit_test(test_bounded),
		cmocka_unit_test(test_max_dist),
		cmocka_unit_test(test_alignment),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
