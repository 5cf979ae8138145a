/*
 * A project's localization.one labels for the settings page (docs/web.md):
 * GET/POST /app/api/projects/{project}/labels and PATCH/DELETE
 * .../labels/{label} (its md5 id, as getLabels shows it, or its name).
 * The rules are the model's (model/catalog.h), as `tolk project label`.
 */
#include "api/webapp/webapp.h"
#include "model/catalog.h"

#include <jansson.h>
#include <string.h>

static void reply_label(struct call *c, struct rv *o, const struct label *l)
{
	struct arena *a = c->a;
	rv_str(a, o, "label_id", l->key);
	rv_str(a, o, "name", l->name);
	rv_str(a, o, "type", l->type);
	rv_str(a, o, "default_value", l->default_value);
	struct rv *opts = rv_list(a, o, "options", "option");
	for (size_t i = 0; i < l->n_options; i++) {
		struct rv *e = rv_obj(a, opts, NULL);
		rv_str(a, e, "name", l->options[i].name);
		rv_str(a, e, "value", l->options[i].value);
	}
}

struct labels {
	struct label *v;
	size_t n;
	struct label in;	/* what the body asks for */
	const char *which;	/* the URL's label */
};

static int read_labels(struct call *c, void *p)
{
	struct labels *x = p;
	if (label_list(c->db, c->a, c->project.id, &x->v, &x->n))
		return app_fail(c, 500, "internal", "internal error (labels)");
	return 0;
}

/* {"labels": [...]}: the project's labels after the change */
static int reply_labels(struct call *c, struct labels *x)
{
	int st = app_txn(c, false, read_labels, x);
	if (st)
		return st;
	c->reply = rv_new_obj(c->a);
	struct rv *list = rv_list(c->a, c->reply, "labels", "label");
	for (size_t i = 0; i < x->n; i++)
		reply_label(c, rv_obj(c->a, list, NULL), &x->v[i]);
	return 0;
}

int app_labels(struct call *c)
{
	struct labels x = { 0 };
	return reply_labels(c, &x);
}

/* A string member of the body, a number or true/false as text; NULL when absent. */
static int body_text(struct call *c, const char *name, const char **out)
{
	json_t *v = json_object_get((json_t *)c->r->json, name);
	*out = NULL;
	if (!v || json_is_null(v))
		return 0;
	*out = app_json_text(c, v);
	return *out ? 0 : app_fail(c, 400, "invalid", "%s: must be a string", name);
}

/* The body's label fields over `l` (the current one, for a change): name, type, default_value, options. */
static int parse_label(struct call *c, struct label *l)
{
	if (!c->r->json)
		return app_fail(c, 400, "invalid", "the body must be a JSON object");
	const char *name, *type, *def;
	int st = body_text(c, "name", &name);
	if (!st)
		st = body_text(c, "type", &type);
	if (!st)
		st = body_text(c, "default_value", &def);
	if (st)
		return st;
	l->name = name ? name : l->name;
	bool retyped = type && (!l->type || strcmp(type, l->type));
	l->type = type ? type : l->type;
	/* a new type's old default and options rarely fit it: the body gives them */
	l->default_value = def ? def : retyped ? NULL : l->default_value;
	json_t *opts = json_object_get((json_t *)c->r->json, "options");
	if (retyped && !opts)
		l->n_options = 0;
	if (!opts || json_is_null(opts))
		return 0;
	if (!json_is_array(opts) || json_array_size(opts) > LABEL_OPTIONS_MAX)
		return app_fail(c, 400, "invalid", "options: must be a list of {name, value} (at most %d)",
				LABEL_OPTIONS_MAX);
	l->n_options = 0;
	l->options = arena_alloc(c->a, (json_array_size(opts) + 1) * sizeof(*l->options));
	size_t i;
	json_t *o;
	json_array_foreach(opts, i, o) {
		const char *on = json_string_value(json_object_get(o, "name"));
		const char *ov = json_string_value(json_object_get(o, "value"));
		if (!on || !ov || strlen(on) > LABEL_NAME_MAX || strlen(ov) > LABEL_VALUE_MAX)
			return app_fail(c, 400, "invalid", "options: each must be {\"name\": text, "
					"\"value\": text}");
		l->options[l->n_options++] = (struct label_option){ arena_strdup(c->a, on),
								    arena_strdup(c->a, ov) };
	}
	return 0;
}

/* The model's answer as the call's: 400 with its reason, 409, 404, 500. */
static int label_status(struct call *c, int rc, const char *why, const char *name)
{
	if (rc == MODEL_INVALID)
		return app_fail(c, 400, "invalid", "%s", why ? why : "invalid label");
	if (rc == MODEL_CONFLICT)
		return app_fail(c, 409, "conflict", "there is already a label named '%s'", name ? name : "");
	if (rc == MODEL_NOT_FOUND)
		return app_fail(c, 404, "not_found", "no such label");
	return rc ? app_fail(c, 500, "internal", "internal error (labels)") : 0;
}

static int add_label(struct call *c, void *p)
{
	struct labels *x = p;
	char key[33];
	const char *why = NULL;
	int rc = label_add(c->db, c->project.id, &x->in, key, &why);
	return label_status(c, rc, why, x->in.name);
}

int app_label_add(struct call *c)
{
	struct labels x = { 0 };
	int st = parse_label(c, &x.in);
	if (!st)
		st = app_txn(c, true, add_label, &x);
	return st ? st : reply_labels(c, &x);
}

static int change_label(struct call *c, void *p)
{
	struct labels *x = p;
	struct label *v;
	size_t n;
	if (label_list(c->db, c->a, c->project.id, &v, &n))
		return app_fail(c, 500, "internal", "internal error (labels)");
	size_t i = 0;
	while (i < n && strcmp(v[i].key, x->which) && strcmp(v[i].name, x->which))
		i++;
	if (i == n)
		return label_status(c, MODEL_NOT_FOUND, NULL, NULL);
	x->in = v[i];
	int st = parse_label(c, &x->in);
	if (st)
		return st;
	const char *why = NULL;
	int rc = label_update(c->db, c->project.id, v[i].key, &x->in, &why);
	return label_status(c, rc, why, x->in.name);
}

int app_label_patch(struct call *c)
{
	struct labels x = { .which = call_capture(c, "label") };
	int st = app_txn(c, true, change_label, &x);
	return st ? st : reply_labels(c, &x);
}

static int remove_label(struct call *c, void *p)
{
	struct labels *x = p;
	return label_status(c, label_remove(c->db, c->project.id, x->which), NULL, NULL);
}

int app_label_delete(struct call *c)
{
	struct labels x = { .which = call_capture(c, "label") };
	int st = app_txn(c, true, remove_label, &x);
	return st ? st : reply_labels(c, &x);
}
