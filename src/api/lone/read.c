/* localization.one read methods: getLanguages, getCategories, getLabels (getTranslations: translations.c). */
#include "api/lone/keys.h"
#include "api/lone/lone.h"
#include "core/crypto.h"
#include "formats/format.h"
#include "model/catalog.h"
#include "model/stats.h"
#include "model/languages.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#define MAX_PROJECT_LANGUAGES 512

static struct rv *result_list(struct call *c)
{
	return rv_list(c->a, c->reply, "result", "item");
}

int lone_get_languages(struct call *c)
{
	int ids[MAX_PROJECT_LANGUAGES + 1];
	ids[0] = c->project.source_language_id;
	int n = project_languages(c->db, c->project.id, ids + 1, MAX_PROJECT_LANGUAGES);
	if (n < 0)
		return lone_fail(c, 500, "Internal error");
	/* the same counts as Crowdin status (model/stats.h) */
	struct counts k[MAX_PROJECT_LANGUAGES + 1];
	if (stats_languages(c->db, c->project.id, ids, n + 1, k))
		return lone_fail(c, 500, "Internal error");
	struct rv *list = result_list(c);
	for (int i = 0; i <= n; i++) {
		const struct language *l = language_by_id(ids[i]);
		if (!l || (i > 0 && ids[i] == ids[0]))
			continue;
		/* the source language's text is every string's source text */
		int64_t done = i == 0 ? k[i].phrases : k[i].translated;
		struct rv *o = rv_obj(c->a, list, NULL);
		rv_intstr(c->a, o, "id", l->id);
		rv_str(c->a, o, "name", l->name);
		rv_str(c->a, o, "localized_name", l->localized_name);
		rv_str(c->a, o, "code", l->crowdin_code);
		rv_intstr(c->a, o, "translated_percent", stats_percent(done, k[i].phrases));
		rv_intstr(c->a, o, "translated_strings", done);
		rv_str(c->a, o, "emoji", l->emoji);
	}
	return 0;
}

int lone_get_categories(struct call *c)
{
	struct category *cats;
	size_t n;
	if (category_list(c->db, c->a, c->project.id, &cats, &n))
		return lone_fail(c, 500, "Internal error");
	struct rv *map = rv_obj(c->a, c->reply, "result");
	for (size_t i = 0; i < n; i++) {
		struct rv *o = rv_obj(c->a, map, arena_printf(c->a, "%" PRId64, cats[i].id));
		rv_intstr(c->a, o, "id", cats[i].id);
		rv_intstr(c->a, o, "parent_id", cats[i].parent_id);
		rv_str(c->a, o, "name", cats[i].name);
		rv_str(c->a, o, "description", cats[i].description);
		rv_intstr(c->a, o, "strings", cats[i].strings);
	}
	return 0;
}

int lone_get_labels(struct call *c)
{
	struct label *labels;
	size_t n;
	if (label_list(c->db, c->a, c->project.id, &labels, &n))
		return lone_fail(c, 500, "Internal error");
	struct rv *list = result_list(c);
	for (size_t i = 0; i < n; i++) {
		const struct label *l = &labels[i];
		struct rv *o = rv_obj(c->a, list, NULL);
		rv_str(c->a, o, "label_name", l->name);
		rv_str(c->a, o, "label_id", l->key);
		rv_str(c->a, o, "type", l->type);
		if (!strcmp(l->type, "checkbox"))
			rv_int(c->a, o, "default_value", !strcmp(l->default_value, "1"));
		else if (!strcmp(l->type, "input") || *l->default_value)
			rv_str(c->a, o, "default_value", l->default_value);
		if (!strcmp(l->type, "select")) {
			struct rv *opts = rv_list(c->a, o, "options", "option");
			for (size_t k = 0; k < l->n_options; k++) {
				struct rv *op = rv_obj(c->a, opts, NULL);
				rv_str(c->a, op, "option_name", l->options[k].name);
				rv_str(c->a, op, "option_value", l->options[k].value);
			}
		}
	}
	return 0;
}

/* ------------------------------------------------------- languages of a call */

/* A language of the project (source or target), else 0 with the reply set. */
int lone_language_verdict(struct call *c, int64_t id, bool allow_source, bool in_project)
{
	if (id == c->project.source_language_id && !allow_source)
		return lone_fail(c, 400, "Language %" PRId64 " is the project's source language; "
				 "its text is the string's source text (set it with createString)", id);
	if (id != c->project.source_language_id && !in_project)
		return lone_fail(c, 404, "Language %" PRId64 " is not a language of this project "
				 "(see getLanguages)", id);
	return 0;
}

int lone_project_language(struct call *c, int64_t id, bool allow_source, int *status)
{
	bool in_project = false;
	if (id != c->project.source_language_id) {
		int ids[MAX_PROJECT_LANGUAGES];
		int n = project_languages(c->db, c->project.id, ids, MAX_PROJECT_LANGUAGES);
		if (n < 0) {
			*status = lone_fail(c, 500, "Internal error");
			return 0;
		}
		for (int i = 0; i < n && !in_project; i++)
			in_project = ids[i] == id;
	}
	*status = lone_language_verdict(c, id, allow_source, in_project);
	return *status ? 0 : (int)id;
}
