/*
 * Editing a string (model/string_write.h): its key, context and labels, and
 * the edit-string dialog's two checkboxes, which do exactly what the
 * disapproveAllTranslations and deleteAllSuggestions methods do.
 */
#include "model/string_write_int.h"

#include <inttypes.h>
#include <string.h>
#include <time.h>

#define MAX_LANGS 512

typedef int (*mass_fn)(struct db_conn *c, int64_t string_id, int64_t *n, int *langs, int max,
		       int *n_langs);

/* One string-wide operation, an event per language it touched. */
static int mass(struct db_conn *c, const struct string_author *who, const struct string_row *s,
		mass_fn op, const char *kind, int64_t *n)
{
	int langs[MAX_LANGS], n_langs = 0;
	if (op(c, s->id, n, langs, MAX_LANGS, &n_langs))
		return MODEL_ERROR;
	for (int i = 0; i < n_langs; i++)
		if (string_event(c, who, kind, s->id, s->node_id, 0, langs[i], false))
			return MODEL_ERROR;
	return MODEL_OK;
}

int string_disapprove_all(struct db_conn *c, const struct string_author *who,
			  const struct string_row *s, int64_t *n)
{
	return mass(c, who, s, translation_disapprove_all, "translation.disapproved", n);
}

int string_delete_suggestions(struct db_conn *c, const struct string_author *who,
			      const struct string_row *s, int64_t *n)
{
	return mass(c, who, s, translation_delete_suggestions, "suggestions.deleted", n);
}

/* string.updated for every language file the string is in (source and translated ones). */
static int record_update(struct db_conn *c, const struct string_author *who,
			 const struct string_row *s)
{
	int langs[MAX_LANGS], n = 0, source = who->project->source_language_id;
	if (translation_languages(c, s->id, langs, MAX_LANGS, &n) ||
	    string_event(c, who, "string.updated", s->id, s->node_id, 0, source, false))
		return MODEL_ERROR;
	for (int i = 0; i < n; i++)
		if (langs[i] != source &&
		    string_event(c, who, "string.updated", s->id, s->node_id, 0, langs[i], false))
			return MODEL_ERROR;
	return MODEL_OK;
}

/* The string's value of a label now ("" when it has none): 0, or -1. */
static int label_now(struct db_conn *c, struct arena *a, int64_t string_id, int64_t label_id,
		     const char **out)
{
	struct db_stmt *st = db_query(c, "SELECT value FROM string_label WHERE string_id = ? AND "
				      "label_id = ?", "ii", string_id, label_id);
	if (!st)
		return -1;
	int rc = db_step(st);
	*out = rc == 1 ? arena_strdup(a, db_col_text(st, 0)) : "";
	db_done(st);
	return rc < 0 ? -1 : 0;
}

/* Set the labels that change (a select's "" unsets it); *changed: whether any did. */
static int set_labels(struct db_conn *c, struct arena *a, int64_t string_id,
		      const struct label *ls, const size_t *which, const struct string_edit *in,
		      bool *changed)
{
	for (size_t i = 0; i < in->n_labels; i++) {
		const char *v = in->labels[i].value, *now;
		int64_t label_id = ls[which[i]].id;
		if (label_now(c, a, string_id, label_id, &now))
			return MODEL_ERROR;
		if (!strcmp(now, v))
			continue;
		*changed = true;
		int rc = *v || strcmp(ls[which[i]].type, "select")
			 ? string_label_set(c, string_id, label_id, v)
			 : db_exec(c, "DELETE FROM string_label WHERE string_id = ? AND label_id = ?",
				   "ii", string_id, label_id) ? MODEL_ERROR : MODEL_OK;
		if (rc)
			return rc;
	}
	return MODEL_OK;
}

int string_edit_checked(struct db_conn *c, struct arena *a, const struct string_author *who,
			const struct string_edit *in, struct string_edited *out,
			struct string_problem *why)
{
	*why = (struct string_problem){ 0 };
	*out = (struct string_edited){ 0 };
	struct string_row s;
	int rc = string_get(c, a, who->project->id, in->public_id, &s);
	if (rc == MODEL_NOT_FOUND)
		return string_refuse(a, why, rc, "id", "String %" PRId64 " not found in this project",
				     in->public_id);
	if (rc)
		return rc;
	bool rekey = in->key && strcmp(in->key, s.key);
	bool recontext = in->context && strcmp(in->context, s.context);
	if ((in->key && (rc = string_key_check(a, in->key, why))) ||
	    (rc = string_context_check(a, in->context, why)) ||
	    (rekey && (rc = string_key_free(c, a, s.node_id, in->key, why))))
		return rc;
	struct label *ls = NULL;
	size_t n_ls = 0;
	size_t *which = arena_alloc(a, (in->n_labels ? in->n_labels : 1) * sizeof(*which));
	if (in->n_labels && label_list(c, a, who->project->id, &ls, &n_ls))
		return MODEL_ERROR;
	for (size_t i = 0; i < in->n_labels; i++)
		if ((rc = label_pick_find(a, ls, n_ls, &in->labels[i], true, &which[i], why)))
			return rc;

	if ((rekey || recontext) &&
	    db_exec(c, "UPDATE string SET skey = ?, context = NULLIF(?, ''), updated = ? WHERE id = ?",
		    "ssii", rekey ? in->key : s.key, recontext ? in->context : s.context,
		    (int64_t)time(NULL), s.id))
		return MODEL_ERROR;
	bool changed = rekey || recontext;
	if (set_labels(c, a, s.id, ls, which, in, &changed) ||
	    (changed && record_update(c, who, &s)))
		return MODEL_ERROR;
	if (in->disapprove_all && string_disapprove_all(c, who, &s, &out->disapproved))
		return MODEL_ERROR;
	if (in->delete_suggestions && string_delete_suggestions(c, who, &s, &out->deleted))
		return MODEL_ERROR;
	out->key = rekey ? in->key : s.key;
	return MODEL_OK;
}
