/*
 * The translation editor's writes (docs/editor.md), each answering with the
 * string's detail as it is now:
 * POST .../editor/{lang}/strings/{id}/translations        save
 * POST|DELETE .../strings/{id}/translations/{tid}/approve  approve, disapprove
 * DELETE .../strings/{id}/translations/{tid}               delete a suggestion
 * PUT .../strings/{id}/translations/{tid}/vote             vote
 * and GET .../editor/{lang}/changes, the feed the page polls.
 * The rules are model/editor_write.h's; here the role checks and the replies.
 */
#include "api/webapp/editor_int.h"
#include "core/limits.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct write_call {
	struct editor_call x;
	struct editor_save save;
	struct editor_saved saved;
	int64_t tid;
	enum editor_review review;
	int vote;
};

static int forbidden(struct call *c, enum action a)
{
	return app_fail(c, 403, "forbidden", "your role (%s) may not %s in '%s'", c->role,
			role_action(a)->what, call_capture(c, "lang"));
}

/* The detail after a change, as the reply's "string" (in the same transaction). */
static int reply_string_now(struct call *c, struct editor_call *x)
{
	int st = editor_read_detail(c, x);
	if (st)
		return st;
	editor_reply_detail(c, rv_obj(c->a, c->reply, "string"), x);
	return 0;
}

/* A write's start in its transaction (run again from here when it lost a race). */
static int begin(struct call *c, struct write_call *w)
{
	c->reply = rv_new_obj(c->a);
	model_set_why(NULL);
	w->x.have_terms = false;
	return editor_load_language(c, &w->x);
}

/* ---- save ---- */

static int save_params(struct call *c, struct write_call *w)
{
	json_t *body = (json_t *)c->r->json;
	if (!json_is_object(body))
		return app_fail(c, 400, "invalid", "send a JSON object");
	static const char *const origins[] = { "human", "tm", "mt", NULL };
	static const enum translation_origin origin_of[] = { ORIGIN_HUMAN, ORIGIN_TM, ORIGIN_MT };
	struct editor_save *s = &w->save;
	const char *origin;
	size_t len;
	int st = app_text(c, "text", LIMIT_TEXT_BYTES, &s->text, &len);
	if (!st)
		st = app_text(c, "version", 64, &s->version, &len);
	if (!st)
		st = app_text(c, "origin", 16, &origin, &len);
	if (st)
		return st;
	s->origin = ORIGIN_HUMAN;
	for (int i = 0; origin && origins[i]; i++)
		if (!strcmp(origin, origins[i]))
			s->origin = origin_of[i], origin = NULL;
	if (origin)
		return app_fail(c, 400, "invalid", "'origin' must be human, tm or mt");
	json_t *plural = json_object_get(body, "plural");
	if (plural && !json_is_null(plural)) {
		if (!json_is_object(plural))
			return app_fail(c, 400, "invalid", "'plural' must be an object of forms");
		char *forms = json_dumps(plural, JSON_COMPACT);
		s->plural = arena_strdup(c->a, forms ? forms : "");
		free(forms);
	}
	json_t *approve = json_object_get(body, "approve");
	if (approve && !json_is_boolean(approve))
		return app_fail(c, 400, "invalid", "'approve' must be true or false");
	s->approve = json_is_true(approve);
	json_t *tm = json_object_get(body, "tm_match");
	s->tm_match = -1;
	if (tm && !json_is_null(tm)) {
		if (!json_is_integer(tm) || json_integer_value(tm) < 0 || json_integer_value(tm) > 100)
			return app_fail(c, 400, "invalid", "'tm_match' must be a whole number from 0 to 100");
		s->tm_match = (int)json_integer_value(tm);
	}
	return 0;
}

static int save_txn(struct call *c, void *p)
{
	struct write_call *w = p;
	int st = begin(c, w);
	if (st)
		return st;
	int lang = w->x.lang->id;
	if (!grant_may(&c->grant, ACT_TRANSLATE, lang))
		return forbidden(c, ACT_TRANSLATE);
	if (w->save.approve && !grant_may(&c->grant, ACT_APPROVE, lang))
		return forbidden(c, ACT_APPROVE);
	w->save.project = &c->project;
	w->save.public_id = w->x.public_id;
	w->save.lang = w->x.lang;
	w->save.account_id = c->account.id;
	int rc = editor_save(c->db, c->a, &w->save, &w->saved);
	if (rc == MODEL_CONFLICT) {
		/* theirs, for the user to choose: nothing of this save is kept */
		if ((st = reply_string_now(c, &w->x)))
			return st;
		return app_fail(c, 409, "conflict", "someone else changed this string's translations "
				"since you opened it");
	}
	if (rc == MODEL_INVALID && w->saved.qa.blocked) {
		editor_reply_qa(c->a, c->reply, &w->saved.qa);
		return app_fail(c, 422, "qa", "%s", model_why());
	}
	if (rc)
		return app_model_fail(c, rc, "editor save");
	w->x.terms = w->saved.terms;	/* the detail below checks with them too */
	w->x.n_terms = w->saved.n_terms;
	w->x.have_terms = true;
	rv_int(c->a, c->reply, "translation_id", w->saved.translation_id);
	rv_bool(c->a, c->reply, "created", w->saved.created);
	editor_reply_qa(c->a, c->reply, &w->saved.qa);
	return reply_string_now(c, &w->x);
}

int app_editor_save(struct call *c)
{
	struct write_call w = { 0 };
	int st = editor_string_id(c, &w.x);
	if (!st)
		st = save_params(c, &w);
	return st ? st : app_txn(c, true, save_txn, &w);
}

/* ---- approve, disapprove, delete, vote ---- */

static int translation_id(struct call *c, struct write_call *w)
{
	const char *id = call_capture(c, "tid");
	char *end;
	w->tid = id ? strtoll(id, &end, 10) : 0;
	if (!id || !*id || *end || w->tid < 1)
		return app_fail(c, 400, "invalid", "the translation id must be a whole number");
	return editor_string_id(c, &w->x);
}

static int review_txn(struct call *c, void *p)
{
	struct write_call *w = p;
	int st = begin(c, w);
	if (st)
		return st;
	int lang = w->x.lang->id;
	bool may_approve = grant_may(&c->grant, ACT_APPROVE, lang);
	int rc = editor_review(c->db, &c->project, w->x.public_id, lang, w->tid, w->review,
			       c->account.id, may_approve);
	if (rc == MODEL_FORBIDDEN)
		return forbidden(c, ACT_APPROVE);
	if (rc)
		return app_model_fail(c, rc, "editor review");
	return reply_string_now(c, &w->x);
}

static int review(struct call *c, enum editor_review what)
{
	struct write_call w = { .review = what };
	int st = translation_id(c, &w);
	return st ? st : app_txn(c, true, review_txn, &w);
}

int app_editor_approve(struct call *c)
{
	return review(c, REVIEW_APPROVE);
}

int app_editor_disapprove(struct call *c)
{
	return review(c, REVIEW_DISAPPROVE);
}

int app_editor_delete(struct call *c)
{
	return review(c, REVIEW_DELETE);
}

static int vote_txn(struct call *c, void *p)
{
	struct write_call *w = p;
	int st = begin(c, w);
	if (st)
		return st;
	if (!grant_may(&c->grant, ACT_TRANSLATE, w->x.lang->id))
		return forbidden(c, ACT_TRANSLATE);
	int rc = editor_vote(c->db, c->project.id, w->x.public_id, w->x.lang->id, w->tid,
			     c->account.id, w->vote);
	return rc ? app_model_fail(c, rc, "editor vote") : reply_string_now(c, &w->x);
}

int app_editor_vote(struct call *c)
{
	struct write_call w = { 0 };
	int st = translation_id(c, &w);
	if (st)
		return st;
	json_t *v = json_object_get((json_t *)c->r->json, "value");
	if (!json_is_integer(v) || json_integer_value(v) < -1 || json_integer_value(v) > 1)
		return app_fail(c, 400, "invalid", "'value' must be 1, -1 or 0");
	w.vote = (int)json_integer_value(v);
	return app_txn(c, true, vote_txn, &w);
}

/* ---- the changes feed ---- */

/*
 * Events are read by time from a little before the cursor: a transaction
 * that commits late, or another node's clock, still shows; the page skips
 * event ids it has seen.
 */
#define CHANGES_OVERLAP 10	/* seconds */
#define CHANGES_MAX 500

struct changes_call {
	struct editor_call x;
	int64_t after, now;
	struct editor_event *v;
	size_t n;
};

static int changes_txn(struct call *c, void *p)
{
	struct changes_call *k = p;
	int st = editor_load_language(c, &k->x);
	if (st || !k->after)
		return st;
	return editor_changes(c->db, c->a, c->project.id, k->x.lang->id,
			      k->after - CHANGES_OVERLAP, CHANGES_MAX + 1, &k->v, &k->n)
	       ? app_fail(c, 500, "internal", "internal error (editor changes)") : 0;
}

int app_editor_changes(struct call *c)
{
	struct changes_call k = { .now = time(NULL) };
	const char *after;
	size_t len;
	int st = app_text(c, "after", 20, &after, &len);
	if (st)
		return st;
	if (after) {
		char *end;
		k.after = strtoll(after, &end, 10);
		if (!*after || *end || k.after < 1)
			return app_fail(c, 400, "invalid", "'after' must be a cursor this call returned");
	}
	if ((st = app_txn(c, false, changes_txn, &k)))
		return st;
	struct arena *a = c->a;
	c->reply = rv_new_obj(a);
	rv_str(a, c->reply, "cursor", arena_printf(a, "%lld", (long long)k.now));
	/* more than a page: the page reloads its list rather than row by row */
	rv_bool(a, c->reply, "truncated", k.n > CHANGES_MAX);
	struct rv *list = rv_list(a, c->reply, "changes", "change");
	for (size_t i = 0; i < k.n && i < CHANGES_MAX; i++) {
		const struct editor_event *e = &k.v[i];
		struct rv *o = rv_obj(a, list, NULL);
		rv_int(a, o, "event", e->id);
		rv_int(a, o, "id", e->string_id);
		rv_str(a, o, "kind", e->kind);
		rv_str(a, o, "by", e->author);
		rv_int(a, o, "at", e->created);
	}
	return 0;
}
