#include "model/zipout.h"
#include "core/log.h"
#include "core/mem.h"
#include "model/paths.h"

#include <archive.h>
#include <archive_entry.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Queued but not yet compressed: bounds a build's memory, not its speed. */
#define PENDING_MAX ((size_t)32 << 20)

struct entry {
	struct entry *next;
	char *name;
	char *data;
	size_t len;
};

struct zip_out {
	struct archive *ar;
	struct zip_names names;		/* the producer's alone */
	time_t now;
	bool threaded;			/* false: entries are written where they are added */

	pthread_mutex_t mu;
	pthread_cond_t cond;		/* the queue changed */
	struct entry *head, **tail;
	size_t pending;			/* bytes queued */
	bool closing;
	bool failed;
	pthread_t compressor;
};

static la_ssize_t zip_write(struct archive *ar, void *ctx, const void *p, size_t n)
{
	(void)ar;
	return buf_add(ctx, p, n) ? -1 : (la_ssize_t)n;
}

static int write_entry(struct zip_out *z, const struct entry *en)
{
	struct archive_entry *e = archive_entry_new();
	archive_entry_set_pathname_utf8(e, en->name);
	archive_entry_set_size(e, (la_int64_t)en->len);
	archive_entry_set_filetype(e, AE_IFREG);
	archive_entry_set_perm(e, 0644);
	archive_entry_set_mtime(e, z->now, 0);
	int rc = archive_write_header(z->ar, e) == ARCHIVE_OK &&
		 (en->len == 0 || archive_write_data(z->ar, en->data, en->len) == (la_ssize_t)en->len)
		 ? 0 : -1;
	archive_entry_free(e);
	return rc;
}

static void entry_free(struct entry *en)
{
	free(en->name);
	free(en->data);
	free(en);
}

static void *compress_loop(void *arg)
{
	struct zip_out *z = arg;
	pthread_mutex_lock(&z->mu);
	for (;;) {
		while (!z->head && !z->closing)
			pthread_cond_wait(&z->cond, &z->mu);
		struct entry *en = z->head;
		if (!en)
			break;
		z->head = en->next;
		if (!z->head)
			z->tail = &z->head;
		bool skip = z->failed;
		pthread_mutex_unlock(&z->mu);
		int rc = skip ? 0 : write_entry(z, en);
		pthread_mutex_lock(&z->mu);
		z->pending -= en->len;
		if (rc)
			z->failed = true;
		pthread_cond_broadcast(&z->cond);
		entry_free(en);
	}
	pthread_mutex_unlock(&z->mu);
	return NULL;
}

struct zip_out *zip_out_open(struct buf *zip, struct arena *a)
{
	struct zip_out *z = xcalloc(1, sizeof(*z));
	z->now = time(NULL);
	zip_names_init(&z->names, a);
	z->tail = &z->head;
	z->ar = archive_write_new();
	archive_write_set_format_zip(z->ar);
	/* hdrcharset: names are UTF-8 and the entries say so (general purpose bit 11) */
	archive_write_set_options(z->ar, "zip:compression=deflate,zip:hdrcharset=UTF-8");
	archive_write_set_bytes_in_last_block(z->ar, 1);
	z->failed = archive_write_open(z->ar, zip, NULL, zip_write, NULL) != ARCHIVE_OK;
	pthread_mutex_init(&z->mu, NULL);
	pthread_cond_init(&z->cond, NULL);
	z->threaded = pthread_create(&z->compressor, NULL, compress_loop, z) == 0;
	if (!z->threaded)
		log_warn("export: no compressor thread; compressing in line");
	return z;
}

static int enqueue(struct zip_out *z, struct entry *en)
{
	if (!z->threaded) {
		int rc = z->failed || write_entry(z, en) ? -1 : 0;
		z->failed |= rc != 0;
		entry_free(en);
		return rc;
	}
	pthread_mutex_lock(&z->mu);
	while (z->pending && z->pending + en->len > PENDING_MAX && !z->failed)
		pthread_cond_wait(&z->cond, &z->mu);
	bool failed = z->failed;
	if (!failed) {
		*z->tail = en;
		z->tail = &en->next;
		z->pending += en->len;
		pthread_cond_broadcast(&z->cond);
	}
	pthread_mutex_unlock(&z->mu);
	if (failed)
		entry_free(en);
	return failed ? -1 : 0;
}

/*
 * Patterns are checked when they are set; this checks the expanded name
 * again (a placeholder can expand to "..", and rows stored before the
 * check exist).
 */
int zip_out_add(struct zip_out *z, const char *name, const char *fallback, struct buf *data)
{
	if (!zip_name_ok(name)) {
		log_warn("export: unsafe entry name \"%s\" replaced by \"%s\"", name, fallback);
		name = fallback;
		if (!zip_name_ok(name)) {
			buf_reset(data);
			return 0;
		}
	}
	const char *unique = zip_names_claim(&z->names, name);
	if (strcmp(unique, name))
		log_warn("export: two files export to \"%s\"; the second is \"%s\"", name, unique);
	struct entry *en = xcalloc(1, sizeof(*en));
	en->name = xstrdup(unique);
	en->data = buf_detach(data, &en->len);
	return enqueue(z, en);
}

int zip_out_close(struct zip_out *z)
{
	if (z->threaded) {
		pthread_mutex_lock(&z->mu);
		z->closing = true;
		pthread_cond_broadcast(&z->cond);
		pthread_mutex_unlock(&z->mu);
		pthread_join(z->compressor, NULL);
	}
	int rc = z->failed || archive_write_close(z->ar) != ARCHIVE_OK ? -1 : 0;
	archive_write_free(z->ar);
	zip_names_release(&z->names);
	pthread_mutex_destroy(&z->mu);
	pthread_cond_destroy(&z->cond);
	free(z);
	return rc;
}
