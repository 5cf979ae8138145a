/*
 * The plural categories a language uses for whole numbers.  gettext picks
 * a form by an integer n, so its msgstr[i] map onto these, not onto every
 * CLDR category: French "many" (1000000) and Russian "other" (fractions
 * only) have no gettext form.  Computed once per language with ICU.
 */
#include "model/languages.h"
#include "formats/format.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/upluralrules.h>
#include <unicode/ustring.h>

#define SAMPLE_MAX 1000

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static unsigned *cache;	/* by language index; 0 = not computed */

/* The language's ICU plural rules; NULL when ICU has none. */
static UPluralRules *rules_open(const struct language *l)
{
	char locale[64];
	UErrorCode err = U_ZERO_ERROR;
	snprintf(locale, sizeof(locale), "%s", l->locale);
	for (char *p = locale; *p; p++)
		if (*p == '-')
			*p = '_';
	UPluralRules *pr = uplrules_open(locale, &err);
	return U_FAILURE(err) ? NULL : pr;
}

/* The category the rules select for n; -1 when none we know. */
static int rules_select(UPluralRules *pr, double n)
{
	UChar kw[32];
	char name[32];
	UErrorCode err = U_ZERO_ERROR;
	int32_t len = uplrules_select(pr, n, kw, 32, &err);
	if (U_FAILURE(err) || len > 31)
		return -1;
	u_austrncpy(name, kw, len);
	name[len] = '\0';
	return plural_cat_from_name(name);
}

static unsigned compute(const struct language *l)
{
	UPluralRules *pr = rules_open(l);
	if (!pr)
		return l->plural_cats;
	unsigned cats = 0;
	for (int n = 0; n <= SAMPLE_MAX; n++) {
		int c = rules_select(pr, n);
		if (c >= 0)
			cats |= 1u << c;
	}
	uplrules_close(pr);
	/* never more categories than the table says the language has */
	cats &= l->plural_cats;
	return cats ? cats : 1u << PLURAL_OTHER;
}

unsigned language_integer_cats(const struct language *l)
{
	size_t idx = (size_t)(l->id - 1);
	pthread_mutex_lock(&lock);
	if (!cache)
		cache = calloc(language_count(), sizeof(*cache));
	if (idx < language_count() && !cache[idx])
		cache[idx] = compute(l);
	unsigned cats = idx < language_count() ? cache[idx] : l->plural_cats;
	pthread_mutex_unlock(&lock);
	return cats;
}

/*
 * What each format's runtime selects by (docs/plurals.md): gettext msgstr[n]
 * by whole numbers; Qt by its own table (ts.c maps CLDR categories onto
 * it); every other runtime by CLDR category.  Of the CLDR ones a file
 * needs those some whole number up to 1000 selects (apps count things),
 * plus "other"; the rest (French "many" for 1000000, decimal-only
 * categories) only when the translation has them.  An ICU message (ARB)
 * needs only "other".  Rails (rails-i18n) has no rules for the others at
 * all.
 */
static bool runtime_is(const char *format, const char *name)
{
	return strcmp(format, name) == 0;
}

unsigned language_format_cats(const struct language *l, const char *format)
{
	if (runtime_is(format, "gettext"))
		return language_integer_cats(l);
	if (runtime_is(format, "qtts"))
		return l->plural_cats;
	if (runtime_is(format, "arb"))	/* ICU needs "other" alone */
		return 1u << PLURAL_OTHER;
	return language_integer_cats(l) | 1u << PLURAL_OTHER;
}

unsigned language_format_opt_cats(const struct language *l, const char *format)
{
	if (runtime_is(format, "gettext") || runtime_is(format, "qtts") ||
	    runtime_is(format, "yaml"))
		return 0;
	unsigned opt = l->plural_cats & ~language_format_cats(l, format);
	/* Apple applies "zero" to the number 0 in every language */
	if (runtime_is(format, "stringsdict"))
		opt |= 1u << PLURAL_ZERO;
	return opt;
}

/*
 * Example numbers for each category (the editor labels a plural form with
 * them): the first whole numbers up to SAMPLE_MAX the rules select it for,
 * else decimals (Russian "other" is for fractions only).  Computed once per
 * language; "" for a category the language does not use.
 */
#define EXAMPLES_PER_CAT 4
#define EXAMPLE_TEXT 48

static char (*examples)[PLURAL_NCATS][EXAMPLE_TEXT];	/* by language index */
static bool *examples_done;

static void example_add(char *text, int *count, const char *number)
{
	if (*count >= EXAMPLES_PER_CAT)
		return;
	size_t len = strlen(text);
	snprintf(text + len, EXAMPLE_TEXT - len, "%s%s", *count ? ", " : "", number);
	++*count;
}

static void examples_compute(const struct language *l, char out[PLURAL_NCATS][EXAMPLE_TEXT])
{
	UPluralRules *pr = rules_open(l);
	if (!pr)
		return;
	int count[PLURAL_NCATS] = { 0 };
	bool whole[PLURAL_NCATS] = { false };
	/* whole numbers first, then the decimals 0.5, 1.5, ... for what is left */
	for (int i = 0; i <= 2 * SAMPLE_MAX + 1; i++) {
		bool decimal = i > SAMPLE_MAX;
		double n = decimal ? (i - SAMPLE_MAX - 1) + 0.5 : i;
		int c = rules_select(pr, n);
		if (c < 0 || !(l->plural_cats & 1u << c) || (decimal && whole[c]))
			continue;
		whole[c] |= !decimal;
		char number[16];
		snprintf(number, sizeof(number), decimal ? "%.1f" : "%.0f", n);
		example_add(out[c], &count[c], number);
	}
	uplrules_close(pr);
}

const char *language_plural_examples(const struct language *l, int cat)
{
	size_t idx = (size_t)(l->id - 1);
	if (cat < 0 || cat >= PLURAL_NCATS || idx >= language_count())
		return "";
	pthread_mutex_lock(&lock);
	if (!examples) {
		examples = calloc(language_count(), sizeof(*examples));
		examples_done = calloc(language_count(), sizeof(*examples_done));
		if (!examples || !examples_done)
			abort();
	}
	if (!examples_done[idx]) {
		examples_compute(l, examples[idx]);
		examples_done[idx] = true;
	}
	const char *s = examples[idx][cat];
	pthread_mutex_unlock(&lock);
	return s;
}
