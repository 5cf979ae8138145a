/* The branch/directory/file tree as info and language-status show it. */
#include "api/crowdin_v1/v1.h"

#include <stdlib.h>
#include <string.h>

struct tree_slot {
	int64_t id;
	struct rv *files;
};

static struct rv *find_slot(struct tree_slot *slots, size_t n, int64_t id)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (slots[mid].id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < n && slots[lo].id == id ? slots[lo].files : NULL;
}

/*
 * Nodes come in id order, and a parent is always older than its children.
 * The columns are those of index node_tree (migration 6): the rows, with
 * the files' bytes, are not read.
 */
int v1_file_tree(struct call *c, struct rv *root, v1_file_fields_fn file_fields, void *ctx)
{
	struct arena *a = c->a;
	struct db_stmt *st = db_query(c->db,
		"SELECT id, COALESCE(parent_id, 0), kind, name, created, updated, last_accessed, revision "
		"FROM node WHERE project_id = ? ORDER BY id", "i", c->project.id);
	if (!st)
		return -1;
	size_t n = 0, cap = 64;
	struct tree_slot *slots = malloc(cap * sizeof(*slots));
	int rc;
	while ((rc = db_step(st)) == 1) {
		int64_t id = db_col_int(st, 0), parent = db_col_int(st, 1);
		const char *kind = arena_strdup(a, db_col_text(st, 2));
		struct rv *list = parent ? find_slot(slots, n, parent) : root;
		if (!list)
			continue;
		struct rv *o = rv_obj(a, list, NULL);
		rv_str(a, o, "node_type", kind);
		rv_intstr(a, o, "id", id);
		rv_str(a, o, "name", arena_strdup(a, db_col_text(st, 3)));
		if (strcmp(kind, "file") == 0) {
			file_fields(c, o, st, ctx);
			continue;
		}
		if (n == cap)
			slots = realloc(slots, (cap *= 2) * sizeof(*slots));
		slots[n].id = id;
		slots[n++].files = rv_list(a, o, "files", "item");
	}
	db_done(st);
	free(slots);
	return rc < 0 ? -1 : 0;
}
