/*
 * params: request parameters merged from the query string, an urlencoded
 * body, a multipart body and (localization.one) a JSON object body, as one
 * tree with PHP bracket semantics (crowdin-v1.md §1.5):
 *
 *   name=v            scalar
 *   name[]=v          list append (keys "0", "1", ...)
 *   name[k]=v         map member; nesting a[0][b][c]=v to LIMIT_PARAM_DEPTH
 *   name=v&name=w     a repeated bare name becomes a list
 *
 * Later values for the same scalar name win, except that repeats turn into
 * lists.  Uploaded files are leaves with `file` set.  All memory is in the
 * request arena.
 */
#ifndef TOLK_PARAMS_H
#define TOLK_PARAMS_H

#include <stdbool.h>
#include <stddef.h>

#include "core/arena.h"

struct upload {
	char *filename;		/* as the client sent it (ignored by Crowdin semantics) */
	int fd;			/* temp file holding the bytes, -1 once closed */
	size_t size;
	bool too_large;		/* over LIMIT_UPLOAD_FILE_BYTES: content discarded */
};

struct param {
	char *name;		/* key within its parent (may hold a NUL: see name_len) */
	size_t name_len;
	char *value;		/* scalar value ("" allowed); NULL for maps */
	size_t value_len;
	struct upload *file;	/* file leaf */
	struct param *first, *last, *next;
	size_t n_children;
	bool repeated;		/* became a list through a repeated bare name */
	struct param *parent;
	unsigned generation;		/* bumped when the children are dropped */
	unsigned parent_generation;	/* the parent's generation when this was added */
};

struct params {
	struct arena *arena;
	struct param root;
	size_t count;
	bool overflow;		/* too many parameters or too deep: the rest were dropped */
	bool duplicate_file;	/* two uploads under one name (files[a.po] twice) */
	bool has_nul;		/* a name or value held a NUL byte (%00): refused, never cut */
	struct param **slots;	/* index of every node by (parent, name): see params.c */
	size_t n_slots, n_used;
};

void params_init(struct params *p, struct arena *a);
/* Add one raw `key=value` (key still in bracket syntax; both may hold NULs). */
void params_add(struct params *p, const char *key, size_t klen, const char *value, size_t len);
/* Add a file leaf under a bracket key. */
void params_add_file(struct params *p, const char *key, struct upload *u);

/* Lookup of a top-level name, or of a child by key. */
struct param *params_get(const struct params *p, const char *name);
struct param *param_child(const struct param *m, const char *key);

/* Scalar value of a top-level name; NULL when absent, a map, or empty. */
const char *params_str(const struct params *p, const char *name);
/* True when the name was sent at all, even with an empty value. */
bool params_has(const struct params *p, const char *name);
/* Boolean: "", "1", "true", "yes", "on" true; "0", "false", "no", "off" false; absent -> def. */
bool params_bool(const struct params *p, const char *name, bool def);
/* Integer; def when absent; *ok=false when malformed. */
long long params_int(const struct params *p, const char *name, long long def, bool *ok);

/* The first parameter whose name or scalar value is not text (invalid UTF-8,
 * or a NUL byte), or NULL when all are (files are not looked at). */
const struct param *params_bad_text(const struct params *p);

static inline bool param_is_map(const struct param *m)
{
	return m && m->value == NULL && m->file == NULL;
}

#endif
