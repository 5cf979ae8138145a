/* top-members and costs-estimation (crowdin-v1.md §6): not built yet. */
#include "model/report_int.h"

int report_top_members(struct db_conn *c, struct arena *a, const struct project *p,
		       const struct report_spec *s, struct report_sheet *sh)
{
	(void)c, (void)a, (void)p, (void)s, (void)sh;
	return MODEL_ERROR;
}

int report_estimate(struct db_conn *c, struct arena *a, const struct project *p,
		    const struct report_spec *s, struct report_sheet *sh)
{
	(void)c, (void)a, (void)p, (void)s, (void)sh;
	return MODEL_ERROR;
}
