/*
 * QA on a saved translation (model/editor_write.h): which placeholder
 * syntax a string has, the project's check levels, and qa_check() on the
 * text or on each plural form.
 */
#include "model/editor_write.h"
#include "formats/format.h"
#include "model/project_qa.h"

#include <jansson.h>
#include <string.h>

/* Formats whose runtime fixes the syntax; the others say it in the text. */
static const struct {
	const char *format;
	enum qa_syntax syntax;
} format_syntax[] = {
	{ "android", QA_SYNTAX_ANDROID },
	{ "gettext", QA_SYNTAX_PRINTF },
	{ "macosx", QA_SYNTAX_PRINTF },
	{ "stringsdict", QA_SYNTAX_PRINTF },
	{ "php", QA_SYNTAX_PRINTF },
	{ "arb", QA_SYNTAX_ICU },
	{ "properties", QA_SYNTAX_ICU },	/* Java MessageFormat: {0} */
	{ "resx", QA_SYNTAX_ICU },		/* .NET String.Format: {0} */
	{ "yaml", QA_SYNTAX_RUBY },		/* Rails i18n */
};

/*
 * JSON, CSV, XLIFF, INI and localization.one's own strings are used with
 * every library: the source tells ({{x}} i18next, %{x} Ruby, {x} ICU,
 * %s printf).
 */
static enum qa_syntax syntax_of_text(const char *s)
{
	if (strstr(s, "{{"))
		return QA_SYNTAX_I18NEXT;
	if (strstr(s, "%{") || strstr(s, "%<"))
		return QA_SYNTAX_RUBY;
	if (strchr(s, '{'))
		return QA_SYNTAX_ICU;
	return strchr(s, '%') ? QA_SYNTAX_PRINTF : QA_SYNTAX_NONE;
}

enum qa_syntax editor_syntax(const char *file_type, const char *source)
{
	for (size_t i = 0; i < sizeof(format_syntax) / sizeof(format_syntax[0]); i++)
		if (file_type && !strcmp(file_type, format_syntax[i].format))
			return format_syntax[i].syntax;
	return syntax_of_text(source ? source : "");
}

void editor_qa_levels(const char *qa_checks_json, unsigned *disabled, unsigned *blocking)
{
	struct project_qa q;
	project_qa_parse(qa_checks_json, &q);
	*disabled = *blocking = 0;
	for (int i = 0; i < QA_CHECK_COUNT; i++) {
		if (!q.enabled || q.level[i] == QA_LEVEL_OFF)
			*disabled |= QA_BIT(i);	/* the switch: off, whatever each check says */
		else if (q.level[i] == QA_LEVEL_ERROR)
			*blocking |= QA_BIT(i);
	}
}

static void run_one(struct arena *a, const struct editor_qa_input *in, const char *source,
		    const char *text, const char *form, unsigned disabled, struct editor_qa *out)
{
	struct qa_input q = {
		.source = source, .translation = text, .syntax = in->syntax,
		.max_length = in->max_length > 0 ? (size_t)in->max_length : 0,
		.terms = in->terms, .n_terms = in->n_terms,
		.blocking = in->blocking, .disabled = in->disabled | disabled,
	};
	struct qa_result r;
	qa_check(&q, &r);
	if (!r.n)
		return;
	struct editor_issue *v = arena_alloc(a, (out->n + r.n) * sizeof(*v));
	if (out->n)
		memcpy(v, out->v, out->n * sizeof(*v));
	for (size_t i = 0; i < r.n; i++)
		v[out->n + i] = (struct editor_issue){ form, r.issues[i] };
	out->v = v;
	out->n += r.n;
	out->blocked |= r.blocked;
}

static const char *form_of(json_t *forms, const char *cat)
{
	return json_string_value(json_object_get(forms, cat));
}

void editor_qa_run(struct arena *a, const struct editor_qa_input *in, struct editor_qa *out)
{
	*out = (struct editor_qa){ 0 };
	json_t *tr = in->plural ? json_loads(in->plural, 0, NULL) : NULL;
	if (!json_is_object(tr)) {
		run_one(a, in, in->source, in->text ? in->text : "", NULL, 0, out);
		json_decref(tr);
		return;
	}
	json_t *src = in->source_plural ? json_loads(in->source_plural, 0, NULL) : NULL;
	for (int cat = 0; cat < PLURAL_NCATS; cat++) {
		const char *name = plural_cat_name(cat), *text = form_of(tr, name);
		if (!text)
			continue;
		const char *source = form_of(src, name);
		if (!source)
			source = form_of(src, "other");
		if (!source)
			source = in->source;
		/* "1 file" against "%d файл": only "other" compares its numbers */
		unsigned off = cat == PLURAL_OTHER ? 0 : QA_BIT(QA_NUMBERS);
		run_one(a, in, source, text, arena_strdup(a, name), off, out);
	}
	json_decref(src);
	json_decref(tr);
}
