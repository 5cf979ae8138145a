/*
 * Reports (docs/reports.md): translation costs, top members and costs
 * estimation, built from a report_spec into a CSV or XLSX file.
 *
 * The API layer parses a call's parameters into a spec; the spec travels
 * to a job as JSON (report_spec_json / report_spec_parse), and the job
 * builds the file (report_build) and stores it as an artifact under the
 * report's hash, so any node can serve the download.
 */
#ifndef TOLK_REPORTS_H
#define TOLK_REPORTS_H

#include <stdbool.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/buf.h"
#include "model/model.h"

#define REPORT_JOB "report"

enum report_kind { REPORT_COSTS, REPORT_TOP_MEMBERS, REPORT_ESTIMATE, REPORT_KIND_COUNT };
enum report_unit { UNIT_STRINGS, UNIT_WORDS, UNIT_CHARS, UNIT_CHARS_WITH_SPACES, UNIT_COUNT };

/* Fuzzy mode: translation, perfect, matched, up to three ranges, approval. */
#define REPORT_MAX_RANGES 3
#define REPORT_MAX_CATS (4 + REPORT_MAX_RANGES)
#define REPORT_MAX_RATED_LANGUAGES 256

/* Rates in ten-thousandths of the currency per unit (1.05 = 10500): exact sums. */
typedef int64_t report_rate;
#define REPORT_RATE_SCALE 10000

struct report_range {
	int hi, lo;		/* 99-95: hi 99, lo 95; 60 <= lo <= hi <= 100 */
};

struct report_spec {
	enum report_kind kind;
	enum report_unit unit;
	bool fuzzy;
	int n_ranges;
	struct report_range ranges[REPORT_MAX_RANGES];	/* highest first, disjoint */
	report_rate regular[REPORT_MAX_CATS];		/* by category (report_categories) */
	int n_rated;					/* individual_rates, per language */
	struct {
		int language_id;
		bool set[REPORT_MAX_CATS];		/* unset: the regular rate */
		report_rate rate[REPORT_MAX_CATS];
	} rated[REPORT_MAX_RATED_LANGUAGES];
	int currency;					/* index in report_currencies */
	bool xlsx;
	bool role_based;
	bool by_language;				/* group_by=language */
	int64_t date_from, date_to;			/* inclusive, Unix seconds */
	int language_id;				/* top-members filter, estimation's language */
	bool internal_fuzzy;				/* calculate_internal_fuzzy_matches */
};

/* The accepted currency symbols ('$' first, the default), NULL-terminated. */
extern const char *const report_currencies[];
/* The unit names (strings, words, ...), by enum report_unit. */
extern const char *const report_unit_names[UNIT_COUNT];

/* The spec's categories in column order ("default", "tm", "approval" / "translation",
 * "perfect", "matched", "99-95", ..., "approval"); returns how many. */
int report_categories(const struct report_spec *s, struct arena *a, const char **names);
/* The category index of a name ("aproval" is "approval"), -1 when the spec has none. */
int report_category(const struct report_spec *s, const char *name);
/* The rate of category cat in language_id (an individual rate, else the regular one). */
report_rate report_rate_of(const struct report_spec *s, int language_id, int cat);

/* The spec as JSON (for the job) and back; 0 or -1. */
char *report_spec_json(const struct report_spec *s);	/* malloc'd */
int report_spec_parse(const char *json, struct report_spec *s);

/* Build the report's file (CSV or XLSX bytes) from the project's data in the
 * connection's transaction.  0 or MODEL_ERROR. */
int report_build(struct db_conn *c, struct arena *a, const struct project *p,
		 const struct report_spec *s, struct buf *out);
/* The file name and media type of the spec's file. */
const char *report_file_name(struct arena *a, const struct report_spec *s);
const char *report_media_type(const struct report_spec *s);

/* Keep a built report under its hash (the newest reports of a project stay). */
int report_store(struct db_conn *c, int64_t project_id, const char *hash, const struct buf *file);
/* The report of that hash: its spec (from its job) and its artifact (0: not
 * built yet).  MODEL_NOT_FOUND when the project never asked for it. */
int report_find(struct db_conn *c, struct arena *a, int64_t project_id, const char *hash,
		struct report_spec *s, int64_t *artifact_id);
/* A job's work: build the report of that hash in one read snapshot and store it, in
 * transactions of its own (nothing when it is built already).  0 or MODEL_*. */
int report_make(struct db_conn *c, int64_t project_id, const char *hash);

#endif
