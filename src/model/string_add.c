/*
 * A new string, checked (model/string_write.h): what createString and the
 * web app's create-string dialog both do.  Every check runs before the
 * first write; the messages are the ones the localization.one API has
 * always sent (its tests hold them).
 */
#include "model/string_write_int.h"
#include "core/limits.h"
#include "core/utf8.h"
#include "model/roles.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#define MAX_LANGS 512

int string_refuse(struct arena *a, struct string_problem *why, int rc, const char *field,
		  const char *fmt, ...)
{
	char buf[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	why->field = field;
	why->why = arena_strdup(a, buf);
	model_set_why(why->why);
	return rc;
}

int string_context_check(struct arena *a, const char *context, struct string_problem *why)
{
	if (!context)
		return MODEL_OK;
	size_t chars = utf8_count(context, strlen(context));
	if (chars > LIMIT_STRING_CONTEXT)
		return string_refuse(a, why, MODEL_INVALID, "context", "string_context exceeds the %d-character "
			      "limit (%zu characters sent); shorten it and try again",
			      LIMIT_STRING_CONTEXT, chars);
	return MODEL_OK;
}

int string_key_check(struct arena *a, const char *key, struct string_problem *why)
{
	if (!key || !*key)
		return string_refuse(a, why, MODEL_INVALID, "key", "Parameter 'string_key' is required and "
			      "must not be empty");
	if (strlen(key) > LIMIT_STRING_KEY_BYTES)
		return string_refuse(a, why, MODEL_INVALID, "key", "Parameter 'string_key' is too long (%zu "
			      "bytes; the limit is %d)", strlen(key), LIMIT_STRING_KEY_BYTES);
	return MODEL_OK;
}

int string_key_free(struct db_conn *c, struct arena *a, int64_t category_id, const char *key,
		    struct string_problem *why)
{
	int dup = string_key_exists(c, category_id, key);
	if (dup < 0)
		return MODEL_ERROR;
	if (dup)
		return string_refuse(a, why, MODEL_CONFLICT, "key", "string_key '%.200s' already exists in "
			      "category %" PRId64, key, category_id);
	return MODEL_OK;
}

int label_pick_find(struct arena *a, const struct label *ls, size_t n, const struct label_pick *p,
		    bool unset_ok, size_t *index, struct string_problem *why)
{
	if (!p->label_id || !p->value)
		return string_refuse(a, why, MODEL_INVALID, "labels", "Every label needs a label_id and a "
			      "label_value");
	for (size_t i = 0; i < n; i++) {
		const struct label *l = &ls[i];
		if (strcmp(l->key, p->label_id))
			continue;
		*index = i;
		if (label_value_ok(l, p->value) || (unset_ok && !strcmp(l->type, "select") &&
						    !*p->value))
			return MODEL_OK;
		if (!strcmp(l->type, "checkbox"))
			return string_refuse(a, why, MODEL_INVALID, "labels", "Label '%s' is a checkbox: its "
				      "value must be 0 or 1", l->name);
		if (!strcmp(l->type, "select"))
			return string_refuse(a, why, MODEL_INVALID, "labels", "Label '%s' is a select: '%.100s' is "
				      "not one of its option values (see getLabels)", l->name, p->value);
		why->too_large = true;
		return string_refuse(a, why, MODEL_INVALID, "labels", "The value of label '%s' is too long",
			      l->name);
	}
	return string_refuse(a, why, MODEL_NOT_FOUND, "labels", "Unknown label_id '%.64s' (see getLabels)",
		      p->label_id);
}

int string_event(struct db_conn *c, const struct string_author *who, const char *kind,
		 int64_t string_id, int64_t node_id, int64_t translation_id, int language_id,
		 bool approved)
{
	struct event_new e = {
		.project_id = who->project->id, .account_id = who->account_id, .kind = kind,
		.origin = who->origin, .string_id = string_id, .node_id = node_id,
		.translation_id = translation_id, .language_id = language_id,
		.detail_json = approved ? "{\"approved\":true}" : NULL, .project = who->project,
		.tm_match = approved ? -1 : 0, .approved = approved,
	};
	return event_add(c, &e);
}

/* The explicit values in the order of the project's labels (NULL: the default). */
static int pick_labels(struct arena *a, const struct label *ls, size_t n,
		       const struct string_add *in, const char **values, struct string_problem *why)
{
	for (size_t i = 0; i < in->n_labels; i++) {
		size_t k;
		int rc = label_pick_find(a, ls, n, &in->labels[i], false, &k, why);
		if (rc)
			return rc;
		values[k] = in->labels[i].value;
	}
	return MODEL_OK;
}

/* Whether the language is the source or one of the project's. */
static int language_check(struct db_conn *c, struct arena *a, const struct project *p, int64_t id,
			  struct string_problem *why)
{
	if (id == p->source_language_id)
		return MODEL_OK;
	int ids[MAX_LANGS];
	int n = project_languages(c, p->id, ids, MAX_LANGS);
	if (n < 0)
		return MODEL_ERROR;
	for (int i = 0; i < n; i++)
		if (ids[i] == id)
			return MODEL_OK;
	return string_refuse(a, why, MODEL_NOT_FOUND, "default_translation", "Language %" PRId64 " is not a "
		      "language of this project (see getLanguages)", id);
}

/* Every check of string_add_checked, in the order the API has always made them. */
static int add_check(struct db_conn *c, struct arena *a, const struct project *p,
		     const struct string_add *in, const struct label *ls, size_t n_ls,
		     const char **values, struct string_row *from, struct string_problem *why)
{
	int rc = string_key_check(a, in->key, why);
	if (!rc)
		rc = string_context_check(a, in->context, why);
	if (rc)
		return rc;
	bool has_text = in->text && *in->text;
	if (!in->copy_from && (!in->language_id || !has_text))
		return string_refuse(a, why, MODEL_INVALID, "default_translation", "Parameters "
			      "'default_translation_language' and 'default_translation_value' are "
			      "required unless 'copy_translations_from' is given");
	if ((in->language_id != 0) != has_text)
		return string_refuse(a, why, MODEL_INVALID, "default_translation", "Parameters "
			      "'default_translation_language' and 'default_translation_value' go "
			      "together");
	if ((rc = pick_labels(a, ls, n_ls, in, values, why)))
		return rc;
	struct node cat;
	rc = node_get(c, a, p->id, in->category_id, &cat);
	if (rc == MODEL_NOT_FOUND)
		return string_refuse(a, why, rc, "category_id", "Category %" PRId64 " not found",
			      in->category_id);
	if (rc || (in->language_id && (rc = language_check(c, a, p, in->language_id, why))))
		return rc;
	if (in->copy_from) {
		rc = string_get(c, a, p->id, in->copy_from, from);
		if (rc == MODEL_NOT_FOUND)
			return string_refuse(a, why, rc, "copy_from", "String %" PRId64 " not found in this "
				      "project", in->copy_from);
		if (rc)
			return rc;
	}
	if (in->public_id < 0 || in->public_id > STRING_ID_MAX)
		return string_refuse(a, why, MODEL_INVALID, "string_id", "string_id must be between 1 and %d",
			      STRING_ID_MAX);
	if (in->public_id) {
		int taken = string_id_taken(c, p->id, in->public_id);
		if (taken < 0)
			return MODEL_ERROR;
		if (taken)
			return string_refuse(a, why, MODEL_CONFLICT, "string_id", "string_id %" PRId64 " is "
				      "already taken in this project", in->public_id);
	}
	return string_key_free(c, a, in->category_id, in->key, why);
}

int string_add_checked(struct db_conn *c, struct arena *a, const struct string_author *who,
		       const struct string_add *in, int64_t *public_id,
		       struct string_problem *why)
{
	const struct project *p = who->project;
	*why = (struct string_problem){ 0 };
	struct label *ls;
	size_t n_ls;
	if (label_list(c, a, p->id, &ls, &n_ls))
		return MODEL_ERROR;
	const char **values = arena_alloc(a, (n_ls ? n_ls : 1) * sizeof(*values));
	memset(values, 0, (n_ls ? n_ls : 1) * sizeof(*values));
	struct string_row from;
	int rc = add_check(c, a, p, in, ls, n_ls, values, &from, why);
	if (rc)
		return rc;

	int lang = (int)in->language_id;	/* a project language's id: checked */
	bool is_source = lang && lang == p->source_language_id;
	struct string_new sn = {
		.node_id = in->category_id, .key = in->key, .context = in->context,
		.source = is_source ? in->text : in->copy_from ? from.source : "",
		.public_id = in->public_id,
	};
	int64_t id;
	rc = string_create(c, p->id, &sn, &id, public_id);
	if (rc == MODEL_CONFLICT)
		return string_refuse(a, why, rc, "string_id", "string_id %" PRId64 " is already taken in this "
			      "project", in->public_id);
	if (rc)
		return rc;

	int langs[MAX_LANGS], n_langs = 0;
	if (in->copy_from && translation_copy_all(c, from.id, id, langs, MAX_LANGS, &n_langs))
		return MODEL_ERROR;
	for (int i = 0; i < n_langs; i++)
		if (string_event(c, who, "translation.copied", id, in->category_id, 0, langs[i], false))
			return MODEL_ERROR;
	if (string_event(c, who, "string.added", id, in->category_id, 0, is_source ? lang : 0, false))
		return MODEL_ERROR;
	if (lang && !is_source) {
		int64_t tid;
		enum bot_outcome out;
		if (translation_bot_set(c, p->id, id, lang, in->text, true, who->account_id, &tid,
					&out) ||
		    string_event(c, who, "translation.added", id, in->category_id, tid, lang, true))
			return MODEL_ERROR;
	}
	for (size_t i = 0; i < n_ls; i++) {
		const char *v = values[i] ? values[i] : ls[i].default_value;
		if (!values[i] && !strcmp(ls[i].type, "select") && !*v)
			continue;	/* a select without a default stays unset */
		if (string_label_set(c, id, ls[i].id, v))
			return MODEL_ERROR;
	}
	return MODEL_OK;
}
