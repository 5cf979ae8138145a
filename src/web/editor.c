/*
 * GET /app/p/{project}/editor/{lang}: the translation editor (docs/editor.md
 * "The page").  The server renders the frame: the filters (the project's
 * files and labels), the rights the buttons need, and the language; the
 * strings, their detail and the help come from the editor's JSON calls
 * (/app/api/projects/{project}/editor/{lang}/...) in web/static/editor.js.
 * {lang} follows the calls' rule: a target language of the project (else
 * 404) that the member may see (grant_sees_language; else 403).
 */
#include "web/web.h"
#include "api/webapp/webapp.h"
#include "model/catalog.h"
#include "model/content.h"
#include "model/languages.h"
#include "model/roles.h"

#include <stdlib.h>
#include <string.h>

struct editor_page {
	const char *code;
	const struct language *lang;
	int status;		/* 404: not a target language; 403: not the member's */
	json_t *files, *labels;
};

static int by_id(const void *key, const void *n)
{
	int64_t a = *(const int64_t *)key, b = ((const struct node *)n)->id;
	return (a > b) - (a < b);
}

/* A node's path from the root ("dir/file.po"), from the node list (id order). */
static const char *path_of(struct arena *a, const struct node *nodes, size_t n, const struct node *x)
{
	const char *path = x->name;
	for (int depth = 0; x->parent_id && depth < 64; depth++) {
		x = bsearch(&x->parent_id, nodes, n, sizeof(*nodes), by_id);
		if (!x)
			break;
		path = arena_printf(a, "%s/%s", x->name, path);
	}
	return path;
}

static int by_path(const void *a, const void *b)
{
	return strcmp(json_string_value(json_object_get(*(json_t *const *)a, "path")),
		      json_string_value(json_object_get(*(json_t *const *)b, "path")));
}

static int read_editor(struct call *c, void *ctx)
{
	struct editor_page *x = ctx;
	json_array_clear(x->files);	/* a transaction run again starts afresh */
	json_array_clear(x->labels);
	int ids[ROLES_MAX_LANGUAGES];
	int n = project_languages(c->db, c->project.id, ids, ROLES_MAX_LANGUAGES);
	if (n < 0)
		return 500;
	x->lang = language_by_code(x->code);
	x->status = 404;
	for (int i = 0; i < n && x->lang; i++)
		if (ids[i] == x->lang->id)
			x->status = grant_sees_language(&c->grant, ids[i]) ? 0 : 403;
	if (x->status)
		return 0;
	struct node *nodes;
	size_t nn;
	struct label *labels;
	size_t nl;
	if (node_list(c->db, c->a, c->project.id, &nodes, &nn) ||
	    label_list(c->db, c->a, c->project.id, &labels, &nl))
		return 500;
	/* every node is a filter: a file, or a directory or branch with what is under it */
	json_t **sorted = arena_alloc(c->a, (nn ? nn : 1) * sizeof(*sorted));
	for (size_t i = 0; i < nn; i++) {
		const char *p = path_of(c->a, nodes, nn, &nodes[i]);
		sorted[i] = json_pack("{s:I,s:s,s:b}", "id", (json_int_t)nodes[i].id, "path",
				      nodes[i].kind == NODE_FILE ? p : arena_printf(c->a, "%s/", p),
				      "is_file", nodes[i].kind == NODE_FILE);
	}
	qsort(sorted, nn, sizeof(*sorted), by_path);
	for (size_t i = 0; i < nn; i++)
		json_array_append_new(x->files, sorted[i]);
	for (size_t i = 0; i < nl; i++)
		json_array_append_new(x->labels, json_pack("{s:s,s:s}", "id", labels[i].key,
							   "name", labels[i].name));
	return 0;
}

int web_editor(struct call *c)
{
	if (!web_need_project(c, ACT_VIEW))
		return 0;
	struct editor_page x = { .code = call_capture(c, "lang"), .files = json_array(),
				 .labels = json_array() };
	if (!x.code || app_txn(c, false, read_editor, &x)) {
		json_decref(x.files);
		json_decref(x.labels);
		return web_page(c, 500, "error", "Something went wrong", NULL);
	}
	if (x.status) {
		json_decref(x.files);
		json_decref(x.labels);
		if (x.status == 403)
			return web_page(c, 403, "error", "Not allowed", json_pack("{s:s}", "message",
					"Your role in this project does not cover this language."));
		return web_page(c, 404, "not-found", "Page not found", json_pack("{s:s}", "path", c->r->path));
	}
	json_t *d = web_project_data(c, "editor");
	json_object_set_new(d, "lang", json_pack("{s:s,s:s}", "code", x.lang->crowdin_code,
						 "name", x.lang->name));
	json_object_set_new(d, "files", x.files);
	json_object_set_new(d, "labels", x.labels);
	json_object_set_new(d, "has_labels", json_boolean(json_array_size(x.labels) > 0));
	return web_page(c, 200, "editor", arena_printf(c->a, "Translate into %s", x.lang->name), d);
}
