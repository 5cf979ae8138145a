/*
 * Export: translated files written through the formats (source file as
 * template) and packed into the ZIP layout of crowdin-v1.md §3.  Builds run
 * inside one read transaction, so a build sees one consistent snapshot
 * even while strings change.  Built ZIPs are stored as artifacts in the
 * database: any node serves a download another node built.
 */
#ifndef TOLK_EXPORT_H
#define TOLK_EXPORT_H

#include <stdbool.h>
#include <stdint.h>

#include "core/buf.h"
#include "model/content.h"
#include "model/languages.h"

struct export_opts {
	bool translated_only;	/* leave untranslated strings out */
	bool approved_only;	/* only approved translations count */
};

/* Project flags, as export_opts. */
void export_opts_of(const struct project *p, struct export_opts *o);

/* One file in one language.  0, MODEL_NOT_FOUND (not a file), or -1. */
int export_file(struct db_conn *c, struct arena *a, const struct project *p, const struct node *file,
		const struct language *lang, const struct export_opts *o, struct buf *out);

/* ZIP entry name of a file in a language (§3 rules; `branch_root` is the
 * file's branch node id, 0 for the main tree). */
const char *export_entry_name(struct db_conn *c, struct arena *a, const struct node *file,
			      int64_t branch_root, const struct language *lang);

/* Progress of a build, for export-status. */
typedef void (*export_progress_fn)(void *ctx, int percent, const char *file, const char *language);

/*
 * Build a package: every target language (`lang` NULL: all.zip) or one.
 * branch_id > 0: only that branch, without its prefix; 0: the main tree at
 * the root plus every branch under "<branch>/".
 */
int export_zip(struct db_conn *c, struct arena *a, const struct project *p, int64_t branch_id,
	       const struct language *lang, struct buf *zip, export_progress_fn fn, void *ctx);

/* Latest artifact of a package: revision and creation time (0 when none). */
int export_last_artifact(struct db_conn *c, int64_t project_id, int64_t branch_id,
			 const char *package, int64_t *revision, int64_t *created, int64_t *id);
int export_store_artifact(struct db_conn *c, int64_t project_id, int64_t branch_id,
			  const char *package, int64_t revision, const struct buf *zip);

#endif
