/*
 * QA checks on a translation (issue 16): placeholders, tags, ICU syntax,
 * white space, punctuation, numbers, length and glossary terms.  One table
 * of checks (qa_check_info) that docs/qa.md shows; the editor and both APIs
 * call qa_check() so they cannot disagree.
 *
 * One text at a time: for a plural string the caller runs qa_check() once
 * per plural form of the target language, giving as source the source's
 * form of the same category (its "other" form where it has no such one).
 * Source forms say "1 file" where a target form says "%d файл", so callers
 * may pass QA_BIT(QA_NUMBERS) in `disabled` for forms other than "other".
 *
 * An empty translation is not translated yet: it yields no issues.
 * No allocation survives the call; thread-safe (no global mutable state).
 */
#ifndef TOLK_QA_H
#define TOLK_QA_H

#include <stdbool.h>
#include <stddef.h>

/* The placeholder syntax of a string (its file format's, or the project's). */
enum qa_syntax {
	QA_SYNTAX_NONE,		/* plain text: no placeholders (tags still count) */
	QA_SYNTAX_PRINTF,	/* %s %1$d %.2f %@; %% is a literal percent */
	QA_SYNTAX_ICU,		/* {name} {n, plural, one {# file} other {# files}} */
	QA_SYNTAX_I18NEXT,	/* {{name}} {{n, number}} $t(key) */
	QA_SYNTAX_RUBY,		/* %{name} %<name>s and printf */
	QA_SYNTAX_ANDROID,	/* printf, and <xliff:g id="x"> tags keep their id */
	QA_SYNTAX_COUNT
};

const char *qa_syntax_name(enum qa_syntax s);	/* "printf", ...; NULL when out of range */
int qa_syntax_parse(const char *name, enum qa_syntax *out);	/* 0 or -1 */

/* The checks; the order and the ids are stable (stored settings name them). */
enum qa_check_id {
	QA_PLACEHOLDER_MISSING,
	QA_PLACEHOLDER_EXTRA,
	QA_PLACEHOLDER_ORDER,
	QA_TAG_MISSING,
	QA_TAG_EXTRA,
	QA_TAG_UNBALANCED,
	QA_ICU_SYNTAX,
	QA_WHITESPACE_LEADING,
	QA_WHITESPACE_TRAILING,
	QA_NEWLINE_LEADING,
	QA_NEWLINE_TRAILING,
	QA_PUNCTUATION_TRAILING,
	QA_NUMBERS,
	QA_MAX_LENGTH,
	QA_DOUBLE_SPACE,
	QA_GLOSSARY,
	QA_CHECK_COUNT
};
#define QA_BIT(check) (1u << (check))

enum qa_severity { QA_WARNING, QA_ERROR };	/* QA_ERROR: blocks the save */

struct qa_check_info {
	enum qa_check_id check;
	const char *id;			/* "placeholder_missing" */
	enum qa_severity severity;	/* default */
	const char *description;	/* one sentence for docs and the editor */
};

/* The row of a check (NULL when out of range); rows are in enum order. */
const struct qa_check_info *qa_check_info(enum qa_check_id c);
int qa_check_parse(const char *id, enum qa_check_id *out);	/* 0 or -1 */

/* A glossary term found in the source and its accepted translations. */
struct qa_term {
	const char *source;
	const char *const *targets;
	size_t n_targets;
};

struct qa_input {
	const char *source, *translation;	/* NUL-terminated, UTF-8 expected */
	enum qa_syntax syntax;
	size_t max_length;		/* in code points; 0 = none */
	const struct qa_term *terms;	/* glossary terms found in the source */
	size_t n_terms;
	unsigned blocking;		/* QA_BIT()s reported as QA_ERROR */
	unsigned disabled;		/* QA_BIT()s not run */
};

#define QA_MESSAGE_MAX 256

/* One failed check; message is valid UTF-8 and names what is wrong. */
struct qa_issue {
	enum qa_check_id check;
	enum qa_severity severity;
	char message[QA_MESSAGE_MAX];
};

/* At most one issue per check, in enum order. */
struct qa_result {
	size_t n;
	struct qa_issue issues[QA_CHECK_COUNT];
	bool blocked;			/* some issue has severity QA_ERROR */
};

/*
 * The placeholders and tags of a text as it spells them, in order, each
 * once (what the editor offers to insert); *out from the arena.
 */
struct arena;
size_t qa_placeholders(struct arena *a, const char *text, enum qa_syntax syntax,
		       const char ***out);

/* Run every check not disabled; returns out->n. */
size_t qa_check(const struct qa_input *in, struct qa_result *out);

#endif
