/*
 * The translation editor's reads (docs/editor.md):
 * GET /app/api/projects/{project}/editor/{lang}/strings (a page of strings
 * in export order, keyset-paged and filtered) and .../strings/{id} (one
 * string's detail).  A language-bound member sees only their languages.
 */
#include "api/webapp/editor_int.h"
#include "formats/format.h"
#include "model/editor.h"
#include "model/languages.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

/* {lang}: a target language of the project the member may see; 404 / 403 otherwise. */
int editor_load_language(struct call *c, struct editor_call *x)
{
	const char *code = call_capture(c, "lang");
	int ids[ROLES_MAX_LANGUAGES];
	int n = project_languages(c->db, c->project.id, ids, ROLES_MAX_LANGUAGES);
	x->n_others = 0;	/* a transaction run again reads them again */
	if (n < 0)
		return app_fail(c, 500, "internal", "internal error (languages)");
	x->lang = code ? language_by_code(code) : NULL;
	bool target = false;
	for (int i = 0; i < n; i++) {
		target |= x->lang && ids[i] == x->lang->id;
		if (grant_sees_language(&c->grant, ids[i]) && (!x->lang || ids[i] != x->lang->id))
			x->others[x->n_others++] = ids[i];
	}
	if (!target)
		return app_fail(c, 404, "not_found", "'%s' is not a target language of this project",
				code ? code : "");
	if (!grant_sees_language(&c->grant, x->lang->id))
		return app_fail(c, 403, "forbidden", "your role does not cover '%s'", code);
	x->f.language_id = x->lang->id;
	return 0;
}

/* A query parameter's value among `names` (its index), or 400. */
static int param_choice(struct call *c, const char *name, const char *const *names, int *out)
{
	const char *v;
	size_t len;
	int st = app_text(c, name, 32, &v, &len);
	if (st || !v)
		return st;
	for (int i = 0; names[i]; i++)
		if (!strcmp(v, names[i])) {
			*out = i;
			return 0;
		}
	return app_fail(c, 400, "invalid", "'%s' must be one of the documented values", name);
}

/* A query parameter that is a whole number in [min, max], or 400. */
static int param_int(struct call *c, const char *name, int64_t min, int64_t max, int64_t *out)
{
	const char *v;
	size_t len;
	int st = app_text(c, name, 20, &v, &len);
	if (st || !v)
		return st;
	char *end;
	long long n = strtoll(v, &end, 10);
	if (!*v || *end || n < min || n > max)
		return app_fail(c, 400, "invalid", "'%s' must be a whole number from %lld to %lld",
				name, (long long)min, (long long)max);
	*out = n;
	return 0;
}

static int parse_filter(struct call *c, struct editor_filter *f)
{
	static const char *const ins[] = { "source", "translation", "key", "context", NULL };
	static const char *const states[] = { "", "untranslated", "unapproved", "approved",
					      "suggestions", "qa", NULL };
	int64_t limit = 50;
	int in = 0, state = 0;
	const char *after;
	size_t len;
	int st = param_int(c, "limit", 1, EDITOR_LIMIT_MAX, &limit);
	if (!st)
		st = param_int(c, "file", 1, INT64_MAX, &f->node_id);
	if (!st)
		st = param_int(c, "since", 1, INT64_MAX, &f->since);
	if (!st)
		st = param_choice(c, "in", ins, &in);
	if (!st)
		st = param_choice(c, "state", states, &state);
	if (!st)
		st = app_text(c, "q", EDITOR_QUERY_MAX, &f->q, &len);
	if (!st)
		st = app_text(c, "label", 64, &f->label, &len);
	if (!st)
		st = app_text(c, "after", 64, &after, &len);
	if (st)
		return st;
	if (after && *after && !editor_cursor_parse(after, &f->after))
		return app_fail(c, 400, "invalid", "'after' must be a cursor this call returned");
	f->limit = (int)limit;
	f->scan = c->app->cfg->editor_scan;
	f->in = (enum editor_in)in;
	f->state = (enum editor_state)state;
	return 0;
}

static int read_page(struct call *c, void *p)
{
	struct editor_call *x = p;
	int st = editor_load_language(c, x);
	if (st)
		return st;
	int rc = editor_strings(c->db, c->a, c->project.id, &x->f, &x->page);
	if (rc == MODEL_NOT_FOUND)
		return app_fail(c, 404, "not_found", "no such file or label in this project");
	return rc ? app_fail(c, 500, "internal", "internal error (editor strings)") : 0;
}

/* A stored plural JSON object as {category: text}, in CLDR order. */
static void reply_plural(struct arena *a, struct rv *o, const char *name, const char *json)
{
	json_t *j = json ? json_loads(json, 0, NULL) : NULL;
	if (!json_is_object(j)) {
		rv_null(a, o, name);
		json_decref(j);
		return;
	}
	struct rv *p = rv_obj(a, o, name);
	for (int cat = 0; cat <= PLURAL_OTHER; cat++) {
		const char *t = json_string_value(json_object_get(j, plural_cat_name(cat)));
		if (t)
			rv_str(a, p, plural_cat_name(cat), arena_strdup(a, t));	/* j is freed below */
	}
	json_decref(j);
}

static void reply_translation(struct arena *a, struct rv *e, const struct editor_translation *t)
{
	rv_int(a, e, "id", t->id);
	rv_str(a, e, "text", t->text);
	reply_plural(a, e, "plural", t->plural);
	rv_bool(a, e, "approved", t->approved);
	rv_str(a, e, "author", t->author);
	rv_str(a, e, "approver", t->approver);
	rv_str(a, e, "origin", t->origin);
	rv_int(a, e, "created", t->created);
	rv_int(a, e, "updated", t->updated);
}

static void reply_string(struct arena *a, struct rv *e, const struct editor_string *s)
{
	rv_int(a, e, "id", s->id);
	/* where the string is in export order: `after` for the strings after it */
	rv_str(a, e, "cursor", editor_cursor_text(a, &s->at));
	rv_str(a, e, "key", s->key);
	rv_str(a, e, "source", s->source);
	if (s->context)
		rv_str(a, e, "context", s->context);
	else
		rv_null(a, e, "context");
	reply_plural(a, e, "plural", s->plural);
	struct rv *file = rv_obj(a, e, "file");
	rv_int(a, file, "id", s->node_id);
	rv_str(a, file, "name", s->node_name);
	rv_int(a, e, "updated", s->updated);
	struct rv *list = rv_list(a, e, "translations", "translation");
	for (size_t i = 0; i < s->n_tr; i++)
		reply_translation(a, rv_obj(a, list, NULL), &s->tr[i]);
}

int app_editor_strings(struct call *c)
{
	struct editor_call x = { 0 };
	int st = parse_filter(c, &x.f);
	if (!st)
		st = app_txn(c, false, read_page, &x);
	if (st)
		return st;
	struct arena *a = c->a;
	c->reply = rv_new_obj(a);
	rv_str(a, c->reply, "language", x.lang->crowdin_code);
	struct rv *list = rv_list(a, c->reply, "strings", "string");
	const struct editor_page *pg = &x.page;
	for (size_t i = 0; i < pg->n; i++)
		reply_string(a, rv_obj(a, list, NULL), &pg->v[i]);
	if (pg->more || pg->partial)
		rv_str(a, c->reply, "next", editor_cursor_text(a, &pg->next));
	else
		rv_null(a, c->reply, "next");
	/* the scan stopped at its bound: matches may follow `next` */
	rv_bool(a, c->reply, "partial", pg->partial);
	return 0;
}

#define HISTORY_MAX 30

int editor_read_detail(struct call *c, void *p)
{
	struct editor_call *x = p;
	int st = x->lang ? 0 : editor_load_language(c, x);
	if (st)
		return st;
	x->v = arena_alloc(c->a, sizeof(*x->v));
	int rc = editor_string_detail(c->db, c->a, c->project.id, x->public_id, x->lang->id,
				      x->others, x->n_others, x->v);
	if (rc == MODEL_NOT_FOUND)
		return app_fail(c, 404, "not_found", "no such string");
	const struct editor_string *s = x->v;
	x->votes = arena_alloc(c->a, (s->n_tr + 1) * sizeof(*x->votes));
	if (!rc)
		rc = editor_votes_read(c->db, c->account.id, s->tr, s->n_tr, x->votes);
	if (!rc)
		rc = editor_history(c->db, c->a, c->project.id, s->row_id, x->lang->id, HISTORY_MAX,
				    &x->history, &x->n_history);
	if (!rc && !x->have_terms)
		rc = editor_glossary_terms(c->db, c->a, &c->project, x->lang->id, s->source,
					   &x->terms, &x->n_terms);
	return rc ? app_fail(c, 500, "internal", "internal error (editor string)") : 0;
}

int editor_string_id(struct call *c, struct editor_call *x)
{
	const char *id = call_capture(c, "id");
	char *end;
	x->public_id = id ? strtoll(id, &end, 10) : 0;
	if (!id || !*id || *end || x->public_id < 1)
		return app_fail(c, 400, "invalid", "the string id must be a whole number");
	return 0;
}

void editor_reply_qa(struct arena *a, struct rv *parent, const struct editor_qa *qa)
{
	struct rv *list = rv_list(a, parent, "qa", "issue");
	for (size_t i = 0; i < qa->n; i++) {
		struct rv *e = rv_obj(a, list, NULL);
		rv_str(a, e, "check", qa_check_info(qa->v[i].issue.check)->id);
		rv_str(a, e, "severity", qa->v[i].issue.severity == QA_ERROR ? "error" : "warning");
		rv_str(a, e, "message", qa->v[i].issue.message);
		if (qa->v[i].form)
			rv_str(a, e, "form", qa->v[i].form);
		else
			rv_null(a, e, "form");
	}
}

/* The language's CLDR categories, with example numbers for each. */
static void reply_language(struct arena *a, struct rv *o, const struct language *l)
{
	struct rv *lang = rv_obj(a, o, "language");
	rv_str(a, lang, "code", l->crowdin_code);
	rv_str(a, lang, "name", l->name);
	struct rv *cats = rv_list(a, lang, "plural_categories", "category");
	struct rv *examples = rv_obj(a, lang, "plural_examples");
	for (int cat = 0; cat <= PLURAL_OTHER; cat++)
		if (l->plural_cats & 1u << cat) {
			rv_str(a, cats, NULL, plural_cat_name(cat));
			rv_str(a, examples, plural_cat_name(cat), language_plural_examples(l, cat));
		}
}

void editor_reply_detail(struct call *c, struct rv *o, const struct editor_call *x)
{
	struct arena *a = c->a;
	const struct editor_string *s = x->v;
	reply_string(a, o, s);
	if (s->comment)
		rv_str(a, o, "comment", s->comment);
	else
		rv_null(a, o, "comment");
	rv_int(a, o, "max_length", s->max_length);
	char version[EDITOR_VERSION_SIZE];
	editor_version(s->tr, s->n_tr, version);
	rv_str(a, o, "version", arena_strdup(a, version));
	enum qa_syntax syntax = editor_syntax(s->file_type, s->source);
	rv_str(a, o, "syntax", qa_syntax_name(syntax));
	const char **ph;
	size_t n_ph = qa_placeholders(a, s->source, syntax, &ph);
	struct rv *phl = rv_list(a, o, "placeholders", "placeholder");
	for (size_t i = 0; i < n_ph; i++)
		rv_str(a, phl, NULL, ph[i]);
	/* each translation as the list shows it, with its votes and its QA now */
	struct editor_qa_input q = { .source = s->source, .source_plural = s->plural,
				     .syntax = syntax, .max_length = s->max_length,
				     .terms = x->terms, .n_terms = x->n_terms };
	editor_qa_levels(c->project.qa_checks, &q.disabled, &q.blocking);
	struct rv *trs = rv_get(o, "translations");
	size_t i = 0;
	for (struct rv *e = trs ? trs->first : NULL; e && i < s->n_tr; e = e->next, i++) {
		rv_int(a, e, "votes", x->votes[i].sum);
		rv_int(a, e, "my_vote", x->votes[i].mine);
		rv_bool(a, e, "mine", x->votes[i].by_me);
		struct editor_qa qa;
		q.text = s->tr[i].text;
		q.plural = s->tr[i].plural;
		editor_qa_run(a, &q, &qa);
		editor_reply_qa(a, e, &qa);
	}
	struct rv *labels = rv_list(a, o, "labels", "label");
	for (size_t k = 0; k < s->n_labels; k++) {
		struct rv *e = rv_obj(a, labels, NULL);
		rv_str(a, e, "label_id", s->labels[k].label_id);
		rv_str(a, e, "name", s->labels[k].name);
		rv_str(a, e, "value", s->labels[k].value);
	}
	reply_language(a, o, x->lang);
	struct rv *others = rv_list(a, o, "other_languages", "other");
	for (size_t k = 0; k < s->n_others; k++) {
		struct rv *e = rv_obj(a, others, NULL);
		rv_str(a, e, "language", language_by_id(s->others[k].language_id)->crowdin_code);
		reply_translation(a, rv_obj(a, e, "translation"), &s->others[k].t);
	}
	struct rv *history = rv_list(a, o, "history", "event");
	for (size_t k = 0; k < x->n_history; k++) {
		const struct editor_event *ev = &x->history[k];
		const struct language *l = ev->language_id ? language_by_id(ev->language_id) : NULL;
		struct rv *e = rv_obj(a, history, NULL);
		rv_str(a, e, "kind", ev->kind);
		rv_str(a, e, "author", ev->author);
		rv_int(a, e, "created", ev->created);
		if (l)
			rv_str(a, e, "language", l->crowdin_code);
		else
			rv_null(a, e, "language");
	}
}

int app_editor_string(struct call *c)
{
	struct editor_call x = { 0 };
	int st = editor_string_id(c, &x);
	if (!st)
		st = app_txn(c, false, editor_read_detail, &x);
	if (st)
		return st;
	c->reply = rv_new_obj(c->a);
	editor_reply_detail(c, c->reply, &x);
	return 0;
}
