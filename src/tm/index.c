/*
 * The in-memory TM index (tm/index.h).  Query plan, per unit length m in the
 * window the threshold allows, nearest to the query's length first:
 *
 *   1. D = the largest edit distance that can still reach the threshold for
 *      L = max(n, m) (tm_max_dist); skip m when |n - m| > D.
 *   2. Count filter: each query token the unit lacks costs one edit per
 *      distinct token, each query token no unit has (TM_ID_UNKNOWN) one per
 *      occurrence, so at most D - unknown distinct query tokens may be missing.
 *   3. Prefix filter: a unit of length m passing 2 holds at least one of any
 *      D - unknown + 1 distinct query tokens, so only the postings (at length
 *      m) of the rarest that many are merged; the other lists complete the
 *      count by search, stopping once too many are missing.
 *   4. A banded Levenshtein with the current bound, then the full score.
 *   5. A heap of the k best; once full, its worst score raises the threshold
 *      and every bound above shrinks.
 *
 * Static units are stored sorted by (token count, insertion order), so the
 * units of one length are a range of slots and each posting list (slots,
 * ascending) is sorted by (length, slot): a length's part of it is found by
 * binary search.  Units added after the build form the delta, scanned with
 * steps 1, 4 and 5.
 *
 * Builds run beside searches and writes.  Under the write lock a build only
 * takes a snapshot (the slot count n, the array pointers, the dictionary's
 * size) and, at its end, swaps its result in.  In between it reads slots
 * [0, n) through the snapshot's pointers with no lock, which is safe because
 * nothing writes or moves them until the swap:
 *
 *   - fields of a slot are written once, by the add that fills it; later adds
 *     fill slots >= n and tokens past the snapshot's;
 *   - arrays are never reallocated while a build runs: the snapshot reserves
 *     room for adds (unit_reserve), and an add that would still have to grow
 *     an array waits for the build to end (without the lock);
 *   - tombstones of slots < n are written by removes: the build copies them
 *     once, under the read lock, and every remove of such a slot after the
 *     snapshot is logged (killed[]).
 *
 * The new structures (unit arrays in the new order, tokens, id map, postings,
 * deletion neighbourhood, raw-text table) are private to the build until the
 * swap, which under the write lock removes the logged slots from them,
 * appends the live slots added since the snapshot (they stay the delta) and
 * exchanges them with the old ones: O(changes during the build).  The old
 * arrays are freed after the lock is released.  Automatic builds run on a
 * thread of their own, one at a time per index; tm_index_build runs in its
 * caller, the same way.
 */
#include "tm/index.h"
#include "core/mem.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* What a build reads: taken under the write lock (the top of the file). */
struct snap {
	size_t n;			/* slots [0, n) go into the new static part */
	size_t n_ids;			/* token ids the dictionary had */
	const uint64_t *id, *payload, *raw_hash, *ctx_hash;
	const uint32_t *rank, *tok_off, *tok_ids, *tok_vars;
	const uint16_t *len;
	double t0;
	double lock_seconds;		/* the snapshot's part of the write lock */
};

struct tm_index {
	pthread_rwlock_t lock;
	struct tm_dict *dict;
	struct tm_tokens scratch;	/* tokenising added units (writer only) */

	/*
	 * From here to by_raw: what a build makes anew and swaps in
	 * (swap_parts).
	 */
	/* units by slot: [0, n_static) static, [n_static, n) delta */
	size_t n, alloc, n_static, n_dead;
	uint64_t *id, *payload, *raw_hash, *ctx_hash;
	uint32_t *rank, *tok_off;
	uint16_t *len;
	uint8_t *dead;

	/* the tokens of all units */
	uint32_t *tok_ids, *tok_vars;
	size_t n_tok, tok_alloc;

	/* id -> slot + 1 (open addressing on the id's hash; 0 = empty) */
	uint32_t *map;
	size_t map_slots, map_used;

	/* static part */
	size_t len_off[TM_MAX_TOKENS + 2];	/* slots of length m: [len_off[m], len_off[m+1]) */
	uint64_t *post_off;			/* per token id, n_post_ids + 1 */
	uint32_t *post;
	size_t n_post_ids, n_post;

	/* deletion neighbourhood of the static units of <= DN_MAX_LEN tokens:
	 * keys sorted, found through a directory on their top DN_BITS bits */
	uint64_t *dn_key;
	uint32_t *dn_slot;
	uint32_t *dn_dir;
	size_t n_dn;

	/* the static units by the hash of their raw text: a lookup of the very
	 * text (min_score 100 or 101) reads only its own units */
	struct raw_entry { uint64_t hash; uint32_t slot; } *by_raw;

	/* the build running, if any (building: written under lock and build_mu) */
	pthread_mutex_t build_mu;
	pthread_cond_t build_done;	/* building became false */
	bool building;
	bool joinable;			/* thread ran a build and is to be joined */
	pthread_t thread;
	atomic_bool stop;		/* tm_index_free: give the build up */
	struct snap snap;
	uint32_t *killed;		/* slots < snap.n removed since the snapshot */
	size_t n_killed, killed_alloc;

	double build_seconds, lock_seconds;
	size_t builds;
	uint64_t writes;	/* adds and removes */
	bool bulk;		/* no automatic builds until tm_index_build */
	int threads;		/* per search: 1 or 2 */
	size_t parallel_min;	/* static units needed for 2 */
	size_t parallel_work;	/* and work at the query's own length */
};

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static uint64_t mix64(uint64_t x)
{
	x ^= x >> 33;
	x *= 0xff51afd7ed558ccdull;
	x ^= x >> 33;
	x *= 0xc4ceb9fe1a85ec53ull;
	return x ^ (x >> 33);
}

/* ---- id map ---- */

static size_t map_find(const struct tm_index *ix, uint64_t id)
{
	size_t mask = ix->map_slots - 1, i = (size_t)mix64(id) & mask;
	while (ix->map[i] && ix->id[ix->map[i] - 1] != id)
		i = (i + 1) & mask;
	return i;
}

static void map_rebuild(struct tm_index *ix, size_t want)
{
	size_t slots = 1024;
	while (slots < want * 2)
		slots *= 2;
	free(ix->map);
	ix->map_slots = slots;
	ix->map = xcalloc(slots, sizeof(*ix->map));
	ix->map_used = 0;
	for (size_t s = 0; s < ix->n; s++) {
		if (ix->dead[s])
			continue;
		ix->map[map_find(ix, ix->id[s])] = (uint32_t)s + 1;
		ix->map_used++;
	}
}

/* ---- life cycle ---- */

struct tm_index *tm_index_new(void)
{
	struct tm_index *ix = xcalloc(1, sizeof(*ix));
	/*
	 * Writers first: with glibc's default (readers first) a steady stream
	 * of searches holds adds and a build's swap off indefinitely.  This way
	 * a search waits at most for one write or swap, and no call takes the
	 * lock twice (which this kind of lock would deadlock on).
	 */
	pthread_rwlockattr_t attr;
	pthread_rwlockattr_init(&attr);
	pthread_rwlockattr_setkind_np(&attr, PTHREAD_RWLOCK_PREFER_WRITER_NONRECURSIVE_NP);
	pthread_rwlock_init(&ix->lock, &attr);
	pthread_rwlockattr_destroy(&attr);
	pthread_mutex_init(&ix->build_mu, NULL);
	pthread_cond_init(&ix->build_done, NULL);
	atomic_init(&ix->stop, false);
	ix->dict = tm_dict_new();
	ix->threads = 1;
	ix->parallel_min = TM_PARALLEL_MIN;
	ix->parallel_work = TM_PARALLEL_WORK;
	map_rebuild(ix, 0);
	return ix;
}

static void free_static(struct tm_index *ix)
{
	free(ix->by_raw);
	ix->by_raw = NULL;
	free(ix->dn_key);
	free(ix->dn_slot);
	free(ix->dn_dir);
	ix->dn_key = NULL;
	ix->dn_slot = NULL;
	ix->dn_dir = NULL;
	ix->n_dn = 0;
	free(ix->post_off);
	free(ix->post);
	ix->post_off = NULL;
	ix->post = NULL;
	ix->n_post_ids = ix->n_post = 0;
}

/* Everything a build makes (a build's result, or what it replaced). */
static void free_parts(struct tm_index *ix)
{
	free_static(ix);
	free(ix->id);
	free(ix->payload);
	free(ix->raw_hash);
	free(ix->ctx_hash);
	free(ix->rank);
	free(ix->tok_off);
	free(ix->len);
	free(ix->dead);
	free(ix->tok_ids);
	free(ix->tok_vars);
	free(ix->map);
}

/* Until no build runs (the caller holds no lock). */
static void wait_build(struct tm_index *ix)
{
	pthread_mutex_lock(&ix->build_mu);
	while (ix->building)
		pthread_cond_wait(&ix->build_done, &ix->build_mu);
	pthread_mutex_unlock(&ix->build_mu);
}

/*
 * Join the thread of a finished build (under the write lock).  It set
 * building to false in its swap, under this lock, and only returns after
 * that: the join does not wait for anything we hold.
 */
static void reap_locked(struct tm_index *ix)
{
	if (ix->joinable && !ix->building) {
		pthread_join(ix->thread, NULL);
		ix->joinable = false;
	}
}

void tm_index_wait(struct tm_index *ix)
{
	wait_build(ix);
	pthread_rwlock_wrlock(&ix->lock);
	reap_locked(ix);
	pthread_rwlock_unlock(&ix->lock);
}

void tm_index_free(struct tm_index *ix)
{
	if (!ix)
		return;
	atomic_store(&ix->stop, true);
	tm_index_wait(ix);
	free_parts(ix);
	free(ix->killed);
	tm_tokens_release(&ix->scratch);
	tm_dict_free(ix->dict);
	pthread_cond_destroy(&ix->build_done);
	pthread_mutex_destroy(&ix->build_mu);
	pthread_rwlock_destroy(&ix->lock);
	free(ix);
}

/* ---- writes ---- */

static void grow_units(struct tm_index *ix, size_t want)
{
	if (want <= ix->alloc)
		return;
	size_t a = ix->alloc ? ix->alloc : 1024;
	while (a < want)
		a *= 2;
	ix->id = xrealloc(ix->id, a * sizeof(*ix->id));
	ix->payload = xrealloc(ix->payload, a * sizeof(*ix->payload));
	ix->raw_hash = xrealloc(ix->raw_hash, a * sizeof(*ix->raw_hash));
	ix->ctx_hash = xrealloc(ix->ctx_hash, a * sizeof(*ix->ctx_hash));
	ix->rank = xrealloc(ix->rank, a * sizeof(*ix->rank));
	ix->tok_off = xrealloc(ix->tok_off, a * sizeof(*ix->tok_off));
	ix->len = xrealloc(ix->len, a * sizeof(*ix->len));
	ix->dead = xrealloc(ix->dead, a * sizeof(*ix->dead));
	ix->alloc = a;
}

static void grow_tokens(struct tm_index *ix, size_t want)
{
	if (want <= ix->tok_alloc)
		return;
	size_t a = ix->tok_alloc ? ix->tok_alloc : 4096;
	while (a < want)
		a *= 2;
	ix->tok_ids = xrealloc(ix->tok_ids, a * sizeof(*ix->tok_ids));
	ix->tok_vars = xrealloc(ix->tok_vars, a * sizeof(*ix->tok_vars));
	ix->tok_alloc = a;
}

/*
 * Room for the adds while a build runs (they may not move the arrays it
 * reads), at the snapshot; a build's new arrays keep twice as much, so the
 * next snapshot seldom has to grow them under the lock.
 */
static size_t unit_reserve(size_t n)
{
	return n / 8 + 4 * TM_DELTA_MAX;
}

static size_t token_reserve(size_t n_tok)
{
	return n_tok / 8 + 4 * TM_DELTA_MAX * 32;
}

static bool remove_locked(struct tm_index *ix, uint64_t id)
{
	size_t i = map_find(ix, id);
	if (!ix->map[i])
		return false;
	size_t s = ix->map[i] - 1;
	ix->dead[s] = 1;
	ix->n_dead++;
	if (ix->building && s < ix->snap.n) {	/* the build copied it live, maybe */
		if (ix->n_killed == ix->killed_alloc) {
			ix->killed_alloc = ix->killed_alloc ? 2 * ix->killed_alloc : 256;
			ix->killed = xrealloc(ix->killed, ix->killed_alloc * sizeof(*ix->killed));
		}
		ix->killed[ix->n_killed++] = (uint32_t)s;
	}
	/* delete from the open-addressing table: re-place the run after it */
	size_t mask = ix->map_slots - 1;
	ix->map[i] = 0;
	ix->map_used--;
	for (size_t j = (i + 1) & mask; ix->map[j]; j = (j + 1) & mask) {
		uint32_t v = ix->map[j];
		ix->map[j] = 0;
		ix->map[map_find(ix, ix->id[v - 1])] = v;
	}
	return true;
}

/* A new slot for a unit whose id the index does not hold. */
static void append(struct tm_index *ix, uint64_t id, uint64_t payload, uint64_t raw_hash,
		   uint64_t ctx_hash, uint32_t rank, const uint32_t *ids, const uint32_t *vars, size_t m)
{
	grow_units(ix, ix->n + 1);
	grow_tokens(ix, ix->n_tok + m);
	size_t s = ix->n++;
	ix->id[s] = id;
	ix->payload[s] = payload;
	ix->raw_hash[s] = raw_hash;
	ix->ctx_hash[s] = ctx_hash;
	ix->rank[s] = rank;
	ix->tok_off[s] = (uint32_t)ix->n_tok;	/* 4G tokens: ~300M units */
	ix->len[s] = (uint16_t)m;
	ix->dead[s] = 0;
	if (m) {	/* a text without tokens, first: no token array yet */
		memcpy(ix->tok_ids + ix->n_tok, ids, m * sizeof(*ids));
		memcpy(ix->tok_vars + ix->n_tok, vars, m * sizeof(*vars));
	}
	ix->n_tok += m;
	if ((ix->map_used + 1) * 2 > ix->map_slots)
		map_rebuild(ix, ix->map_used + 1);
	ix->map[map_find(ix, id)] = (uint32_t)s + 1;
	ix->map_used++;
}

/* Whether a unit of m tokens can be added without growing an array. */
static bool fits(const struct tm_index *ix, size_t m)
{
	return ix->n + 1 <= ix->alloc && ix->n_tok + m <= ix->tok_alloc;
}

static bool start_locked(struct tm_index *ix);
static void build_run(struct tm_index *ix);

void tm_index_add(struct tm_index *ix, uint64_t id, const char *text, size_t len,
		  uint64_t ctx_hash, uint32_t rank, uint64_t payload)
{
	struct tm_tokens *t = &ix->scratch;
	pthread_rwlock_wrlock(&ix->lock);
	for (;;) {
		tm_tokenize(ix->dict, true, text, len, t);
		if (!ix->building || fits(ix, t->n))
			break;
		/* growing would move the arrays the build reads (rare: see unit_reserve) */
		pthread_rwlock_unlock(&ix->lock);
		wait_build(ix);
		pthread_rwlock_wrlock(&ix->lock);
	}
	remove_locked(ix, id);
	append(ix, id, payload, tm_hash(text, len), ctx_hash, rank, t->ids, t->vars, t->n);
	ix->writes++;
	bool here = false;	/* no thread for the build: this one runs it */
	if (!ix->bulk && !ix->building && ix->n - ix->n_static >= TM_DELTA_MAX)
		here = !start_locked(ix);
	pthread_rwlock_unlock(&ix->lock);
	if (here)
		build_run(ix);
}

bool tm_index_remove(struct tm_index *ix, uint64_t id)
{
	pthread_rwlock_wrlock(&ix->lock);
	bool found = remove_locked(ix, id);
	ix->writes += found;
	pthread_rwlock_unlock(&ix->lock);
	return found;
}

/* ---- deletion neighbourhood ---- */

/*
 * A unit of m <= DN_MAX_LEN tokens is stored under the hash of its tokens
 * (FULL) and of each sequence left when one token is deleted (DEL).  Two
 * sequences are within one edit iff one of: FULL(q) = FULL(u), FULL(q) =
 * DEL(u), DEL(q) = FULL(u), DEL(q) = DEL(u) (a substitution).  Short queries
 * whose threshold allows no more than one edit are answered by those probes
 * alone (hash collisions only add candidates, which are verified).
 */
#define DN_MAX_LEN 6
#define DN_BITS 20
#define DN_FULL 0x5bd1e9955bd1e995ull
#define DN_DEL 0x2545f4914f6cdd1dull

static uint64_t seq_hash(const uint32_t *ids, size_t n, size_t skip)
{
	uint64_t h = 0x9e3779b97f4a7c15ull;
	for (size_t i = 0; i < n; i++)
		if (i != skip)
			h = (h ^ ids[i]) * 0x100000001b3ull;
	return mix64(h ^ (n - (skip < n)));
}

static void dn_build(struct tm_index *ix)
{
	size_t n = 0;
	for (size_t m = 0; m <= DN_MAX_LEN; m++)
		n += (ix->len_off[m + 1] - ix->len_off[m]) * (m + 1);
	uint32_t *dir = xcalloc(((size_t)1 << DN_BITS) + 1, sizeof(*dir));
	uint64_t *key = xmalloc((n ? n : 1) * sizeof(*key));
	uint32_t *slot = xmalloc((n ? n : 1) * sizeof(*slot));
	size_t end = ix->len_off[DN_MAX_LEN + 1];
	/* bucket by the top bits (a counting sort), then sort each bucket */
	for (int pass = 0; pass < 2; pass++) {
		for (size_t s = 0; s < end; s++) {
			const uint32_t *ids = ix->tok_ids + ix->tok_off[s];
			size_t m = ix->len[s];
			for (size_t i = 0; i <= m; i++) {
				uint64_t k = i == m ? seq_hash(ids, m, SIZE_MAX) ^ DN_FULL
						    : seq_hash(ids, m, i) ^ DN_DEL;
				size_t b = (size_t)(k >> (64 - DN_BITS));
				if (pass == 0) {
					dir[b + 1]++;
				} else {
					size_t at = dir[b]++;
					key[at] = k;
					slot[at] = (uint32_t)s;
				}
			}
		}
		if (pass == 0)
			for (size_t b = 0; b < ((size_t)1 << DN_BITS); b++)
				dir[b + 1] += dir[b];
	}
	/* dir[b] now holds the end of bucket b: shift back to starts */
	memmove(dir + 1, dir, ((size_t)1 << DN_BITS) * sizeof(*dir));
	dir[0] = 0;
	for (size_t b = 0; b < ((size_t)1 << DN_BITS); b++)
		for (size_t i = dir[b] + 1; i < dir[b + 1]; i++) {
			uint64_t k = key[i];
			uint32_t v = slot[i];
			size_t j = i;
			for (; j > dir[b] && key[j - 1] > k; j--) {
				key[j] = key[j - 1];
				slot[j] = slot[j - 1];
			}
			key[j] = k;
			slot[j] = v;
		}
	ix->dn_key = key;
	ix->dn_slot = slot;
	ix->dn_dir = dir;
	ix->n_dn = n;
}

/* Append the slots stored under k to *out (grown as needed). */
static void dn_probe(const struct tm_index *ix, uint64_t k, uint32_t **out, size_t *n, size_t *alloc)
{
	size_t b = (size_t)(k >> (64 - DN_BITS));
	for (size_t i = ix->dn_dir[b]; i < ix->dn_dir[b + 1]; i++) {
		if (ix->dn_key[i] < k)
			continue;
		if (ix->dn_key[i] > k)
			break;
		if (*n == *alloc) {
			*alloc = *alloc ? *alloc * 2 : 64;
			*out = xrealloc(*out, *alloc * sizeof(**out));
		}
		(*out)[(*n)++] = ix->dn_slot[i];
	}
}

/* ---- build ---- */

static int cmp_raw(const void *a, const void *b)
{
	const struct raw_entry *x = a, *y = b;
	if (x->hash != y->hash)
		return x->hash < y->hash ? -1 : 1;
	return x->slot < y->slot ? -1 : x->slot > y->slot;
}

static void raw_build(struct tm_index *ix)
{
	ix->by_raw = xmalloc((ix->n_static ? ix->n_static : 1) * sizeof(*ix->by_raw));
	for (size_t s = 0; s < ix->n_static; s++)
		ix->by_raw[s] = (struct raw_entry){ ix->raw_hash[s], (uint32_t)s };
	qsort(ix->by_raw, ix->n_static, sizeof(*ix->by_raw), cmp_raw);
}

/* Postings of the static units: each unit once per distinct token, in slot order. */
static void post_build(struct tm_index *ix, size_t n_ids)
{
	size_t n_static = ix->n_static;
	const uint32_t *ids = ix->tok_ids, *off = ix->tok_off;
	uint64_t *po = xcalloc(n_ids + 1, sizeof(*po));
	uint32_t *stamp = xmalloc((n_ids ? n_ids : 1) * sizeof(*stamp));
	memset(stamp, 0xff, n_ids * sizeof(*stamp));
	for (size_t s = 0; s < n_static; s++)
		for (size_t j = 0; j < ix->len[s]; j++) {
			uint32_t t = ids[off[s] + j];
			if (stamp[t] != s) {
				stamp[t] = (uint32_t)s;
				po[t + 1]++;
			}
		}
	for (size_t t = 0; t < n_ids; t++)
		po[t + 1] += po[t];
	size_t n_post = po[n_ids];
	uint32_t *post = xmalloc((n_post ? n_post : 1) * sizeof(*post));
	uint64_t *fill = xmemdup(po, (n_ids + 1) * sizeof(*fill));
	memset(stamp, 0xff, n_ids * sizeof(*stamp));
	for (size_t s = 0; s < n_static; s++)
		for (size_t j = 0; j < ix->len[s]; j++) {
			uint32_t t = ids[off[s] + j];
			if (stamp[t] != s) {
				stamp[t] = (uint32_t)s;
				post[fill[t]++] = (uint32_t)s;
			}
		}
	free(fill);
	free(stamp);
	ix->post_off = po;
	ix->post = post;
	ix->n_post_ids = n_ids;
	ix->n_post = n_post;
}

/* The live slots of the snapshot by (length, slot), and len_off: a counting sort. */
static uint32_t *order_units(const struct snap *sn, const uint8_t *dead, size_t *n_live,
			     size_t *len_off)
{
	size_t count[TM_MAX_TOKENS + 2] = { 0 };
	for (size_t s = 0; s < sn->n; s++)
		if (!dead[s])
			count[sn->len[s] + 1]++;
	for (size_t m = 1; m <= TM_MAX_TOKENS + 1; m++)
		count[m] += count[m - 1];
	memcpy(len_off, count, sizeof(count));
	*n_live = count[TM_MAX_TOKENS + 1];
	uint32_t *order = xmalloc((*n_live ? *n_live : 1) * sizeof(*order));
	for (size_t s = 0; s < sn->n; s++)
		if (!dead[s])
			order[count[sn->len[s]]++] = (uint32_t)s;
	return order;
}

#define GATHER(field)								\
	do {									\
		nx->field = xmalloc(nx->alloc * sizeof(*nx->field));		\
		for (size_t i = 0; i < n_live; i++)				\
			nx->field[i] = sn->field[order[i]];			\
	} while (0)

/* The units of the snapshot in the new order, their tokens and id map. */
static void gather_units(struct tm_index *nx, const struct snap *sn, const uint32_t *order,
			 size_t n_live)
{
	nx->alloc = n_live + 2 * unit_reserve(n_live);
	GATHER(id);
	GATHER(payload);
	GATHER(raw_hash);
	GATHER(ctx_hash);
	GATHER(rank);
	GATHER(len);
	nx->dead = xcalloc(nx->alloc, 1);
	nx->tok_off = xmalloc(nx->alloc * sizeof(*nx->tok_off));
	size_t n_tok = 0;
	for (size_t i = 0; i < n_live; i++)
		n_tok += nx->len[i];
	nx->tok_alloc = n_tok + 2 * token_reserve(n_tok);
	nx->tok_ids = xmalloc(nx->tok_alloc * sizeof(*nx->tok_ids));
	nx->tok_vars = xmalloc(nx->tok_alloc * sizeof(*nx->tok_vars));
	for (size_t i = 0, o = 0; i < n_live; i++) {
		size_t s = order[i], l = nx->len[i];
		memcpy(nx->tok_ids + o, sn->tok_ids + sn->tok_off[s], l * sizeof(*nx->tok_ids));
		memcpy(nx->tok_vars + o, sn->tok_vars + sn->tok_off[s], l * sizeof(*nx->tok_vars));
		nx->tok_off[i] = (uint32_t)o;
		o += l;
	}
	nx->n_tok = n_tok;
	nx->n = nx->n_static = n_live;
	map_rebuild(nx, n_live + unit_reserve(n_live));
}

#undef GATHER

/*
 * The new static part from the snapshot, with no lock held (the top of the
 * file says why that is safe); NULL when tm_index_free stopped it.  dead: a
 * copy of the tombstones of the snapshot's slots, freed here.
 */
static struct tm_index *build_static(struct tm_index *ix, const struct snap *sn, uint8_t *dead)
{
	struct tm_index *nx = xcalloc(1, sizeof(*nx));
	size_t n_live;
	uint32_t *order = order_units(sn, dead, &n_live, nx->len_off);
	free(dead);
	gather_units(nx, sn, order, n_live);
	free(order);
	if (!atomic_load(&ix->stop))
		post_build(nx, sn->n_ids);
	if (!atomic_load(&ix->stop))
		dn_build(nx);
	if (atomic_load(&ix->stop)) {
		free_parts(nx);
		free(nx);
		return NULL;
	}
	raw_build(nx);
	return nx;
}

/*
 * What changed since the snapshot, into the new part (under the write lock):
 * the logged removes, then the slots added since, which stay the delta.
 */
static void apply_changes(struct tm_index *ix, struct tm_index *nx)
{
	for (size_t i = 0; i < ix->n_killed; i++)
		remove_locked(nx, ix->id[ix->killed[i]]);	/* absent when the build saw it dead */
	ix->n_killed = 0;
	for (size_t s = ix->snap.n; s < ix->n; s++)
		if (!ix->dead[s])
			append(nx, ix->id[s], ix->payload[s], ix->raw_hash[s], ix->ctx_hash[s],
			       ix->rank[s], ix->tok_ids + ix->tok_off[s],
			       ix->tok_vars + ix->tok_off[s], ix->len[s]);
}

#define SWAP(f)						\
	do {						\
		__typeof__(a->f) tmp_ = a->f;		\
		a->f = b->f;				\
		b->f = tmp_;				\
	} while (0)

/* Exchange what a build makes (the fields from n to by_raw). */
static void swap_parts(struct tm_index *a, struct tm_index *b)
{
	SWAP(n);
	SWAP(alloc);
	SWAP(n_static);
	SWAP(n_dead);
	SWAP(id);
	SWAP(payload);
	SWAP(raw_hash);
	SWAP(ctx_hash);
	SWAP(rank);
	SWAP(tok_off);
	SWAP(len);
	SWAP(dead);
	SWAP(tok_ids);
	SWAP(tok_vars);
	SWAP(n_tok);
	SWAP(tok_alloc);
	SWAP(map);
	SWAP(map_slots);
	SWAP(map_used);
	SWAP(post_off);
	SWAP(post);
	SWAP(n_post_ids);
	SWAP(n_post);
	SWAP(dn_key);
	SWAP(dn_slot);
	SWAP(dn_dir);
	SWAP(n_dn);
	SWAP(by_raw);
	memcpy(a->len_off, b->len_off, sizeof(a->len_off));
}

#undef SWAP

/*
 * The snapshot a build reads (under the write lock): room for the adds it
 * will run beside, the arrays, and no removes logged yet.
 */
static void snap_locked(struct tm_index *ix)
{
	double t0 = now();
	grow_units(ix, ix->n + unit_reserve(ix->n));
	grow_tokens(ix, ix->n_tok + token_reserve(ix->n_tok));
	ix->snap = (struct snap){
		.n = ix->n, .n_ids = tm_dict_size(ix->dict),
		.id = ix->id, .payload = ix->payload, .raw_hash = ix->raw_hash,
		.ctx_hash = ix->ctx_hash, .rank = ix->rank, .tok_off = ix->tok_off,
		.tok_ids = ix->tok_ids, .tok_vars = ix->tok_vars, .len = ix->len, .t0 = t0,
	};
	ix->snap.lock_seconds = now() - t0;
	ix->n_killed = 0;
	pthread_mutex_lock(&ix->build_mu);
	ix->building = true;
	pthread_mutex_unlock(&ix->build_mu);
}

/* A build from the snapshot taken: off the lock, then the swap under it. */
static void build_run(struct tm_index *ix)
{
	/* ix->snap stays as it is until this build ends */
	struct snap sn = ix->snap;
	pthread_rwlock_rdlock(&ix->lock);
	uint8_t *dead = xmemdup(ix->dead, sn.n ? sn.n : 1);
	pthread_rwlock_unlock(&ix->lock);

	struct tm_index *nx = build_static(ix, &sn, dead);

	pthread_rwlock_wrlock(&ix->lock);
	double t1 = now();
	if (nx) {
		apply_changes(ix, nx);
		swap_parts(ix, nx);	/* nx now holds the old part */
		ix->builds++;
		ix->lock_seconds = sn.lock_seconds + now() - t1;
		ix->build_seconds = now() - sn.t0;
	}
	ix->n_killed = 0;
	pthread_mutex_lock(&ix->build_mu);
	ix->building = false;
	pthread_cond_broadcast(&ix->build_done);
	pthread_mutex_unlock(&ix->build_mu);
	pthread_rwlock_unlock(&ix->lock);
	if (nx) {	/* unmapping gigabytes takes a while: not under the lock */
		free_parts(nx);
		free(nx);
	}
}

static void *build_thread(void *arg)
{
	build_run(arg);
	return NULL;
}

/*
 * An automatic build on a thread of its own (under the write lock); false
 * when no thread could be made: the caller runs build_run once it has
 * released the lock.
 */
static bool start_locked(struct tm_index *ix)
{
	reap_locked(ix);
	snap_locked(ix);
	if (pthread_create(&ix->thread, NULL, build_thread, ix) != 0)
		return false;
	ix->joinable = true;
	return true;
}

void tm_index_threads(struct tm_index *ix, int threads, size_t min_units, size_t min_work)
{
	pthread_rwlock_wrlock(&ix->lock);
	ix->threads = threads > 1 ? 2 : 1;
	ix->parallel_min = min_units;
	ix->parallel_work = min_work;
	pthread_rwlock_unlock(&ix->lock);
}

void tm_index_bulk(struct tm_index *ix)
{
	pthread_rwlock_wrlock(&ix->lock);
	ix->bulk = true;
	pthread_rwlock_unlock(&ix->lock);
}

void tm_index_build(struct tm_index *ix)
{
	pthread_rwlock_wrlock(&ix->lock);
	while (ix->building) {	/* an automatic one: this build starts after it */
		pthread_rwlock_unlock(&ix->lock);
		wait_build(ix);
		pthread_rwlock_wrlock(&ix->lock);
	}
	reap_locked(ix);
	ix->bulk = false;
	snap_locked(ix);
	pthread_rwlock_unlock(&ix->lock);
	build_run(ix);
}

/* ---- the k best ---- */

struct topk {
	struct tm_match *h;	/* a heap, worst on top */
	size_t n, k;
	int min_score;
};

/* a ranks below b */
static bool worse(const struct tm_match *a, const struct tm_match *b)
{
	if (a->score != b->score)
		return a->score < b->score;
	if (a->rank != b->rank)
		return a->rank < b->rank;
	return a->id < b->id;
}

/* The score a unit needs to be considered now. */
static int topk_bar(const struct topk *tk)
{
	if (tk->n == tk->k && tk->k && tk->h[0].score > tk->min_score)
		return tk->h[0].score;
	return tk->min_score;
}

static void topk_push(struct topk *tk, const struct tm_match *m)
{
	if (tk->k == 0)
		return;
	if (tk->n == tk->k) {
		if (!worse(&tk->h[0], m))
			return;
		/* replace the top and sift down */
		size_t i = 0;
		for (;;) {
			size_t c = 2 * i + 1;
			if (c >= tk->n)
				break;
			if (c + 1 < tk->n && worse(&tk->h[c + 1], &tk->h[c]))
				c++;
			if (!worse(&tk->h[c], m))
				break;
			tk->h[i] = tk->h[c];
			i = c;
		}
		tk->h[i] = *m;
		return;
	}
	size_t i = tk->n++;
	while (i > 0 && worse(m, &tk->h[(i - 1) / 2])) {
		tk->h[i] = tk->h[(i - 1) / 2];
		i = (i - 1) / 2;
	}
	tk->h[i] = *m;
}

static int cmp_best_first(const void *a, const void *b)
{
	const struct tm_match *x = a, *y = b;
	return worse(x, y) ? 1 : worse(y, x) ? -1 : 0;
}

static size_t topk_finish(struct topk *tk)
{
	qsort(tk->h, tk->n, sizeof(*tk->h), cmp_best_first);
	return tk->n;
}

/* ---- searching ---- */

struct qctx {
	size_t work;		/* posting entries merged and units verified */
	struct tm_seq q;
	uint64_t raw_hash, ctx_hash;
	unsigned unknown;	/* query positions no unit can match */
	struct topk tk;
	bool (*accept)(void *ctx, uint64_t payload);
	void *accept_ctx;
};

/* Verify slot s against the current bar; push it when it makes the cut. */
static void consider(struct tm_index *ix, struct qctx *c, size_t s)
{
	if (c->accept && !c->accept(c->accept_ctx, ix->payload[s]))
		return;
	int bar = topk_bar(&c->tk);
	/* 100 and 101 are the very text: no need to score the near-duplicates (exact lookups) */
	if (bar >= 100 && ix->raw_hash[s] != c->raw_hash)
		return;
	size_t m = ix->len[s], n = c->q.n, L = n > m ? n : m;
	int D = tm_max_dist(bar, L);
	if (D < 0 || (n > m ? n - m : m - n) > (size_t)D)
		return;
	const uint32_t *ids = ix->tok_ids + ix->tok_off[s];
	unsigned d = tm_lev_bounded(c->q.ids, n, ids, m, (unsigned)D);
	if (d > (unsigned)D)
		return;
	bool raw = ix->raw_hash[s] == c->raw_hash;
	bool ctx = raw && c->ctx_hash && ix->ctx_hash[s] == c->ctx_hash;
	struct tm_seq u = { ids, ix->tok_vars + ix->tok_off[s], m };
	struct tm_score_info info;
	tm_score_seq(c->q, u, raw, ctx, &info, NULL);
	if (info.score < bar)
		return;
	struct tm_match mt = { ix->id[s], ix->payload[s], ix->rank[s], info.score, info.d,
			       info.auto_subst };
	topk_push(&c->tk, &mt);
}

/* First index in post[lo, hi) whose slot is >= v. */
static size_t lower_bound(const uint32_t *post, size_t lo, size_t hi, uint32_t v)
{
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (post[mid] < v)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/*
 * lower_bound for a value a little ahead of lo: doubling steps, then a
 * binary search in the last step (candidates ascend, so the next one is
 * usually near).
 */
static size_t gallop(const uint32_t *post, size_t lo, size_t hi, uint32_t v)
{
	size_t step = 1, prev = lo;
	while (lo < hi && post[lo] < v) {
		prev = lo + 1;
		lo += step;
		step *= 2;
	}
	return lower_bound(post, prev, lo < hi ? lo + 1 : hi, v);
}

struct slice {
	size_t lo, hi;		/* part of the posting list at this length */
};

static int cmp_slice_size(const void *a, const void *b)
{
	const struct slice *x = a, *y = b;
	size_t nx = x->hi - x->lo, ny = y->hi - y->lo;
	return nx < ny ? -1 : nx > ny;
}

/* The static units of length m (steps 2-5 of the plan at the top). */
static void search_length(struct tm_index *ix, struct qctx *c, const uint32_t *dist, size_t nd,
			  size_t m, struct slice *sl, size_t *heap)
{
	size_t n = c->q.n, L = n > m ? n : m;
	size_t first = ix->len_off[m], end = ix->len_off[m + 1];
	int D = tm_max_dist(topk_bar(&c->tk), L);
	/*
	 * e query tokens matched: d >= max(n, m) - e, and e <= n - unknown -
	 * missing, so missing <= D - unknown - (m - n when the unit is longer).
	 */
	size_t fixed = c->unknown + (m > n ? m - n : 0);
	if (first == end || D < 0 || (n > m ? n - m : m - n) > (size_t)D || fixed > (size_t)D)
		return;
	size_t allow = (size_t)D - fixed;	/* distinct query tokens that may be missing */
	if (allow >= nd) {	/* no filter applies: every unit of this length */
		c->work += end - first;
		for (size_t s = first; s < end; s++)
			if (!ix->dead[s])
				consider(ix, c, s);
		return;
	}
	for (size_t j = 0; j < nd; j++) {
		uint32_t t = dist[j];
		if (t >= ix->n_post_ids) {
			sl[j].lo = sl[j].hi = 0;
			continue;
		}
		size_t lo = ix->post_off[t], hi = ix->post_off[t + 1];
		sl[j].lo = lower_bound(ix->post, lo, hi, (uint32_t)first);
		sl[j].hi = lower_bound(ix->post, sl[j].lo, hi, (uint32_t)end);
	}
	qsort(sl, nd, sizeof(*sl), cmp_slice_size);
	size_t p = allow + 1;	/* the prefix: rarest p lists */
	/* merge the prefix lists with a heap of list indexes keyed by their head */
	size_t hn = 0;
#define HEAD(j) (ix->post[sl[j].lo])
	for (size_t j = 0; j < p; j++) {
		if (sl[j].lo == sl[j].hi)
			continue;
		size_t i = hn++;
		while (i > 0 && HEAD(heap[(i - 1) / 2]) > HEAD(j)) {
			heap[i] = heap[(i - 1) / 2];
			i = (i - 1) / 2;
		}
		heap[i] = j;
	}
	while (hn) {
		uint32_t s = HEAD(heap[0]);
		size_t have = 0;
		c->work++;
		/* pop every list whose head is s */
		while (hn && HEAD(heap[0]) == s) {
			size_t j = heap[0];
			have++;
			sl[j].lo++;
			if (sl[j].lo == sl[j].hi)
				j = heap[--hn];
			/* sift j down from the root */
			size_t i = 0;
			if (hn) {
				for (;;) {
					size_t ch = 2 * i + 1;
					if (ch >= hn)
						break;
					if (ch + 1 < hn && HEAD(heap[ch + 1]) < HEAD(heap[ch]))
						ch++;
					if (HEAD(heap[ch]) >= HEAD(j))
						break;
					heap[i] = heap[ch];
					i = ch;
				}
				heap[i] = j;
			}
		}
		if (ix->dead[s])
			continue;
		/* the bar may have risen since the plan was made */
		int Dn = tm_max_dist(topk_bar(&c->tk), L);
		if (Dn < 0 || fixed > (size_t)Dn)
			return;
		size_t allow_now = (size_t)Dn - fixed;
		size_t missing = p - have;
		if (missing > allow_now)
			continue;
		for (size_t j = p; j < nd && missing <= allow_now; j++) {
			/* candidates come in ascending order: move the list's start on */
			sl[j].lo = gallop(ix->post, sl[j].lo, sl[j].hi, s);
			if (sl[j].lo == sl[j].hi || ix->post[sl[j].lo] != s)
				missing++;
		}
		if (missing <= allow_now)
			consider(ix, c, s);
	}
#undef HEAD
}

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	return x < y ? -1 : x > y;
}

/*
 * The static units within one edit of a short query, when the threshold
 * allows no more (then nothing else can qualify); false when it allows more.
 */
static bool search_dn(struct tm_index *ix, struct qctx *c)
{
	if (!ix->dn_dir)	/* never built: no static units, only the delta */
		return ix->n_static == 0;
	size_t n = c->q.n;
	int bar = topk_bar(&c->tk);
	int Dn = tm_max_dist(bar, n), Dn1 = tm_max_dist(bar, n + 1), Dn2 = tm_max_dist(bar, n + 2);
	if (n + 1 > DN_MAX_LEN || Dn > 1 || Dn2 > 1 || bar <= 0)
		return false;
	uint32_t *cand = NULL;
	size_t nc = 0, ac = 0;
	const uint32_t *ids = c->q.ids;
	uint64_t full = seq_hash(ids, n, SIZE_MAX);
	dn_probe(ix, full ^ DN_FULL, &cand, &nc, &ac);		/* d = 0, substitution-free */
	if (Dn1 >= 1)
		dn_probe(ix, full ^ DN_DEL, &cand, &nc, &ac);	/* the unit has one more */
	if (Dn >= 1)
		for (size_t i = 0; i < n; i++) {
			uint64_t h = seq_hash(ids, n, i);
			dn_probe(ix, h ^ DN_FULL, &cand, &nc, &ac);	/* one less */
			dn_probe(ix, h ^ DN_DEL, &cand, &nc, &ac);	/* one substituted */
		}
	if (nc)
		qsort(cand, nc, sizeof(*cand), cmp_u32);
	for (size_t i = 0; i < nc; i++)
		if ((i == 0 || cand[i] != cand[i - 1]) && !ix->dead[cand[i]])
			consider(ix, c, cand[i]);
	free(cand);
	return true;
}

struct walk {
	struct tm_index *ix;
	struct qctx c;
	const uint32_t *dist;
	size_t nd;
	size_t first, step;	/* distances from n: first, first + step, ... */
	bool only_n;		/* the query's own length only */
};

/*
 * The lengths n, n+1, n-1, n+2, ... (the likeliest best first) while in the
 * window; with two threads, one takes the even distances from n, the other
 * the odd ones.
 */
static void walk_lengths(struct walk *w)
{
	struct tm_index *ix = w->ix;
	struct qctx *c = &w->c;
	size_t n = c->q.n, nd = w->nd;
	struct slice *sl = xmalloc((nd ? nd : 1) * sizeof(*sl));
	size_t *heap = xmalloc((nd ? nd : 1) * sizeof(*heap));
	bool up = true, down = true;
	if (w->first == 0)
		search_length(ix, c, w->dist, nd, n, sl, heap);
	if (w->only_n)
		up = down = false;
	for (size_t g = w->first ? w->first : w->step; up || down; g += w->step) {
		if (up) {
			size_t m = n + g, L = m;
			int D = tm_max_dist(topk_bar(&c->tk), L);
			if (m > TM_MAX_TOKENS || D < 0 || (size_t)D < g)
				up = false;	/* m - n grows faster than D */
			else
				search_length(ix, c, w->dist, nd, m, sl, heap);
		}
		if (down) {
			int D = tm_max_dist(topk_bar(&c->tk), n);
			if (g > n || D < 0 || (size_t)D < g)
				down = false;
			else
				search_length(ix, c, w->dist, nd, n - g, sl, heap);
		}
	}
	free(sl);
	free(heap);
}

static void *walk_thread(void *arg)
{
	walk_lengths(arg);
	return NULL;
}

/* The static units whose raw text hashes as the query's (an exact lookup). */
static void search_raw(struct tm_index *ix, struct qctx *c)
{
	size_t lo = 0, hi = ix->n_static;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (ix->by_raw[mid].hash < c->raw_hash)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (; lo < ix->n_static && ix->by_raw[lo].hash == c->raw_hash; lo++)
		if (!ix->dead[ix->by_raw[lo].slot])
			consider(ix, c, ix->by_raw[lo].slot);
}

static size_t run(struct tm_index *ix, const struct tm_query *q, struct tm_match *out, bool scan)
{
	struct tm_tokens t = { 0 };
	struct qctx c = { 0 };
	pthread_rwlock_rdlock(&ix->lock);
	tm_tokenize(ix->dict, false, q->text, q->len, &t);
	c.q = tm_seq_of(&t);
	c.raw_hash = tm_hash(q->text, q->len);
	c.ctx_hash = q->ctx_hash;
	c.accept = q->accept;
	c.accept_ctx = q->accept_ctx;
	c.tk.h = out;
	c.tk.k = q->k;
	c.tk.min_score = q->min_score;
	size_t n = t.n;
	for (size_t i = 0; i < n; i++)
		c.unknown += t.ids[i] == TM_ID_UNKNOWN;

	if (scan) {
		for (size_t s = 0; s < ix->n; s++)
			if (!ix->dead[s])
				consider(ix, &c, s);
	} else if (q->min_score >= 100) {
		if (ix->by_raw)
			search_raw(ix, &c);
	} else if (!search_dn(ix, &c)) {
		/* distinct known query tokens */
		uint32_t *dist = xmalloc((n ? n : 1) * sizeof(*dist));
		size_t nd = 0;
		for (size_t i = 0; i < n; i++)
			if (t.ids[i] != TM_ID_UNKNOWN)
				dist[nd++] = t.ids[i];
		qsort(dist, nd, sizeof(*dist), cmp_u32);
		size_t w = 0;
		for (size_t i = 0; i < nd; i++)
			if (!w || dist[w - 1] != dist[i])
				dist[w++] = dist[i];
		nd = w;
		/* the query's own length first: it shows what the rest will cost */
		struct walk self = { ix, c, dist, nd, 0, 1, true };
		walk_lengths(&self);
		if (ix->threads > 1 && ix->n_static >= ix->parallel_min && self.c.work >= ix->parallel_work) {
			/*
			 * The other lengths on two threads, every other one each.  The
			 * second starts with its own heap and the first's bar as its
			 * threshold (a unit below the bar cannot make the top k).
			 */
			struct walk other = { ix, self.c, dist, nd, 1, 2, false };
			struct tm_match *buf = xmalloc((q->k ? q->k : 1) * sizeof(*buf));
			pthread_t th;
			other.c.tk.h = buf;
			other.c.tk.n = 0;
			other.c.tk.min_score = topk_bar(&self.c.tk);
			bool spawned = pthread_create(&th, NULL, walk_thread, &other) == 0;
			self.first = spawned ? 2 : 1;
			self.step = spawned ? 2 : 1;
			self.only_n = false;
			walk_lengths(&self);
			if (spawned) {
				pthread_join(th, NULL);
				for (size_t i = 0; i < other.c.tk.n; i++)
					topk_push(&self.c.tk, &other.c.tk.h[i]);
			}
			free(buf);
		} else {
			self.first = 1;
			self.only_n = false;
			walk_lengths(&self);
		}
		c = self.c;
		free(dist);
	}
	if (!scan)	/* the delta */
		for (size_t s = ix->n_static; s < ix->n; s++)
			if (!ix->dead[s])
				consider(ix, &c, s);
	pthread_rwlock_unlock(&ix->lock);
	tm_tokens_release(&t);
	return topk_finish(&c.tk);
}

size_t tm_index_search(struct tm_index *ix, const struct tm_query *q, struct tm_match *out)
{
	return run(ix, q, out, false);
}

size_t tm_index_scan(struct tm_index *ix, const struct tm_query *q, struct tm_match *out)
{
	return run(ix, q, out, true);
}

int tm_index_explain(struct tm_index *ix, const struct tm_query *q, const char *unit_text,
		     size_t unit_len, uint64_t unit_ctx_hash, struct tm_score_info *info,
		     struct tm_alignment *al, struct tm_tokens *qt, struct tm_tokens *ut)
{
	struct tm_tokens a = { 0 }, b = { 0 };
	pthread_rwlock_rdlock(&ix->lock);
	tm_tokenize(ix->dict, false, q->text, q->len, &a);
	tm_tokenize(ix->dict, false, unit_text, unit_len, &b);
	pthread_rwlock_unlock(&ix->lock);
	bool raw = q->len == unit_len && memcmp(q->text, unit_text, unit_len) == 0;
	bool ctx = raw && q->ctx_hash && q->ctx_hash == unit_ctx_hash;
	int s = tm_score_seq(tm_seq_of(&a), tm_seq_of(&b), raw, ctx, info, al);
	if (qt)
		*qt = a;
	else
		tm_tokens_release(&a);
	if (ut)
		*ut = b;
	else
		tm_tokens_release(&b);
	return s;
}

void tm_index_stats(struct tm_index *ix, struct tm_index_stats *st)
{
	pthread_rwlock_rdlock(&ix->lock);
	memset(st, 0, sizeof(*st));
	st->units = ix->n - ix->n_dead;
	st->static_units = ix->n_static;
	st->delta_units = ix->n - ix->n_static;
	st->dead = ix->n_dead;
	st->tokens = ix->n_tok;
	st->postings = ix->n_post;
	st->dict_ids = tm_dict_size(ix->dict);
	/*
	 * The slots in use: the room reserved past them for adds during a build
	 * is never written before it is used, so it takes no memory.
	 */
	st->bytes = sizeof(*ix) + ix->n * (4 * 8 + 2 * 4 + 2 + 1) +
		    ix->n_tok * 8 + ix->map_slots * 4 +
		    (ix->post_off ? (ix->n_post_ids + 1) * 8 : 0) + ix->n_post * 4 +
		    ix->n_dn * 12 + (ix->dn_dir ? (((size_t)1 << DN_BITS) + 1) * 4 : 0) +
		    (ix->by_raw ? ix->n_static * sizeof(*ix->by_raw) : 0) +
		    tm_dict_bytes(ix->dict);
	st->build_seconds = ix->build_seconds;
	st->lock_seconds = ix->lock_seconds;
	st->builds = ix->builds;
	st->building = ix->building;
	st->writes = ix->writes;
	pthread_rwlock_unlock(&ix->lock);
}
