/* Directories and branches (crowdin-v1.md §2.13). */
#include "api/crowdin_v1/v1.h"
#include "model/content.h"

#include <string.h>
#include <time.h>

/*
 * Clients send "/dir", "dir/" and "dir//sub" for "dir" and "dir/sub"
 * (§2.13; Crowdin accepted them all): drop leading, trailing and repeated
 * slashes here, once for every path parameter.  Segments are not judged
 * here: "." and ".." never match a node, and node_name_ok() refuses them,
 * backslashes and control characters wherever a node is created.
 */
const char *v1_clean_path(struct arena *a, const char *p)
{
	if (!p)
		return NULL;
	char *out = arena_alloc(a, strlen(p) + 1), *o = out;
	for (; *p; p++)
		if (*p != '/' || (o > out && o[-1] != '/'))
			*o++ = *p;
	if (o > out && o[-1] == '/')
		o--;
	*o = '\0';
	return *out ? out : NULL;
}

int v1_branch_base(struct call *c, int64_t *base)
{
	const char *branch = params_str(&c->r->params, "branch");
	*base = 0;
	if (!branch)
		return 0;
	struct node b;
	int rc = node_child(c->db, c->a, c->project.id, 0, branch, &b);
	if (rc < 0)
		return V1_UNKNOWN_INTERNAL;
	if (rc || b.kind != NODE_BRANCH)
		return V1_DIRECTORY_NOT_FOUND;
	*base = b.id;
	return 0;
}

static int record(struct call *c, const char *kind, int64_t node_id, const char *path)
{
	struct arena *a = c->a;
	struct event_new e = {
		.project_id = c->project.id, .account_id = call_account_id(c),
		.node_id = node_id, .kind = kind, .origin = "crowdin-v1",
		.detail_json = NULL,
	};
	struct buf js;
	buf_init(&js, 0);
	buf_adds(&js, "{\"path\":");
	json_escape(&js, path, strlen(path));
	buf_addc(&js, '}');
	e.detail_json = arena_strdup(a, js.data);
	buf_release(&js);
	return event_add(c->db, &e) ? V1_UNKNOWN_INTERNAL : 0;
}

/* Split "a/b/c" into parent path "a/b" (arena) and last segment "c". */
static const char *split_last(struct arena *a, const char *path, const char **parent)
{
	const char *slash = strrchr(path, '/');
	*parent = slash ? arena_strndup(a, path, (size_t)(slash - path)) : NULL;
	return slash ? slash + 1 : path;
}

/* Walk the parent path; create missing directories when `recursive`. */
static int ensure_parent(struct call *c, int64_t base, const char *parent, bool recursive,
			 int64_t *parent_id)
{
	*parent_id = base;
	if (!parent)
		return 0;
	char *copy = arena_strdup(c->a, parent), *save = NULL;
	for (char *seg = strtok_r(copy, "/", &save); seg; seg = strtok_r(NULL, "/", &save)) {
		struct node n;
		int rc = node_child(c->db, c->a, c->project.id, *parent_id, seg, &n);
		if (rc == MODEL_NOT_FOUND && recursive) {
			int64_t id;
			rc = node_create(c->db, c->project.id, *parent_id, NODE_DIRECTORY, seg, NULL, NULL, &id);
			if (rc == MODEL_CONFLICT)	/* a concurrent request just made it */
				rc = node_child(c->db, c->a, c->project.id, *parent_id, seg, &n);
			else if (rc == MODEL_OK)
				n.id = id, n.kind = NODE_DIRECTORY;
			if (rc == MODEL_INVALID)
				return V1_INVALID_PARAMETERS;
		}
		if (rc == MODEL_NOT_FOUND || (rc == 0 && n.kind == NODE_FILE))
			return V1_DIRECTORY_NOT_FOUND;
		if (rc)
			return V1_UNKNOWN_INTERNAL;
		*parent_id = n.id;
	}
	return 0;
}

int v1_add_directory(struct call *c)
{
	const struct params *p = &c->r->params;
	const char *path = v1_clean_path(c->a, params_str(p, "name"));
	bool is_branch = params_bool(p, "is_branch", false);
	if (!path)
		return V1_INVALID_PARAMETERS;
	int64_t base;
	int rc = is_branch ? 0 : v1_branch_base(c, &base);
	if (rc)
		return rc;
	if (is_branch) {
		base = 0;
		if (strchr(path, '/') || params_str(p, "branch"))
			return V1_INVALID_PARAMETERS;	/* branches live at the root only */
	}
	const char *parent, *name = split_last(c->a, path, &parent);
	int64_t parent_id, id;
	rc = ensure_parent(c, base, parent, params_bool(p, "recursive", false), &parent_id);
	if (rc)
		return rc;
	rc = node_create(c->db, c->project.id, parent_id, is_branch ? NODE_BRANCH : NODE_DIRECTORY,
			 name, params_str(p, "title"), params_str(p, "export_pattern"), &id);
	if (rc == MODEL_CONFLICT)
		return V1_DIRECTORY_EXISTS;
	if (rc == MODEL_INVALID)
		return v1_invalid(c);
	if (rc)
		return V1_UNKNOWN_INTERNAL;
	if ((rc = record(c, is_branch ? "branch.added" : "directory.added", id, path)))
		return rc;
	v1_success(c);
	return 0;
}

/*
 * The directory (or, without `branch`, a branch) named by `name`.  A path
 * that does not exist is 26, Crowdin's code for change-directory and
 * delete-directory (crowdin-v1.md §1.9); an unknown `branch` stays 17.
 */
static int find_directory(struct call *c, struct node *n)
{
	const char *path = v1_clean_path(c->a, params_str(&c->r->params, "name"));
	if (!path)
		return V1_INVALID_PARAMETERS;
	int64_t base;
	int rc = v1_branch_base(c, &base);
	if (rc)
		return rc;
	rc = node_resolve(c->db, c->a, c->project.id, base, path, n, NULL);
	if (rc < 0)
		return V1_UNKNOWN_INTERNAL;
	if (rc || n->kind == NODE_FILE)
		return V1_PATH_NOT_FOUND;
	return 0;
}

int v1_change_directory(struct call *c)
{
	const struct params *p = &c->r->params;
	struct node n;
	int rc = find_directory(c, &n);
	if (rc)
		return rc;
	const char *new_name = params_str(p, "new_name");
	if (new_name) {
		if (!node_name_ok(new_name))
			return V1_INVALID_PARAMETERS;
		if (db_exec(c->db, "UPDATE node SET name = ?, updated = ? WHERE id = ?", "sii",
			    new_name, (int64_t)time(NULL), n.id))
			return db_err_unique(c->db) ? V1_DIRECTORY_EXISTS : V1_UNKNOWN_INTERNAL;
	}
	struct param *title = params_get(p, "title"), *pattern = params_get(p, "export_pattern");
	if (title && title->value &&
	    db_exec(c->db, "UPDATE node SET title = ? WHERE id = ?", "si", title->value, n.id))
		return V1_UNKNOWN_INTERNAL;
	if (pattern && pattern->value && (rc = node_set_export_pattern(c->db, n.id, pattern->value)))
		return rc == MODEL_INVALID ? v1_invalid(c) : V1_UNKNOWN_INTERNAL;
	if ((rc = record(c, "directory.changed", n.id, n.name)))
		return rc;
	v1_success(c);
	return 0;
}

int v1_delete_directory(struct call *c)
{
	struct node n;
	int rc = find_directory(c, &n);
	if (rc)
		return rc;
	if (node_delete(c->db, n.id))
		return V1_UNKNOWN_INTERNAL;
	if ((rc = record(c, n.kind == NODE_BRANCH ? "branch.deleted" : "directory.deleted", 0, n.name)))
		return rc;
	v1_success(c);
	return 0;
}
