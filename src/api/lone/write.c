/*
 * localization.one write methods: createCategory, createString,
 * deleteString, addTranslation, updateTranslation,
 * disapproveAllTranslations, deleteAllSuggestions.
 * Every parameter is validated before the first write; the dispatcher's
 * transaction makes a failed call change nothing.
 */
#include "api/lone/lone.h"
#include "model/catalog.h"
#include "model/editor_write.h"
#include "model/languages.h"
#include "model/string_write.h"
#include "model/tm_memory.h"

#include <inttypes.h>
#include <jansson.h>
#include <stdio.h>
#include <string.h>

#define MAX_LANGS 512

static int internal(struct call *c)
{
	return lone_fail(c, 500, "Internal error");
}

static int record(struct call *c, const char *kind, int64_t string_id, int64_t node_id,
		  int64_t translation_id, int language_id, const char *detail)
{
	struct event_new e = {
		.project_id = c->project.id, .account_id = call_account_id(c), .kind = kind,
		.origin = "lone", .string_id = string_id,
		.node_id = node_id, .translation_id = translation_id, .language_id = language_id,
		.detail_json = detail, .project = &c->project,	/* read by lone_auth, same transaction */
	};
	return event_add(c->db, &e);
}

/*
 * A translation's event with what a cost report reads (docs/reports.md):
 * translation.added / translation.updated when the text is new, and
 * translation.approved when the caller only approved the text there was.
 */
static int record_translation(struct call *c, const char *kind, const struct string_row *s,
			      int64_t translation_id, int language_id, bool approved, int tm_match)
{
	struct event_new e = {
		.project_id = c->project.id, .account_id = call_account_id(c), .kind = kind,
		.origin = "lone", .string_id = s->id, .node_id = s->node_id,
		.translation_id = translation_id, .language_id = language_id,
		.detail_json = approved ? "{\"approved\":true}" : NULL, .project = &c->project,
		.tm_match = tm_match, .approved = approved,
	};
	return event_add(c->db, &e);
}

static int load_string(struct call *c, int64_t id, struct string_row *s)
{
	int rc = string_get(c->db, c->a, c->project.id, id, s);
	if (rc == MODEL_NOT_FOUND)
		return lone_fail(c, 404, "String %" PRId64 " not found in this project", id);
	return rc ? internal(c) : 0;
}

/* ---------------------------------------------------------- createCategory */

int lone_create_category(struct call *c)
{
	const char *name, *description;
	int64_t parent_id;
	int st;
	if ((st = lone_text(c, "name", true, LONE_NAME_MAX, &name)) ||
	    (st = lone_id(c, "parent_id", false, 0, &parent_id)) ||
	    (st = lone_text(c, "description", false, LONE_DESCRIPTION_MAX, &description)))
		return st;
	if (!node_name_ok(name))
		return lone_fail(c, 400, "Invalid category name: it must not contain '/', '\\' or "
				 "control characters, and must not be '.' or '..'");
	if (parent_id) {
		struct node parent;
		int rc = node_get(c->db, c->a, c->project.id, parent_id, &parent);
		if (rc == MODEL_NOT_FOUND)
			return lone_fail(c, 404, "Parent category %" PRId64 " not found", parent_id);
		if (rc)
			return internal(c);
		if (parent.kind == NODE_FILE)
			return lone_fail(c, 400, "Category %" PRId64 " is a file (uploaded through the "
					 "Crowdin API) and cannot contain categories", parent_id);
	}
	struct node existing;
	int rc = node_child(c->db, c->a, c->project.id, parent_id, name, &existing);
	if (rc == MODEL_OK)
		return lone_fail(c, 400, "A category named '%s' already exists in this parent category "
				 "(id %" PRId64 ")", name, existing.id);
	if (rc != MODEL_NOT_FOUND)
		return internal(c);
	int64_t id;
	if (node_create(c->db, c->project.id, parent_id, NODE_DIRECTORY, name, NULL, NULL, &id) ||
	    (description && *description && category_set_description(c->db, id, description)) ||
	    record(c, "directory.added", 0, id, 0, 0, NULL))
		return internal(c);
	rv_int(c->a, c->reply, "result", id);
	return 0;
}

/* ------------------------------------------------------------ createString */

/* The labels asked for, in any of the seed's three shapes, as picks (checked by the model). */
struct label_picks {
	struct label_pick *v;
	size_t n, cap;
};

static int add_pick(struct call *c, struct label_picks *ls, const char *id, const char *value)
{
	if (!id || !value)
		return lone_fail(c, 400, "Every label needs a label_id and a label_value");
	ARENA_PUSH(c->a, ls->v, ls->n, ls->cap) = (struct label_pick){ id, value };
	return 0;
}

/* A JSON scalar as label value text: strings as is, integers, true/false as 1/0. */
static const char *json_value_text(struct arena *a, json_t *v)
{
	if (json_is_string(v))
		return arena_strdup(a, json_string_value(v));
	if (json_is_integer(v))
		return arena_printf(a, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
	if (json_is_true(v))
		return "1";
	if (json_is_false(v))
		return "0";
	return NULL;
}

static int labels_shape_error(struct call *c)
{
	return lone_fail(c, 400, "Parameter 'labels' must be labels[<label_id>]=<value>, a JSON list "
			 "[{\"label_id\":\"...\",\"label_value\":\"...\"}] or a JSON map "
			 "{\"<label_id>\":\"<value>\"}");
}

static int parse_labels_json(struct call *c, struct label_picks *ls, const char *text)
{
	json_error_t e;
	json_t *j = json_loads(text, JSON_REJECT_DUPLICATES, &e);
	int st = 0;
	size_t i;
	json_t *v;
	const char *k;
	if (json_is_array(j)) {
		json_array_foreach(j, i, v) {
			if (!json_is_object(v)) {
				st = labels_shape_error(c);
				break;
			}
			json_t *id = json_object_get(v, "label_id");
			const char *val = json_value_text(c->a, json_object_get(v, "label_value"));
			st = add_pick(c, ls, json_is_string(id) ? arena_strdup(c->a, json_string_value(id))
								 : NULL, val);
			if (st)
				break;
		}
	} else if (json_is_object(j)) {
		json_object_foreach(j, k, v) {
			const char *val = json_value_text(c->a, v);
			st = val ? add_pick(c, ls, arena_strdup(c->a, k), val) : labels_shape_error(c);
			if (st)
				break;
		}
	} else {
		st = labels_shape_error(c);
	}
	json_decref(j);
	return st;
}

static int parse_labels(struct call *c, struct label_picks *ls)
{
	const struct param *p = params_get(&c->r->params, "labels");
	if (!p)
		return 0;
	if (p->file || p->repeated)
		return labels_shape_error(c);
	if (!param_is_map(p))
		return *p->value ? parse_labels_json(c, ls, p->value) : 0;
	for (const struct param *ch = p->first; ch; ch = ch->next) {
		int st;
		if (param_is_map(ch)) {	/* labels[0][label_id]=..&labels[0][label_value]=.. */
			const struct param *id = param_child(ch, "label_id");
			const struct param *val = param_child(ch, "label_value");
			st = add_pick(c, ls, id && id->value ? id->value : NULL,
				       val && val->value ? val->value : NULL);
		} else if (ch->value) {	/* labels[<label_id>]=<value> */
			st = add_pick(c, ls, ch->name, ch->value);
		} else {
			st = labels_shape_error(c);
		}
		if (st)
			return st;
	}
	return 0;
}

/* The model's refusal as the method's: 404 for an unknown id, 413 for a value too large, else 400. */
static int string_refused(struct call *c, int rc, const struct string_problem *why)
{
	if (rc == MODEL_ERROR || !why->why)
		return internal(c);
	return lone_fail(c, rc == MODEL_NOT_FOUND ? 404 : why->too_large ? 413 : 400, "%s", why->why);
}

/* The caller's identity for the model's events. */
static struct string_author author(struct call *c)
{
	return (struct string_author){ .project = &c->project, .account_id = call_account_id(c),
				       .origin = "lone" };
}

int lone_create_string(struct call *c)
{
	struct string_add in = { 0 };
	int st;
	if ((st = lone_id(c, "string_id", false, 0, &in.public_id)) ||
	    (st = lone_id(c, "category_id", true, 0, &in.category_id)) ||
	    (st = lone_text(c, "string_key", true, LONE_KEY_MAX, &in.key)) ||
	    (st = lone_id(c, "default_translation_language", false, 0, &in.language_id)) ||
	    (st = lone_text(c, "default_translation_value", false, LONE_TEXT_MAX, &in.text)) ||
	    (st = lone_id(c, "copy_translations_from", false, 0, &in.copy_from)) ||
	    (st = lone_text(c, "string_context", false, LONE_TEXT_MAX, &in.context)))
		return st;
	struct label_picks picks = { 0 };
	if ((st = parse_labels(c, &picks)))
		return st;
	in.labels = picks.v;
	in.n_labels = picks.n;
	struct string_author who = author(c);
	struct string_problem why;
	int64_t public_id;
	int rc = string_add_checked(c->db, c->a, &who, &in, &public_id, &why);
	if (rc)
		return string_refused(c, rc, &why);
	struct rv *o = rv_obj(c->a, c->reply, "result");
	rv_int(c->a, o, "string_id", public_id);
	rv_str(c->a, o, "string_key", in.key);
	return 0;
}

/* ------------------------------------------------------------ deleteString */

int lone_delete_string(struct call *c)
{
	int st = lone_opt_in(c, c->project.allow_delete_string, "allow_delete_string");
	int64_t string_id;
	if (st || (st = lone_id(c, "string_id", true, 0, &string_id)))
		return st;
	struct string_row s;
	if ((st = load_string(c, string_id, &s)))
		return st;
	int langs[MAX_LANGS], n = 0;
	if (translation_languages(c->db, s.id, langs, MAX_LANGS, &n))
		return internal(c);
	/* the source file changes too */
	if (record(c, "string.deleted", s.id, s.node_id, 0, c->project.source_language_id, NULL))
		return internal(c);
	for (int i = 0; i < n; i++)
		if (langs[i] != c->project.source_language_id &&
		    record(c, "string.deleted", s.id, s.node_id, 0, langs[i], NULL))
			return internal(c);
	if (string_delete_counted(c->db, s.id))
		return internal(c);
	struct rv *o = rv_obj(c->a, c->reply, "result");
	rv_int(c->a, o, "string_id", string_id);
	return 0;
}

/* ---------------------------------------------------------- addTranslation */

/* The string, its language and the bot's translation in it: one read. */
static int translation_params(struct call *c, struct string_row *s, int *lang, const char **value,
			      struct bot_row *bot)
{
	int64_t string_id, lang_id;
	int st;
	*lang = 0;
	if ((st = lone_id(c, "string_id", true, 0, &string_id)) ||
	    (st = lone_id(c, "translation_language", true, 0, &lang_id)) ||
	    (st = lone_text(c, "translation_value", true, LONE_TEXT_MAX, value)))
		return st;
	bool in_project = false;
	int rc = string_for_language(c->db, c->a, c->project.id, string_id, lang_id,
				     call_account_id(c), s, &in_project, bot);
	if (rc == MODEL_NOT_FOUND)
		return lone_fail(c, 404, "String %" PRId64 " not found in this project", string_id);
	if (rc)
		return internal(c);
	if ((st = lone_language_verdict(c, lang_id, false, in_project)))
		return st;
	*lang = (int)lang_id;	/* a project language's id */
	return 0;
}

/*
 * The best score the translation memory gives the string's source now,
 * kept with the translation saved (the fuzzy cost report prices by it, in
 * bands from 60 up); -1 when nothing scores 60 or more.  The very text is
 * looked up first: that lookup reads only its own units, and a string whose
 * source the memory has is the common case (a fuzzy search on every
 * addTranslation took 40% of the call's rate).
 */
static int tm_score_now(struct call *c, const struct string_row *s, int lang)
{
	struct tm_search q = {
		.source_language_id = c->project.source_language_id, .target_language_id = lang,
		.text = s->source, .context = *s->context ? s->context : s->key,
		.account_id = c->project.use_global_tm ? 0 : c->project.owner_id,
		.min_score = 100, .k = 1,
	};
	struct tm_best best;
	tm_memory_best(c->app->tm, &q, &best);
	if (!best.unit_id) {
		q.min_score = 60;
		tm_memory_best(c->app->tm, &q, &best);
	}
	return best.unit_id ? best.score : -1;
}

/*
 * The QA a save through the API runs, as the editor's does (model/editor_write.h):
 * a check the project makes blocking refuses the text; the checks it fails are
 * kept with the translation for the editor's "with QA warnings" filter.
 */
static int qa_gate(struct call *c, const struct string_row *s, int lang, const char *value,
		   struct editor_qa *qa)
{
	if (editor_qa_check(c->db, c->a, &c->project, s->public_id, lang, value, NULL, qa))
		return internal(c);
	for (size_t i = 0; i < qa->n; i++)
		if (qa->v[i].issue.severity == QA_ERROR)
			return lone_fail(c, 400, "The translation fails a QA check this project makes "
					 "blocking: %s", qa->v[i].issue.message);
	return 0;
}

int lone_add_translation(struct call *c)
{
	struct string_row s;
	struct bot_row bot;
	int lang;
	const char *value;
	bool approve;
	int st = translation_params(c, &s, &lang, &value, &bot);
	if (st || (st = lone_bool(c, "approve", false, &approve)))
		return st;
	if (!call_may(c, ACT_TRANSLATE, lang))
		return lone_forbidden(c, ACT_TRANSLATE, lang);
	if (approve && !call_may(c, ACT_APPROVE, lang))
		return lone_forbidden(c, ACT_APPROVE, lang);
	struct editor_qa qa;
	if ((st = qa_gate(c, &s, lang, value, &qa)))
		return st;
	int64_t tid;
	enum bot_outcome out;
	bot.tm_match = tm_score_now(c, &s, lang);
	if (translation_bot_apply(c->db, c->project.id, s.id, lang, &bot, value, approve, &tid, &out) ||
	    (out != BOT_UNCHANGED && editor_qa_store(c->db, c->a, tid, &qa)))
		return internal(c);
	bool approval_only = out == BOT_UPDATED && !strcmp(bot.text, value);
	if (out != BOT_UNCHANGED &&
	    record_translation(c, out == BOT_CREATED ? "translation.added" : approval_only ?
			       "translation.approved" : "translation.updated", &s, tid, lang,
			       approve && !bot.approved, approval_only ? -1 : bot.tm_match))
		return internal(c);
	rv_int(c->a, c->reply, "result", tid);
	return 0;
}

int lone_update_translation(struct call *c)
{
	int st = lone_opt_in(c, c->project.allow_update_translation, "allow_update_translation");
	struct string_row s;
	struct bot_row bot;
	int lang;
	const char *value;
	if (st || (st = translation_params(c, &s, &lang, &value, &bot)))
		return st;
	if (!call_may(c, ACT_APPROVE, lang))
		return lone_forbidden(c, ACT_APPROVE, lang);
	struct editor_qa qa;
	if ((st = qa_gate(c, &s, lang, value, &qa)))
		return st;
	int64_t tid;
	int rc = translation_update_approved(c->db, s.id, lang, value, &tid);
	if (rc == MODEL_NOT_FOUND)
		return lone_fail(c, 404, "String %" PRId64 " has no approved translation in language %d; "
				 "use addTranslation to create one", s.public_id, lang);
	if (rc || editor_qa_store(c->db, c->a, tid, &qa) ||
	    record_translation(c, "translation.updated", &s, tid, lang, false, -1))
		return internal(c);
	rv_int(c->a, c->reply, "result", tid);
	return 0;
}

/* ------------------------------------- disapproveAll / deleteAllSuggestions */

/* One string, every language: the opt-in check, then the model's operation (its events too). */
typedef int (*mass_op_fn)(struct db_conn *c, const struct string_author *who,
			  const struct string_row *s, int64_t *n);

static int mass_op(struct call *c, bool allowed, const char *setting, mass_op_fn op,
		   const char *count_name)
{
	int st = lone_opt_in(c, allowed, setting);
	int64_t string_id, n;
	struct string_row s;
	if (st || (st = lone_id(c, "string_id", true, 0, &string_id)) ||
	    (st = load_string(c, string_id, &s)))
		return st;
	/* every language of the string: more than a member held to some languages may */
	if (!call_may(c, ACT_APPROVE, 0))
		return lone_forbidden(c, ACT_APPROVE, 0);
	struct string_author who = author(c);
	if (op(c->db, &who, &s, &n))
		return internal(c);
	struct rv *o = rv_obj(c->a, c->reply, "result");
	rv_int(c->a, o, "string_id", string_id);
	rv_int(c->a, o, count_name, n);
	return 0;
}

int lone_disapprove_all(struct call *c)
{
	return mass_op(c, c->project.allow_disapprove_all, "allow_disapprove_all_translations",
		       string_disapprove_all, "disapproved");
}

int lone_delete_all_suggestions(struct call *c)
{
	return mass_op(c, c->project.allow_delete_all_suggestions, "allow_delete_all_suggestions",
		       string_delete_suggestions, "deleted");
}
