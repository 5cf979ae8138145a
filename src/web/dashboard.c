/*
 * GET /app/p/{project}: a project's dashboard (docs/web.md).  The progress
 * of each language the member may see (a translator or proofreader with a
 * language list: only theirs), and the tree of branches, directories and
 * files with each file's progress in one chosen language (?lang=, a
 * select).  Everything is read from the kept counts (table node_stats,
 * model/stats.h): two sums for the languages, one row per file for the
 * tree, whatever the number of strings.  Uploads and downloads go through
 * the v1 calls from web/static/dashboard.js.
 */
#define _GNU_SOURCE	/* qsort_r */
#include "web/web.h"
#include "api/webapp/webapp.h"
#include "model/content.h"
#include "model/languages.h"
#include "model/stats.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define DASH_MAX_LANGUAGES 512
/* a tree this small opens all its directories */
#define DASH_OPEN_NODES 60

struct tnode {
	const struct node *n;
	struct counts k;	/* a file's; a directory's or branch's: its files' sum */
	size_t *kids, nkids;
};

struct dash {
	json_t *d;
	const char *want;	/* ?lang= */
	struct node *nodes;
	size_t n;
	struct tnode *t;
	size_t *root_kids, nroot;
	json_t *tree, *dirs, *files;
	const struct language *lang;	/* the tree's language */
};

static json_t *counts_json(const struct counts *k)
{
	return json_pack("{s:I,s:I,s:I,s:I,s:I,s:I,s:i,s:i,s:i,s:i}", "phrases", (json_int_t)k->phrases,
			 "translated", (json_int_t)k->translated, "approved", (json_int_t)k->approved,
			 "words", (json_int_t)k->words, "words_translated", (json_int_t)k->words_translated,
			 "words_approved", (json_int_t)k->words_approved,
			 "pct_translated", stats_percent(k->translated, k->phrases),
			 "pct_approved", stats_percent(k->approved, k->phrases),
			 "pct_words_translated", stats_percent(k->words_translated, k->words),
			 "pct_words_approved", stats_percent(k->words_approved, k->words));
}

/* The languages the member sees, with their progress; picks the tree's language. */
static int read_languages(struct call *c, struct dash *x)
{
	int all[DASH_MAX_LANGUAGES], ids[DASH_MAX_LANGUAGES], n = 0;
	int total = project_languages(c->db, c->project.id, all, DASH_MAX_LANGUAGES);
	if (total < 0)
		return -1;
	for (int i = 0; i < total; i++)
		if (grant_sees_language(&c->grant, all[i]) && language_by_id(all[i]))
			ids[n++] = all[i];
	struct counts *k = arena_alloc(c->a, (size_t)(n ? n : 1) * sizeof(*k));
	if (n && stats_languages(c->db, c->project.id, ids, n, k))
		return -1;
	json_t *list = json_array();
	for (int i = 0; i < n; i++) {
		const struct language *l = language_by_id(ids[i]);
		if (!i || (x->want && !strcasecmp(x->want, l->crowdin_code)))
			x->lang = l;
		json_t *o = counts_json(&k[i]);
		json_object_set_new(o, "code", json_string(l->crowdin_code));
		json_object_set_new(o, "name", json_string(l->name));
		json_array_append_new(list, o);
	}
	size_t i;
	json_t *o;
	json_array_foreach(list, i, o)
		json_object_set_new(o, "selected", json_boolean(x->lang &&
			!strcmp(json_string_value(json_object_get(o, "code")), x->lang->crowdin_code)));
	json_object_set_new(x->d, "languages", list);
	json_object_set_new(x->d, "has_languages", json_boolean(n > 0));
	if (x->lang)
		json_object_set_new(x->d, "lang", json_pack("{s:s,s:s}", "code", x->lang->crowdin_code,
							    "name", x->lang->name));
	return 0;
}

static int by_id(const void *key, const void *n)
{
	int64_t a = *(const int64_t *)key, b = ((const struct node *)n)->id;
	return (a > b) - (a < b);
}

/* The index of node id in x->nodes (id order), or -1. */
static ssize_t find(const struct dash *x, int64_t id)
{
	const struct node *n = x->n ? bsearch(&id, x->nodes, x->n, sizeof(*n), by_id) : NULL;
	return n ? n - x->nodes : -1;
}

static void file_counts(void *ctx, int64_t node_id, const struct counts *k)
{
	struct dash *x = ctx;
	ssize_t i = find(x, node_id);
	if (i >= 0)
		x->t[i].k = *k;
}

/* Branches and directories first, then files; by name.  arg: the struct dash. */
static int by_kind_name(const void *a, const void *b, void *arg)
{
	const struct dash *x = arg;
	const struct node *p = x->t[*(const size_t *)a].n, *q = x->t[*(const size_t *)b].n;
	int fp = p->kind == NODE_FILE, fq = q->kind == NODE_FILE;
	return fp != fq ? fp - fq : strcmp(p->name, q->name);
}

static void add_counts(struct counts *to, const struct counts *k)
{
	to->phrases += k->phrases;
	to->translated += k->translated;
	to->approved += k->approved;
	to->words += k->words;
	to->words_translated += k->words_translated;
	to->words_approved += k->words_approved;
}

/* Sums the files under each directory and branch into it; answers i's counts. */
static const struct counts *sum_up(struct dash *x, size_t i)
{
	struct tnode *t = &x->t[i];
	for (size_t j = 0; j < t->nkids; j++)
		add_counts(&t->k, sum_up(x, t->kids[j]));
	return &t->k;
}

static int link_children(struct call *c, struct dash *x)
{
	x->t = arena_alloc(c->a, (x->n ? x->n : 1) * sizeof(*x->t));
	size_t *count = calloc(x->n + 1, sizeof(*count));	/* [n]: the root's */
	ssize_t *parent = malloc((x->n ? x->n : 1) * sizeof(*parent));
	if (!count || !parent) {
		free(count);
		free(parent);
		return -1;
	}
	for (size_t i = 0; i < x->n; i++) {
		x->t[i].n = &x->nodes[i];
		parent[i] = x->nodes[i].parent_id ? find(x, x->nodes[i].parent_id) : (ssize_t)x->n;
		if (parent[i] >= 0)
			count[parent[i]]++;
	}
	for (size_t i = 0; i < x->n; i++)
		x->t[i].kids = arena_alloc(c->a, (count[i] ? count[i] : 1) * sizeof(size_t));
	x->root_kids = arena_alloc(c->a, (count[x->n] ? count[x->n] : 1) * sizeof(size_t));
	for (size_t i = 0; i < x->n; i++) {
		if (parent[i] < 0)
			continue;	/* an orphan: never shown */
		if ((size_t)parent[i] == x->n)
			x->root_kids[x->nroot++] = i;
		else {
			struct tnode *p = &x->t[parent[i]];
			p->kids[p->nkids++] = i;
		}
	}
	free(count);
	free(parent);
	qsort_r(x->root_kids, x->nroot, sizeof(size_t), by_kind_name, x);
	for (size_t i = 0; i < x->n; i++)
		qsort_r(x->t[i].kids, x->t[i].nkids, sizeof(size_t), by_kind_name, x);
	return 0;
}

/* s for a URL's query: unreserved bytes and '/' kept, the others %XX. */
static const char *query_escape(struct arena *a, const char *s)
{
	char *out = arena_alloc(a, strlen(s) * 3 + 1), *o = out;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
		    strchr("-._~/", *p))
			*o++ = (char)*p;
		else
			o += sprintf(o, "%%%02X", *p);
	}
	*o = '\0';
	return out;
}

/*
 * The tree as a flat list the template walks without recursion: {"open":
 * {...}} starts a directory or branch, {"close": true} ends it, {"file":
 * {...}} is a file.  branch and path are what the v1 calls take.
 */
static void emit(struct call *c, struct dash *x, size_t i, const char *branch, const char *dir)
{
	const struct tnode *t = &x->t[i];
	const struct node *n = t->n;
	bool is_branch = n->kind == NODE_BRANCH && !dir;
	const char *path = is_branch ? "" : dir && *dir ? arena_printf(c->a, "%s/%s", dir, n->name) : n->name;
	const char *in = is_branch ? n->name : branch;
	json_t *o = counts_json(&t->k);
	json_object_set_new(o, "name", json_string(n->name));
	json_object_set_new(o, "path", json_string(path));
	json_object_set_new(o, "branch", json_string(in ? in : ""));
	if (n->kind == NODE_FILE) {
		/* export-file's parameters, for the file's download link */
		json_object_set_new(o, "query", json_string(arena_printf(c->a, "file=%s%s%s",
			query_escape(c->a, path), in ? "&branch=" : "", in ? query_escape(c->a, in) : "")));
		json_array_append_new(x->files, json_pack("{s:s,s:s}", "path", path, "branch", in ? in : ""));
		json_array_append_new(x->tree, json_pack("{s:o}", "file", o));
		return;
	}
	json_object_set_new(o, "is_branch", json_boolean(is_branch));
	json_object_set_new(o, "open", json_boolean(x->n <= DASH_OPEN_NODES));
	const char *label = in && *path ? arena_printf(c->a, "%s: %s", in, path) : in ? in : path;
	json_array_append_new(x->dirs, json_pack("{s:s,s:s,s:s}", "path", path, "branch", in ? in : "",
						 "label", is_branch ? arena_printf(c->a, "%s (branch)", in) : label));
	json_array_append_new(x->tree, json_pack("{s:o}", "open", o));
	for (size_t j = 0; j < t->nkids; j++)
		emit(c, x, t->kids[j], in, path);
	json_array_append_new(x->tree, json_pack("{s:b}", "close", 1));
}

static int read_dashboard(struct call *c, void *ctx)
{
	struct dash *x = ctx;
	/* a transaction run again starts afresh */
	x->lang = NULL;
	x->nroot = 0;
	json_array_clear(x->tree);
	json_array_clear(x->dirs);
	json_array_clear(x->files);
	if (read_languages(c, x))
		return 500;
	if (node_list(c->db, c->a, c->project.id, &x->nodes, &x->n))
		return 500;
	if (link_children(c, x))
		return 500;
	if (x->lang && stats_nodes(c->db, c->project.id, x->lang->id, file_counts, x))
		return 500;
	for (size_t i = 0; i < x->nroot; i++)
		sum_up(x, x->root_kids[i]);
	for (size_t i = 0; i < x->nroot; i++)
		emit(c, x, x->root_kids[i], NULL, NULL);
	return 0;
}

int web_dashboard(struct call *c)
{
	if (!web_need_project(c, ACT_VIEW))
		return 0;
	struct dash x = { .d = web_project_data(c, "dashboard"),
			  .want = params_str(&c->r->params, "lang"),
			  .tree = json_array(), .dirs = json_array(), .files = json_array() };
	if (app_txn(c, false, read_dashboard, &x)) {
		json_decref(x.d);
		json_decref(x.tree);
		json_decref(x.dirs);
		json_decref(x.files);
		return web_page(c, 500, "error", "Something went wrong", NULL);
	}
	json_object_set_new(x.d, "has_files", json_boolean(json_array_size(x.files) > 0));
	json_object_set_new(x.d, "tree", x.tree);
	json_object_set_new(x.d, "dirs", x.dirs);
	json_object_set_new(x.d, "files", x.files);
	return web_page(c, 200, "dashboard", c->project.name, x.d);
}

int web_new_project(struct call *c)
{
	if (!web_need_session(c))
		return 0;
	json_t *d = web_mine(c), *langs = json_array();
	for (size_t i = 0; i < language_count(); i++) {
		const struct language *l = language_at(i);
		json_array_append_new(langs, json_pack("{s:s,s:s,s:b}", "code", l->crowdin_code, "name",
						       l->name, "en", !strcmp(l->crowdin_code, "en")));
	}
	json_object_set_new(d, "all_languages", langs);
	return web_page(c, 200, "new-project", "Create a project", d);
}
