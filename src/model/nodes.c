/* The branch/directory/file tree of a project. */
#include "model/content.h"
#include "core/mem.h"
#include "model/files.h"
#include "model/paths.h"
#include "model/stats.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char *const kind_names[] = { "branch", "directory", "file" };

const char *node_kind_name(enum node_kind k)
{
	return kind_names[k];
}

static enum node_kind kind_from(const char *s)
{
	return !strcmp(s, "branch") ? NODE_BRANCH : !strcmp(s, "file") ? NODE_FILE : NODE_DIRECTORY;
}

#define NODE_COLUMNS "id, project_id, COALESCE(parent_id, 0), kind, name, title, description, " \
	"export_pattern, file_type, options, content_hash, revision, created, updated"

static void read_node(struct db_stmt *st, struct arena *a, struct node *n)
{
	n->id = db_col_int(st, 0);
	n->project_id = db_col_int(st, 1);
	n->parent_id = db_col_int(st, 2);
	n->kind = kind_from(db_col_text(st, 3));
	n->name = arena_strdup(a, db_col_text(st, 4));
	n->title = arena_strdup(a, db_col_text(st, 5));
	n->description = arena_strdup(a, db_col_text(st, 6));
	n->export_pattern = arena_strdup(a, db_col_text(st, 7));
	n->file_type = arena_strdup(a, db_col_text(st, 8));
	n->options = arena_strdup(a, db_col_text(st, 9));
	n->content_hash = arena_strdup(a, db_col_text(st, 10));
	n->revision = db_col_int(st, 11);
	n->created = db_col_int(st, 12);
	n->updated = db_col_int(st, 13);
}

static int one_node(struct db_stmt *st, struct arena *a, struct node *out)
{
	if (!st)
		return MODEL_ERROR;
	int rc = db_step(st);
	if (rc == 1)
		read_node(st, a, out);
	db_done(st);
	return rc == 1 ? MODEL_OK : rc == 0 ? MODEL_NOT_FOUND : MODEL_ERROR;
}

int node_child(struct db_conn *c, struct arena *a, int64_t project_id, int64_t parent_id,
	       const char *name, struct node *out)
{
	return one_node(db_query(c, "SELECT " NODE_COLUMNS " FROM node WHERE project_id = ? "
				 "AND COALESCE(parent_id, 0) = ? AND name = ?",
				 "iis", project_id, parent_id, name), a, out);
}

int node_get(struct db_conn *c, struct arena *a, int64_t project_id, int64_t id, struct node *out)
{
	return one_node(db_query(c, "SELECT " NODE_COLUMNS " FROM node WHERE project_id = ? AND id = ?",
				 "ii", project_id, id), a, out);
}

int node_resolve(struct db_conn *c, struct arena *a, int64_t project_id, int64_t base,
		 const char *path, struct node *out, bool *missing_parent)
{
	char seg[1024];
	int64_t parent = base;
	const char *p = path;
	if (missing_parent)
		*missing_parent = false;
	for (;;) {
		while (*p == '/')
			p++;
		const char *end = strchr(p, '/');
		size_t n = end ? (size_t)(end - p) : strlen(p);
		if (n == 0 || n >= sizeof(seg))
			return MODEL_NOT_FOUND;
		memcpy(seg, p, n);
		seg[n] = '\0';
		p += n;
		while (*p == '/')
			p++;
		bool last = *p == '\0';
		int rc = node_child(c, a, project_id, parent, seg, out);
		if (rc == MODEL_NOT_FOUND && missing_parent)
			*missing_parent = !last;
		if (rc)
			return rc;
		if (last)
			return MODEL_OK;
		if (out->kind == NODE_FILE) {
			if (missing_parent)
				*missing_parent = true;
			return MODEL_NOT_FOUND;
		}
		parent = out->id;
	}
}

int node_list(struct db_conn *c, struct arena *a, int64_t project_id, struct node **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	struct db_stmt *st = db_query(c, "SELECT id, COALESCE(parent_id, 0), kind, name FROM node "
				      "WHERE project_id = ? ORDER BY id", "i", project_id);
	if (!st)
		return MODEL_ERROR;
	size_t cap = 0;
	struct node *v = NULL;
	int rc;
	while ((rc = db_step(st)) == 1) {
		if (*n == cap) {
			struct node *w = arena_alloc(a, (cap = cap ? cap * 2 : 64) * sizeof(*w));
			if (*n)
				memcpy(w, v, *n * sizeof(*w));
			v = w;
		}
		struct node *x = &v[(*n)++];
		x->id = db_col_int(st, 0);
		x->project_id = project_id;
		x->parent_id = db_col_int(st, 1);
		x->kind = kind_from(db_col_text(st, 2));
		x->name = arena_strdup(a, db_col_text(st, 3));
	}
	db_done(st);
	*out = v;
	return rc < 0 ? MODEL_ERROR : MODEL_OK;
}

bool node_name_ok(const char *name)
{
	if (!name || !*name || strlen(name) > 255 || !strcmp(name, ".") || !strcmp(name, ".."))
		return false;
	for (const unsigned char *p = (const unsigned char *)name; *p; p++)
		if (*p == '/' || *p == '\\' || *p < 0x20 || *p == 0x7f)
			return false;
	return true;
}

int node_create(struct db_conn *c, int64_t project_id, int64_t parent_id, enum node_kind kind,
		const char *name, const char *title, const char *export_pattern, int64_t *id)
{
	if (!node_name_ok(name)) {
		model_set_why("a name is one path segment: not empty, not \".\" or \"..\", "
			      "no slash, backslash or control character, at most 255 bytes");
		return MODEL_INVALID;
	}
	int64_t now = time(NULL);
	struct db_stmt *st = db_query(c,
		"INSERT INTO node (project_id, parent_id, kind, name, title, export_pattern, created, updated) "
		"VALUES (?, NULLIF(CAST(? AS BIGINT), 0), ?, ?, ?, ?, ?, ?) "
		"ON CONFLICT DO NOTHING RETURNING id",
		"iissssii", project_id, parent_id, kind_names[kind], name, title ? title : "",
		"", now, now);
	if (!st)
		return MODEL_ERROR;
	/* no row: the name exists (DO NOTHING keeps a PostgreSQL transaction usable) */
	int rc = db_step(st);
	int64_t new_id = rc == 1 ? db_col_int(st, 0) : 0;
	db_done(st);
	if (rc != 1)
		return rc == 0 ? MODEL_CONFLICT : MODEL_ERROR;
	if (id)
		*id = new_id;
	return export_pattern && *export_pattern ? node_set_export_pattern(c, new_id, export_pattern)
						 : MODEL_OK;
}

int node_set_export_pattern(struct db_conn *c, int64_t id, const char *pattern)
{
	struct db_stmt *st = db_query(c, "SELECT kind, file_type, options FROM node WHERE id = ?",
				      "i", id);
	if (!st || db_step(st) != 1) {
		db_done(st);
		return MODEL_ERROR;
	}
	bool once = !strcmp(db_col_text(st, 0), "file") &&
		    file_is_multilingual(db_col_text(st, 1), db_col_text(st, 2));
	db_done(st);
	const char *why = *pattern ? export_pattern_problem(pattern, !once) : NULL;
	if (why) {
		model_set_why(why);
		return MODEL_INVALID;
	}
	return db_exec(c, "UPDATE node SET export_pattern = ? WHERE id = ?", "si", pattern, id)
	       ? MODEL_ERROR : MODEL_OK;
}

/* The strings of id's subtree, node by node, each node's duplicate share with them. */
static int delete_strings_counted(struct db_conn *c, int64_t project_id, int64_t id)
{
	int64_t *ids;
	size_t n;
	int rc = db_ids(db_query(c, "WITH RECURSIVE sub(id) AS (SELECT CAST(? AS BIGINT) UNION ALL "
				 "SELECT n.id FROM node n JOIN sub ON n.parent_id = sub.id) "
				 "SELECT id FROM sub", "i", id), &ids, &n) ? MODEL_ERROR : MODEL_OK;
	struct dup_share share, none = { 0 };
	for (size_t i = 0; i < n && !rc; i++)
		if (stats_dups_of_node(c, ids[i], &share) ||
		    db_exec(c, "DELETE FROM string WHERE node_id = ?", "i", ids[i]) ||
		    stats_dups_apply(c, project_id, &share, &none))
			rc = MODEL_ERROR;
	free(ids);
	return rc;
}

int node_delete(struct db_conn *c, int64_t id)
{
	int64_t project_id = db_int(c, -1, "SELECT project_id FROM node WHERE id = ?", "i", id);
	if (project_id < 0 || stats_dups_lock(c, project_id) ||
	    delete_strings_counted(c, project_id, id))
		return MODEL_ERROR;
	/* children and the rest go with it (ON DELETE CASCADE), node_stats too */
	return db_exec(c, "DELETE FROM node WHERE id = ?", "i", id) ? MODEL_ERROR : MODEL_OK;
}

const char *node_path(struct db_conn *c, struct arena *a, int64_t id)
{
	const char *path = "";
	for (int depth = 0; id && depth < 256; depth++) {
		struct db_stmt *st = db_query(c, "SELECT COALESCE(parent_id, 0), name FROM node WHERE id = ?",
					      "i", id);
		if (!st || db_step(st) != 1) {
			db_done(st);
			return NULL;
		}
		const char *name = db_col_text(st, 1);
		path = *path ? arena_printf(a, "%s/%s", name, path) : arena_strdup(a, name);
		id = db_col_int(st, 0);
		db_done(st);
	}
	return path;
}
