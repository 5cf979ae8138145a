/* Shared by the report builders (reports.h): one file per report kind. */
#ifndef TOLK_REPORT_INT_H
#define TOLK_REPORT_INT_H

#include "model/reports.h"
#include "model/report_sheet.h"

/* The category a translation saved with this TM match falls in (0: none). */
int report_category_of_match(const struct report_spec *s, int tm_match);
int report_approval_category(const struct report_spec *s);
/* The SQL aggregate of the unit over rows of `string s` (COUNT(*) for strings). */
const char *report_unit_sum(enum report_unit u);

int report_costs(struct db_conn *c, struct arena *a, const struct project *p,
		 const struct report_spec *s, struct report_sheet *sh);
int report_top_members(struct db_conn *c, struct arena *a, const struct project *p,
		       const struct report_spec *s, struct report_sheet *sh);
int report_estimate(struct db_conn *c, struct arena *a, const struct project *p,
		    const struct report_spec *s, struct report_sheet *sh);

#endif
