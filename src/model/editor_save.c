/*
 * The editor's writes (model/editor_write.h): save, review and vote, each
 * with its event (so the reports and the webhooks see the change exactly as
 * they see it through either API).
 */
#include "model/editor_write.h"
#include "core/buf.h"
#include "core/limits.h"
#include "core/utf8.h"
#include "formats/format.h"
#include "model/files.h"
#include "model/stats.h"
#include "model/glossary.h"
#include "model/languages.h"

#include <inttypes.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static uint64_t fnv(uint64_t h, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 0x100000001b3ull;
	return h;
}

void editor_version(const struct editor_translation *tr, size_t n, char out[EDITOR_VERSION_SIZE])
{
	/* a sum of each row's hash: the order rows come in does not matter */
	uint64_t sum = n;
	for (size_t i = 0; i < n; i++) {
		char head[48];
		int len = snprintf(head, sizeof(head), "%" PRId64 ":%d:", tr[i].id, tr[i].approved);
		uint64_t h = fnv(0xcbf29ce484222325ull, head, (size_t)len);
		h = fnv(h, tr[i].text, strlen(tr[i].text) + 1);
		if (tr[i].plural)
			h = fnv(h, tr[i].plural, strlen(tr[i].plural));
		sum += h;
	}
	snprintf(out, EDITOR_VERSION_SIZE, "%016" PRIx64, sum);
}

/* The string a write is about, and what a save needs of it. */
struct target {
	int64_t row, node_id;
	const char *source, *plural, *file_type;
	int64_t max_length;
};

static int load_target(struct db_conn *c, struct arena *a, int64_t project_id, int64_t public_id,
		       struct target *t)
{
	struct db_stmt *st = db_query(c, "SELECT s.id, s.node_id, s.source, s.plural, s.max_length, "
				      "COALESCE(n.file_type, '') FROM string s JOIN node n "
				      "ON n.id = s.node_id WHERE s.project_id = ? AND s.public_id = ? "
				      "AND s.hidden = 0", "ii", project_id, public_id);
	if (!st)
		return MODEL_ERROR;
	int rc = db_step(st);
	if (rc == 1)
		*t = (struct target){
			.row = db_col_int(st, 0), .node_id = db_col_int(st, 1),
			.source = arena_strdup(a, db_col_text(st, 2)),
			.plural = db_col_null(st, 3) ? NULL : arena_strdup(a, db_col_text(st, 3)),
			.max_length = db_col_int(st, 4), .file_type = arena_strdup(a, db_col_text(st, 5)),
		};
	db_done(st);
	return rc == 1 ? MODEL_OK : rc == 0 ? MODEL_NOT_FOUND : MODEL_ERROR;
}

/* The string's translations in the language, with their authors' ids. */
struct current {
	struct editor_translation *tr;
	int64_t *author;
	size_t n;
};

static int load_current(struct db_conn *c, struct arena *a, int64_t row, int lang,
			struct current *cur)
{
	struct db_stmt *st = db_query(c, "SELECT id, text, plural, approved, COALESCE(author_id, 0) "
				      "FROM translation WHERE string_id = ? AND language_id = ? "
				      "ORDER BY id", "ii", row, (int64_t)lang);
	if (!st)
		return MODEL_ERROR;
	*cur = (struct current){ 0 };
	size_t cap_tr = 0, cap_author = 0, n_author = 0;
	int rc;
	while ((rc = db_step(st)) == 1) {
		ARENA_PUSH(a, cur->author, n_author, cap_author) = db_col_int(st, 4);
		ARENA_PUSH(a, cur->tr, cur->n, cap_tr) = (struct editor_translation){
			.id = db_col_int(st, 0), .text = arena_strdup(a, db_col_text(st, 1)),
			.plural = db_col_null(st, 2) ? NULL : arena_strdup(a, db_col_text(st, 2)),
			.approved = db_col_int(st, 3) != 0,
		};
	}
	db_done(st);
	return rc ? MODEL_ERROR : MODEL_OK;
}

static int invalid(const char *why)
{
	model_set_why(why);
	return MODEL_INVALID;
}

static bool text_ok(const char *s)
{
	size_t n = strlen(s);
	return n <= LIMIT_TEXT_BYTES && utf8_valid(s, n, NULL);
}

/*
 * A plural string's forms as sent: categories of the target language only,
 * every form its file needs filled.  *json the stored form (CLDR order),
 * *text the form plain-text readers take ("other", else the last one).
 */
static int plural_forms(struct arena *a, const struct editor_save *s, const char *file_type,
			const char **json, const char **text)
{
	json_t *o = s->plural ? json_loads(s->plural, 0, NULL) : NULL;
	if (!json_is_object(o)) {
		json_decref(o);
		return invalid("this string has plural forms: send 'plural' as an object of forms");
	}
	char *forms[PLURAL_NCATS] = { 0 };
	const char *key, *why = NULL;
	json_t *v;
	json_object_foreach(o, key, v) {
		int cat = plural_cat_from_name(key);
		if (cat < 0 || !(s->lang->plural_cats & 1u << cat))
			why = "a plural form is not a category of the target language";
		else if (!json_is_string(v) || !text_ok(json_string_value(v)))
			why = "a plural form must be text (UTF-8, at most 1 MiB)";
		else if (*json_string_value(v))
			forms[cat] = (char *)json_string_value(v);
	}
	unsigned need = language_format_cats(s->lang, file_type);
	for (int cat = 0; cat < PLURAL_NCATS && !why; cat++)
		if (need & 1u << cat && !forms[cat])
			why = "fill every plural form of the target language";
	if (!why) {
		char *j = plural_json(forms);
		*json = arena_strdup(a, j);
		free(j);
		const char *t = plural_plain_text(forms);
		*text = arena_strdup(a, t ? t : "");
	}
	json_decref(o);
	return why ? invalid(why) : MODEL_OK;
}

static bool same_plural(const char *x, const char *y)
{
	return (!x && !y) || (x && y && !strcmp(x, y));
}

/* The checks a text failed, as stored for the "with QA warnings" filter. */
static const char *qa_ids(struct arena *a, const struct editor_qa *qa)
{
	struct buf b;
	buf_init(&b, 0);
	unsigned seen = 0;
	for (size_t i = 0; i < qa->n; i++) {
		enum qa_check_id id = qa->v[i].issue.check;
		if (seen & QA_BIT(id))
			continue;
		seen |= QA_BIT(id);
		buf_printf(&b, "%s%s", b.len ? "," : "", qa_check_info(id)->id);
	}
	const char *s = arena_strdup(a, b.len ? b.data : "");
	buf_release(&b);
	return s;
}

int editor_glossary_terms(struct db_conn *c, struct arena *a, const struct project *p, int lang,
			  const char *source, struct qa_term **out, size_t *n)
{
	struct glossary_hit *hits;
	size_t n_hits;
	*out = NULL;
	*n = 0;
	if (glossary_terms_in(c, a, p->id, p->source_language_id, lang, source, &hits, &n_hits))
		return MODEL_ERROR;
	*out = arena_alloc(a, (n_hits + 1) * sizeof(**out));
	for (size_t i = 0; i < n_hits; i++)	/* a term without a translation asks nothing */
		if (hits[i].n_translations)
			(*out)[(*n)++] = (struct qa_term){ hits[i].term, hits[i].translations,
							   hits[i].n_translations };
	return MODEL_OK;
}

/* The QA of a save; *terms, *n_terms: the source's glossary terms it checked with. */
static int run_qa(struct db_conn *c, struct arena *a, const struct project *p,
		  const struct target *t, int lang, const char *text, const char *plural,
		  struct editor_qa *out, struct qa_term **terms, size_t *n_terms)
{
	struct editor_qa_input q = {
		.source = t->source, .source_plural = t->plural, .text = text, .plural = plural,
		.syntax = editor_syntax(t->file_type, t->source), .max_length = t->max_length,
	};
	if (editor_glossary_terms(c, a, p, lang, t->source, terms, n_terms))
		return MODEL_ERROR;
	q.terms = *terms;
	q.n_terms = *n_terms;
	editor_qa_levels(p->qa_checks, &q.disabled, &q.blocking);
	editor_qa_run(a, &q, out);
	return MODEL_OK;
}

int editor_qa_check(struct db_conn *c, struct arena *a, const struct project *p,
		    int64_t public_id, int lang, const char *text, const char *plural,
		    struct editor_qa *out)
{
	struct target t;
	struct qa_term *terms;
	size_t n_terms;
	int rc = load_target(c, a, p->id, public_id, &t);
	return rc ? rc : run_qa(c, a, p, &t, lang, text, t.plural ? plural : NULL, out, &terms,
				&n_terms);
}

int editor_qa_store(struct db_conn *c, struct arena *a, int64_t tid, const struct editor_qa *qa)
{
	return db_exec(c, "UPDATE translation SET qa = ? WHERE id = ?", "si", qa_ids(a, qa), tid)
	       ? MODEL_ERROR : MODEL_OK;
}

static int record(struct db_conn *c, const struct project *p, const struct target *t,
		  int64_t account_id, int lang, int64_t tid, const char *kind, bool approved,
		  int tm_match)
{
	struct event_new e = {
		.project_id = p->id, .account_id = account_id, .node_id = t->node_id,
		.string_id = t->row, .translation_id = tid, .language_id = lang, .kind = kind,
		.origin = "web", .detail_json = approved ? "{\"approved\":true}" : NULL,
		.tm_match = tm_match, .approved = approved, .project = p,
	};
	return event_add(c, &e);
}

int editor_save(struct db_conn *c, struct arena *a, const struct editor_save *s,
		struct editor_saved *out)
{
	*out = (struct editor_saved){ 0 };
	struct target t;
	int rc = load_target(c, a, s->project->id, s->public_id, &t);
	if (rc)
		return rc;
	const char *text = s->text, *plural = NULL;
	if (t.plural) {
		if ((rc = plural_forms(a, s, t.file_type, &plural, &text)))
			return rc;
	} else if (s->plural) {
		return invalid("this string has no plural forms: send 'text'");
	} else if (!text || !*text || !text_ok(text)) {
		return invalid("'text' must be a non-empty UTF-8 text of at most 1 MiB");
	}
	struct current cur;
	if ((rc = load_current(c, a, t.row, s->lang->id, &cur)))
		return rc;
	char version[EDITOR_VERSION_SIZE];
	editor_version(cur.tr, cur.n, version);
	if (s->version && strcmp(s->version, version))
		return MODEL_CONFLICT;

	if (run_qa(c, a, s->project, &t, s->lang->id, text, plural, &out->qa, &out->terms,
		   &out->n_terms))
		return MODEL_ERROR;
	if (out->qa.blocked)
		return invalid("a QA check the project makes blocking failed");

	for (size_t i = 0; i < cur.n; i++) {
		if (strcmp(cur.tr[i].text, text) || !same_plural(cur.tr[i].plural, plural))
			continue;
		/* the same text is that translation: approved now if asked, never a twin */
		out->translation_id = cur.tr[i].id;
		if (!s->approve || cur.tr[i].approved)
			return MODEL_OK;
		return translation_set_approved(c, s->project->id, cur.tr[i].id, true, s->account_id) ||
		       record(c, s->project, &t, s->account_id, s->lang->id, cur.tr[i].id,
			      "translation.approved", true, -1) ? MODEL_ERROR : MODEL_OK;
	}
	struct translation_new tn = {
		.string_id = t.row, .language_id = s->lang->id, .text = text, .plural_json = plural,
		.author_id = s->account_id, .author_kind = "user", .origin = s->origin,
		.approve = s->approve, .tm_match = s->tm_match,
	};
	if (translation_add(c, s->project->id, &tn, &out->translation_id) ||
	    (out->qa.n && editor_qa_store(c, a, out->translation_id, &out->qa)) ||
	    record(c, s->project, &t, s->account_id, s->lang->id, out->translation_id,
		   "translation.added", s->approve, s->tm_match))
		return MODEL_ERROR;
	out->created = true;
	return MODEL_OK;
}

/*
 * Translation tid of the string in the language: *t, its translations in
 * *cur and tid's index in them in *i.  MODEL_NOT_FOUND when it is not one.
 */
static int load_translation(struct db_conn *c, struct arena *a, int64_t project_id,
			    int64_t public_id, int language_id, int64_t tid, struct target *t,
			    struct current *cur, size_t *i)
{
	int rc = load_target(c, a, project_id, public_id, t);
	if (!rc)
		rc = load_current(c, a, t->row, language_id, cur);
	for (*i = 0; !rc && *i < cur->n; ++*i)
		if (cur->tr[*i].id == tid)
			return MODEL_OK;
	return rc ? rc : MODEL_NOT_FOUND;
}

int editor_review(struct db_conn *c, const struct project *p, int64_t public_id, int language_id,
		  int64_t tid, enum editor_review what, int64_t account_id, bool may_approve)
{
	struct arena a;
	arena_init(&a);
	struct target t;
	struct current cur;
	size_t i;
	int rc = load_translation(c, &a, p->id, public_id, language_id, tid, &t, &cur, &i);
	bool own = !rc && account_id && cur.author[i] == account_id;
	if (!rc && !may_approve && !(what == REVIEW_DELETE && own))
		rc = MODEL_FORBIDDEN;
	if (!rc && what == REVIEW_DELETE && cur.tr[i].approved)
		rc = invalid("an approved translation is disapproved before it is deleted");
	if (!rc && what != REVIEW_DELETE && cur.tr[i].approved == (what == REVIEW_APPROVE))
		rc = -2;	/* already so: nothing to record */
	if (!rc && what == REVIEW_DELETE) {
		struct stats_snap before;
		rc = stats_snap_take(c, t.row, &before) ||
		     db_exec(c, "DELETE FROM translation WHERE id = ?", "i", tid) ||
		     stats_snap_apply(c, &before) ||
		     record(c, p, &t, account_id, language_id, tid, "translation.deleted", false, -1)
		     ? MODEL_ERROR : MODEL_OK;
	} else if (!rc) {
		bool approve = what == REVIEW_APPROVE;
		rc = translation_set_approved(c, p->id, tid, approve, account_id) ||
		     record(c, p, &t, account_id, language_id, tid, approve ? "translation.approved"
			    : "translation.disapproved", approve, -1) ? MODEL_ERROR : MODEL_OK;
	}
	arena_release(&a);
	return rc == -2 ? MODEL_OK : rc;
}

int editor_vote(struct db_conn *c, int64_t project_id, int64_t public_id, int language_id,
		int64_t tid, int64_t account_id, int value)
{
	if (value < -1 || value > 1)
		return invalid("a vote is 1, -1 or 0");
	struct arena a;
	arena_init(&a);
	struct target t;
	struct current cur;
	size_t i;
	int rc = load_translation(c, &a, project_id, public_id, language_id, tid, &t, &cur, &i);
	if (!rc && cur.author[i] == account_id)
		rc = invalid("one does not vote on one's own translation");
	arena_release(&a);
	if (rc)
		return rc;
	if (db_exec(c, "DELETE FROM vote WHERE translation_id = ? AND account_id = ?", "ii", tid,
		    account_id))
		return MODEL_ERROR;
	return value && db_exec(c, "INSERT INTO vote (translation_id, account_id, value, created) "
				"VALUES (?, ?, ?, ?)", "iiii", tid, account_id, (int64_t)value,
				(int64_t)time(NULL)) ? MODEL_ERROR : MODEL_OK;
}
