/*
 * filecache (src/core/filecache.h): random puts and gets against a model of
 * what it must hold -- least recently used entries go once it is over its
 * size -- with enough entries that its index grows, and evictions that
 * move entries around in it.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "core/filecache.h"

#define KEYS 3000
#define MAX_BYTES (64 * 1024)

struct model {
	size_t size[KEYS];	/* what was put last */
	int version[KEYS];	/* which content */
	uint64_t used[KEYS];	/* 0: not held */
	uint64_t tick;
	size_t total;
};

static void content(char *out, int key, int version, size_t size)
{
	for (size_t i = 0; i < size; i++)
		out[i] = (char)('a' + (key * 31 + version * 7 + (int)i) % 26);
}

static void model_put(struct model *m, int k, int version, size_t size)
{
	if (size > MAX_BYTES / 4)
		return;
	if (m->used[k])
		m->total -= m->size[k];
	m->size[k] = size;
	m->version[k] = version;
	m->used[k] = ++m->tick;
	m->total += size;
	for (;;) {
		int held = 0, old = -1;
		for (int i = 0; i < KEYS; i++)
			if (m->used[i]) {
				held++;
				if (old < 0 || m->used[i] < m->used[old])
					old = i;
			}
		if (m->total <= MAX_BYTES || held <= 1)
			break;
		m->total -= m->size[old];
		m->used[old] = 0;
	}
}

static void check_get(struct filecache *fc, struct model *m, int k)
{
	char key[32];
	snprintf(key, sizeof(key), "key %d", k);
	size_t size = 0;
	int fd = filecache_get(fc, key, &size);
	if (!m->used[k]) {
		assert_int_equal(fd, -1);
		return;
	}
	assert_true(fd >= 0);
	m->used[k] = ++m->tick;
	assert_int_equal(size, m->size[k]);
	char *got = malloc(size + 1), *want = malloc(size + 1);
	assert_int_equal(pread(fd, got, size, 0), (ssize_t)size);
	content(want, k, m->version[k], size);
	assert_memory_equal(got, want, size);
	free(got);
	free(want);
	close(fd);
}

static void random_puts_and_gets_match_the_model(void **state)
{
	char err[256];
	struct filecache *fc = filecache_open(NULL, "test", MAX_BYTES, err, sizeof(err));
	assert_non_null(fc);
	static struct model m;
	memset(&m, 0, sizeof(m));
	srand(7);
	char *data = malloc(MAX_BYTES);
	for (int op = 0; op < 40000; op++) {
		/* mostly small entries (many held: the index grows and shrinks), a few big */
		int k = rand() % (op < 20000 ? KEYS : 200);
		if (rand() % 3) {
			check_get(fc, &m, k);
			continue;
		}
		size_t size = rand() % 50 ? (size_t)(rand() % 40) : (size_t)(rand() % (MAX_BYTES / 3));
		int version = rand() % 1000;
		content(data, k, version, size);
		char key[32];
		snprintf(key, sizeof(key), "key %d", k);
		filecache_put(fc, key, data, size);
		model_put(&m, k, version, size);
	}
	for (int k = 0; k < KEYS; k++)
		check_get(fc, &m, k);
	free(data);
	filecache_close(fc);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(random_puts_and_gets_match_the_model),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
