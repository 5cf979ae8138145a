/*
 * The create- and edit-string dialogs' calls (docs/editor.md "Creating and
 * editing strings"): POST /app/api/projects/{project}/strings, PATCH
 * .../strings/{id}, and GET .../categories for the category picker.  The
 * rules are the model's (model/string_write.h), the ones createString,
 * disapproveAllTranslations and deleteAllSuggestions follow; the opt-in
 * toggles of those API methods guard a leaked token, not a manager here.
 */
#include "api/webapp/webapp.h"
#include "core/limits.h"
#include "model/languages.h"
#include "model/roles.h"
#include "model/string_write.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>


static const char *const kind_names[] = { [NODE_BRANCH] = "branch", [NODE_DIRECTORY] = "directory",
					  [NODE_FILE] = "file" };

struct string_call {
	struct string_add add;
	struct string_edit edit;
	const char *language;		/* the default translation's Crowdin code */
	int64_t public_id;
	struct string_edited edited;
	struct category *cats;
	size_t n_cats;
	int langs[ROLES_MAX_LANGUAGES];
	int n_langs;
};

/* ------------------------------------------------------------ the body */

static int bad(struct call *c, const char *field, const char *what)
{
	return app_fail(c, 400, "invalid", "%s: %s", field, what);
}

/* Only the members in `known` may appear: a misspelt one is an error, not ignored. */
static int body_members(struct call *c, const char *const *known)
{
	json_t *body = (json_t *)c->r->json;
	if (!json_is_object(body))
		return app_fail(c, 400, "invalid", "the body must be a JSON object");
	const char *k;
	json_t *v;
	json_object_foreach(body, k, v) {
		int i = 0;
		while (known[i] && strcmp(known[i], k))
			i++;
		if (!known[i])
			return bad(c, k, "not a member this call takes");
	}
	return 0;
}

/* A whole number member (or absent / null: 0), at least 1. */
static int body_id(struct call *c, json_t *obj, const char *name, int64_t *out)
{
	json_t *v = json_object_get(obj, name);
	*out = 0;
	if (!v || json_is_null(v))
		return 0;
	if (!json_is_integer(v) || json_integer_value(v) < 1)
		return bad(c, name, "must be a whole number from 1");
	*out = json_integer_value(v);
	return 0;
}

/* A text member (absent / null: NULL), at most max bytes, without NUL. */
static int body_str(struct call *c, json_t *obj, const char *name, size_t max, const char **out)
{
	json_t *v = json_object_get(obj, name);
	*out = NULL;
	if (!v || json_is_null(v))
		return 0;
	if (!json_is_string(v) || strlen(json_string_value(v)) != json_string_length(v))
		return bad(c, name, "must be text");
	if (json_string_length(v) > max)
		return bad(c, name, "is too long");
	*out = json_string_value(v);
	return 0;
}

/* A true/false member (absent: false). */
static int body_bool(struct call *c, const char *name, bool *out)
{
	json_t *v = json_object_get((json_t *)c->r->json, name);
	*out = json_is_true(v);
	if (v && !json_is_boolean(v) && !json_is_null(v))
		return bad(c, name, "must be true or false");
	return 0;
}

/* "labels": {label_id: value}, values text, numbers or true/false. */
static int body_labels(struct call *c, const struct label_pick **out, size_t *n)
{
	json_t *v = json_object_get((json_t *)c->r->json, "labels");
	*out = NULL;
	*n = 0;
	if (!v || json_is_null(v))
		return 0;
	if (!json_is_object(v))
		return bad(c, "labels", "must be an object {label_id: value}");
	struct label_pick *p = arena_alloc(c->a, (json_object_size(v) + 1) * sizeof(*p));
	const char *k;
	json_t *x;
	json_object_foreach(v, k, x) {
		const char *value = app_json_text(c, x);
		if (!value)
			return bad(c, "labels", "each value must be text, a number or true/false");
		p[(*n)++] = (struct label_pick){ arena_strdup(c->a, k), value };
	}
	*out = p;
	return 0;
}

static int parse_create(struct call *c, struct string_call *x)
{
	static const char *const known[] = { "category_id", "key", "context", "labels",
					     "default_translation", "copy_from", NULL };
	json_t *body = (json_t *)c->r->json;
	struct string_add *in = &x->add;
	int st = body_members(c, known);
	if (!st)
		st = body_id(c, body, "category_id", &in->category_id);
	if (!st && !in->category_id)
		st = bad(c, "category_id", "is required");
	if (!st)
		st = body_str(c, body, "key", LIMIT_TEXT_BYTES, &in->key);
	if (!st)
		st = body_str(c, body, "context", LIMIT_TEXT_BYTES, &in->context);
	if (!st)
		st = body_id(c, body, "copy_from", &in->copy_from);
	if (!st)
		st = body_labels(c, &in->labels, &in->n_labels);
	if (st)
		return st;
	json_t *d = json_object_get(body, "default_translation");
	if (!d || json_is_null(d))
		return 0;
	if (!json_is_object(d))
		return bad(c, "default_translation", "must be {language, text} or null");
	if ((st = body_str(c, d, "language", 16, &x->language)) ||
	    (st = body_str(c, d, "text", LIMIT_TEXT_BYTES, &in->text)))
		return bad(c, "default_translation", "must be {language: a Crowdin code, text}");
	const struct language *l = x->language ? language_by_code(x->language) : NULL;
	if (!l)
		return bad(c, "default_translation", "language must be a Crowdin language code");
	in->language_id = l->id;
	return 0;
}

/* The model's refusal: 400 naming the field; else 500. */
static int refused(struct call *c, int rc, const struct string_problem *why)
{
	if (rc == MODEL_ERROR || !why->why)
		return app_fail(c, 500, "internal", "internal error (strings)");
	return bad(c, why->field ? why->field : "body", why->why);
}

static struct string_author author(struct call *c)
{
	return (struct string_author){ .project = &c->project, .account_id = c->account.id,
				       .origin = "app" };
}

/* ------------------------------------------------------------ create */

static int add_string(struct call *c, void *p)
{
	struct string_call *x = p;
	struct string_author who = author(c);
	struct string_problem why;
	int rc = string_add_checked(c->db, c->a, &who, &x->add, &x->public_id, &why);
	return rc ? refused(c, rc, &why) : 0;
}

int app_string_create(struct call *c)
{
	struct string_call x = { 0 };
	int st = parse_create(c, &x);
	if (!st)
		st = app_txn(c, true, add_string, &x);
	if (st)
		return st;
	c->reply = rv_new_obj(c->a);
	rv_int(c->a, c->reply, "id", x.public_id);
	rv_str(c->a, c->reply, "key", x.add.key);
	return 0;
}

/* ------------------------------------------------------------ edit */

static int parse_edit(struct call *c, struct string_call *x)
{
	static const char *const known[] = { "key", "context", "labels", "disapprove_all",
					     "delete_suggestions", NULL };
	json_t *body = (json_t *)c->r->json;
	struct string_edit *in = &x->edit;
	const char *id = call_capture(c, "id");
	char *end;
	in->public_id = id ? strtoll(id, &end, 10) : 0;
	if (!id || !*id || *end || in->public_id < 1)
		return app_fail(c, 400, "invalid", "the string id must be a whole number");
	int st = body_members(c, known);
	if (!st)
		st = body_str(c, body, "key", LIMIT_TEXT_BYTES, &in->key);
	if (!st)
		st = body_str(c, body, "context", LIMIT_TEXT_BYTES, &in->context);
	if (!st)
		st = body_labels(c, &in->labels, &in->n_labels);
	if (!st)
		st = body_bool(c, "disapprove_all", &in->disapprove_all);
	if (!st)
		st = body_bool(c, "delete_suggestions", &in->delete_suggestions);
	if (st)
		return st;
	/* string-wide: every language, more than a member held to some languages may */
	if ((in->disapprove_all || in->delete_suggestions) && !call_may(c, ACT_APPROVE, 0))
		return app_fail(c, 403, "forbidden", "your role may not change every language's "
				"translations");
	return 0;
}

static int edit_string(struct call *c, void *p)
{
	struct string_call *x = p;
	struct string_author who = author(c);
	struct string_problem why;
	int rc = string_edit_checked(c->db, c->a, &who, &x->edit, &x->edited, &why);
	if (rc == MODEL_NOT_FOUND && why.field && !strcmp(why.field, "id"))
		return app_fail(c, 404, "not_found", "no such string");
	return rc ? refused(c, rc, &why) : 0;
}

int app_string_edit(struct call *c)
{
	struct string_call x = { 0 };
	int st = parse_edit(c, &x);
	if (!st)
		st = app_txn(c, true, edit_string, &x);
	if (st)
		return st;
	struct arena *a = c->a;
	c->reply = rv_new_obj(a);
	rv_int(a, c->reply, "id", x.edit.public_id);
	rv_str(a, c->reply, "key", x.edited.key);
	rv_int(a, c->reply, "disapproved", x.edited.disapproved);
	rv_int(a, c->reply, "deleted", x.edited.deleted);
	return 0;
}

/* ------------------------------------------------------------ categories */

/* {categories: [node], languages: [{code, name, source}]}: what the create dialog's pickers need. */

static int read_categories(struct call *c, void *p)
{
	struct string_call *x = p;
	x->n_langs = project_languages(c->db, c->project.id, x->langs, ROLES_MAX_LANGUAGES);
	if (x->n_langs < 0 || category_list(c->db, c->a, c->project.id, &x->cats, &x->n_cats))
		return app_fail(c, 500, "internal", "internal error (categories)");
	return 0;
}

int app_categories(struct call *c)
{
	struct string_call x = { 0 };
	int st = app_txn(c, false, read_categories, &x);
	if (st)
		return st;
	struct arena *a = c->a;
	c->reply = rv_new_obj(a);
	struct rv *list = rv_list(a, c->reply, "categories", "category");
	for (size_t i = 0; i < x.n_cats; i++) {
		const struct category *k = &x.cats[i];
		struct rv *o = rv_obj(a, list, NULL);
		rv_int(a, o, "id", k->id);
		if (k->parent_id)
			rv_int(a, o, "parent_id", k->parent_id);
		else
			rv_null(a, o, "parent_id");
		rv_str(a, o, "kind", kind_names[k->kind]);
		rv_str(a, o, "name", k->name);
		rv_int(a, o, "strings", k->strings);
	}
	/* the default translation's picker: the source language first, then the targets */
	struct rv *langs = rv_list(a, c->reply, "languages", "language");
	for (int i = -1; i < x.n_langs; i++) {
		const struct language *l = language_by_id(i < 0 ? c->project.source_language_id
								: x.langs[i]);
		if (!l || (i >= 0 && l->id == c->project.source_language_id))
			continue;
		struct rv *o = rv_obj(a, langs, NULL);
		rv_str(a, o, "code", l->crowdin_code);
		rv_str(a, o, "name", l->name);
		rv_bool(a, o, "source", i < 0);
	}
	return 0;
}
