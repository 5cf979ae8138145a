/*
 * Inside the editor's calls (api/webapp/editor*.c): the call's language,
 * filter and string, and the detail every write answers with.
 */
#ifndef TOLK_EDITOR_INT_H
#define TOLK_EDITOR_INT_H

#include "api/webapp/webapp.h"
#include "model/editor.h"
#include "model/editor_write.h"
#include "model/languages.h"

struct editor_call {
	const struct language *lang;
	struct editor_filter f;
	struct editor_page page;
	struct editor_string *v;	/* the detail */
	int64_t public_id;
	int others[ROLES_MAX_LANGUAGES];
	int n_others;
	/* the detail's extras */
	struct editor_votes *votes;
	struct editor_event *history;
	size_t n_history;
	struct qa_term *terms;		/* the source's glossary terms, for each translation's QA */
	size_t n_terms;
	bool have_terms;		/* a save read them already: the detail does not again */
};

/* {lang}: a target language of the project the member may see; 404 / 403 otherwise. */
int editor_load_language(struct call *c, struct editor_call *x);
/* {id}: x->public_id, or 400. */
int editor_string_id(struct call *c, struct editor_call *x);
/* The string's detail into x (in the caller's transaction); 404 when it is gone. */
int editor_read_detail(struct call *c, void *x);
/* QA issues as a list "qa" of {check, severity, message, form}. */
void editor_reply_qa(struct arena *a, struct rv *parent, const struct editor_qa *qa);
/* The detail read into x as an object's members. */
void editor_reply_detail(struct call *c, struct rv *o, const struct editor_call *x);

#endif
