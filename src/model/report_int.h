/* Shared by the report builders (reports.h): one file per report kind. */
#ifndef TOLK_REPORT_INT_H
#define TOLK_REPORT_INT_H

#include "model/reports.h"
#include "model/report_sheet.h"

#include <stddef.h>

/* The category a translation saved with this TM match falls in (0: none). */
int report_category_of_match(const struct report_spec *s, int tm_match);
int report_approval_category(const struct report_spec *s);
/* The unit's value in a row of `string s` (1 for strings), for SQL sums. */
const char *report_unit_value(enum report_unit u);
/* The Crowdin code of a language id ("" when unknown). */
const char *report_language_code(int language_id);

/*
 * The contributions of the event history (docs/reports.md): translation
 * events a person made (machine pre-translation, origin tm or mt, is nobody's
 * work) in the date range; `s` is the event's string.  Binds the project id,
 * date_from and date_to.
 */
#define REPORT_CONTRIBUTIONS \
	"FROM event e LEFT JOIN string s ON s.id = e.string_id " \
	"WHERE e.project_id = ? AND e.created >= ? AND e.created <= ? AND e.account_id IS NOT NULL " \
	"AND e.kind IN ('translation.added', 'translation.updated', 'translation.approved') " \
	"AND e.origin NOT IN ('tm', 'mt') "

/* One member's contributions in one language, by category (report_categories). */
struct report_cell {
	int64_t account_id;
	const char *login;
	int language_id;
	int64_t units[REPORT_MAX_CATS];
	int64_t cost;		/* translation costs: ten-thousandths, rounded to cents */
	const char *note;	/* translation costs: why not (fully) costed */
};
struct report_cells {
	struct report_cell *v;
	size_t n, alloc;
	size_t *slot, n_slots;	/* hash index by (account, language) */
};
/* Every (member, language) with contributions in the spec's range (and language, when it
 * names one), in no particular order.  0 or MODEL_ERROR. */
int report_cells_gather(struct db_conn *c, struct arena *a, const struct project *p,
			const struct report_spec *s, struct report_cells *k);
void report_cells_release(struct report_cells *k);

int report_costs(struct db_conn *c, struct arena *a, const struct project *p,
		 const struct report_spec *s, struct report_sheet *sh);
int report_top_members(struct db_conn *c, struct arena *a, const struct project *p,
		       const struct report_spec *s, struct report_sheet *sh);
int report_estimate(struct db_conn *c, struct arena *a, const struct project *p,
		    const struct report_spec *s, struct report_sheet *sh);

#endif
