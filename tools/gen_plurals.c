/*
 * gen_plurals: the CLDR plural categories of each language, from ICU.
 * It fills and checks the plural_cats column of src/model/languages.c.
 *
 * Build, from the repository root:
 *   cc -std=gnu17 -I src -o gen_plurals tools/gen_plurals.c \
 *      src/model/languages.c $(pkg-config --cflags --libs icu-i18n icu-uc)
 * Use:
 *   ./gen_plurals             one line per table row (see below); rows whose
 *                             plural_cats differ from ICU are marked MISMATCH
 *                             and the exit status is 1
 *   ./gen_plurals LOCALE...   the categories of the given ICU locales
 *
 * Output columns (tab-separated): id, crowdin code, ICU locale used, the
 * categories as a C expression, the number of categories that some integer
 * selects (what a gettext nplurals can count), and "MISMATCH" if any.
 *
 * The ICU locale of a row is the one in dialect[] below if listed, else
 * the first of locale, crowdin code, ISO 639-3 and ISO 639-1 whose rules
 * have more than "other" (Crowdin's locales include made-up ones such as
 * "ns-ZA" for Northern Sotho); if none has, the row's locale (root rules:
 * "other" only).
 */
#include "formats/format.h"
#include "model/languages.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/upluralrules.h>
#include <unicode/uenum.h>

static const char *const cat_names[PLURAL_NCATS] = {
	"zero", "one", "two", "few", "many", "other"
};
static const char *const cat_macros[PLURAL_NCATS] = {
	"C_ZERO", "C_ONE", "C_TWO", "C_FEW", "C_MANY", "C_OTHER"
};

/*
 * Varieties CLDR has no rules for (ICU would give root's "other" only, or
 * for fra-DE French's): the language whose rules they follow.
 */
static const struct {
	const char *code, *icu;
} dialect[] = {
	{ "csb", "pl" },	/* Kashubian */
	{ "fra-DE", "de" },	/* Franconian; ICU would read "fra" as French */
	{ "lol", "en" },	/* LOLCAT */
	{ "me", "sr" },		/* Montenegrin (Latin) */
	{ "ry-UA", "uk" },	/* Rusyn */
	{ "val-ES", "ca" },	/* Valencian */
	{ "vls-BE", "nl" },	/* Flemish */
	{ "zea", "nl" },	/* Zeelandic */
};

static int cat_index(const char *kw)
{
	for (int i = 0; i < PLURAL_NCATS; i++)
		if (strcmp(kw, cat_names[i]) == 0)
			return i;
	return -1;
}

/* Categories of an ICU locale; *int_cats gets those some integer selects. */
static unsigned icu_cats(const char *locale, unsigned *int_cats)
{
	UErrorCode err = U_ZERO_ERROR;
	UPluralRules *pr = uplrules_open(locale, &err);
	unsigned cats = 0, ints = 0;

	if (U_FAILURE(err)) {
		fprintf(stderr, "%s: %s\n", locale, u_errorName(err));
		exit(2);
	}
	UEnumeration *e = uplrules_getKeywords(pr, &err);
	const char *kw;
	while (U_SUCCESS(err) && (kw = uenum_next(e, NULL, &err)) != NULL) {
		int c = cat_index(kw);
		if (c < 0) {
			fprintf(stderr, "%s: unknown keyword %s\n", locale, kw);
			exit(2);
		}
		cats |= 1u << c;
	}
	uenum_close(e);

	/* integers: 0..9999, then large round numbers (French "many") */
	static const double big[] = { 1e5, 1e6, 2e6, 1e7, 1e9, 1e12 };
	for (int n = 0; n < 10000 + (int)(sizeof(big) / sizeof(big[0])); n++) {
		double x = n < 10000 ? n : big[n - 10000];
		UChar buf[16];
		char kwbuf[16];
		int32_t len = uplrules_select(pr, x, buf, 16, &err);
		u_UCharsToChars(buf, kwbuf, len);
		kwbuf[len] = '\0';
		int c = cat_index(kwbuf);
		if (c >= 0)
			ints |= 1u << c;
	}
	uplrules_close(pr);
	if (U_FAILURE(err)) {
		fprintf(stderr, "%s: %s\n", locale, u_errorName(err));
		exit(2);
	}
	if (int_cats)
		*int_cats = ints;
	return cats;
}

static void print_expr(unsigned cats)
{
	int first = 1;
	for (int i = 0; i < PLURAL_NCATS; i++)
		if (cats & (1u << i)) {
			printf("%s%s", first ? "" : " | ", cat_macros[i]);
			first = 0;
		}
}

static int popcount(unsigned x)
{
	int n = 0;
	for (; x; x &= x - 1)
		n++;
	return n;
}

/* "pt-BR" -> "pt_BR" */
static void icu_id(char *dst, size_t size, const char *src)
{
	snprintf(dst, size, "%s", src);
	for (char *p = dst; *p; p++)
		if (*p == '-')
			*p = '_';
}

int main(int argc, char **argv)
{
	unsigned ints;
	int bad = 0;

	if (argc > 1) {
		for (int i = 1; i < argc; i++) {
			char id[64];
			icu_id(id, sizeof(id), argv[i]);
			unsigned cats = icu_cats(id, &ints);
			printf("%s\t", argv[i]);
			print_expr(cats);
			printf("\t%d\n", popcount(ints));
		}
		return 0;
	}
	for (size_t i = 0; i < language_count(); i++) {
		const struct language *l = language_at(i);
		const char *cand[] = { l->locale, l->crowdin_code,
				       l->iso_639_3, l->iso_639_1 };
		char id[64], used[64];
		unsigned cats = 0;

		icu_id(used, sizeof(used), l->locale);
		for (size_t k = 0; k < sizeof(dialect) / sizeof(dialect[0]); k++)
			if (strcmp(l->crowdin_code, dialect[k].code) == 0) {
				cats = icu_cats(dialect[k].icu, &ints);
				snprintf(used, sizeof(used), "%s", dialect[k].icu);
			}
		for (size_t k = 0; !cats && k < sizeof(cand) / sizeof(cand[0]); k++) {
			if (!cand[k][0])
				continue;
			icu_id(id, sizeof(id), cand[k]);
			unsigned c = icu_cats(id, &ints);
			if (c != 1u << PLURAL_OTHER) {
				cats = c;
				snprintf(used, sizeof(used), "%s", id);
				break;
			}
		}
		cats = icu_cats(used, &ints);	/* again, for ints */
		printf("%d\t%s\t%s\t", l->id, l->crowdin_code, used);
		print_expr(cats);
		printf("\t%d", popcount(ints));
		if (cats != l->plural_cats) {
			printf("\tMISMATCH");
			bad = 1;
		}
		putchar('\n');
	}
	return bad;
}
