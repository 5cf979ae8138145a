#include "model/export.h"
#include "core/mem.h"
#include "formats/format.h"
#include "core/log.h"
#include "model/files.h"
#include "model/paths.h"
#include "model/zipout.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

void export_opts_of(const struct project *p, struct export_opts *o)
{
	o->translated_only = p->export_translated_only;
	o->approved_only = p->export_approved_only;
}

/* ---- a file's template, parsed once per build ---- */

/* A unit's key and index: the template's units sorted by key. */
struct key_slot {
	const char *key;
	size_t unit;
};

/*
 * A source file parsed once and written in every language of a build
 * (parsing a 100,000-unit .po per language was half of a build).
 */
struct template {
	const struct fmt_format *f;
	struct fmt_options opt;
	void *keep;			/* what opt points into */
	struct fmt_doc doc;
	struct key_slot *keys;		/* units with a key, sorted by key */
	size_t n_keys;
};

/* The translations of one language, by unit index: the writer's lookup. */
struct tr_by_unit {
	const struct fmt_translation **v;
	size_t n;
};

static int cmp_slot(const void *a, const void *b)
{
	return strcmp(((const struct key_slot *)a)->key, ((const struct key_slot *)b)->key);
}

static void index_keys(struct template *t)
{
	t->keys = xmalloc((t->doc.n_units ? t->doc.n_units : 1) * sizeof(*t->keys));
	t->n_keys = 0;
	for (size_t i = 0; i < t->doc.n_units; i++)
		if (t->doc.units[i].key)
			t->keys[t->n_keys++] = (struct key_slot){ t->doc.units[i].key, i };
	qsort(t->keys, t->n_keys, sizeof(*t->keys), cmp_slot);
}

/* Parse `data` (the source bytes, or a previous pass) as file's template. */
static int template_load(const struct project *p, const struct node *file, const char *data,
			 size_t len, struct template *t)
{
	memset(t, 0, sizeof(*t));
	t->f = fmt_by_name(file->file_type);
	if (!t->f)
		return -1;
	file_options_parse(file->options, &t->opt, &t->keep);
	const struct language *src = language_by_id(p->source_language_id);
	if (src) {
		t->opt.source_language = src->crowdin_code;
		t->opt.plural_cats = language_format_cats(src, t->f->name);
	}
	struct fmt_error err;
	if (fmt_parse(t->f, data, len, &t->opt, &t->doc, &err)) {
		file_options_free(t->keep);
		t->f = NULL;
		return -1;
	}
	index_keys(t);
	return 0;
}

static void template_free(struct template *t)
{
	if (!t->f)
		return;
	free(t->keys);
	fmt_doc_free(&t->doc);
	file_options_free(t->keep);
	t->f = NULL;
}

static void parse_plural(struct arena *a, const char *js, struct fmt_translation *tr)
{
	json_t *o = json_loads(js, 0, NULL);
	const char *k;
	json_t *v;
	json_object_foreach(o, k, v) {
		int cat = plural_cat_from_name(k);
		if (cat >= 0 && json_is_string(v))
			tr->plural[cat] = arena_strdup(a, json_string_value(v));
	}
	json_decref(o);
}

/* One row of the export query as the writer wants it. */
static struct fmt_translation *row_translation(struct arena *a, struct db_stmt *st)
{
	struct fmt_translation *tr = arena_alloc(a, sizeof(*tr));
	tr->text = arena_strdup(a, db_col_text(st, 2));
	const char *pj = db_col_text(st, 3);
	if (*pj)
		parse_plural(a, pj, tr);
	struct fmt_spelling sp[FMT_SPELL_SLOTS];
	if (*db_col_text(st, 4) && spelling_unpack(a, db_col_text(st, 4), sp)) {
		struct fmt_spelling *keep = arena_alloc(a, sizeof(sp));
		memcpy(keep, sp, sizeof(sp));
		tr->spell = keep;
	}
	return tr;
}

/* Every unit of t with this key gets tr (a key the file repeats: each copy). */
static void place(const struct template *t, struct tr_by_unit *by, const char *key,
		  const struct fmt_translation *tr)
{
	struct key_slot k = { .key = key };
	struct key_slot *hit = bsearch(&k, t->keys, t->n_keys, sizeof(*t->keys), cmp_slot);
	if (!hit)
		return;
	while (hit > t->keys && !strcmp(hit[-1].key, key))
		hit--;
	for (; hit < t->keys + t->n_keys && !strcmp(hit->key, key); hit++)
		by->v[hit->unit] = tr;
}

/* The exported text per string: approved, else newest suggestion (model/content.h). */
static int load_translations(struct db_conn *c, struct arena *a, const struct template *t,
			     int64_t node_id, int language_id, const struct export_opts *o,
			     struct tr_by_unit *by)
{
	struct db_stmt *st = db_query(c,
		"SELECT s.id, s.skey, t.text, COALESCE(t.plural, ''), COALESCE(t.spelling, '') "
		"FROM string s "
		"JOIN translation t ON t.string_id = s.id WHERE s.node_id = ? AND t.language_id = ? "
		"AND t.approved >= ? ORDER BY s.id, t.approved DESC, t.updated DESC, t.id DESC",
		"iii", node_id, (int64_t)language_id, (int64_t)o->approved_only);
	if (!st)
		return -1;
	by->n = t->doc.n_units;
	by->v = arena_alloc(a, (by->n ? by->n : 1) * sizeof(*by->v));
	int64_t last = 0;
	int rc;
	while ((rc = db_step(st)) == 1) {
		int64_t sid = db_col_int(st, 0);
		if (sid == last)	/* the string's first row is the one exported */
			continue;
		last = sid;
		place(t, by, db_col_text(st, 1), row_translation(a, st));
	}
	db_done(st);
	return rc < 0 ? -1 : 0;
}

static const struct fmt_translation *lookup(void *ctx, size_t index)
{
	const struct tr_by_unit *by = ctx;
	return index < by->n ? by->v[index] : NULL;
}

static void lang_for(const struct fmt_format *f, const struct language *l, struct fmt_lang *fl)
{
	fl->code = l->crowdin_code;
	fl->locale = l->locale;
	fl->plural_forms = l->plural_forms;
	fl->plural_cats = language_format_cats(l, f->name);
	fl->plural_cats_opt = language_format_opt_cats(l, f->name);
}

/* Write file (parsed as t) in `lang`; the translations live in `a`. */
static int template_write(struct db_conn *c, struct arena *a, const struct template *t,
			  const struct node *file, const struct language *lang,
			  const struct export_opts *o, struct buf *out)
{
	struct tr_by_unit by;
	if (load_translations(c, a, t, file->id, lang->id, o, &by))
		return -1;
	struct fmt_lang fl;
	lang_for(t->f, lang, &fl);
	struct fmt_write_opts w = { .lang = &fl, .lookup = lookup, .lookup_ctx = &by,
				    .skip_untranslated = o->translated_only };
	struct fmt_error err;
	return t->f->write(&t->doc, &t->opt, &w, out, &err) ? -1 : 0;
}

/* Write `file` in `lang` using `data` (the source bytes, or a previous pass) as the template. */
static int render(struct db_conn *c, struct arena *a, const struct project *p, const struct node *file,
		  const char *data, size_t len, const struct language *lang,
		  const struct export_opts *o, struct buf *out)
{
	struct template t;
	if (template_load(p, file, data, len, &t))
		return -1;
	int rc = template_write(c, a, &t, file, lang, o, out);
	template_free(&t);
	return rc;
}

/* A file's template from its stored source. */
static int template_of(struct db_conn *c, const struct project *p, const struct node *file,
		       struct template *t)
{
	struct db_stmt *st = db_query(c, "SELECT content FROM node WHERE id = ?", "i", file->id);
	if (!st || db_step(st) != 1) {
		db_done(st);
		return -1;
	}
	size_t len;
	const char *data = db_col_blob(st, 0, &len);
	int rc = template_load(p, file, data, len, t);	/* keeps no pointer into data */
	db_done(st);
	return rc;
}

int export_file(struct db_conn *c, struct arena *a, const struct project *p, const struct node *file,
		const struct language *lang, const struct export_opts *o, struct buf *out)
{
	if (file->kind != NODE_FILE)
		return MODEL_NOT_FOUND;
	struct template t;
	if (template_of(c, p, file, &t))
		return -1;
	int rc = template_write(c, a, &t, file, lang, o, out);
	template_free(&t);
	return rc;
}

/* A multilingual CSV: each pass fills one language's column of the previous pass's output. */
static int export_multilingual(struct db_conn *c, struct arena *a, const struct project *p,
			       const struct node *file, const int *ids, int n,
			       const struct export_opts *o, struct buf *out)
{
	struct db_stmt *st = db_query(c, "SELECT content FROM node WHERE id = ?", "i", file->id);
	if (!st || db_step(st) != 1) {
		db_done(st);
		return -1;
	}
	size_t len;
	const char *blob = db_col_blob(st, 0, &len);
	struct buf prev;
	buf_init(&prev, 0);
	buf_add(&prev, blob, len);
	db_done(st);
	int rc = 0;
	for (int i = 0; i < n && !rc; i++) {
		const struct language *l = language_by_id(ids[i]);
		if (!l)
			continue;
		buf_reset(out);
		rc = render(c, a, p, file, prev.data, prev.len, l, o, out);
		buf_reset(&prev);
		buf_add(&prev, out->data, out->len);
	}
	if (!rc && n == 0)
		buf_add(out, prev.data, prev.len);
	buf_release(&prev);
	return rc;
}

/* ---- export patterns (§3) ---- */

struct tree_node {
	int64_t id, parent;
	enum node_kind kind;
	const char *name, *pattern;
};

struct tree {
	struct tree_node *v;
	size_t n;
};

static const struct tree_node *tree_get(const struct tree *t, int64_t id)
{
	size_t lo = 0, hi = t->n;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (t->v[mid].id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < t->n && t->v[lo].id == id ? &t->v[lo] : NULL;
}

static int tree_load(struct db_conn *c, struct arena *a, int64_t project_id, struct tree *t)
{
	struct db_stmt *st = db_query(c, "SELECT id, COALESCE(parent_id, 0), kind, name, export_pattern "
				      "FROM node WHERE project_id = ? ORDER BY id", "i", project_id);
	if (!st)
		return -1;
	size_t cap = 0;
	int rc;
	t->v = NULL;
	t->n = 0;
	while ((rc = db_step(st)) == 1) {
		if (t->n == cap)
			t->v = xrealloc(t->v, (cap = cap ? cap * 2 : 64) * sizeof(*t->v));
		struct tree_node *n = &t->v[t->n++];
		n->id = db_col_int(st, 0);
		n->parent = db_col_int(st, 1);
		const char *k = db_col_text(st, 2);
		n->kind = !strcmp(k, "file") ? NODE_FILE : !strcmp(k, "branch") ? NODE_BRANCH : NODE_DIRECTORY;
		n->name = arena_strdup(a, db_col_text(st, 3));
		n->pattern = arena_strdup(a, db_col_text(st, 4));
	}
	db_done(st);
	return rc < 0 ? -1 : 0;
}

/* Path of node `id` below its branch (or the root), and the branch id. */
static const char *tree_path(const struct tree *t, struct arena *a, int64_t id, int64_t *branch)
{
	const char *path = "";
	*branch = 0;
	for (const struct tree_node *n = tree_get(t, id); n; n = tree_get(t, n->parent)) {
		if (n->kind == NODE_BRANCH) {
			*branch = n->id;
			break;
		}
		path = *path ? arena_printf(a, "%s/%s", n->name, path) : n->name;
	}
	return path;
}

/* Without any pattern: "<crowdin code>/<path>/<file name>" (§3). */
static const char *default_name(const struct tree *t, struct arena *a, const struct tree_node *file,
				const struct language *l)
{
	int64_t branch;
	const char *parent_path = file->parent ? tree_path(t, a, file->parent, &branch) : "";
	return path_join(a, path_join(a, l->crowdin_code, parent_path), file->name);
}

static const char *entry_name(const struct tree *t, struct arena *a, const struct tree_node *file,
			      const struct language *l)
{
	int64_t branch;
	const char *parent_path = file->parent ? tree_path(t, a, file->parent, &branch) : "";
	if (*file->pattern) {
		const char *e = export_expand(a, file->pattern, l, file->name, parent_path);
		return file->pattern[0] == '/' ? path_join(a, "", e) : path_join(a, parent_path, e);
	}
	/* the nearest directory with a pattern names the directory part (§3 rule 5) */
	const char *below = file->name;
	for (const struct tree_node *d = tree_get(t, file->parent); d && d->kind == NODE_DIRECTORY;
	     d = tree_get(t, d->parent)) {
		if (*d->pattern) {
			const char *dpath = d->parent ? tree_path(t, a, d->parent, &branch) : "";
			const char *e = export_expand(a, d->pattern, l, file->name, parent_path);
			const char *dir = d->pattern[0] == '/' ? path_join(a, "", e) : path_join(a, dpath, e);
			return path_join(a, dir, below);
		}
		below = arena_printf(a, "%s/%s", d->name, below);
	}
	return default_name(t, a, file, l);
}

const char *export_entry_name(struct db_conn *c, struct arena *a, const struct node *file,
			      int64_t branch_root, const struct language *lang)
{
	struct tree t;
	if (tree_load(c, a, file->project_id, &t))
		return NULL;
	const struct tree_node *n = tree_get(&t, file->id);
	const char *name = n ? entry_name(&t, a, n, lang) : NULL;
	free(t.v);
	return name;
}

/* ---- ZIP ---- */

/* A file's entry in one language: its pattern's name, the default layout as the fallback. */
static int add_entry(struct zip_out *z, const struct tree *t, struct arena *a, const char *prefix,
		     const struct tree_node *file, const struct language *l, struct buf *data)
{
	return zip_out_add(z, path_join(a, prefix, entry_name(t, a, file, l)),
			   path_join(a, prefix, default_name(t, a, file, l)), data);
}

int export_zip(struct db_conn *c, struct arena *a, const struct project *p, int64_t branch_id,
	       const struct language *lang, struct buf *zip, export_progress_fn fn, void *ctx)
{
	int ids[512], n_langs = 0;
	if (lang) {
		ids[n_langs++] = lang->id;
	} else {
		n_langs = project_languages(c, p->id, ids, 512);
		if (n_langs < 0)
			return -1;
	}
	struct tree t;
	if (tree_load(c, a, p->id, &t))
		return -1;
	struct export_opts o;
	export_opts_of(p, &o);
	struct zip_out *z = zip_out_open(zip, a);
	int rc = 0;
	size_t total = 0, done = 0;
	for (size_t i = 0; i < t.n; i++)
		total += t.v[i].kind == NODE_FILE;
	total *= (size_t)(n_langs ? n_langs : 1);
	struct buf file;
	buf_init(&file, 0);
	for (size_t i = 0; i < t.n && !rc; i++) {
		const struct tree_node *tn = &t.v[i];
		if (tn->kind != NODE_FILE)
			continue;
		int64_t in_branch;
		tree_path(&t, a, tn->id, &in_branch);
		if (branch_id ? in_branch != branch_id : false)
			continue;
		const char *prefix = "";
		if (!branch_id && in_branch)
			prefix = tree_get(&t, in_branch)->name;
		struct node fnode;
		if (node_get(c, a, p->id, tn->id, &fnode)) {
			rc = -1;
			break;
		}
		if (file_is_multilingual(fnode.file_type, fnode.options)) {
			/* once, under the source language's expansion (crowdin-v1.md §3 rule 7) */
			struct arena scratch;
			arena_init(&scratch);
			buf_reset(&file);
			rc = export_multilingual(c, &scratch, p, &fnode, ids, n_langs, &o, &file);
			const struct language *src = language_by_id(p->source_language_id);
			if (!rc && src)
				rc = add_entry(z, &t, &scratch, prefix, tn, src, &file);
			arena_release(&scratch);
			done += (size_t)n_langs;
			continue;
		}
		if (!n_langs)
			continue;
		struct template tpl;
		if (template_of(c, p, &fnode, &tpl)) {
			rc = -1;
			break;
		}
		for (int li = 0; li < n_langs && !rc; li++) {
			const struct language *l = language_by_id(ids[li]);
			if (!l)
				continue;
			if (fn)
				fn(ctx, total ? (int)(done * 100 / total) : 0, tn->name, l->name);
			/* per-file scratch memory: a build must not grow with the project */
			struct arena scratch;
			arena_init(&scratch);
			buf_reset(&file);
			rc = template_write(c, &scratch, &tpl, &fnode, l, &o, &file);
			if (!rc)
				rc = add_entry(z, &t, &scratch, prefix, tn, l, &file);
			arena_release(&scratch);
			done++;
		}
		template_free(&tpl);
	}
	buf_release(&file);
	if (zip_out_close(z))
		rc = -1;
	free(t.v);
	return rc;
}

/* ---- artifacts ---- */

int export_last_artifact(struct db_conn *c, int64_t project_id, int64_t branch_id,
			 const char *package, int64_t *revision, int64_t *created, int64_t *id)
{
	struct db_stmt *st = db_query(c, "SELECT revision, created, id FROM artifact WHERE project_id = ? "
				      "AND kind = 'export' AND COALESCE(branch_id, 0) = ? AND package = ? "
				      "ORDER BY id DESC LIMIT 1", "iis", project_id, branch_id, package);
	if (!st)
		return -1;
	int rc = db_step(st);
	*revision = rc == 1 ? db_col_int(st, 0) : -1;
	*created = rc == 1 ? db_col_int(st, 1) : 0;
	*id = rc == 1 ? db_col_int(st, 2) : 0;
	db_done(st);
	return rc < 0 ? -1 : 0;
}

int export_store_artifact(struct db_conn *c, int64_t project_id, int64_t branch_id,
			  const char *package, int64_t revision, const struct buf *zip)
{
	/* keep only the newest build of a package */
	if (db_exec(c, "DELETE FROM artifact WHERE project_id = ? AND kind = 'export' AND "
		    "COALESCE(branch_id, 0) = ? AND package = ?", "iis", project_id, branch_id, package))
		return -1;
	return db_exec(c, "INSERT INTO artifact (project_id, kind, branch_id, package, revision, content, "
		       "size, created) VALUES (?, 'export', NULLIF(CAST(? AS BIGINT), 0), ?, ?, ?, ?, ?)",
		       "iisibii", project_id, branch_id, package, revision, zip->data, zip->len,
		       (int64_t)zip->len, (int64_t)time(NULL));
}
