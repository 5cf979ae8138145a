/* zipout: an export ZIP written while a thread of its own deflates (src/model/zipout.h). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <archive.h>
#include <archive_entry.h>

#include "model/zipout.h"

/* Entry i's content: big enough that the queue fills and waits, varied enough to deflate. */
static void fill(struct buf *b, int i, size_t size)
{
	buf_init(b, 0);
	while (b->len < size)
		buf_printf(b, "msgid \"string %d.%zu\"\nmsgstr \"traduction %zu\"\n", i, b->len, b->len * 7);
}

/* Every entry, in order: names and contents as added. */
static void read_back(const struct buf *zip, int n, size_t size, const char *const *names)
{
	struct archive *ar = archive_read_new();
	archive_read_support_format_zip(ar);
	assert_int_equal(archive_read_open_memory(ar, zip->data, zip->len), ARCHIVE_OK);
	struct archive_entry *e;
	int seen = 0;
	while (archive_read_next_header(ar, &e) == ARCHIVE_OK) {
		assert_true(seen < n);
		assert_string_equal(archive_entry_pathname(e), names[seen]);
		struct buf want, got;
		fill(&want, seen, size);
		buf_init(&got, 0);
		char chunk[65536];
		la_ssize_t k;
		while ((k = archive_read_data(ar, chunk, sizeof(chunk))) > 0)
			buf_add(&got, chunk, (size_t)k);
		assert_int_equal(got.len, want.len);
		assert_memory_equal(got.data, want.data, want.len);
		buf_release(&want);
		buf_release(&got);
		seen++;
	}
	assert_int_equal(seen, n);
	archive_read_free(ar);
}

/* More bytes than the queue holds (32 MB): the producer waits, nothing is lost or reordered. */
static void many_entries_come_back_in_order(void **state)
{
	enum { N = 40 };
	const size_t size = 1 << 20;
	struct arena a;
	arena_init(&a);
	struct buf zip;
	buf_init(&zip, 0);
	struct zip_out *z = zip_out_open(&zip, &a);
	const char *names[N];
	for (int i = 0; i < N; i++) {
		char name[64];
		snprintf(name, sizeof(name), "fr/dir %d/file.po", i);
		names[i] = arena_strdup(&a, name);
		struct buf data;
		fill(&data, i, size);
		assert_int_equal(zip_out_add(z, name, "fr/fallback.po", &data), 0);
		assert_int_equal(data.len, 0);	/* taken */
		buf_release(&data);
	}
	assert_int_equal(zip_out_close(z), 0);
	read_back(&zip, N, size, names);
	buf_release(&zip);
	arena_release(&a);
}

/* The last check of a name before it leaves: unsafe names fall back, a taken one gets " (2)". */
static void names_are_checked_and_made_unique(void **state)
{
	struct arena a;
	arena_init(&a);
	struct buf zip;
	buf_init(&zip, 0);
	struct zip_out *z = zip_out_open(&zip, &a);
	const char *const added[][2] = {
		{ "fr/app.po", "fr/app.po" },
		{ "../../etc/passwd", "fr/safe.po" },
		{ "fr/app.po", "fr/other.po" },
		{ "/abs.po", "../also-bad.po" },	/* no safe name at all: left out */
	};
	for (size_t i = 0; i < sizeof(added) / sizeof(*added); i++) {
		struct buf data;
		fill(&data, (int)i, 100);
		assert_int_equal(zip_out_add(z, added[i][0], added[i][1], &data), 0);
		buf_release(&data);
	}
	assert_int_equal(zip_out_close(z), 0);
	const char *const names[] = { "fr/app.po", "fr/safe.po", "fr/app (2).po" };
	read_back(&zip, 3, 100, names);
	buf_release(&zip);
	arena_release(&a);
}

/* An archive that cannot grow fails: the producer hears it and nothing hangs. */
static void a_full_buffer_fails_without_hanging(void **state)
{
	struct arena a;
	arena_init(&a);
	struct buf zip;
	buf_init(&zip, 4096);	/* far less than one entry deflated */
	struct zip_out *z = zip_out_open(&zip, &a);
	int failed = 0;
	for (int i = 0; i < 200; i++) {
		struct buf data;
		fill(&data, i, 1 << 20);
		char name[32];
		snprintf(name, sizeof(name), "de/%d.po", i);
		failed += zip_out_add(z, name, name, &data) != 0;
		buf_release(&data);
	}
	assert_true(failed > 0);
	assert_int_equal(zip_out_close(z), -1);
	buf_release(&zip);
	arena_release(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(many_entries_come_back_in_order),
		cmocka_unit_test(names_are_checked_and_made_unique),
		cmocka_unit_test(a_full_buffer_fails_without_hanging),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
