/* status and language-status (crowdin-v1.md §2.2, §2.3; JSON types §1.7). */
#include "api/crowdin_v1/v1.h"
#include "model/languages.h"
#include "model/stats.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

static void count_fields(struct arena *a, struct rv *o, const struct counts *k)
{
	rv_intstr(a, o, "phrases", k->phrases);
	rv_intstr(a, o, "translated", k->translated);
	rv_intstr(a, o, "approved", k->approved);
	rv_intstr(a, o, "words", k->words);
	rv_intstr(a, o, "words_translated", k->words_translated);
	rv_intstr(a, o, "words_approved", k->words_approved);
}

int v1_status(struct call *c)
{
	struct arena *a = c->a;
	int ids[512];
	int n = project_languages(c->db, c->project.id, ids, 512);
	if (n < 0)
		return V1_UNKNOWN_INTERNAL;
	int err;
	struct param *want = v1_array(c, "languages", V1_LANGUAGES_NOT_ARRAY, &err);
	if (err)
		return err;
	if (want) {
		/* keep only the asked languages, in project order */
		int kept = 0;
		for (int i = 0; i < n; i++) {
			const struct language *l = language_by_id(ids[i]);
			bool asked = false;
			for (struct param *w = want->first; w && l; w = w->next)
				asked |= w->value && !strcasecmp(w->value, l->crowdin_code);
			if (asked)
				ids[kept++] = ids[i];
		}
		n = kept;
	}
	struct counts *k = calloc((size_t)(n ? n : 1), sizeof(*k));
	if (stats_languages(c->db, c->project.id, ids, n, k)) {
		free(k);
		return V1_UNKNOWN_INTERNAL;
	}
	struct rv *list = rv_new_list(a, "language");
	for (int i = 0; i < n; i++) {
		const struct language *l = language_by_id(ids[i]);
		struct rv *o = rv_obj(a, list, NULL);
		rv_str(a, o, "name", l ? l->name : "");
		rv_str(a, o, "code", l ? l->crowdin_code : "");
		count_fields(a, o, &k[i]);
		rv_int(a, o, "translated_progress", stats_percent(k[i].translated, k[i].phrases));
		rv_int(a, o, "approved_progress", stats_percent(k[i].approved, k[i].phrases));
	}
	free(k);
	c->reply = list;
	c->xml_name = "status";
	return 0;
}

struct node_counts {
	int64_t node;
	struct counts k;
};

struct node_counts_list {
	struct node_counts *v;
	size_t n, cap;
};

static void collect(void *ctx, int64_t node_id, const struct counts *k)
{
	struct node_counts_list *l = ctx;
	if (l->n == l->cap)
		l->v = realloc(l->v, (l->cap = l->cap ? l->cap * 2 : 64) * sizeof(*l->v));
	l->v[l->n].node = node_id;
	l->v[l->n++].k = *k;
}

static void file_counts(struct call *c, struct rv *o, struct db_stmt *st, void *ctx)
{
	struct node_counts_list *l = ctx;
	int64_t id = db_col_int(st, 0);
	struct counts zero = { 0 };
	const struct counts *k = &zero;
	size_t lo = 0, hi = l->n;	/* stats_nodes returns nodes in id order */
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (l->v[mid].node < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < l->n && l->v[lo].node == id)
		k = &l->v[lo].k;
	count_fields(c->a, o, k);
}

int v1_language_status(struct call *c)
{
	const struct language *l;
	int st = v1_language_param(c, &l);
	if (st)
		return st;
	struct node_counts_list counts = { 0 };
	int rc = stats_nodes(c->db, c->project.id, l->id, collect, &counts);
	c->reply = rv_new_obj(c->a);
	if (!rc)
		rc = v1_file_tree(c, rv_list(c->a, c->reply, "files", "item"), file_counts, &counts);
	free(counts.v);
	if (rc)
		return V1_UNKNOWN_INTERNAL;
	c->xml_name = "status";
	return 0;
}
