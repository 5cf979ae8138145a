/*
 * bench/tm: build a TM index of N generated units and time fuzzy queries
 * against it, next to the exhaustive scan with the same score (the
 * reference: the same answers, found by scoring every unit).
 *
 *	bench_tm N [queries=200] [scan_queries=queries] [seed=1]
 *
 * Corpus (docs/tm.md, "Bench"): pseudo-words built from syllables with
 * Zipfian frequencies (s = 1 over 50,000 words); segment lengths as in
 * Weblate #18698 (44% under 30 characters, 30% 30-100, 26% over 100); a
 * capital first letter, some numbers and a closing mark; 30% of segments
 * are near-duplicates (1-3 token edits) of earlier ones.  Queries: half
 * near-duplicates of units, half fresh segments; top 5, threshold 70.
 * TM_THREADS=2 lets expensive searches use a second thread (tm_index_threads).
 * TM_DUMP=DIR writes the units and the queries with the index's answers
 * there, for bench/tm/pg_trgm.py (the same queries through PostgreSQL).
 *
 * Last, a rebuild beside searches: TM_DELTA_MAX adds start an automatic
 * rebuild of the N units; while it runs, the main thread goes on adding a
 * unit a millisecond (as the sync thread would) and another thread searches
 * without pause; the latencies of the searches issued during the build and
 * of those adds, next to the build's time and how long it held the lock,
 * and those of the same searches for half a second before, with the delta
 * as full but no build running.
 */
#include "tm/index.h"

#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define VOCAB 50000

static uint64_t rng_state = 1;

static uint64_t rnd(void)
{
	uint64_t x = rng_state;
	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	return rng_state = x;
}

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static long rss_kb(void)
{
	FILE *f = fopen("/proc/self/status", "r");
	char line[256];
	long kb = -1;
	while (f && fgets(line, sizeof(line), f))
		if (strncmp(line, "VmRSS:", 6) == 0)
			kb = atol(line + 6);
	if (f)
		fclose(f);
	return kb;
}

/* The machine is shared: the load average goes next to the figures. */
static const char *loadavg(void)
{
	static char line[128] = "?\n";
	FILE *f = fopen("/proc/loadavg", "r");
	if (f) {
		if (!fgets(line, sizeof(line), f))
			strcpy(line, "?\n");
		fclose(f);
	}
	return line;
}

static char *words[VOCAB];
static double cdf[VOCAB];

static void make_vocab(void)
{
	static const char *syl[] = { "ka", "to", "ri", "men", "sa", "lo", "ve", "dan", "pi", "ur",
		"el", "mo", "ti", "gra", "ne", "sol", "ba", "ru", "fi", "ces", "do", "la", "qui",
		"ste", "an", "or", "pe", "mi", "zu", "ho", "ter", "vi" };
	size_t ns = sizeof(syl) / sizeof(syl[0]);
	double h = 0;
	for (int r = 0; r < VOCAB; r++) {
		char w[64] = "";
		int n = 1 + (int)(rnd() % 3) + (r > 500) + (r > 10000);
		for (int i = 0; i < n; i++)
			strcat(w, syl[rnd() % ns]);
		words[r] = strdup(w);
		h += 1.0 / (r + 1);
		cdf[r] = h;
	}
	for (int r = 0; r < VOCAB; r++)
		cdf[r] /= h;
}

static const char *zipf_word(void)
{
	double u = (double)(rnd() >> 11) / 9007199254740992.0;
	size_t lo = 0, hi = VOCAB - 1;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (cdf[mid] < u)
			lo = mid + 1;
		else
			hi = mid;
	}
	return words[lo];
}

static size_t fresh(char *out, size_t cap)
{
	unsigned r = (unsigned)(rnd() % 100);
	size_t target = r < 44 ? 8 + rnd() % 22 : r < 74 ? 30 + rnd() % 71 : 101 + rnd() % 200;
	size_t o = 0;
	while (o < target && o + 40 < cap) {
		if (rnd() % 25 == 0)
			o += (size_t)snprintf(out + o, cap - o, "%s%u", o ? " " : "", (unsigned)(rnd() % 1000));
		else
			o += (size_t)snprintf(out + o, cap - o, "%s%s", o ? " " : "", zipf_word());
	}
	if (o && out[0] >= 'a' && out[0] <= 'z')
		out[0] = (char)(out[0] - 32);
	if (rnd() % 2 && o + 2 < cap)
		out[o++] = ".?!:"[rnd() % 4];
	out[o] = '\0';
	return o;
}

/* 1-3 word edits of src */
static size_t near_dup(const char *src, char *out, size_t cap)
{
	const char *w[1024];
	size_t wl[1024], n = 0;
	for (const char *p = src; *p && n < 1000;) {
		while (*p == ' ')
			p++;
		if (!*p)
			break;
		const char *e = strchr(p, ' ');
		if (!e)
			e = p + strlen(p);
		w[n] = p;
		wl[n++] = (size_t)(e - p);
		p = e;
	}
	int edits = 1 + (int)(rnd() % 3);
	for (int e = 0; e < edits; e++) {
		int op = (int)(rnd() % 3);
		size_t at = n ? rnd() % n : 0;
		const char *nw = zipf_word();
		if (op == 0 && n) {
			w[at] = nw;
			wl[at] = strlen(nw);
		} else if (op == 1 && n > 1) {
			memmove(w + at, w + at + 1, (n - at - 1) * sizeof(*w));
			memmove(wl + at, wl + at + 1, (n - at - 1) * sizeof(*wl));
			n--;
		} else if (n < 1000) {
			memmove(w + at + 1, w + at, (n - at) * sizeof(*w));
			memmove(wl + at + 1, wl + at, (n - at) * sizeof(*wl));
			w[at] = nw;
			wl[at] = strlen(nw);
			n++;
		}
	}
	size_t o = 0;
	for (size_t i = 0; i < n && o + wl[i] + 2 < cap; i++) {
		if (i)
			out[o++] = ' ';
		memcpy(out + o, w[i], wl[i]);
		o += wl[i];
	}
	out[o] = '\0';
	return o;
}

/* A text in COPY's text format: the corpus has no tabs or newlines, but be exact. */
static void put_copy_text(FILE *f, const char *s)
{
	for (; *s; s++) {
		if (*s == '\\' || *s == '\t' || *s == '\n' || *s == '\r')
			fputc('\\', f);
		fputc(*s == '\t' ? 't' : *s == '\n' ? 'n' : *s == '\r' ? 'r' : *s, f);
	}
}

/*
 * DIR/units.tsv: id, text (ids as the index has them); DIR/queries.tsv:
 * number, text, the index's latency in ms, its answer as id:score,...
 */
static int dump(const char *dir, const char *pool, const size_t *off, size_t n, char **qs,
		size_t nq, const double *lat, struct tm_match (*res)[5], const size_t *nres)
{
	char path[4096];
	snprintf(path, sizeof(path), "%s/units.tsv", dir);
	FILE *f = fopen(path, "w");
	if (!f)
		return -1;
	for (size_t i = 0; i < n; i++) {
		fprintf(f, "%zu\t", i + 1);
		put_copy_text(f, pool + off[i]);
		fputc('\n', f);
	}
	if (fclose(f))
		return -1;
	snprintf(path, sizeof(path), "%s/queries.tsv", dir);
	if (!(f = fopen(path, "w")))
		return -1;
	for (size_t i = 0; i < nq; i++) {
		fprintf(f, "%zu\t", i);
		put_copy_text(f, qs[i]);
		fprintf(f, "\t%.4f\t", lat[i]);
		for (size_t j = 0; j < nres[i]; j++)
			fprintf(f, "%s%llu:%d", j ? "," : "", (unsigned long long)res[i][j].id,
				res[i][j].score);
		fputc('\n', f);
	}
	return fclose(f) ? -1 : 0;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

static double pct(const double *v, size_t n, double p)
{
	size_t i = (size_t)ceil(p * (double)n) - 1;
	return v[i >= n ? n - 1 : i];
}

/* ---- a rebuild beside searches ---- */

/* A thread searching without pause; the phase says where its latencies go. */
enum { PH_NONE, PH_IDLE, PH_BUILD, PH_STOP };

struct lat {
	double *v;		/* ms */
	size_t n, cap;
};

struct searcher {
	struct tm_index *ix;
	char **qs;
	size_t nq;
	atomic_int phase;
	struct lat idle, build;	/* a full delta and no build; a build running */
};

static void lat_add(struct lat *l, double ms)
{
	if (l->n == l->cap) {
		l->cap = l->cap ? 2 * l->cap : 4096;
		l->v = realloc(l->v, l->cap * sizeof(*l->v));
	}
	l->v[l->n++] = ms;
}

static void *search_loop(void *arg)
{
	struct searcher *s = arg;
	struct tm_match m[5];
	for (size_t i = 0;; i++) {
		int phase = atomic_load(&s->phase);
		if (phase == PH_STOP)
			break;
		const char *q = s->qs[i % s->nq];
		struct tm_query tq = { .text = q, .len = strlen(q), .min_score = 70, .k = 5 };
		struct tm_index_stats st;
		tm_index_stats(s->ix, &st);
		double t0 = now();
		tm_index_search(s->ix, &tq, m);
		double t = (now() - t0) * 1e3;
		if (phase == PH_IDLE)
			lat_add(&s->idle, t);
		else if (phase == PH_BUILD && st.building)
			lat_add(&s->build, t);
	}
	return NULL;
}

static void lat_print(const char *what, struct lat *l)
{
	if (!l->n)
		return;
	double sum = 0;
	for (size_t i = 0; i < l->n; i++)
		sum += l->v[i];
	qsort(l->v, l->n, sizeof(*l->v), cmp_double);
	printf("  searches %-9s %5zu: median %.3f ms, p99 %.3f ms, mean %.3f ms, max %.3f ms\n", what, l->n,
	       pct(l->v, l->n, 0.5), pct(l->v, l->n, 0.99), sum / (double)l->n, l->v[l->n - 1]);
}

/* Near-duplicates of the corpus as new units, ids from *next_id. */
static double add_unit(struct tm_index *ix, const char *pool, const size_t *off, size_t N,
		       uint64_t *next_id)
{
	char buf[4096];
	size_t n = near_dup(pool + off[rnd() % N], buf, sizeof(buf));
	double t0 = now();
	tm_index_add(ix, *next_id, buf, n, 0, 0, *next_id);
	(*next_id)++;
	return (now() - t0) * 1e3;
}

static void rebuild_beside_searches(struct tm_index *ix, char **qs, size_t nq, const char *pool,
				    const size_t *off, size_t N)
{
	struct searcher s = { .ix = ix, .qs = qs, .nq = nq };
	atomic_init(&s.phase, PH_NONE);
	pthread_t th;
	if (pthread_create(&th, NULL, search_loop, &s) != 0) {
		fprintf(stderr, "bench_tm: no search thread\n");
		return;
	}
	uint64_t id = N + 1;
	struct tm_index_stats st;
	tm_index_stats(ix, &st);
	size_t builds = st.builds;
	for (size_t i = 0; i + 1 < TM_DELTA_MAX; i++)
		add_unit(ix, pool, off, N, &id);
	/* the same delta without a build, for comparison */
	atomic_store(&s.phase, PH_IDLE);
	struct timespec half = { 0, 500000000 };
	nanosleep(&half, NULL);
	atomic_store(&s.phase, PH_BUILD);
	add_unit(ix, pool, off, N, &id);	/* starts the build */
	double t0 = now(), add_max = 0;
	size_t adds = 0;
	for (;;) {
		tm_index_stats(ix, &st);
		if (!st.building)
			break;
		double t = add_unit(ix, pool, off, N, &id);
		adds++;
		if (t > add_max)
			add_max = t;
		struct timespec ms = { 0, 1000000 };
		nanosleep(&ms, NULL);
	}
	double waited = now() - t0;
	atomic_store(&s.phase, PH_STOP);
	pthread_join(th, NULL);
	printf("rebuild beside     %zu units: build %.2f s (seen running %.2f s), write lock held %.2f ms (snapshot and swap); %s\n",
	       st.static_units, st.build_seconds, waited, st.lock_seconds * 1e3,
	       st.builds == builds + 1 ? "one build" : "builds != 1: figures mix");
	printf("  from another thread, top 5 >= 70, a delta of %d units:\n", TM_DELTA_MAX);
	lat_print("no build", &s.idle);
	lat_print("building", &s.build);
	printf("  adds             %zu during the build (one a ms): max %.3f ms; load average %s", adds,
	       add_max, loadavg());
	free(s.idle.v);
	free(s.build.v);
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: bench_tm N [queries] [scan_queries] [seed]\n");
		return 2;
	}
	size_t N = strtoull(argv[1], NULL, 10);
	size_t NQ = argc > 2 ? strtoull(argv[2], NULL, 10) : 200;
	size_t NS = argc > 3 ? strtoull(argv[3], NULL, 10) : NQ;
	rng_state = argc > 4 ? strtoull(argv[4], NULL, 10) * 2654435761u + 1 : 88172645463325252ull;
	if (NS > NQ)
		NS = NQ;
	make_vocab();

	/* the corpus: texts back to back */
	size_t cap = N * 100 + 4096, used = 0;
	char *pool = malloc(cap);
	size_t *off = malloc((N + 1) * sizeof(*off));
	char buf[4096];
	double t0 = now();
	for (size_t i = 0; i < N; i++) {
		size_t n = i && rnd() % 10 < 3 ? near_dup(pool + off[rnd() % i], buf, sizeof(buf))
					       : fresh(buf, sizeof(buf));
		if (used + n + 1 > cap) {
			cap *= 2;
			pool = realloc(pool, cap);
		}
		off[i] = used;
		memcpy(pool + used, buf, n + 1);
		used += n + 1;
	}
	off[N] = used;
	double t_gen = now() - t0;
	size_t tokens_chars = used - N;
	long rss0 = rss_kb();

	struct tm_index *ix = tm_index_new();
	int threads = getenv("TM_THREADS") ? atoi(getenv("TM_THREADS")) : 1;
	tm_index_threads(ix, threads, TM_PARALLEL_MIN, TM_PARALLEL_WORK);
	tm_index_bulk(ix);
	t0 = now();
	for (size_t i = 0; i < N; i++)
		tm_index_add(ix, i + 1, pool + off[i], off[i + 1] - off[i] - 1, 0, 0, i);
	double t_add = now() - t0;
	t0 = now();
	tm_index_build(ix);
	double t_build = now() - t0;
	long rss1 = rss_kb();
	struct tm_index_stats st;
	tm_index_stats(ix, &st);

	printf("units              %zu (generated in %.1f s, %.1f chars and %.1f tokens on average)\n",
	       N, t_gen, (double)tokens_chars / (double)N, (double)st.tokens / (double)N);
	printf("load               %.2f s tokenise + add, %.2f s build (sort + postings): %.2f s, %.0f units/s\n",
	       t_add, t_build, t_add + t_build, (double)N / (t_add + t_build));
	printf("memory             index %.1f MB = %.0f bytes/unit (postings %zu entries, %zu dictionary ids); RSS +%.1f MB = %.0f bytes/unit\n",
	       (double)st.bytes / 1e6, (double)st.bytes / (double)N, st.postings, st.dict_ids,
	       (double)(rss1 - rss0) / 1024.0, (double)(rss1 - rss0) * 1024.0 / (double)N);

	/* the queries */
	char **qs = malloc(NQ * sizeof(*qs));
	for (size_t i = 0; i < NQ; i++) {
		if (i % 2 == 0)
			near_dup(pool + off[rnd() % N], buf, sizeof(buf));
		else
			fresh(buf, sizeof(buf));
		qs[i] = strdup(buf);
	}
	double *lat = malloc(NQ * sizeof(*lat)), *lat_near = malloc(NQ * sizeof(*lat)),
	       *lat_fresh = malloc(NQ * sizeof(*lat));
	size_t nn = 0, nf = 0, found = 0;
	struct tm_match (*res)[5] = malloc(NQ * sizeof(*res));
	size_t *nres = malloc(NQ * sizeof(*nres));
	for (size_t i = 0; i < NQ; i++) {
		struct tm_query q = { .text = qs[i], .len = strlen(qs[i]), .min_score = 70, .k = 5 };
		t0 = now();
		nres[i] = tm_index_search(ix, &q, res[i]);
		lat[i] = (now() - t0) * 1e3;
		found += nres[i] > 0;
		if (i % 2 == 0)
			lat_near[nn++] = lat[i];
		else
			lat_fresh[nf++] = lat[i];
	}
	const char *dir = getenv("TM_DUMP");
	if (dir && *dir && dump(dir, pool, off, N, qs, NQ, lat, res, nres)) {
		perror(dir);
		return 1;
	}
	double sum = 0;
	for (size_t i = 0; i < NQ; i++)
		sum += lat[i];
	qsort(lat, NQ, sizeof(*lat), cmp_double);
	qsort(lat_near, nn, sizeof(*lat), cmp_double);
	qsort(lat_fresh, nf, sizeof(*lat), cmp_double);
	printf("index search       %d thread(s) from %d units; load average %s", threads > 1 ? 2 : 1,
	       TM_PARALLEL_MIN, loadavg());
	printf("index search       %zu queries (top 5, >= 70): median %.3f ms, p99 %.3f ms, mean %.3f ms, max %.3f ms; %zu with a match\n",
	       NQ, pct(lat, NQ, 0.5), pct(lat, NQ, 0.99), sum / (double)NQ, lat[NQ - 1], found);
	printf("  near-duplicates  median %.3f ms, p99 %.3f ms\n", pct(lat_near, nn, 0.5), pct(lat_near, nn, 0.99));
	printf("  fresh            median %.3f ms, p99 %.3f ms\n", pct(lat_fresh, nf, 0.5), pct(lat_fresh, nf, 0.99));

	/* the reference: the exhaustive scan on the first NS queries (both kinds alternate) */
	size_t same = 0, hit = 0, want = 0;
	double *slat = malloc((NS ? NS : 1) * sizeof(*slat)), ssum = 0;
	for (size_t i = 0; i < NS; i++) {
		struct tm_match ref[5];
		struct tm_query q = { .text = qs[i], .len = strlen(qs[i]), .min_score = 70, .k = 5 };
		t0 = now();
		size_t nr = tm_index_scan(ix, &q, ref);
		slat[i] = (now() - t0) * 1e3;
		ssum += slat[i];
		bool ident = nr == nres[i];
		for (size_t j = 0; j < nr; j++) {
			want++;
			for (size_t l = 0; l < nres[i]; l++)
				if (res[i][l].id == ref[j].id) {
					hit++;
					break;
				}
			if (ident && (res[i][j].id != ref[j].id || res[i][j].score != ref[j].score))
				ident = false;
		}
		same += ident;
	}
	if (NS) {
		qsort(slat, NS, sizeof(*slat), cmp_double);
		printf("exhaustive scan    %zu queries: median %.1f ms, p99 %.1f ms, mean %.1f ms (index median %.0fx faster, mean %.0fx)\n",
		       NS, pct(slat, NS, 0.5), pct(slat, NS, 0.99), ssum / (double)NS,
		       pct(slat, NS, 0.5) / pct(lat, NQ, 0.5), (ssum / (double)NS) / (sum / (double)NQ));
		printf("recall@5           %.4f (%zu of %zu reference matches); identical answers %zu/%zu queries\n",
		       want ? (double)hit / (double)want : 1.0, hit, want, same, NS);
	}
	rebuild_beside_searches(ix, qs, NQ, pool, off, N);
	tm_index_free(ix);
	return 0;
}
