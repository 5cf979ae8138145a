/*
 * filecache: big replies kept as files, served again with sendfile.
 *
 * A key names exactly what a reply was computed from (the project's revision
 * among it), so an entry never goes stale: a change makes new keys, and old
 * entries age out, least recently used first, once the cache is over its
 * size.  Entries are written to a temporary name and renamed, so a reader
 * sees a whole file or none; several nodes may share a directory.
 */
#ifndef TOLK_FILECACHE_H
#define TOLK_FILECACHE_H

#include <stddef.h>

struct filecache;

/*
 * dir "" or NULL: a private directory under $TMPDIR (or /tmp), removed by
 * filecache_close.  scope is part of every key (the database: two servers on
 * different databases that share a directory never see each other's
 * entries).  max_bytes 0: no cache (every call a miss, puts ignored).
 * NULL with err set when the directory cannot be made.
 */
struct filecache *filecache_open(const char *dir, const char *scope, size_t max_bytes, char *err,
				 size_t errlen);
void filecache_close(struct filecache *fc);

/* A descriptor open on key's entry (the caller closes it) and its size; -1 on a miss. */
int filecache_get(struct filecache *fc, const char *key, size_t *size);
/* Keep data under key; a failure (a full disk) only logs: the cache is an optimisation. */
void filecache_put(struct filecache *fc, const char *key, const void *data, size_t len);

#endif
