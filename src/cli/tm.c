/*
 * tolk tm search: a project's translation memory asked from the command
 * line, as tm-search answers over HTTP.  It loads the memory the way a
 * server starts (every unit, then one build) and says how long that took.
 */
#include "cli/commands.h"
#include "core/arena.h"
#include "model/languages.h"
#include "model/model.h"
#include "model/tm_memory.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double seconds(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static int number(const struct cmd_opts *o, const char *name, int lo, int hi, int def, int *out)
{
	const char *v = cmd_opt(o, name);
	char *end;
	long n = v ? strtol(v, &end, 10) : def;
	if (v && (!*v || *end || n < lo || n > hi)) {
		fprintf(stderr, "tolk: --%s must be a whole number from %d to %d\n", name, lo, hi);
		return 2;
	}
	*out = (int)n;
	return 0;
}

int cmd_tm_search(struct config *cfg, struct cmd_opts *opts)
{
	const char *id = cmd_opt(opts, "identifier"), *code = cmd_opt(opts, "language");
	const char *text = cmd_opt(opts, "text");
	int limit, threshold, rc;
	if (!id || !code || !text || !*text) {
		fprintf(stderr, "tolk: --identifier, --language and --text are required\n");
		return 2;
	}
	if ((rc = number(opts, "limit", 1, 50, 5, &limit)) ||
	    (rc = number(opts, "threshold", 0, 101, 70, &threshold)))
		return rc;
	const struct language *lang = language_by_code(code);
	if (!lang) {
		fprintf(stderr, "tolk: unknown language '%s'\n", code);
		return 2;
	}
	struct db *db = cmd_open_db(cfg, 1);
	if (!db)
		return 1;
	struct db_conn *c = db_acquire(db);
	struct arena a;
	arena_init(&a);
	struct tm_memory *m = tm_memory_new();
	struct project p;
	rc = 1;
	double t0 = seconds();
	if (db_begin(c, false) || tm_memory_sync(m, c)) {
		fprintf(stderr, "tolk: %s\n", db_errmsg(c));
	} else if (project_by_identifier(c, &a, id, &p)) {
		fprintf(stderr, "tolk: no project '%s'\n", id);
	} else {
		struct tm_memory_stats st;
		tm_memory_stats(m, &st);
		fprintf(stderr, "translation memory: %zu units, %zu language pairs, loaded in %.2f s, "
			"%.1f MB\n", st.units, st.indexes, seconds() - t0, (double)st.bytes / 1e6);
		struct tm_search q = {
			.source_language_id = p.source_language_id, .target_language_id = lang->id,
			.text = text, .context = cmd_opt(opts, "context"),
			.account_id = p.use_global_tm ? 0 : p.owner_id,
			.min_score = threshold, .k = (size_t)limit,
		};
		struct tm_hit *hits;
		size_t n;
		double t1 = seconds();
		if (tm_memory_search(m, c, &a, &q, &hits, &n)) {
			fprintf(stderr, "tolk: %s\n", db_errmsg(c));
		} else {
			fprintf(stderr, "search: %.3f ms\n", (seconds() - t1) * 1e3);
			for (size_t i = 0; i < n; i++)
				printf("%d\t%s\t%s\t%s%s\n", hits[i].score, hits[i].unit.source,
				       hits[i].unit.target, hits[i].unit.origin,
				       hits[i].auto_subst ? "\tauto-substituted" : "");
			rc = 0;
		}
	}
	db_rollback(c);
	db_release(c);
	tm_memory_free(m);
	arena_release(&a);
	db_close(db);
	return rc;
}
