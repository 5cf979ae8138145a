/*
 * tolk doctor: recount the kept progress counts and duplicate totals
 * (model/stats.h) and report every node (project, for the duplicates) whose
 * stored counts differ from the recount; with --repair yes
 * the recount is kept.  Safe while the server runs: one transaction.
 */
#include "cli/commands.h"
#include "core/arena.h"
#include "model/model.h"
#include "model/stats.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

/* ctx: what the id names ("node", "project") */
static void report(void *ctx, int64_t id, const char *stored, const char *counted)
{
	printf("%s %" PRId64 ": stored   %s\n", (const char *)ctx, id, stored);
	printf("%s %" PRId64 ": recount  %s\n", (const char *)ctx, id, counted);
}

int cmd_doctor(struct config *cfg, struct cmd_opts *opts)
{
	const char *ident = cmd_opt(opts, "identifier"), *repair = cmd_opt(opts, "repair");
	bool fix = repair && (!strcmp(repair, "yes") || !strcmp(repair, "1"));
	struct db *db = cmd_open_db(cfg, 1);
	if (!db)
		return 1;
	struct db_conn *c = db_acquire(db);
	struct arena a;
	arena_init(&a);
	int rc = db_begin(c, true) ? -1 : 0;
	struct project p = { 0 };
	if (!rc && ident && project_by_identifier(c, &a, ident, &p)) {
		fprintf(stderr, "tolk: no project '%s'\n", ident);
		rc = -1;
	}
	int bad = rc ? -1 : stats_check(c, p.id, report, "node");
	int bad_dups = bad < 0 ? -1 : stats_check_dups(c, p.id, report, "project");
	if (bad_dups < 0)
		bad = -1;
	/* repaired counts change info's reply: a new revision is a new key for its cache */
	if (bad > 0 || bad_dups > 0)
		bad = db_exec(c, "UPDATE project SET revision = revision + 1 WHERE CAST(? AS BIGINT) = 0 "
			      "OR id = ?", "ii", p.id, p.id) ? -1 : bad;
	if (bad < 0 || (fix ? db_commit(c) : (db_rollback(c), 0))) {
		fprintf(stderr, "tolk: doctor failed: %s\n", db_errmsg(c));
		bad = -1;
	}
	db_rollback(c);
	db_release(c);
	arena_release(&a);
	db_close(db);
	if (bad < 0)
		return 1;
	printf("counts: %d node(s) differed from a recount%s\n", bad,
	       bad && fix ? " (repaired)" : bad ? " (run with --repair yes to fix)" : "");
	printf("duplicates: %d project(s) differed from a recount%s\n", bad_dups,
	       bad_dups && fix ? " (repaired)" : bad_dups ? " (run with --repair yes to fix)" : "");
	return (bad || bad_dups) && !fix ? 3 : 0;
}
