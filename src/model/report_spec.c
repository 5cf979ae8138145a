/* A report's parameters: categories, rates, and the JSON a job carries (reports.h). */
#include "model/report_int.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

/* seed 004's list ('kr' appears twice there: once here) */
const char *const report_currencies[] = {
	"$", "€", "¥", "£", "A$", "C$", "Fr", "CN¥", "kr", "NZ$", "MX$", "S$", "HK$", "₩", "₺",
	"₽", "₹", "R$", "R", NULL
};

const char *const report_unit_names[UNIT_COUNT] = {
	[UNIT_STRINGS] = "strings", [UNIT_WORDS] = "words", [UNIT_CHARS] = "chars",
	[UNIT_CHARS_WITH_SPACES] = "chars_with_spaces",
};

int report_categories(const struct report_spec *s, struct arena *a, const char **names)
{
	if (!s->fuzzy) {
		names[0] = "default";
		names[1] = "tm";
		names[2] = "approval";
		return 3;
	}
	int n = 0;
	names[n++] = "translation";
	names[n++] = "perfect";
	names[n++] = "matched";
	for (int i = 0; i < s->n_ranges; i++)
		names[n++] = arena_printf(a, "%d-%d", s->ranges[i].hi, s->ranges[i].lo);
	names[n++] = "approval";
	return n;
}

int report_category(const struct report_spec *s, const char *name)
{
	if (!strcmp(name, "aproval"))
		name = "approval";
	struct arena a;
	arena_init(&a);
	const char *names[REPORT_MAX_CATS];
	int n = report_categories(s, &a, names), found = -1;
	for (int i = 0; i < n && found < 0; i++)
		if (!strcmp(names[i], name))
			found = i;
	arena_release(&a);
	return found;
}

int report_category_of_match(const struct report_spec *s, int tm_match)
{
	if (!s->fuzzy)
		return tm_match >= 100 ? 1 : 0;
	if (tm_match == 101)
		return 1;
	if (tm_match == 100)
		return 2;
	for (int i = 0; i < s->n_ranges; i++)
		if (tm_match >= s->ranges[i].lo && tm_match <= s->ranges[i].hi)
			return 3 + i;
	return 0;
}

int report_approval_category(const struct report_spec *s)
{
	return s->fuzzy ? 3 + s->n_ranges : 2;
}

const char *report_unit_value(enum report_unit u)
{
	static const char *const values[UNIT_COUNT] = {
		[UNIT_STRINGS] = "1", [UNIT_WORDS] = "COALESCE(s.words, 0)",
		[UNIT_CHARS] = "COALESCE(s.chars, 0)",
		[UNIT_CHARS_WITH_SPACES] = "COALESCE(s.chars_with_spaces, 0)",
	};
	return values[u];
}

report_rate report_rate_of(const struct report_spec *s, int language_id, int cat)
{
	for (int i = 0; i < s->n_rated; i++)
		if (s->rated[i].language_id == language_id && s->rated[i].set[cat])
			return s->rated[i].rate[cat];
	return s->regular[cat];
}

static json_t *rates_json(const report_rate *r, const bool *set)
{
	json_t *a = json_array();
	for (int i = 0; i < REPORT_MAX_CATS; i++)
		json_array_append_new(a, set && !set[i] ? json_null() : json_integer(r[i]));
	return a;
}

static void rates_read(json_t *a, report_rate *r, bool *set)
{
	for (int i = 0; i < REPORT_MAX_CATS; i++) {
		json_t *v = json_array_get(a, (size_t)i);
		r[i] = json_integer_value(v);
		if (set)
			set[i] = json_is_integer(v);
	}
}

char *report_spec_json(const struct report_spec *s)
{
	json_t *ranges = json_array(), *rated = json_array();
	for (int i = 0; i < s->n_ranges; i++)
		json_array_append_new(ranges, json_pack("[i,i]", s->ranges[i].hi, s->ranges[i].lo));
	for (int i = 0; i < s->n_rated; i++)
		json_array_append_new(rated, json_pack("{s:i,s:o}", "language", s->rated[i].language_id,
						       "rates", rates_json(s->rated[i].rate, s->rated[i].set)));
	json_t *j = json_pack("{s:i,s:i,s:b,s:o,s:o,s:o,s:i,s:b,s:b,s:b,s:I,s:I,s:i,s:b}",
			      "kind", s->kind, "unit", s->unit, "fuzzy", s->fuzzy, "ranges", ranges,
			      "regular", rates_json(s->regular, NULL), "rated", rated,
			      "currency", s->currency, "xlsx", s->xlsx, "role_based", s->role_based,
			      "by_language", s->by_language, "date_from", (json_int_t)s->date_from,
			      "date_to", (json_int_t)s->date_to, "language", s->language_id,
			      "internal_fuzzy", s->internal_fuzzy);
	char *out = json_dumps(j, JSON_COMPACT);
	json_decref(j);
	return out;
}

int report_spec_parse(const char *text, struct report_spec *s)
{
	memset(s, 0, sizeof(*s));
	json_t *j = json_loads(text ? text : "", 0, NULL);
	if (!j)
		return -1;
	s->kind = (enum report_kind)json_integer_value(json_object_get(j, "kind"));
	s->unit = (enum report_unit)json_integer_value(json_object_get(j, "unit"));
	s->fuzzy = json_is_true(json_object_get(j, "fuzzy"));
	json_t *ranges = json_object_get(j, "ranges"), *rated = json_object_get(j, "rated");
	size_t i;
	json_t *v;
	json_array_foreach(ranges, i, v) {
		if (i >= REPORT_MAX_RANGES)
			break;
		s->ranges[i].hi = (int)json_integer_value(json_array_get(v, 0));
		s->ranges[i].lo = (int)json_integer_value(json_array_get(v, 1));
		s->n_ranges = (int)i + 1;
	}
	rates_read(json_object_get(j, "regular"), s->regular, NULL);
	json_array_foreach(rated, i, v) {
		if (i >= REPORT_MAX_RATED_LANGUAGES)
			break;
		s->rated[i].language_id = (int)json_integer_value(json_object_get(v, "language"));
		rates_read(json_object_get(v, "rates"), s->rated[i].rate, s->rated[i].set);
		s->n_rated = (int)i + 1;
	}
	s->currency = (int)json_integer_value(json_object_get(j, "currency"));
	s->xlsx = json_is_true(json_object_get(j, "xlsx"));
	s->role_based = json_is_true(json_object_get(j, "role_based"));
	s->by_language = json_is_true(json_object_get(j, "by_language"));
	s->date_from = json_integer_value(json_object_get(j, "date_from"));
	s->date_to = json_integer_value(json_object_get(j, "date_to"));
	s->language_id = (int)json_integer_value(json_object_get(j, "language"));
	s->internal_fuzzy = json_is_true(json_object_get(j, "internal_fuzzy"));
	json_decref(j);
	bool sane = s->kind < REPORT_KIND_COUNT && s->unit < UNIT_COUNT && s->currency >= 0 &&
		    s->currency < (int)(sizeof(report_currencies) / sizeof(*report_currencies)) - 1;
	return sane ? 0 : -1;
}
