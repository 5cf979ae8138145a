#include "core/filecache.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/crypto.h"
#include "core/log.h"
#include "core/mem.h"

/* One entry: the SHA-256 of its key names its file. */
struct entry {
	char name[65];
	size_t size;
	uint64_t used;	/* tick of the last get or put: the smallest goes first */
};

struct filecache {
	char dir[PATH_MAX];
	char *scope;
	bool private_dir;
	size_t max_bytes, total;
	pthread_mutex_t lock;
	struct entry *e;
	size_t n, cap;
	uint32_t *slots;	/* entry index + 1 by name (0 free); linear probing */
	size_t n_slots;		/* a power of two, at least twice n */
	uint64_t tick;
};

static bool is_entry_name(const char *s)
{
	size_t n = strspn(s, "0123456789abcdef");
	return n == 64 && !s[n];
}

/* Entries of an earlier run and temporary files a crash left: gone at start (and close). */
static void remove_files(const char *dir)
{
	DIR *d = opendir(dir);
	if (!d)
		return;
	struct dirent *de;
	char path[PATH_MAX + 300];
	while ((de = readdir(d)))
		if (is_entry_name(de->d_name) || !strncmp(de->d_name, "tmp-", 4)) {
			snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
			unlink(path);
		}
	closedir(d);
}

/*
 * Private directories are named after their server's pid; those of servers
 * that died without removing theirs (SIGKILL, a crash: up to cache-mb of
 * files each) go when the next server starts.  A pid in use, or another
 * user's, is left alone.
 */
static void remove_dead_dirs(const char *tmp)
{
	DIR *d = opendir(tmp);
	if (!d)
		return;
	struct dirent *de;
	char path[PATH_MAX + 300];
	while ((de = readdir(d))) {
		int pid, end = 0;
		if (sscanf(de->d_name, "tolk-cache-%d-%*6[A-Za-z0-9]%n", &pid, &end) != 1 ||
		    !end || de->d_name[end] || pid <= 0 || pid == getpid())
			continue;
		if (kill(pid, 0) == 0 || errno != ESRCH)
			continue;
		snprintf(path, sizeof(path), "%s/%s", tmp, de->d_name);
		remove_files(path);
		if (rmdir(path) == 0)
			log_info("reply cache: removed %s, left by a server that is gone", path);
	}
	closedir(d);
}

struct filecache *filecache_open(const char *dir, const char *scope, size_t max_bytes, char *err,
				 size_t errlen)
{
	struct filecache *fc = xcalloc(1, sizeof(*fc));
	fc->scope = xstrdup(scope);
	pthread_mutex_init(&fc->lock, NULL);
	fc->max_bytes = max_bytes;
	if (!max_bytes)
		return fc;
	if (dir && *dir) {
		if (snprintf(fc->dir, sizeof(fc->dir), "%s", dir) >= (int)sizeof(fc->dir) ||
		    (mkdir(dir, 0700) && errno != EEXIST)) {
			snprintf(err, errlen, "cache directory %s: %s", dir, strerror(errno));
			goto fail;
		}
		remove_files(fc->dir);
	} else {
		const char *tmp = getenv("TMPDIR");
		tmp = tmp && *tmp ? tmp : "/tmp";
		remove_dead_dirs(tmp);
		snprintf(fc->dir, sizeof(fc->dir), "%s/tolk-cache-%d-XXXXXX", tmp, (int)getpid());
		if (!mkdtemp(fc->dir)) {
			snprintf(err, errlen, "cache directory %s: %s", fc->dir, strerror(errno));
			goto fail;
		}
		fc->private_dir = true;
	}
	return fc;
fail:
	pthread_mutex_destroy(&fc->lock);
	free(fc->scope);
	free(fc);
	return NULL;
}

void filecache_close(struct filecache *fc)
{
	if (!fc)
		return;
	if (fc->private_dir) {
		remove_files(fc->dir);
		rmdir(fc->dir);
	}
	pthread_mutex_destroy(&fc->lock);
	free(fc->scope);
	free(fc->e);
	free(fc->slots);
	free(fc);
}

static void entry_path(const struct filecache *fc, const char *name, char *out, size_t n)
{
	snprintf(out, n, "%s/%s", fc->dir, name);
}

static void entry_name(const struct filecache *fc, const char *key, char name[65])
{
	size_t ls = strlen(fc->scope), lk = strlen(key);
	char *both = xmalloc(ls + 1 + lk);
	memcpy(both, fc->scope, ls);
	both[ls] = '\n';
	memcpy(both + ls + 1, key, lk);
	crypto_sha256_hex(both, ls + 1 + lk, name);
	free(both);
}

/* ---- entries by name (a SHA-256 in hex: its first 16 digits are a good hash) ---- */

/* The slot that holds name, or the free one where it would go. */
static size_t slot_for(const struct filecache *fc, const char *name)
{
	uint64_t h = 0;
	for (int i = 0; i < 16; i++)
		h = h << 4 | (uint64_t)(name[i] <= '9' ? name[i] - '0' : name[i] - 'a' + 10);
	size_t mask = fc->n_slots - 1, i = (size_t)h & mask;
	while (fc->slots[i] && strcmp(fc->e[fc->slots[i] - 1].name, name))
		i = (i + 1) & mask;
	return i;
}

/* Room in the index for one more entry (at most half the slots in use). */
static void index_reserve(struct filecache *fc)
{
	if (2 * (fc->n + 1) <= fc->n_slots)
		return;
	free(fc->slots);
	fc->n_slots = fc->n_slots ? 2 * fc->n_slots : 128;
	fc->slots = xcalloc(fc->n_slots, sizeof(*fc->slots));
	for (size_t k = 0; k < fc->n; k++)
		fc->slots[slot_for(fc, fc->e[k].name)] = (uint32_t)(k + 1);
}

static struct entry *find(struct filecache *fc, const char *name)
{
	if (!fc->n)
		return NULL;
	uint32_t v = fc->slots[slot_for(fc, name)];
	return v ? &fc->e[v - 1] : NULL;
}

/* Entry k leaves; the last entry takes its place in the array. */
static void entry_remove(struct filecache *fc, size_t k)
{
	size_t mask = fc->n_slots - 1, i = slot_for(fc, fc->e[k].name);
	fc->slots[i] = 0;
	/* the entries probed past the freed slot move back, so lookups still reach them */
	for (size_t j = (i + 1) & mask; fc->slots[j]; j = (j + 1) & mask) {
		uint32_t v = fc->slots[j];
		fc->slots[j] = 0;
		fc->slots[slot_for(fc, fc->e[v - 1].name)] = v;
	}
	size_t last = --fc->n;
	if (k != last) {
		fc->slots[slot_for(fc, fc->e[last].name)] = (uint32_t)(k + 1);
		fc->e[k] = fc->e[last];
	}
}

int filecache_get(struct filecache *fc, const char *key, size_t *size)
{
	if (!fc->max_bytes)
		return -1;
	char name[65], path[PATH_MAX + 80];
	entry_name(fc, key, name);
	pthread_mutex_lock(&fc->lock);
	struct entry *e = find(fc, name);
	if (e)
		e->used = ++fc->tick;
	pthread_mutex_unlock(&fc->lock);
	if (!e)
		return -1;
	entry_path(fc, name, path, sizeof(path));
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	struct stat st;
	if (fd < 0)
		return -1;	/* evicted meanwhile */
	if (fstat(fd, &st)) {
		close(fd);
		return -1;
	}
	*size = (size_t)st.st_size;
	return fd;
}

static bool write_all(int fd, const char *p, size_t len)
{
	while (len) {
		ssize_t w = write(fd, p, len);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return false;
		p += w;
		len -= (size_t)w;
	}
	return true;
}

/* Over the size: least recently used entries go (the newest stays: it fits, see put). */
static void evict(struct filecache *fc)
{
	char path[PATH_MAX + 80];
	while (fc->total > fc->max_bytes && fc->n > 1) {
		size_t old = 0;
		for (size_t i = 1; i < fc->n; i++)
			if (fc->e[i].used < fc->e[old].used)
				old = i;
		entry_path(fc, fc->e[old].name, path, sizeof(path));
		unlink(path);
		fc->total -= fc->e[old].size;
		entry_remove(fc, old);
	}
}

void filecache_put(struct filecache *fc, const char *key, const void *data, size_t len)
{
	/* one reply may not push out everything else */
	if (!fc->max_bytes || len > fc->max_bytes / 4)
		return;
	char name[65], rnd[17], tmp[PATH_MAX + 80], path[PATH_MAX + 80];
	entry_name(fc, key, name);
	crypto_random_hex(rnd, 8);
	snprintf(tmp, sizeof(tmp), "%s/tmp-%s", fc->dir, rnd);
	entry_path(fc, name, path, sizeof(path));
	int fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	bool ok = fd >= 0 && write_all(fd, data, len);
	if (fd >= 0 && close(fd))
		ok = false;
	if (!ok || rename(tmp, path)) {
		log_warn("reply cache: cannot write %s: %s", tmp, strerror(errno));
		unlink(tmp);
		return;
	}
	pthread_mutex_lock(&fc->lock);
	struct entry *e = find(fc, name);
	if (e) {
		fc->total -= e->size;
	} else {
		index_reserve(fc);
		if (fc->n == fc->cap) {
			fc->cap = fc->cap ? 2 * fc->cap : 64;
			fc->e = xrealloc(fc->e, fc->cap * sizeof(*fc->e));
		}
		fc->slots[slot_for(fc, name)] = (uint32_t)(fc->n + 1);
		e = &fc->e[fc->n++];
		memcpy(e->name, name, sizeof(e->name));
	}
	e->size = len;
	e->used = ++fc->tick;
	fc->total += len;
	evict(fc);
	pthread_mutex_unlock(&fc->lock);
}
