/*
 * Unit tests for the TM index (src/tm/index.c): on random corpora its top-k
 * must equal, unit for unit and score for score, the top-k of a naive oracle
 * that scores every unit with tm_score_seq, for many thresholds and k, with
 * deltas, replacements and removals.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <pthread.h>
#include <stdatomic.h>
#include <time.h>

#include "tm/index.h"

struct unit {
	uint64_t id, ctx;
	uint32_t rank;
	char *text;
	bool live;
	struct tm_tokens tok;	/* the oracle's tokens (its own dictionary) */
};

static struct tm_dict *odict;

static void oracle_tokens(struct unit *u)
{
	tm_tokenize(odict, true, u->text, strlen(u->text), &u->tok);
}

static uint64_t rng = 88172645463325252ull;

static uint64_t rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

static const char *pick_word(unsigned vocab)
{
	static const char *w[] = { "file", "save", "the", "to", "a", "open", "close", "user",
		"File", "SAVE", "new", "message", "delete", "is", "you", "have", "3", "12", "%s",
		"{name}", "<b>", "</b>", ",", ".", "!", "?", "page", "item", "settings", "東", "京",
		"Don't", "1,000", "%1$d", "{{count}}", "error", "account", "project", "string", "key" };
	size_t n = sizeof(w) / sizeof(w[0]);
	if (vocab > n)
		vocab = (unsigned)n;
	/* skewed: small indexes far more often */
	size_t a = rnd() % vocab, b = rnd() % vocab;
	return w[a < b ? a : b];
}

static char *random_text(unsigned vocab, unsigned maxlen)
{
	char buf[4096];
	size_t o = 0;
	unsigned n = (unsigned)(rnd() % (maxlen + 1));
	buf[0] = '\0';
	for (unsigned i = 0; i < n; i++)
		o += (size_t)snprintf(buf + o, sizeof(buf) - o, "%s%s", i && rnd() % 8 ? " " : "",
				      pick_word(vocab));
	return strdup(buf);
}

/* a few token-level edits of text (split at spaces) */
static char *mutate(const char *text, unsigned vocab)
{
	char *words[512], *copy = strdup(text), *save = NULL;
	size_t n = 0;
	for (char *w = strtok_r(copy, " ", &save); w && n < 500; w = strtok_r(NULL, " ", &save))
		words[n++] = w;
	unsigned edits = (unsigned)(rnd() % 4);
	for (unsigned e = 0; e < edits; e++) {
		unsigned op = (unsigned)(rnd() % 3);
		size_t at = n ? rnd() % n : 0;
		if (op == 0 && n)
			words[at] = (char *)pick_word(vocab);
		else if (op == 1 && n) {
			memmove(words + at, words + at + 1, (n - at - 1) * sizeof(*words));
			n--;
		} else if (n < 500) {
			memmove(words + at + 1, words + at, (n - at) * sizeof(*words));
			words[at] = (char *)pick_word(vocab);
			n++;
		}
	}
	char buf[8192];
	size_t o = 0;
	buf[0] = '\0';
	for (size_t i = 0; i < n && o < sizeof(buf); i++)
		o += (size_t)snprintf(buf + o, sizeof(buf) - o, "%s%s", i ? " " : "", words[i]);
	free(copy);
	return strdup(buf);
}

static int cmp_match(const void *a, const void *b)
{
	const struct tm_match *x = a, *y = b;
	if (x->score != y->score)
		return x->score > y->score ? -1 : 1;
	if (x->rank != y->rank)
		return x->rank > y->rank ? -1 : 1;
	return x->id > y->id ? -1 : x->id < y->id;
}

/* The oracle: score every live unit, sort, cut. */
/* The scope filter some queries use: units whose payload (id * 3) is odd, "another account's" not. */
static bool odd_payload(void *ctx, uint64_t payload)
{
	(void)ctx;
	return payload % 2 == 1;
}

static size_t oracle(const struct unit *u, size_t nu, const char *q, uint64_t qctx, int t,
		     size_t k, bool odd_only, struct tm_match *out)
{
	struct tm_tokens tq = { 0 };
	struct tm_match *all = malloc((nu + 1) * sizeof(*all));
	size_t na = 0;
	tm_tokenize(odict, true, q, strlen(q), &tq);
	for (size_t i = 0; i < nu; i++) {
		if (!u[i].live || (odd_only && !odd_payload(NULL, u[i].id * 3)))
			continue;
		const struct tm_tokens tu = u[i].tok;
		bool raw = strcmp(q, u[i].text) == 0;
		bool ctx = raw && qctx && qctx == u[i].ctx;
		struct tm_score_info info;
		tm_score_seq(tm_seq_of(&tq), tm_seq_of(&tu), raw, ctx, &info, NULL);
		if (info.score < t)
			continue;
		struct tm_match m = { u[i].id, u[i].id * 3, u[i].rank, info.score, info.d, info.auto_subst };
		all[na++] = m;
	}
	qsort(all, na, sizeof(*all), cmp_match);
	if (na > k)
		na = k;
	memcpy(out, all, na * sizeof(*out));
	free(all);
	tm_tokens_release(&tq);
	return na;
}

/* Whether two answers are the same (told on stderr when not); threads other than the test's call it. */
static bool same_answer(const struct tm_match *a, size_t na, const struct tm_match *b, size_t nb,
			const char *q, int t, size_t k, const char *what)
{
	bool ok = na == nb;
	for (size_t i = 0; ok && i < na; i++)
		ok = a[i].id == b[i].id && a[i].score == b[i].score && a[i].d == b[i].d &&
		     a[i].auto_subst == b[i].auto_subst && a[i].payload == b[i].payload;
	if (!ok) {
		print_error("%s differs for \"%s\" t=%d k=%zu: %zu vs %zu matches\n", what, q, t, k, na, nb);
		for (size_t i = 0; i < na || i < nb; i++)
			print_error("  %zu: %llu/%d  %llu/%d\n", i,
				    i < na ? (unsigned long long)a[i].id : 0ull, i < na ? a[i].score : -1,
				    i < nb ? (unsigned long long)b[i].id : 0ull, i < nb ? b[i].score : -1);
	}
	return ok;
}

static void same(const struct tm_match *a, size_t na, const struct tm_match *b, size_t nb,
		 const char *q, int t, size_t k, const char *what)
{
	assert_true(same_answer(a, na, b, nb, q, t, k, what));
}

static void run_corpus(unsigned n_units, unsigned vocab, unsigned maxlen, unsigned n_queries,
		       int threads)
{
	static const int thresholds[] = { 0, 1, 30, 50, 67, 70, 75, 85, 95, 99, 100, 101 };
	static const size_t ks[] = { 1, 2, 5, 20 };
	struct unit *u = calloc(n_units * 2, sizeof(*u));
	size_t nu = 0;
	struct tm_index *ix = tm_index_new();
	struct tm_match a[20], b[20], c[20];
	odict = tm_dict_new();

	tm_index_threads(ix, threads, 0, 0);	/* 2: the second thread even on small corpora */
	tm_index_bulk(ix);
	for (unsigned i = 0; i < n_units; i++, nu++) {
		u[nu].id = 1000 + nu * 7;
		u[nu].ctx = rnd() % 3;
		u[nu].rank = (uint32_t)(rnd() % 3);
		u[nu].text = nu && rnd() % 3 == 0 ? mutate(u[rnd() % nu].text, vocab) : random_text(vocab, maxlen);
		u[nu].live = true;
		oracle_tokens(&u[nu]);
		tm_index_add(ix, u[nu].id, u[nu].text, strlen(u[nu].text), u[nu].ctx, u[nu].rank, u[nu].id * 3);
	}
	tm_index_build(ix);
	for (int phase = 0; phase < 2; phase++) {
		if (phase == 1) {
			/* a delta, replacements and removals after the build */
			for (unsigned i = 0; i < n_units / 4; i++, nu++) {
				u[nu].id = 1000 + nu * 7;
				u[nu].ctx = rnd() % 3;
				u[nu].rank = (uint32_t)(rnd() % 3);
				u[nu].text = mutate(u[rnd() % nu].text, vocab);
				u[nu].live = true;
				oracle_tokens(&u[nu]);
				tm_index_add(ix, u[nu].id, u[nu].text, strlen(u[nu].text), u[nu].ctx,
					     u[nu].rank, u[nu].id * 3);
			}
			for (unsigned i = 0; i < n_units / 10; i++) {
				size_t v = rnd() % nu;
				if (!u[v].live)
					continue;
				if (rnd() % 2) {
					assert_true(tm_index_remove(ix, u[v].id));
					u[v].live = false;
				} else {
					free(u[v].text);
					u[v].text = random_text(vocab, maxlen);
					oracle_tokens(&u[v]);
					tm_index_add(ix, u[v].id, u[v].text, strlen(u[v].text), u[v].ctx,
						     u[v].rank, u[v].id * 3);
				}
			}
		}
		for (unsigned i = 0; i < n_queries; i++) {
			char *q = rnd() % 2 ? mutate(u[rnd() % nu].text, vocab) : random_text(vocab, maxlen);
			if (rnd() % 8 == 0) {
				free(q);
				q = strdup(u[rnd() % nu].text);
			}
			uint64_t qctx = rnd() % 3;
			int t = thresholds[rnd() % (sizeof(thresholds) / sizeof(thresholds[0]))];
			size_t k = ks[rnd() % (sizeof(ks) / sizeof(ks[0]))];
			bool odd_only = rnd() % 2;
			struct tm_query tq = { q, strlen(q), qctx, t, k, odd_only ? odd_payload : NULL, NULL };
			size_t na = oracle(u, nu, q, qctx, t, k, odd_only, a);
			size_t nb = tm_index_search(ix, &tq, b);
			size_t nc = tm_index_scan(ix, &tq, c);
			same(a, na, b, nb, q, t, k, "search");
			same(a, na, c, nc, q, t, k, "scan");
			free(q);
		}
	}
	struct tm_index_stats st;
	tm_index_stats(ix, &st);
	size_t live = 0;
	for (size_t i = 0; i < nu; i++)
		live += u[i].live;
	assert_int_equal(st.units, live);
	for (size_t i = 0; i < nu; i++) {
		free(u[i].text);
		tm_tokens_release(&u[i].tok);
	}
	free(u);
	tm_dict_free(odict);
	tm_index_free(ix);
}

static void test_small_vocab(void **state)
{
	(void)state;
	run_corpus(2000, 8, 12, 250, 1);	/* many ties and near matches */
}

static void test_larger(void **state)
{
	(void)state;
	run_corpus(4000, 40, 30, 250, 2);
}

static void test_short(void **state)
{
	(void)state;
	run_corpus(3000, 20, 5, 250, 2);
}

static void test_small_vocab_threads(void **state)
{
	(void)state;
	run_corpus(2000, 8, 12, 250, 2);
}

/* Same answers as the scan: the other oracle, cheap enough for bigger corpora. */
static void check_against_scan(struct tm_index *ix, const char **texts, size_t n, unsigned vocab)
{
	struct tm_match a[5], b[5];
	for (int i = 0; i < 200; i++) {
		char *q = rnd() % 2 ? mutate(texts[rnd() % n], vocab) : random_text(vocab, 12);
		struct tm_query tq = { .text = q, .len = strlen(q), .min_score = 60 + (int)(rnd() % 40), .k = 5 };
		size_t na = tm_index_search(ix, &tq, a), nb = tm_index_scan(ix, &tq, b);
		same(b, nb, a, na, q, tq.min_score, 5, "search after automatic builds");
		free(q);
	}
}

static void test_automatic_build(void **state)
{
	(void)state;
	struct tm_index *ix = tm_index_new();
	size_t n = TM_DELTA_MAX * 2 + 100;
	char **texts = calloc(n, sizeof(*texts));
	for (size_t i = 0; i < n; i++) {
		texts[i] = random_text(30, 12);
		tm_index_add(ix, i + 1, texts[i], strlen(texts[i]), 0, 0, i);
		tm_index_wait(ix);	/* the build this add started, if any, is done */
	}
	struct tm_index_stats st;
	tm_index_stats(ix, &st);
	assert_int_equal(st.units, n);
	assert_int_equal(st.static_units, TM_DELTA_MAX * 2);	/* two automatic builds */
	assert_int_equal(st.delta_units, 100);
	assert_int_equal(st.builds, 2);
	assert_false(st.building);
	check_against_scan(ix, (const char **)texts, n, 30);
	for (size_t i = 0; i < n; i++)
		free(texts[i]);
	free(texts);
	tm_index_free(ix);
}

struct reader {
	struct tm_index *ix;
	int found;
};

static void *read_loop(void *arg)
{
	struct reader *r = arg;
	struct tm_match m[5];
	for (int i = 0; i < 3000; i++) {
		struct tm_query q = { .text = "save the file", .len = 13, .min_score = 50, .k = 5 };
		r->found += tm_index_search(r->ix, &q, m) > 0;
	}
	return NULL;
}

/* Searches on two threads while a third adds, removes and builds (ASan/TSan smoke test). */
static void test_concurrent(void **state)
{
	(void)state;
	struct tm_index *ix = tm_index_new();
	tm_index_add(ix, 1, "save the file", 13, 0, 0, 0);
	tm_index_build(ix);
	struct reader r[2] = { { ix, 0 }, { ix, 0 } };
	pthread_t th[2];
	for (int i = 0; i < 2; i++)
		assert_int_equal(pthread_create(&th[i], NULL, read_loop, &r[i]), 0);
	for (uint64_t i = 2; i < 3000; i++) {
		char *t = random_text(30, 8);
		tm_index_add(ix, i, t, strlen(t), 0, 0, i);
		if (i % 7 == 0)
			tm_index_remove(ix, i - 3);
		if (i % 1000 == 0)
			tm_index_build(ix);
		free(t);
	}
	for (int i = 0; i < 2; i++)
		pthread_join(th[i], NULL);
	assert_int_equal(r[0].found, 3000);	/* unit 1 is never removed */
	assert_int_equal(r[1].found, 3000);
	tm_index_free(ix);
}

/* ---- writes while a build runs ---- */

/* The units the index should hold, kept beside it (the oracle's side). */
struct corpus {
	struct tm_index *ix;
	struct unit *u;
	size_t n, cap, live;
	unsigned vocab, maxlen;
	size_t failed;		/* removes of a live unit that found none (no cmocka assert off its thread) */
};

static void corpus_add(struct corpus *c)
{
	if (c->n == c->cap) {
		c->cap = c->cap ? 2 * c->cap : 1024;
		c->u = realloc(c->u, c->cap * sizeof(*c->u));
	}
	struct unit *u = &c->u[c->n];
	memset(u, 0, sizeof(*u));
	u->id = 1000 + c->n * 7;
	u->ctx = rnd() % 3;
	u->rank = (uint32_t)(rnd() % 3);
	u->text = c->n && rnd() % 3 == 0 ? mutate(c->u[rnd() % c->n].text, c->vocab)
					 : random_text(c->vocab, c->maxlen);
	u->live = true;
	oracle_tokens(u);
	tm_index_add(c->ix, u->id, u->text, strlen(u->text), u->ctx, u->rank, u->id * 3);
	c->n++;
	c->live++;
}

/* A random live unit, or NULL. */
static struct unit *corpus_pick(struct corpus *c)
{
	for (int tries = 0; tries < 20 && c->live; tries++) {
		struct unit *u = &c->u[rnd() % c->n];
		if (u->live)
			return u;
	}
	return NULL;
}

static void corpus_remove(struct corpus *c, struct unit *u)
{
	c->failed += !tm_index_remove(c->ix, u->id);
	u->live = false;
	c->live--;
}

/* The same id, a new text. */
static void corpus_replace(struct corpus *c, struct unit *u)
{
	free(u->text);
	u->text = random_text(c->vocab, c->maxlen);
	oracle_tokens(u);
	tm_index_add(c->ix, u->id, u->text, strlen(u->text), u->ctx, u->rank, u->id * 3);
}

/* One write: an add, a remove or a replacement, of any unit. */
static void corpus_write(struct corpus *c)
{
	unsigned op = (unsigned)(rnd() % 4);
	struct unit *u = op ? corpus_pick(c) : NULL;
	if (!u || op == 1)
		corpus_add(c);
	else if (op == 2)
		corpus_remove(c, u);
	else
		corpus_replace(c, u);
}

static void corpus_free(struct corpus *c)
{
	for (size_t i = 0; i < c->n; i++) {
		free(c->u[i].text);
		tm_tokens_release(&c->u[i].tok);
	}
	free(c->u);
}

/* Every answer as the oracle's (n_oracle queries) and the scan's (n_scan). */
static void corpus_check(struct corpus *c, int n_oracle, int n_scan)
{
	struct tm_match a[20], b[20];
	for (int i = 0; i < n_oracle || i < n_scan; i++) {
		char *q = rnd() % 2 ? mutate(c->u[rnd() % c->n].text, c->vocab)
				    : random_text(c->vocab, c->maxlen);
		int t = 50 + (int)(rnd() % 52);
		size_t k = 1 + rnd() % 10;
		struct tm_query tq = { q, strlen(q), rnd() % 3, t, k, NULL, NULL };
		size_t nb = tm_index_search(c->ix, &tq, b);
		if (i < n_oracle) {
			size_t na = oracle(c->u, c->n, q, tq.ctx_hash, t, k, false, a);
			same(a, na, b, nb, q, t, k, "search after writes during builds");
		}
		if (i < n_scan) {
			size_t na = tm_index_scan(c->ix, &tq, a);
			same(a, na, b, nb, q, t, k, "scan after writes during builds");
		}
		free(q);
	}
	struct tm_index_stats st;
	tm_index_stats(c->ix, &st);
	assert_int_equal(st.units, c->live);
	assert_int_equal(c->failed, 0);
}

/*
 * Removes, replacements and adds between a build's snapshot and its swap
 * (the add that starts it returns at once, the test writes until it has
 * ended): none may be lost, no removed unit may come back.
 */
static void test_writes_during_build(void **state)
{
	(void)state;
	struct corpus c = { .ix = tm_index_new(), .vocab = 30, .maxlen = 12 };
	odict = tm_dict_new();
	tm_index_bulk(c.ix);
	for (int i = 0; i < 30000; i++)
		corpus_add(&c);
	tm_index_build(c.ix);
	for (int round = 0; round < 3; round++) {
		struct tm_index_stats st;
		tm_index_stats(c.ix, &st);
		size_t builds = st.builds, during = 0;
		while (st.delta_units < TM_DELTA_MAX - 1) {	/* up to the add before a build */
			corpus_add(&c);
			tm_index_stats(c.ix, &st);
		}
		corpus_add(&c);		/* starts it */
		do {
			struct unit *u = corpus_pick(&c);
			if (u && during % 2 == 0)
				corpus_remove(&c, u);	/* mostly units the build copied */
			else if (u && during % 4 == 1)
				corpus_replace(&c, u);
			else
				corpus_add(&c);
			tm_index_stats(c.ix, &st);
			during += st.building;	/* the write came before the swap */
		} while (st.building && during < 2000);
		assert_true(during > 0);
		/* then no writes: answers before the swap (the old part, the
		 * removes, the delta), across it and after it */
		size_t before = 0;
		for (; st.building; before++) {
			corpus_check(&c, before == 0, 1);
			tm_index_stats(c.ix, &st);
		}
		/* the writes during one build may have started the next */
		assert_true(st.builds > builds);
		print_message("build %d: %zu writes while it ran, then %zu searches checked (%.1f ms, lock held %.3f ms)\n",
			      round, during, before, st.build_seconds * 1e3, st.lock_seconds * 1e3);
		corpus_check(&c, 40, 100);
	}
	tm_index_build(c.ix);	/* and folded in by the next build */
	corpus_check(&c, 40, 100);
	tm_index_free(c.ix);
	corpus_free(&c);
	tm_dict_free(odict);
}

/* Shared by the writer and the readers of test_concurrent_builds. */
struct race {
	struct corpus c;
	size_t builds_wanted;
	atomic_bool done;
	double max_build, max_lock;		/* the writer's, seconds */
	char *queries[64];
};

struct race_reader {
	struct race *r;
	uint64_t rng;
	size_t compared, during_build, across_swap, searches_building, searches, failed;
	double max_search_building, max_search;	/* seconds */
};

static double mono(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/*
 * Writes until the index has made builds_wanted builds, pausing now and
 * then so that the readers see moments without writes.
 */
static void *race_writer(void *arg)
{
	struct race *r = arg;
	struct tm_index_stats st;
	size_t ops = 0;
	do {
		corpus_write(&r->c);
		if (++ops % 256 == 0) {
			struct timespec ms = { 0, 1000000 };
			nanosleep(&ms, NULL);
		}
		tm_index_stats(r->c.ix, &st);
		if (st.build_seconds > r->max_build)
			r->max_build = st.build_seconds;
		if (st.lock_seconds > r->max_lock)
			r->max_lock = st.lock_seconds;
	} while (st.builds < r->builds_wanted && ops < 2000000);
	atomic_store(&r->done, true);
	return NULL;
}

/*
 * Search, then scan: when no write came between (the index's write count
 * the same before and after), both read the same units, so the answers
 * must be the same, a build running or swapped in between or not.
 */
static void *race_reader(void *arg)
{
	struct race_reader *rr = arg;
	struct tm_index *ix = rr->r->c.ix;
	struct tm_match a[10], b[10];
	while (!atomic_load(&rr->r->done)) {
		rr->rng = rr->rng * 6364136223846793005ull + 1442695040888963407ull;
		const char *q = rr->r->queries[(rr->rng >> 33) % 64];
		struct tm_query tq = { q, strlen(q), 0, 60 + (int)((rr->rng >> 20) % 41), 1 + (rr->rng >> 40) % 10,
				       NULL, NULL };
		struct tm_index_stats s0, s1;
		tm_index_stats(ix, &s0);
		double t0 = mono();
		size_t na = tm_index_search(ix, &tq, a);
		double t = mono() - t0;
		size_t nb = tm_index_scan(ix, &tq, b);
		tm_index_stats(ix, &s1);
		if (s0.building || s1.building) {
			rr->searches_building++;
			if (t > rr->max_search_building)
				rr->max_search_building = t;
		} else {
			rr->searches++;
			if (t > rr->max_search)
				rr->max_search = t;
		}
		if (s0.writes != s1.writes)
			continue;
		rr->failed += !same_answer(b, nb, a, na, q, tq.min_score, tq.k, "search beside a build");
		rr->compared++;
		rr->during_build += s0.building || s1.building;
		rr->across_swap += s0.builds != s1.builds;
	}
	return NULL;
}

/*
 * A writer adding, removing and replacing units so that the index rebuilds
 * itself several times, two readers comparing the search with the scan all
 * along; then every answer with the oracle's.
 */
static void test_concurrent_builds(void **state)
{
	(void)state;
	struct race r = { .c = { .ix = tm_index_new(), .vocab = 30, .maxlen = 12 } };
	odict = tm_dict_new();
	for (int i = 0; i < 64; i++)
		r.queries[i] = random_text(30, 12);
	tm_index_bulk(r.c.ix);
	for (int i = 0; i < 5000; i++)
		corpus_add(&r.c);
	tm_index_build(r.c.ix);
	for (int i = 0; i < 32; i++) {	/* near-duplicates of units too */
		free(r.queries[i]);
		r.queries[i] = mutate(r.c.u[rnd() % r.c.n].text, 30);
	}
	r.builds_wanted = 1 + 5;
	atomic_init(&r.done, false);
	struct race_reader rr[2] = { { .r = &r, .rng = 1 }, { .r = &r, .rng = 2 } };
	pthread_t w, th[2];
	assert_int_equal(pthread_create(&w, NULL, race_writer, &r), 0);
	for (int i = 0; i < 2; i++)
		assert_int_equal(pthread_create(&th[i], NULL, race_reader, &rr[i]), 0);
	pthread_join(w, NULL);
	for (int i = 0; i < 2; i++)
		pthread_join(th[i], NULL);
	tm_index_wait(r.c.ix);

	struct tm_index_stats st;
	tm_index_stats(r.c.ix, &st);
	assert_true(st.builds >= r.builds_wanted);
	size_t compared = rr[0].compared + rr[1].compared;
	size_t during = rr[0].during_build + rr[1].during_build;
	size_t across = rr[0].across_swap + rr[1].across_swap;
	size_t searching = rr[0].searches_building + rr[1].searches_building;
	size_t other = rr[0].searches + rr[1].searches;
	double max_search = rr[0].max_search_building > rr[1].max_search_building
				    ? rr[0].max_search_building : rr[1].max_search_building;
	double max_other = rr[0].max_search > rr[1].max_search ? rr[0].max_search : rr[1].max_search;
	print_message("%zu builds of %zu-%zu units; %zu searches equal to the scan (%zu beside a build, "
		      "%zu across a swap)\n", st.builds, (size_t)5000, st.units, compared, during, across);
	print_message("longest search while a build ran %.2f ms (of %zu), otherwise %.2f ms (of %zu); "
		      "longest build %.1f ms, write lock held at most %.3f ms\n", max_search * 1e3, searching,
		      max_other * 1e3, other, r.max_build * 1e3, r.max_lock * 1e3);
	assert_int_equal(rr[0].failed + rr[1].failed, 0);
	assert_true(compared > 0);
	assert_true(during > 0);
	corpus_check(&r.c, 40, 200);
	for (int i = 0; i < 64; i++)
		free(r.queries[i]);
	tm_index_free(r.c.ix);
	corpus_free(&r.c);
	tm_dict_free(odict);
}

/* Freeing an index while its build runs stops the build (ASan: nothing leaks or is used after). */
static void test_free_while_building(void **state)
{
	(void)state;
	struct tm_index *ix = tm_index_new();
	char text[64];
	for (int i = 0; i < 40000; i++) {
		snprintf(text, sizeof(text), "unit %d of the index %d", i, i % 97);
		tm_index_add(ix, (uint64_t)i + 1, text, strlen(text), 0, 0, 0);
	}
	struct tm_index_stats st;
	tm_index_stats(ix, &st);
	assert_true(st.builds + st.building >= 1);
	tm_index_free(ix);
}

/* An index never built (all its units in the delta) answers at every threshold, as the scan does. */
static void test_never_built(void **state)
{
	(void)state;
	struct tm_index *ix = tm_index_new();
	const char *texts[] = { "Save the file", "Save the files", "Open the settings", "Delete 5 files" };
	for (size_t i = 0; i < 4; i++)
		tm_index_add(ix, i + 1, texts[i], strlen(texts[i]), 0, 0, 0);
	for (int t = 0; t <= 101; t += 1) {
		struct tm_match a[4], b[4];
		struct tm_query q = { .text = "Save the file", .len = 13, .min_score = t, .k = 4 };
		size_t na = tm_index_search(ix, &q, a), nb = tm_index_scan(ix, &q, b);
		assert_int_equal(na, nb);
		for (size_t i = 0; i < na; i++)
			assert_true(a[i].id == b[i].id && a[i].score == b[i].score);
	}
	tm_index_free(ix);
}

static void test_explain(void **state)
{
	(void)state;
	struct tm_index *ix = tm_index_new();
	const char *s = "Delete 3 files from the server";
	tm_index_add(ix, 1, s, strlen(s), tm_hash("k", 1), 0, 42);
	tm_index_build(ix);
	struct tm_match m[5];
	struct tm_query q = { .text = "delete 5 files from the server", .len = 30, .min_score = 70, .k = 5 };
	assert_int_equal(tm_index_search(ix, &q, m), 1);
	assert_int_equal(m[0].payload, 42);
	struct tm_score_info info;
	struct tm_alignment al = { 0 };
	int sc = tm_index_explain(ix, &q, s, strlen(s), tm_hash("k", 1), &info, &al, NULL, NULL);
	assert_int_equal(sc, m[0].score);
	assert_int_equal(sc, 99);	/* case 0.5 + number 1: 98.5 rounds up */
	assert_true(info.auto_subst == false);
	assert_true(al.n >= 2);
	q.text = s;
	q.len = strlen(s);
	q.ctx_hash = tm_hash("k", 1);
	assert_int_equal(tm_index_search(ix, &q, m), 1);
	assert_int_equal(m[0].score, 101);
	tm_alignment_release(&al);
	tm_index_free(ix);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_never_built),
		cmocka_unit_test(test_explain),
		cmocka_unit_test(test_automatic_build),
		cmocka_unit_test(test_concurrent),
		cmocka_unit_test(test_writes_during_build),
		cmocka_unit_test(test_concurrent_builds),
		cmocka_unit_test(test_free_while_building),
		cmocka_unit_test(test_small_vocab),
		cmocka_unit_test(test_small_vocab_threads),
		cmocka_unit_test(test_short),
		cmocka_unit_test(test_larger),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
