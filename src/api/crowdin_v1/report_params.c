/*
 * The report parameters of seed 004 and crowdin-v1.md §6 into a report_spec
 * (model/reports.h); every value checked, with the codes of docs/reports.md:
 * 38 for a value outside a parameter's accepted set (unit, mode, currency,
 * format, group_by, role_based_costs, a rate, a range), 27 for a parameter of
 * the wrong shape (a value sent twice, a date, a category the mode has not,
 * an individual_rates item without languages or rates), 9/10 for a missing
 * or foreign language.
 */
#include "api/crowdin_v1/v1.h"
#include "model/reports.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

int v1_report_bad(struct call *c, int code, const char *why)
{
	c->error_detail = why;
	return code;
}

/* The parameters that take one value: sent twice or as an array, 27 (never the default). */
int v1_report_scalars(struct call *c)
{
	static const char *const names[] = {
		"unit", "mode", "date_from", "date_to", "currency", "format", "role_based_costs",
		"group_by", "language", "calculate_internal_fuzzy_matches", "hash",
	};
	for (size_t i = 0; i < sizeof(names) / sizeof(*names); i++)
		if (param_is_map(params_get(&c->r->params, names[i])))
			return v1_report_bad(c, V1_INVALID_PARAMETERS, arena_printf(c->a, "%s takes one value",
									  names[i]));
	return 0;
}

/* A value of a fixed list (absent or empty: def); -1 when not one of them. */
static int pick(const char *v, const char *const *names, int n, int def)
{
	if (!v || !*v)
		return def;
	for (int i = 0; i < n; i++)
		if (names[i] && !strcmp(v, names[i]))
			return i;
	return -1;
}

static int64_t days_from_civil(int64_t y, int m, int d)
{
	y -= m <= 2;
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	int64_t yoe = y - era * 400;
	int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	return era * 146097 + yoe * 365 + yoe / 4 - yoe / 100 + doy - 719468;
}

/* Digits at *p, exactly n of them. */
static bool digits(const char **p, int n, int *out)
{
	*out = 0;
	for (int i = 0; i < n; i++, (*p)++) {
		if (!isdigit((unsigned char)**p))
			return false;
		*out = *out * 10 + (**p - '0');
	}
	return true;
}

/*
 * YYYY-MM-DD, then optionally Thh:mm[:ss] (or a space), then optionally Z or
 * ±hh:mm / ±hhmm (seed 004: YYYY-MM-DD±hh:mm).  A date without a time is its
 * whole day: date_to then means the day's last second.
 */
static bool parse_date(const char *s, bool end_of_day, int64_t *out)
{
	int y, mo, d, h = 0, mi = 0, se = 0, oh = 0, om = 0, sign = 0;
	const char *p = s;
	if (!digits(&p, 4, &y) || *p++ != '-' || !digits(&p, 2, &mo) || *p++ != '-' ||
	    !digits(&p, 2, &d) || mo < 1 || mo > 12 || d < 1 || d > 31)
		return false;
	bool timed = *p == 'T' || *p == ' ';
	if (timed) {
		p++;
		if (!digits(&p, 2, &h) || *p++ != ':' || !digits(&p, 2, &mi) || h > 23 || mi > 59)
			return false;
		if (*p == ':' && (p++, !digits(&p, 2, &se) || se > 59))
			return false;
	}
	if (*p == 'Z') {
		p++;
	} else if (*p == '+' || *p == '-') {
		sign = *p++ == '-' ? -1 : 1;
		if (!digits(&p, 2, &oh) || (*p == ':' && !*++p) || !digits(&p, 2, &om) || oh > 14 ||
		    om > 59)
			return false;
	}
	if (*p)
		return false;
	int64_t days = days_from_civil(y, mo, d);
	if (days != days_from_civil(y, mo, 1) + d - 1 || (mo < 12 && d > 28 &&
	    days >= days_from_civil(y, mo + 1, 1)))
		return false;	/* 2024-02-30 */
	int64_t t = days * 86400 + h * 3600 + mi * 60 + se - sign * (oh * 3600 + om * 60);
	*out = t + (end_of_day && !timed ? 86399 : 0);
	return true;
}

/* The highest rate per unit: units x rate in ten-thousandths stays far inside 64 bits. */
#define RATE_MAX 100000

/* A rate: a non-negative decimal up to RATE_MAX with at most four decimals, in ten-thousandths. */
static bool parse_rate(const char *v, report_rate *out)
{
	if (!v || !isdigit((unsigned char)*v))
		return false;
	int64_t whole = 0, frac = 0;
	const char *p = v;
	for (; isdigit((unsigned char)*p); p++)
		if ((whole = whole * 10 + (*p - '0')) > RATE_MAX)
			return false;
	if (*p == '.') {
		int n = 0;
		for (p++; isdigit((unsigned char)*p) && n < 4; p++, n++)
			frac = frac * 10 + (*p - '0');
		if (!n)
			return false;
		for (; n < 4; n++)
			frac *= 10;
	}
	if (*p)
		return false;
	*out = whole * REPORT_RATE_SCALE + frac;
	return *out <= (int64_t)RATE_MAX * REPORT_RATE_SCALE;
}

/* "99-95" (either order) as a range; 1 not a range, -1 out of 60..100. */
static int parse_range(const char *name, struct report_range *r)
{
	int a, b, n = 0;
	if (sscanf(name, "%3d-%3d%n", &a, &b, &n) != 2 || name[n] || !isdigit((unsigned char)*name))
		return 1;
	r->hi = a > b ? a : b;
	r->lo = a > b ? b : a;
	return r->lo < 60 || r->hi > 100 ? -1 : 0;
}

/* Every custom range named in a rates map joins the spec's ranges. */
static int collect_ranges(struct call *c, struct report_spec *s, const struct param *rates)
{
	for (const struct param *k = rates ? rates->first : NULL; k; k = k->next) {
		struct report_range r;
		int rc = parse_range(k->name, &r);
		if (rc > 0)
			continue;
		if (rc < 0)
			return v1_report_bad(c, V1_INVALID_VALUES, "a rate range must lie between 60 and 100");
		bool known = false;
		for (int i = 0; i < s->n_ranges; i++) {
			const struct report_range *o = &s->ranges[i];
			known |= o->hi == r.hi && o->lo == r.lo;
			if (!known && r.lo <= o->hi && o->lo <= r.hi)
				return v1_report_bad(c, V1_INVALID_VALUES, "rate ranges must not overlap");
		}
		if (known)
			continue;
		if (s->n_ranges == REPORT_MAX_RANGES)
			return v1_report_bad(c, V1_INVALID_VALUES, "at most three rate ranges");
		int at = s->n_ranges++;
		while (at && s->ranges[at - 1].hi < r.hi) {
			s->ranges[at] = s->ranges[at - 1];
			at--;
		}
		s->ranges[at] = r;
	}
	return 0;
}

/* A rates map into rate[] (set[]: which were given). */
static int read_rates(struct call *c, const struct report_spec *s, const struct param *rates,
		      report_rate *rate, bool *set)
{
	if (rates && !param_is_map(rates))
		return v1_report_bad(c, V1_INVALID_PARAMETERS, "rates must be an array of category => rate");
	for (const struct param *k = rates ? rates->first : NULL; k; k = k->next) {
		int cat = report_category(s, k->name);
		if (cat < 0) {
			struct report_range r;
			if (parse_range(k->name, &r) == 0)
				for (int i = 0; i < s->n_ranges; i++)
					if (s->ranges[i].hi == r.hi && s->ranges[i].lo == r.lo)
						cat = report_category(s, arena_printf(c->a, "%d-%d", r.hi, r.lo));
		}
		if (cat < 0)
			return v1_report_bad(c, V1_INVALID_PARAMETERS, arena_printf(c->a, "no rate category \"%s\" in "
				   "this mode", k->name));
		if (!k->value || !parse_rate(k->value, &rate[cat]))
			return v1_report_bad(c, V1_INVALID_VALUES, arena_printf(c->a, "rate of \"%s\" must be a "
				   "number from 0 to 100000 with at most 4 decimals", k->name));
		if (set)
			set[cat] = true;
	}
	return 0;
}

static int read_individual(struct call *c, struct report_spec *s, const struct param *items)
{
	for (const struct param *it = items ? items->first : NULL; it; it = it->next) {
		const struct param *langs = param_is_map(it) ? param_child(it, "languages") : NULL;
		const struct param *rates = param_is_map(it) ? param_child(it, "rates") : NULL;
		if (!param_is_map(langs) || !param_is_map(rates))
			return v1_report_bad(c, V1_INVALID_PARAMETERS, "each individual_rates item needs "
				   "languages[] and rates[...]");
		report_rate rate[REPORT_MAX_CATS] = { 0 };
		bool set[REPORT_MAX_CATS] = { false };
		int rc = read_rates(c, s, rates, rate, set);
		if (rc)
			return rc;
		/*
		 * Any known language (seed 004's example rates uk, ca, af and fr, whatever
		 * the project has): a rate of a language with no contributions counts nothing.
		 */
		for (const struct param *l = langs->first; l; l = l->next) {
			const struct language *lang = l->value ? language_by_code(l->value) : NULL;
			if (!lang)
				return V1_LANGUAGE_NOT_FOUND;
			int at = 0;
			while (at < s->n_rated && s->rated[at].language_id != lang->id)
				at++;
			if (at == REPORT_MAX_RATED_LANGUAGES)
				return v1_report_bad(c, V1_INVALID_VALUES, "too many languages in individual_rates");
			if (at == s->n_rated)
				s->rated[s->n_rated++].language_id = lang->id;
			for (int k = 0; k < REPORT_MAX_CATS; k++)
				if (set[k]) {
					s->rated[at].rate[k] = rate[k];
					s->rated[at].set[k] = true;
				}
		}
	}
	return 0;
}

static int read_rate_params(struct call *c, struct report_spec *s)
{
	int err;
	struct param *regular = v1_array(c, "regular_rates", V1_INVALID_PARAMETERS, &err);
	struct param *individual = err ? NULL : v1_array(c, "individual_rates",
							 V1_INVALID_PARAMETERS, &err);
	if (err)
		return v1_report_bad(c, err, "regular_rates and individual_rates must be arrays");
	if (s->fuzzy) {
		int rc = collect_ranges(c, s, regular);
		for (const struct param *it = individual ? individual->first : NULL; !rc && it;
		     it = it->next)
			rc = collect_ranges(c, s, param_is_map(it) ? param_child(it, "rates") : NULL);
		if (rc)
			return rc;
	}
	int rc = read_rates(c, s, regular, s->regular, NULL);
	return rc ? rc : read_individual(c, s, individual);
}

/* The parameters every report shares: unit, dates, format. */
static int read_common(struct call *c, struct report_spec *s)
{
	const struct params *p = &c->r->params;
	static const char *const formats[] = { "csv", "xlsx" };
	int unit = pick(params_str(p, "unit"), report_unit_names, UNIT_COUNT, UNIT_WORDS);
	int format = pick(params_str(p, "format"), formats, 2, 1);
	if (unit < 0)
		return v1_report_bad(c, V1_INVALID_VALUES, "unit must be strings, words, chars or chars_with_spaces");
	if (format < 0)
		return v1_report_bad(c, V1_INVALID_VALUES, "format must be csv or xlsx");
	s->unit = (enum report_unit)unit;
	s->xlsx = format == 1;
	const char *from = params_str(p, "date_from"), *to = params_str(p, "date_to");
	s->date_from = 0;
	s->date_to = INT64_MAX;
	if ((from && !parse_date(from, false, &s->date_from)) ||
	    (to && !parse_date(to, true, &s->date_to)))
		return v1_report_bad(c, V1_INVALID_PARAMETERS, "dates are YYYY-MM-DD±hh:mm (ISO 8601)");
	if (s->date_from > s->date_to)
		return v1_report_bad(c, V1_INVALID_VALUES, "date_from is after date_to");
	return 0;
}

/* translation-costs and costs-estimation: mode, rates, currency, roles, grouping. */
static int read_costs(struct call *c, struct report_spec *s)
{
	const struct params *p = &c->r->params;
	static const char *const modes[] = { "simple", "fuzzy" };
	static const char *const groups[] = { "user", "language" };
	static const char *const bools[] = { "0", "1" };
	int n_cur = 0;
	while (report_currencies[n_cur])
		n_cur++;
	int mode = pick(params_str(p, "mode"), modes, 2, 0);
	int group = pick(params_str(p, "group_by"), groups, 2, 0);
	int role = pick(params_str(p, "role_based_costs"), bools, 2, 0);
	int cur = pick(params_str(p, "currency"), report_currencies, n_cur, 0);
	/*
	 * Seed 004's own PHP example sends mode=words (and no unit): a unit's
	 * name as the mode is taken as that unit in simple mode, so the example
	 * works; any other mode is still refused.
	 */
	int unit_as_mode = pick(params_str(p, "mode"), report_unit_names, UNIT_COUNT, -1);
	if (mode < 0 && unit_as_mode >= 0 && !params_str(p, "unit")) {
		mode = 0;
		s->unit = (enum report_unit)unit_as_mode;
	}
	if (mode < 0)
		return v1_report_bad(c, V1_INVALID_VALUES, "mode must be simple or fuzzy");
	if (group < 0)
		return v1_report_bad(c, V1_INVALID_VALUES, "group_by must be user or language");
	if (role < 0)
		return v1_report_bad(c, V1_INVALID_VALUES, "role_based_costs must be 0 or 1");
	if (cur < 0)
		return v1_report_bad(c, V1_INVALID_VALUES, "currency is not one of seed 004's");
	s->fuzzy = mode == 1;
	s->by_language = group == 1;
	s->role_based = role == 1;
	s->currency = cur;
	return read_rate_params(c, s);
}

int v1_report_spec(struct call *c, enum report_kind kind, struct report_spec *s)
{
	memset(s, 0, sizeof(*s));
	s->kind = kind;
	int rc = v1_report_scalars(c);
	if (!rc)
		rc = read_common(c, s);
	if (!rc && kind != REPORT_TOP_MEMBERS)
		rc = read_costs(c, s);
	const char *code = params_str(&c->r->params, "language");
	if (!rc && kind == REPORT_ESTIMATE && !code)
		rc = V1_NO_LANGUAGE;
	if (!rc && code) {
		const struct language *l = v1_project_language(c, code);
		if (!l)
			return V1_LANGUAGE_NOT_FOUND;
		s->language_id = l->id;
	}
	if (!rc && kind == REPORT_ESTIMATE)
		s->internal_fuzzy = s->fuzzy &&
				    params_bool(&c->r->params, "calculate_internal_fuzzy_matches", false);
	return rc;
}
