/*
 * add-file, update-file, delete-file, upload-translation
 * (crowdin-v1.md §2.5-§2.8).  Every file of a request is parsed before
 * anything is written, and the request is one transaction: a parse error
 * anywhere (code 6, with the line) changes nothing.
 */
#include "api/crowdin_v1/v1.h"
#include "http/upload.h"
#include "model/files.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CSV_SCHEME_WORDS "identifier source_phrase source_or_translation translation context max_length none"

/* files[PATH] as a map; 4 when missing, 21 when a scalar. */
static int files_param(struct call *c, struct param **files)
{
	int err;
	*files = v1_array(c, "files", V1_FILES_NOT_ARRAY, &err);
	if (err)
		return err;
	if (!*files || !(*files)->first)
		return V1_NO_FILES;
	return 0;
}

/* titles[PATH] / export_patterns[PATH] / new_names[PATH]: value for one path. */
static const char *per_file(struct call *c, const char *name, const char *path, int code, int *err)
{
	struct param *m = v1_array(c, name, code, err);
	struct param *v = m ? param_child(m, path) : NULL;
	return v && v->value ? v->value : NULL;
}

/* titles[PATH] and export_patterns[PATH] of one file; 0 or 22/23 when sent as scalars. */
static int title_and_pattern(struct call *c, const char *path, const char **title,
			     const char **pattern)
{
	int err = 0;
	*title = per_file(c, "titles", path, V1_TITLES_NOT_ARRAY, &err);
	if (!err)
		*pattern = per_file(c, "export_patterns", path, V1_EXPORT_PATTERNS_NOT_ARRAY, &err);
	return err;
}

static bool scheme_ok(const char *scheme)
{
	char *copy = strdup(scheme), *save = NULL;
	bool ok = true, any = false;
	for (char *w = strtok_r(copy, ",", &save); w && ok; w = strtok_r(NULL, ",", &save)) {
		while (*w == ' ')
			w++;
		any = true;
		char pad[64];
		snprintf(pad, sizeof(pad), " %s ", w);
		ok = strstr(" " CSV_SCHEME_WORDS " ", pad) || language_by_code(w);
	}
	free(copy);
	return ok && any;
}

/* The format of a new file from `type` (or its extension), with CSV options checked. */
static int pick_format(struct call *c, const char *path, const struct fmt_format **f,
		       struct fmt_options *opt, json_t *options)
{
	const struct params *p = &c->r->params;
	const char *type = params_str(p, "type");
	if (!type || !strcmp(type, "auto")) {
		*f = fmt_by_extension(path);
		if (!*f)
			return V1_BAD_EXTENSION;
	} else if (!(*f = fmt_by_name(type))) {
		return V1_BAD_TYPE;
	}
	fmt_options_default(opt);
	if (!strcmp((*f)->name, "csv")) {
		const char *scheme = params_str(p, "scheme");
		if (!scheme)
			return V1_NO_SCHEME;
		if (!scheme_ok(scheme))
			return V1_BAD_SCHEME;
		opt->scheme = scheme;
		/* an empty value means true (§1.5) */
		opt->first_line_contains_header = params_bool(p, "first_line_contains_header", false);
		json_object_set_new(options, "scheme", json_string(scheme));
		json_object_set_new(options, "first_line_contains_header",
				    json_boolean(opt->first_line_contains_header));
	}
	bool ok;
	long long eq = params_int(p, "escape_quotes", 3, &ok);
	if (!ok || eq < 0 || eq > 3)
		return V1_INVALID_PARAMETERS;
	opt->escape_quotes = (int)eq;
	json_object_set_new(options, "escape_quotes", json_integer(eq));
	opt->source_language = language_by_id(c->project.source_language_id)->crowdin_code;
	return 0;
}

/* Parse an upload; on failure code 6 with the parser's line in the message. */
static int parse_upload(struct call *c, const char *path, const struct fmt_format *f,
			const struct fmt_options *opt, struct upload *u, const char **data,
			size_t *len, struct fmt_doc *doc)
{
	if (u->too_large)
		return V1_FILE_TOO_LARGE;
	*data = upload_map(u, len);
	if (!*data)
		return V1_FILE_UPLOAD_ERROR;
	struct fmt_error err;
	if (fmt_parse(f, *data, *len, opt, doc, &err)) {
		upload_unmap(*data, *len);
		*data = NULL;
		c->error_detail = err.line ? arena_printf(c->a, "%s: line %zu: %s", path, err.line, err.msg)
					   : arena_printf(c->a, "%s: byte %zu: %s", path, err.offset, err.msg);
		return V1_FILE_UPLOAD_ERROR;
	}
	return 0;
}

/*
 * {"success":true,"files":{key:status}} / <success><files><file name= status=/></files></success>.
 * The key is the files[...] key exactly as the client sent it, with no branch prefix and not
 * normalised: clients look their own name up in the reply.
 */
struct files_reply {
	struct rv *json, *xml;
};

static void files_reply_init(struct call *c, struct files_reply *fr)
{
	struct rv *root = v1_success(c);
	fr->json = rv_obj(c->a, root, "files");
	fr->json->flags |= RV_JSON;
	fr->xml = rv_list(c->a, root, "files", "file");
	fr->xml->flags |= RV_XML;
}

static void files_reply_add(struct call *c, struct files_reply *fr, const char *key,
			    const char *status)
{
	rv_str(c->a, fr->json, key, status);
	struct rv *o = rv_obj(c->a, fr->xml, NULL);
	rv_str(c->a, o, "name", key)->flags |= RV_ATTR;
	rv_str(c->a, o, "status", status)->flags |= RV_ATTR;
}

int v1_add_file(struct call *c)
{
	struct param *files;
	int rc = files_param(c, &files);
	int64_t base;
	if (!rc)
		rc = v1_branch_base(c, &base);
	if (rc)
		return rc;
	struct rv *root = v1_success(c);
	struct rv *list = rv_list(c->a, rv_obj(c->a, root, "stats"), "files", "file");
	list->flags |= RV_INLINE;
	for (struct param *fp = files->first; fp && !rc; fp = fp->next) {
		const char *path = v1_clean_path(c->a, fp->name);
		if (!fp->file || !path)
			return V1_NO_FILES;
		const char *title, *pattern;
		if ((rc = title_and_pattern(c, fp->name, &title, &pattern)))
			return rc;
		/* the parent directory must exist (17); the file must not (5) */
		const char *slash = strrchr(path, '/');
		const char *name = slash ? slash + 1 : path;
		int64_t parent = base;
		if (slash) {
			struct node dir;
			const char *dpath = arena_strndup(c->a, path, (size_t)(slash - path));
			rc = node_resolve(c->db, c->a, c->project.id, base, dpath, &dir, NULL);
			if (rc < 0)
				return V1_UNKNOWN_INTERNAL;
			if (rc || dir.kind == NODE_FILE)
				return V1_DIRECTORY_NOT_FOUND;
			parent = dir.id;
		}
		struct node existing;
		if (node_child(c->db, c->a, c->project.id, parent, name, &existing) == MODEL_OK)
			return V1_FILE_EXISTS;
		if (!node_name_ok(name))
			return V1_INVALID_PARAMETERS;

		const struct fmt_format *f;
		struct fmt_options opt;
		json_t *options = json_object();
		rc = pick_format(c, path, &f, &opt, options);
		const char *data = NULL;
		size_t len = 0;
		struct fmt_doc doc;
		if (!rc)
			rc = parse_upload(c, path, f, &opt, fp->file, &data, &len, &doc);
		if (!rc) {
			char *oj = json_dumps(options, JSON_COMPACT | JSON_SORT_KEYS);
			struct file_new nf = { .parent_id = parent, .name = name, .title = title,
					       .export_pattern = pattern, .type = f->name,
					       .options_json = oj, .data = data, .len = len, .doc = &doc,
					       .account_id = call_account_id(c) };
			int64_t id;
			struct file_stats st;
			int mrc = file_add(c->db, c->project.id, &nf, &id, &st);
			free(oj);
			fmt_doc_free(&doc);
			upload_unmap(data, len);
			if (mrc == MODEL_CONFLICT)
				rc = V1_FILE_EXISTS;
			else if (mrc == MODEL_INVALID)
				rc = v1_invalid(c);
			else if (mrc)
				rc = V1_UNKNOWN_INTERNAL;
			else {
				struct rv *o = rv_obj(c->a, list, NULL);
				rv_int(c->a, o, "file_id", id)->flags |= RV_ATTR;
				rv_str(c->a, o, "name", path)->flags |= RV_ATTR;
				rv_int(c->a, o, "strings", st.strings)->flags |= RV_ATTR;
				rv_int(c->a, o, "words", st.words)->flags |= RV_ATTR;
			}
		}
		json_decref(options);
	}
	return rc;
}

/* The file node named by a files[] key (or `file`), below the branch. */
static int find_file(struct call *c, int64_t base, const char *sent, struct node *n)
{
	const char *path = v1_clean_path(c->a, sent);
	if (!path)
		return V1_FILE_NOT_FOUND;
	int rc = node_resolve(c->db, c->a, c->project.id, base, path, n, NULL);
	if (rc < 0)
		return V1_UNKNOWN_INTERNAL;
	return rc || n->kind != NODE_FILE ? V1_FILE_NOT_FOUND : 0;
}

static int file_format(struct call *c, const struct node *n, const struct fmt_format **f,
		       struct fmt_options *opt, void **keep)
{
	*f = fmt_by_name(n->file_type);
	if (!*f)
		return V1_UNKNOWN_INTERNAL;
	file_options_parse(n->options, opt, keep);
	opt->source_language = language_by_id(c->project.source_language_id)->crowdin_code;
	return 0;
}

int v1_update_file(struct call *c)
{
	const struct params *p = &c->r->params;
	struct param *files;
	int rc = files_param(c, &files);
	int64_t base;
	if (!rc)
		rc = v1_branch_base(c, &base);
	if (rc)
		return rc;
	enum update_option uo = UPDATE_DROP_TRANSLATIONS;
	const char *o = params_str(p, "update_option");
	if (o && !strcmp(o, "update_as_unapproved"))
		uo = UPDATE_AS_UNAPPROVED;
	else if (o && !strcmp(o, "update_without_changes"))
		uo = UPDATE_WITHOUT_CHANGES;
	else if (o)
		return V1_INVALID_PARAMETERS;
	struct files_reply fr;
	files_reply_init(c, &fr);
	for (struct param *fp = files->first; fp && !rc; fp = fp->next) {
		struct node n;
		if (!fp->file)
			return V1_NO_FILES;
		if ((rc = find_file(c, base, fp->name, &n)))
			return rc;
		int err = 0;
		const char *new_name = per_file(c, "new_names", fp->name, V1_NEW_NAMES_NOT_ARRAY, &err);
		if (err)
			return err;
		const char *title, *pattern;
		if ((rc = title_and_pattern(c, fp->name, &title, &pattern)))
			return rc;
		const struct fmt_format *f;
		struct fmt_options opt;
		void *keep = NULL;
		if ((rc = file_format(c, &n, &f, &opt, &keep)))
			return rc;
		const char *data;
		size_t len;
		struct fmt_doc doc;
		rc = parse_upload(c, fp->name, f, &opt, fp->file, &data, &len, &doc);
		file_options_free(keep);
		if (rc)
			return rc;
		bool changed;
		int mrc = file_update(c->db, c->project.id, call_account_id(c), n.id,
				      data, len, &doc, uo, &changed);
		fmt_doc_free(&doc);
		upload_unmap(data, len);
		if (mrc)
			return V1_UNKNOWN_INTERNAL;
		if (new_name) {
			if (!node_name_ok(new_name))
				return V1_INVALID_PARAMETERS;
			if (db_exec(c->db, "UPDATE node SET name = ? WHERE id = ?", "si", new_name, n.id))
				return db_err_unique(c->db) ? V1_FILE_EXISTS : V1_UNKNOWN_INTERNAL;
		}
		if (title && db_exec(c->db, "UPDATE node SET title = ? WHERE id = ?", "si", title, n.id))
			return V1_UNKNOWN_INTERNAL;
		if (pattern && (mrc = node_set_export_pattern(c->db, n.id, pattern)))
			return mrc == MODEL_INVALID ? v1_invalid(c) : V1_UNKNOWN_INTERNAL;
		/* a rename or a new pattern changes the export even when the content does not */
		if ((new_name || title || pattern) && node_touch(c->db, c->project.id, n.id))
			return V1_UNKNOWN_INTERNAL;
		files_reply_add(c, &fr, fp->name, changed ? "updated" : "skipped");
	}
	return rc;
}

int v1_delete_file(struct call *c)
{
	const char *file = params_str(&c->r->params, "file");
	int64_t base;
	struct node n;
	int rc = v1_branch_base(c, &base);
	if (!rc)
		rc = find_file(c, base, file, &n);
	if (rc)
		return rc;
	if (node_delete(c->db, n.id))
		return V1_UNKNOWN_INTERNAL;
	struct event_new e = { .project_id = c->project.id,
			       .account_id = call_account_id(c),
			       .kind = "file.deleted", .origin = "crowdin-v1" };
	if (event_add(c->db, &e))
		return V1_UNKNOWN_INTERNAL;
	v1_success(c);
	return 0;
}

/* One file of an upload-translation, and what became of it. */
struct upload_item {
	struct param *fp;
	struct node n;
	size_t order;		/* in the request */
	const char *result;	/* "uploaded", "skipped", "not_allowed" */
};

static int by_node(const void *a, const void *b)
{
	const struct upload_item *x = a, *y = b;
	if (x->n.id != y->n.id)
		return x->n.id < y->n.id ? -1 : 1;
	return x->order < y->order ? -1 : 1;
}

static int by_order(const void *a, const void *b)
{
	const struct upload_item *x = a, *y = b;
	return x->order < y->order ? -1 : 1;
}

/* One file's translations imported; it->result says how. */
static int upload_one(struct call *c, const struct language *lang, const struct import_opts *io,
		      struct upload_item *it)
{
	const char *format = params_str(&c->r->params, "format");
	const struct fmt_format *f;
	struct fmt_options opt;
	void *keep = NULL;
	int rc = file_format(c, &it->n, &f, &opt, &keep);
	if (rc)
		return rc;
	if (format && !strcmp(format, "xliff"))
		f = fmt_by_name("xliff");
	if (!f) {
		file_options_free(keep);
		it->result = "not_allowed";
		return 0;
	}
	opt.target_language = lang->crowdin_code;
	opt.plural_cats = language_format_cats(lang, f->name);
	const char *data;
	size_t len;
	struct fmt_doc doc;
	rc = parse_upload(c, it->fp->name, f, &opt, it->fp->file, &data, &len, &doc);
	file_options_free(keep);
	if (rc)
		return rc;
	int64_t added;
	struct v1_progress before = { 0 };
	int mrc = v1_progress_take(c, it->n.id, lang->id, &before);
	if (!mrc)
		mrc = file_import(c->db, c->project.id, it->n.id, &doc, io, &added);
	if (!mrc && added && v1_progress_fire(c, &it->n, lang, &before))
		mrc = MODEL_ERROR;
	fmt_doc_free(&doc);
	upload_unmap(data, len);
	if (mrc)
		return V1_UNKNOWN_INTERNAL;
	it->result = added ? "uploaded" : "skipped";
	return 0;
}

int v1_upload_translation(struct call *c)
{
	const struct params *p = &c->r->params;
	const struct language *lang;
	struct param *files;
	int rc = v1_language_param(c, &lang);
	if (!rc)
		rc = files_param(c, &files);
	int64_t base;
	if (!rc)
		rc = v1_branch_base(c, &base);
	if (rc)
		return rc;
	struct import_opts io = {
		.language_id = lang->id,
		.import_duplicates = params_bool(p, "import_duplicates", false),
		.import_eq_suggestions = params_bool(p, "import_eq_suggestions", false),
		.auto_approve = params_bool(p, "auto_approve_imported", false),
		.author_id = call_account_id(c),
	};
	/* the member's languages bound what it uploads, and approving is a proofreader's */
	if (!call_may(c, ACT_UPLOAD_TRANSLATIONS, lang->id))
		return v1_forbidden(c, ACT_UPLOAD_TRANSLATIONS, lang);
	if (io.auto_approve && !call_may(c, ACT_APPROVE, lang->id))
		return v1_forbidden(c, ACT_APPROVE, lang);
	size_t n = 0;
	for (struct param *fp = files->first; fp; fp = fp->next)
		n++;
	struct upload_item *items = arena_alloc(c->a, (n ? n : 1) * sizeof(*items));
	n = 0;
	for (struct param *fp = files->first; fp; fp = fp->next, n++) {
		if (!fp->file)
			return V1_NO_FILES;
		items[n] = (struct upload_item){ .fp = fp, .order = n };
		if ((rc = find_file(c, base, fp->name, &items[n].n)))
			return rc;
	}
	/*
	 * Imported in file order, whatever the request's: two uploads of the
	 * same files lock their rows in the same order and never wait for each
	 * other in a circle (a deadlock on PostgreSQL).  The reply keeps the
	 * request's order.
	 */
	qsort(items, n, sizeof(*items), by_node);
	for (size_t i = 0; i < n; i++)
		if ((rc = upload_one(c, lang, &io, &items[i])))
			return rc;
	qsort(items, n, sizeof(*items), by_order);
	struct files_reply fr;
	files_reply_init(c, &fr);
	for (size_t i = 0; i < n; i++)
		files_reply_add(c, &fr, items[i].fp->name, items[i].result);
	return 0;
}
