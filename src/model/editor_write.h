/*
 * The translation editor's writes and what goes with them (docs/editor.md):
 * saving a translation (a suggestion, or approved by who may approve),
 * approving, disapproving, deleting and voting on suggestions, the QA run
 * on every save, the version that tells a save it would overwrite someone
 * else's change, a string's history and the feed of changes the page polls.
 * Every rule is here, so the editor and the APIs cannot disagree.  Same
 * conventions as model/content.h: inside the caller's transaction, 0 or a
 * MODEL_* code.
 */
#ifndef TOLK_EDITOR_WRITE_H
#define TOLK_EDITOR_WRITE_H

#include "model/content.h"
#include "model/editor.h"
#include "model/qa.h"

/* ---- QA on a translation ---------------------------------------------- */

/* The placeholder syntax of a string: its file format's, else read from the source. */
enum qa_syntax editor_syntax(const char *file_type, const char *source);
/*
 * The project's QA levels (project.qa_checks, a JSON object): a check id set
 * to 0 is off, 1 a warning, 2 an error that blocks the save; "enabled": 0
 * turns every check off, whatever the others say (Crowdin v1's switch).  Unknown keys are left alone.
 */
void editor_qa_levels(const char *qa_checks_json, unsigned *disabled, unsigned *blocking);

struct editor_issue {
	const char *form;		/* the plural category checked, NULL for a plain text */
	struct qa_issue issue;
};
struct editor_qa {
	struct editor_issue *v;
	size_t n;
	bool blocked;
};
struct editor_qa_input {
	const char *source, *source_plural;	/* plural: JSON object category -> text, or NULL */
	const char *text, *plural;		/* the translation, the same way */
	enum qa_syntax syntax;
	int64_t max_length;
	const struct qa_term *terms;
	size_t n_terms;
	unsigned disabled, blocking;
};
/* Every check on the text, or on each plural form against the source's form of its category. */
void editor_qa_run(struct arena *a, const struct editor_qa_input *in, struct editor_qa *out);

/*
 * The QA of a text for string public_id in language lang as a save would
 * run it, with the glossary (plural: the forms, for a plural string);
 * MODEL_NOT_FOUND.  And the checks it
 * failed stored with translation tid (the "with QA warnings" filter).
 */
int editor_qa_check(struct db_conn *c, struct arena *a, const struct project *p,
		    int64_t public_id, int lang, const char *text, const char *plural,
		    struct editor_qa *out);
/* The glossary terms of a source that have translations into lang, as QA takes them. */
int editor_glossary_terms(struct db_conn *c, struct arena *a, const struct project *p, int lang,
			  const char *source, struct qa_term **out, size_t *n);
int editor_qa_store(struct db_conn *c, struct arena *a, int64_t tid, const struct editor_qa *qa);

/* ---- versions, votes, history, changes -------------------------------- */

/* A fingerprint of a string's translations in one language (any order of tr). */
#define EDITOR_VERSION_SIZE 17
void editor_version(const struct editor_translation *tr, size_t n, char out[EDITOR_VERSION_SIZE]);

struct editor_votes {
	int64_t translation_id;
	int sum, mine;			/* mine: the caller's vote, -1, 0 or 1 */
	bool by_me;			/* the caller wrote the translation */
};
/* The votes on each of n translations (same order), and which are account_id's. */
int editor_votes_read(struct db_conn *c, int64_t account_id, const struct editor_translation *tr,
		      size_t n, struct editor_votes *out);

struct editor_event {
	int64_t id, string_id;		/* event id; the string's public id (0: gone) */
	const char *kind, *author;
	int language_id;
	int64_t created;
};
/* A string's events in language_id and its source's, newest first, at most max. */
int editor_history(struct db_conn *c, struct arena *a, int64_t project_id, int64_t string_row,
		   int language_id, size_t max, struct editor_event **out, size_t *n);
/*
 * What changed in the project for language_id (its translations, and
 * strings themselves) from `since` on, oldest first, at most max.  Events
 * are taken by time, so a poller on any node asks again from a little
 * before its last answer and skips the event ids it has seen.
 */
int editor_changes(struct db_conn *c, struct arena *a, int64_t project_id, int language_id,
		   int64_t since, size_t max, struct editor_event **out, size_t *n);

/* ---- writes ----------------------------------------------------------- */

struct editor_save {
	const struct project *project;	/* as the transaction read it */
	int64_t public_id;
	const struct language *lang;
	int64_t account_id;
	const char *text;		/* a plain string's text; ignored for plural strings */
	const char *plural;		/* a plural string's forms: JSON object category -> text */
	bool approve;			/* the caller may approve (its check) */
	const char *version;		/* editor_version the caller saw; NULL: no check */
	enum translation_origin origin;	/* ORIGIN_HUMAN, ORIGIN_TM or ORIGIN_MT */
	int tm_match;			/* the TM score the text came with; -1: none */
};
struct editor_saved {
	int64_t translation_id;
	bool created;			/* false: the same text was there (approved now if asked) */
	struct editor_qa qa;
	struct qa_term *terms;		/* the source's glossary terms the QA checked with */
	size_t n_terms;
};
/*
 * Save a translation: the same text as an existing one is that one; else a
 * new suggestion by account_id, approved when asked.  MODEL_NOT_FOUND: no
 * such string; MODEL_CONFLICT: version is not the current one;
 * MODEL_INVALID: a bad text or plural (model_why()), or a blocking QA issue
 * (out->qa.blocked).
 */
int editor_save(struct db_conn *c, struct arena *a, const struct editor_save *s,
		struct editor_saved *out);

enum editor_review { REVIEW_APPROVE, REVIEW_DISAPPROVE, REVIEW_DELETE };
/*
 * Approve, disapprove or delete translation tid of the string in the
 * language.  may_approve: the caller's right; without it only deleting
 * one's own suggestion is allowed (MODEL_FORBIDDEN).  An approved
 * translation is disapproved before it can be deleted (MODEL_INVALID).
 * MODEL_NOT_FOUND: no such translation of that string in that language.
 */
int editor_review(struct db_conn *c, const struct project *p, int64_t public_id, int language_id,
		  int64_t tid, enum editor_review what, int64_t account_id, bool may_approve);
/* Vote +1, -1 or 0 (take the vote back) on another member's translation. */
int editor_vote(struct db_conn *c, int64_t project_id, int64_t public_id, int language_id,
		int64_t tid, int64_t account_id, int value);

#endif
