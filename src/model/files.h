/*
 * Source files and their strings: adding a parsed file, updating it from
 * a new version (keeping, unapproving or dropping translations of changed
 * strings), and importing a translated file.  All inside the caller's
 * transaction, so a failure changes nothing.
 */
#ifndef TOLK_FILES_H
#define TOLK_FILES_H

#include <stdbool.h>
#include <stdint.h>

#include "formats/format.h"
#include "model/content.h"

struct file_stats {
	int64_t strings, words;
};

struct file_new {
	int64_t parent_id;		/* directory or branch node, 0 = root */
	const char *name, *title, *export_pattern;
	const char *type;		/* format name (Crowdin type) */
	const char *options_json;	/* {"scheme":...,"escape_quotes":3,...} */
	const char *data;		/* the source file: kept as the export template */
	size_t len;
	const struct fmt_doc *doc;	/* data, parsed */
	int64_t account_id;		/* who adds it (0: the project key) */
};
int file_add(struct db_conn *c, int64_t project_id, const struct file_new *f, int64_t *node_id,
	     struct file_stats *st);

enum update_option {
	UPDATE_DROP_TRANSLATIONS,	/* default: changed strings lose their translations */
	UPDATE_AS_UNAPPROVED,		/* keep translations, drop approvals */
	UPDATE_WITHOUT_CHANGES,		/* keep translations and approvals */
};
/* *changed = false when the content is byte-identical to the stored one. */
int file_update(struct db_conn *c, int64_t project_id, int64_t account_id, int64_t node_id,
		const char *data, size_t len, const struct fmt_doc *doc, enum update_option opt,
		bool *changed);

struct import_opts {
	int language_id;
	bool import_duplicates;		/* add even when the same translation exists */
	bool import_eq_suggestions;	/* add even when equal to the source text */
	bool auto_approve;
	int64_t author_id;
};
/* Match doc's units to the file's strings by key; *added = translations added. */
int file_import(struct db_conn *c, int64_t project_id, int64_t node_id, const struct fmt_doc *doc,
		const struct import_opts *o, int64_t *added);

/* JSON object {"one":"...","other":"..."} of a unit's plural forms (malloc'd), or NULL. */
char *plural_json(char *const forms[PLURAL_NCATS]);
/* The form plain-text readers take of a plural string: its "other" form, else the last one
 * there (Slavic .po and .ts files have one, few and many only); NULL when none is. */
const char *plural_plain_text(char *const forms[PLURAL_NCATS]);

/*
 * Spellings of a translation (struct fmt_spelling) as stored with it: per
 * slot "<slot>,<ctx>,<len>:<bytes>" (a compact text: exports read one per
 * translation), malloc'd, or NULL when there is none.  Bytes that are not
 * UTF-8 or hold a NUL are not kept (the column is text).
 */
char *spelling_pack(const struct fmt_spelling sp[FMT_SPELL_SLOTS]);
/* The reverse, into sp[FMT_SPELL_SLOTS] (bytes from the arena); false when none. */
bool spelling_unpack(struct arena *a, const char *packed, struct fmt_spelling *sp);

/* Parse the options JSON stored with a file into fmt_options (strings stay in `keep`). */
void file_options_parse(const char *json, struct fmt_options *o, void **keep);
void file_options_free(void *keep);

/* A multilingual CSV (its scheme names language columns) holds every
 * language in one file, exported once. */
bool file_is_multilingual(const char *type, const char *options_json);

#endif
