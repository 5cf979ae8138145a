/*
 * QA checks on a translation (qa.h, docs/qa.md).  Both texts are scanned
 * once for their placeholder syntax (qa_scan.c, qa_icu.c); each check then
 * compares what it cares about and files at most one issue.
 */
#include "model/qa.h"
#include "model/qa_int.h"
#include "core/utf8.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/uchar.h>
#include <unicode/ustring.h>

/* The table docs/qa.md shows (tests/unit/test_qa.c keeps them equal). */
static const struct qa_check_info checks[QA_CHECK_COUNT] = {
	{ QA_PLACEHOLDER_MISSING, "placeholder_missing", QA_WARNING,
	  "A placeholder of the source is not in the translation." },
	{ QA_PLACEHOLDER_EXTRA, "placeholder_extra", QA_WARNING,
	  "The translation has a placeholder the source does not have." },
	{ QA_PLACEHOLDER_ORDER, "placeholder_order", QA_WARNING,
	  "Unnumbered printf placeholders come in another order than in the source." },
	{ QA_TAG_MISSING, "tag_missing", QA_WARNING,
	  "A markup tag of the source is not in the translation." },
	{ QA_TAG_EXTRA, "tag_extra", QA_WARNING,
	  "The translation has a markup tag the source does not have." },
	{ QA_TAG_UNBALANCED, "tag_unbalanced", QA_WARNING,
	  "The translation's tags do not nest or close, where the source's do." },
	{ QA_ICU_SYNTAX, "icu_syntax", QA_WARNING,
	  "The translation is not a valid ICU message, where the source is." },
	{ QA_WHITESPACE_LEADING, "whitespace_leading", QA_WARNING,
	  "The white space at the start differs from the source's." },
	{ QA_WHITESPACE_TRAILING, "whitespace_trailing", QA_WARNING,
	  "The white space at the end differs from the source's." },
	{ QA_NEWLINE_LEADING, "newline_leading", QA_WARNING,
	  "The translation starts with another number of line breaks than the source." },
	{ QA_NEWLINE_TRAILING, "newline_trailing", QA_WARNING,
	  "The translation ends with another number of line breaks than the source." },
	{ QA_PUNCTUATION_TRAILING, "punctuation_trailing", QA_WARNING,
	  "The translation ends with other punctuation than the source." },
	{ QA_NUMBERS, "numbers", QA_WARNING,
	  "The numbers in the translation are not those of the source." },
	{ QA_MAX_LENGTH, "max_length", QA_WARNING,
	  "The translation is longer than the string's maximum length." },
	{ QA_DOUBLE_SPACE, "double_space", QA_WARNING,
	  "The translation has more double spaces than the source." },
	{ QA_GLOSSARY, "glossary", QA_WARNING,
	  "A glossary term of the source is not translated as the glossary says." },
};

static const char *const syntax_names[QA_SYNTAX_COUNT] = {
	[QA_SYNTAX_NONE] = "none", [QA_SYNTAX_PRINTF] = "printf", [QA_SYNTAX_ICU] = "icu",
	[QA_SYNTAX_I18NEXT] = "i18next", [QA_SYNTAX_RUBY] = "ruby", [QA_SYNTAX_ANDROID] = "android",
};

const struct qa_check_info *qa_check_info(enum qa_check_id c)
{
	return (unsigned)c < QA_CHECK_COUNT ? &checks[c] : NULL;
}

int qa_check_parse(const char *id, enum qa_check_id *out)
{
	for (int c = 0; id && c < QA_CHECK_COUNT; c++)
		if (strcmp(checks[c].id, id) == 0) {
			*out = (enum qa_check_id)c;
			return 0;
		}
	return -1;
}

const char *qa_syntax_name(enum qa_syntax s)
{
	return (unsigned)s < QA_SYNTAX_COUNT ? syntax_names[s] : NULL;
}

int qa_syntax_parse(const char *name, enum qa_syntax *out)
{
	for (int s = 0; name && s < QA_SYNTAX_COUNT; s++)
		if (strcmp(syntax_names[s], name) == 0) {
			*out = (enum qa_syntax)s;
			return 0;
		}
	return -1;
}

/* ---- one run ---- */

struct qa_run {
	const struct qa_input *in;
	struct qa_result *out;
	struct arena *arena;
	struct qa_scan src, tr;
};

static bool wanted(const struct qa_run *r, enum qa_check_id c)
{
	return !(r->in->disabled & QA_BIT(c));
}

static struct qa_issue *issue_open(struct qa_run *r, enum qa_check_id c)
{
	struct qa_issue *is = &r->out->issues[r->out->n++];
	is->check = c;
	is->severity = (r->in->blocking & QA_BIT(c)) ? QA_ERROR : checks[c].severity;
	is->message[0] = '\0';
	r->out->blocked |= is->severity == QA_ERROR;
	return is;
}

/*
 * Append s[0..n) to the message as valid UTF-8: invalid bytes become '?',
 * control characters ' ', and a character that does not fit ends it.
 */
static void issue_text(struct qa_issue *is, const char *s, size_t n)
{
	size_t len = strlen(is->message);
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		size_t step = utf8_decode(s + i, n - i, &cp);
		const char *piece = s + i;
		size_t piece_len = step;
		if (!step || cp < 0x20 || cp == 0x7F) {
			piece = step ? " " : "?";
			piece_len = 1;
			step = step ? step : 1;
		}
		if (len + piece_len >= QA_MESSAGE_MAX)
			break;
		memcpy(is->message + len, piece, piece_len);
		len += piece_len;
		i += step;
	}
	is->message[len] = '\0';
}

/* Our own words and numbers (ASCII or trusted UTF-8); never texts of the input. */
static void issue_say(struct qa_issue *is, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static void issue_say(struct qa_issue *is, const char *fmt, ...)
{
	char said[QA_MESSAGE_MAX];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(said, sizeof(said), fmt, ap);
	va_end(ap);
	issue_text(is, said, strlen(said));
}

static void issue_quote(struct qa_issue *is, const char *s, size_t n)
{
	issue_say(is, "\"");
	issue_text(is, s, n);
	issue_say(is, "\"");
}

/* "a, b, c and 2 more" of at most four items. */
static void issue_list(struct qa_issue *is, const struct qa_token *const *items, size_t n)
{
	enum { SHOWN = 4 };
	for (size_t i = 0; i < n && i < SHOWN; i++) {
		if (i)
			issue_say(is, ", ");
		issue_text(is, items[i]->key, items[i]->key_len);
	}
	if (n > SHOWN)
		issue_say(is, " and %zu more", n - SHOWN);
}

/* ---- placeholders and tags ---- */

static int token_cmp(const void *a, const void *b)
{
	const struct qa_token *x = *(const struct qa_token *const *)a;
	const struct qa_token *y = *(const struct qa_token *const *)b;
	int c = memcmp(x->key, y->key, x->key_len < y->key_len ? x->key_len : y->key_len);
	return c ? c : (x->key_len > y->key_len) - (x->key_len < y->key_len);
}

/* A scan's tokens of one kind, sorted; as a set when `distinct`. */
static const struct qa_token **sorted_tokens(struct arena *a, const struct qa_scan *sc,
					     enum qa_token_kind kind, bool distinct, size_t *n)
{
	const struct qa_token **v = arena_alloc(a, (sc->n_tokens + 1) * sizeof(*v));
	*n = 0;
	for (size_t i = 0; i < sc->n_tokens; i++)
		if (sc->tokens[i].kind == kind)
			v[(*n)++] = &sc->tokens[i];
	qsort(v, *n, sizeof(*v), token_cmp);
	if (distinct && *n) {
		size_t k = 1;
		for (size_t i = 1; i < *n; i++)
			if (token_cmp(&v[i], &v[k - 1]))
				v[k++] = v[i];
		*n = k;
	}
	return v;
}

/* The multiset difference of two sorted lists: a's tokens that b lacks. */
static size_t tokens_lacking(const struct qa_token **a, size_t na, const struct qa_token **b,
			     size_t nb, const struct qa_token **lacking)
{
	size_t i = 0, j = 0, n = 0;
	while (i < na) {
		int c = j < nb ? token_cmp(&a[i], &b[j]) : -1;
		if (c < 0)
			lacking[n++] = a[i++];
		else if (c > 0)
			j++;
		else
			i++, j++;
	}
	return n;
}

/* Files `missing` and `extra` for tokens of one kind; true when both lists agree. */
static bool compare_tokens(struct qa_run *r, enum qa_token_kind kind, enum qa_check_id missing,
			   enum qa_check_id extra, const char *what)
{
	bool as_set = r->in->syntax == QA_SYNTAX_ICU;	/* plural branches repeat arguments */
	size_t ns, nt;
	const struct qa_token **s = sorted_tokens(r->arena, &r->src, kind, as_set, &ns);
	const struct qa_token **t = sorted_tokens(r->arena, &r->tr, kind, as_set, &nt);
	const struct qa_token **diff = arena_alloc(r->arena, (ns + nt + 1) * sizeof(*diff));
	size_t n_missing = tokens_lacking(s, ns, t, nt, diff);
	if (n_missing && wanted(r, missing)) {
		struct qa_issue *is = issue_open(r, missing);
		issue_say(is, "missing %s%s: ", what, n_missing > 1 ? "s" : "");
		issue_list(is, diff, n_missing);
	}
	size_t n_extra = tokens_lacking(t, nt, s, ns, diff);
	if (n_extra && wanted(r, extra)) {
		struct qa_issue *is = issue_open(r, extra);
		issue_say(is, "extra %s%s: ", what, n_extra > 1 ? "s" : "");
		issue_list(is, diff, n_extra);
	}
	return !n_missing && !n_extra;
}

/* Unnumbered placeholders of a scan in text order. */
static size_t unnumbered(struct arena *a, const struct qa_scan *sc, const struct qa_token ***out)
{
	size_t n = 0;
	*out = arena_alloc(a, (sc->n_tokens + 1) * sizeof(**out));
	for (size_t i = 0; i < sc->n_tokens; i++)
		if (sc->tokens[i].unnumbered)
			(*out)[n++] = &sc->tokens[i];
	return n;
}

static void check_placeholder_order(struct qa_run *r)
{
	const struct qa_token **s, **t;
	size_t ns = unnumbered(r->arena, &r->src, &s), nt = unnumbered(r->arena, &r->tr, &t);
	for (size_t i = 0; i < ns && ns == nt; i++)
		if (token_cmp(&s[i], &t[i])) {
			struct qa_issue *is = issue_open(r, QA_PLACEHOLDER_ORDER);
			issue_say(is, "placeholders in another order than the source's (");
			issue_list(is, s, ns);
			issue_say(is, "); number them, as %%1$s");
			return;
		}
}

static void check_placeholders(struct qa_run *r)
{
	if (r->in->syntax == QA_SYNTAX_NONE || r->src.icu_invalid || r->tr.icu_invalid)
		return;		/* no syntax, or no message to take arguments from */
	bool same = compare_tokens(r, QA_TOKEN_PLACEHOLDER, QA_PLACEHOLDER_MISSING,
				   QA_PLACEHOLDER_EXTRA, "placeholder");
	if (same && wanted(r, QA_PLACEHOLDER_ORDER))
		check_placeholder_order(r);
}

/* "<b>" -> "b", "</b>" -> "b", "<xliff:g id=\"n\">" -> "xliff:g". */
static size_t tag_name(const struct qa_token *t, const char **name)
{
	*name = t->key + 1 + (t->key[1] == '/');
	return strcspn(*name, " />");
}

/* NULL when every tag closes in order; else what is wrong, in the arena. */
static const char *unbalanced_tag(struct arena *a, const struct qa_scan *sc)
{
	const struct qa_token **open = arena_alloc(a, (sc->n_tokens + 1) * sizeof(*open));
	size_t depth = 0;
	for (size_t i = 0; i < sc->n_tokens; i++) {
		const struct qa_token *t = &sc->tokens[i];
		if (t->kind != QA_TOKEN_TAG || t->key[t->key_len - 2] == '/')
			continue;	/* a placeholder, or "<br/>" */
		if (t->key[1] != '/') {
			open[depth++] = t;
			continue;
		}
		if (!depth)
			return arena_printf(a, "%s closes no tag", t->key);
		const char *name, *open_name;
		size_t len = tag_name(t, &name), open_len = tag_name(open[--depth], &open_name);
		if (open_len != len || memcmp(open_name, name, len))
			return arena_printf(a, "%s closes %s", t->key, open[depth]->key);
	}
	return depth ? arena_printf(a, "%s is not closed", open[depth - 1]->key) : NULL;
}

static void check_tags(struct qa_run *r)
{
	compare_tokens(r, QA_TOKEN_TAG, QA_TAG_MISSING, QA_TAG_EXTRA, "tag");
	const char *why = unbalanced_tag(r->arena, &r->tr);
	if (why && wanted(r, QA_TAG_UNBALANCED) && !unbalanced_tag(r->arena, &r->src)) {
		struct qa_issue *is = issue_open(r, QA_TAG_UNBALANCED);
		issue_say(is, "tags do not balance: ");
		issue_text(is, why, strlen(why));
	}
}

static void check_icu(struct qa_run *r)
{
	if (r->in->syntax != QA_SYNTAX_ICU || !r->tr.icu_invalid || r->src.icu_invalid ||
	    !wanted(r, QA_ICU_SYNTAX))
		return;
	struct qa_issue *is = issue_open(r, QA_ICU_SYNTAX);
	issue_say(is, "invalid ICU message: %s", r->tr.icu_error);
}

/* ---- white space at the edges ---- */

/* Length of the white-space character at s[0..n), 0 when none. */
static size_t space_at(const char *s, size_t n)
{
	uint32_t cp;
	size_t len = utf8_decode(s, n, &cp);
	bool space = cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == 0xA0 ||
		     cp == 0x202F || cp == 0x3000;
	return len && space ? len : 0;
}

/* Length of the white-space character ending at s[n-1], 0 when none. */
static size_t space_before(const char *s, size_t n)
{
	for (size_t len = 1; len <= 3 && len <= n; len++)
		if (((unsigned char)s[n - len] & 0xC0) != 0x80)
			return space_at(s + n - len, len) == len ? len : 0;
	return 0;
}

struct edges {
	size_t lead, trail;	/* bytes of white space at the start and at the end */
};

static struct edges edges_of(const char *s, size_t n)
{
	struct edges e = { 0, 0 };
	for (size_t len; e.lead < n && (len = space_at(s + e.lead, n - e.lead));)
		e.lead += len;
	for (size_t len; e.trail < n - e.lead && (len = space_before(s, n - e.trail));)
		e.trail += len;
	return e;
}

/* A run of white space without its line breaks, written visibly: "␣\t". */
static void issue_run(struct qa_issue *is, const char *s, size_t n)
{
	issue_say(is, "\"");
	for (size_t i = 0; i < n;) {
		uint32_t cp = 0;
		size_t len = utf8_decode(s + i, n - i, &cp);
		i += len ? len : 1;
		if (cp == ' ')
			issue_say(is, "␣");
		else if (cp == '\t')
			issue_say(is, "\\t");
		else if (cp != '\n' && cp != '\r')
			issue_say(is, "U+%04X", (unsigned)cp);
	}
	issue_say(is, "\"");
}

static size_t line_breaks(const char *s, size_t n)
{
	size_t breaks = 0;
	for (size_t i = 0; i < n; i++)
		breaks += s[i] == '\n';
	return breaks;
}

/* The run without line breaks, for comparing what is left. */
static bool same_spaces(const char *a, size_t na, const char *b, size_t nb)
{
	size_t i = 0, j = 0;
	for (;; i++, j++) {
		while (i < na && (a[i] == '\n' || a[i] == '\r'))
			i++;
		while (j < nb && (b[j] == '\n' || b[j] == '\r'))
			j++;
		if (i == na || j == nb)
			return i == na && j == nb;
		if (a[i] != b[j])
			return false;
	}
}

/* One edge (start or end) of both texts: its white space and its line breaks. */
static void check_edge(struct qa_run *r, const char *src, size_t src_len, const char *tr,
		       size_t tr_len, bool leading)
{
	enum qa_check_id space = leading ? QA_WHITESPACE_LEADING : QA_WHITESPACE_TRAILING;
	enum qa_check_id breaks = leading ? QA_NEWLINE_LEADING : QA_NEWLINE_TRAILING;
	const char *where = leading ? "start" : "end";
	if (!same_spaces(src, src_len, tr, tr_len) && wanted(r, space)) {
		struct qa_issue *is = issue_open(r, space);
		issue_say(is, "white space at the %s: the source has ", where);
		issue_run(is, src, src_len);
		issue_say(is, ", the translation ");
		issue_run(is, tr, tr_len);
	}
	size_t src_breaks = line_breaks(src, src_len), tr_breaks = line_breaks(tr, tr_len);
	if (src_breaks != tr_breaks && wanted(r, breaks)) {
		struct qa_issue *is = issue_open(r, breaks);
		issue_say(is, "line breaks at the %s: %zu in the source, %zu in the translation",
			  where, src_breaks, tr_breaks);
	}
}

static void check_edges(struct qa_run *r)
{
	struct edges s = edges_of(r->src.text, r->src.len), t = edges_of(r->tr.text, r->tr.len);
	check_edge(r, r->src.text, s.lead, r->tr.text, t.lead, true);
	check_edge(r, r->src.text + r->src.len - s.trail, s.trail,
		   r->tr.text + r->tr.len - t.trail, t.trail, false);
}

/* ---- trailing punctuation ---- */

/* The ASCII kin of a final punctuation mark ('E' for an ellipsis), 0 when none. */
static char punctuation_kin(uint32_t cp)
{
	static const struct { uint32_t cp; char kin; } marks[] = {
		{ '.', '.' }, { 0x3002, '.' }, { 0xFF0E, '.' }, { 0xFF61, '.' }, { 0x0964, '.' },
		{ 0x06D4, '.' }, { '!', '!' }, { 0xFF01, '!' }, { '?', '?' }, { 0xFF1F, '?' },
		{ 0x061F, '?' }, { 0x037E, '?' }, { ':', ':' }, { 0xFF1A, ':' }, { ';', ';' },
		{ 0xFF1B, ';' }, { 0x061B, ';' }, { 0x2026, 'E' }, { 0x22EF, 'E' },
	};
	for (size_t i = 0; i < sizeof(marks) / sizeof(marks[0]); i++)
		if (marks[i].cp == cp)
			return marks[i].kin;
	return 0;
}

/* The final mark of s[0..n): its kin, and its bytes in *mark. */
static char final_mark(const char *s, size_t n, const char **mark, size_t *mark_len)
{
	*mark = s + n;
	*mark_len = 0;
	if (n >= 3 && memcmp(s + n - 3, "...", 3) == 0) {
		*mark = s + n - 3;
		*mark_len = 3;
		return 'E';
	}
	size_t start = n;	/* the last character's first byte */
	while (start > 0 && n - start < 4 && ((unsigned char)s[start - 1] & 0xC0) == 0x80)
		start--;
	start -= start > 0;
	uint32_t cp;
	if (start == n || !utf8_decode(s + start, n - start, &cp))
		return 0;
	char kin = punctuation_kin(cp);
	if (kin) {
		*mark = s + start;
		*mark_len = n - start;
	}
	return kin;
}

static void issue_mark(struct qa_issue *is, const char *mark, size_t len)
{
	if (len)
		issue_quote(is, mark, len);
	else
		issue_say(is, "none");
}

static void check_punctuation(struct qa_run *r)
{
	struct edges s = edges_of(r->src.text, r->src.len), t = edges_of(r->tr.text, r->tr.len);
	const char *src_mark, *tr_mark;
	size_t src_len, tr_len;
	char src_kin = final_mark(r->src.text, r->src.len - s.trail, &src_mark, &src_len);
	char tr_kin = final_mark(r->tr.text, r->tr.len - t.trail, &tr_mark, &tr_len);
	if (src_kin == tr_kin)
		return;
	struct qa_issue *is = issue_open(r, QA_PUNCTUATION_TRAILING);
	issue_say(is, "final punctuation: ");
	issue_mark(is, src_mark, src_len);
	issue_say(is, " in the source, ");
	issue_mark(is, tr_mark, tr_len);
	issue_say(is, " in the translation");
}

/* ---- numbers ---- */

/* The digit at s[0..n) (ASCII, full-width, Arabic-Indic), -1 when none; *len its bytes. */
static int digit_at(const char *s, size_t n, size_t *len)
{
	uint32_t cp = 0;
	*len = utf8_decode(s, n, &cp);
	static const uint32_t zeros[] = { '0', 0xFF10, 0x0660, 0x06F0 };
	for (size_t i = 0; *len && i < sizeof(zeros) / sizeof(zeros[0]); i++)
		if (cp >= zeros[i] && cp <= zeros[i] + 9)
			return (int)(cp - zeros[i]);
	return -1;
}

/* True when s[i..] is a digit-group separator followed by exactly three digits. */
static bool group_follows(const struct qa_scan *sc, size_t i, size_t *sep_len)
{
	static const char *const separators[] = { ",", ".", "'", " ", "\u00A0", "\u202F", NULL };
	for (const char *const *sep = separators; *sep; sep++) {
		size_t len = strlen(*sep), at = i + len, dlen;
		if (i + len > sc->len || memcmp(sc->text + i, *sep, len))
			continue;
		int digits = 0;
		while (at < sc->len && !sc->code[at] && digit_at(sc->text + at, sc->len - at, &dlen) >= 0)
			at += dlen, digits++;
		*sep_len = len;
		return digits == 3;
	}
	return false;
}

/* The numbers of the text outside placeholders and tags; "1,000" and "1 000" are 1000. */
static size_t numbers_of(struct arena *a, const struct qa_scan *sc, struct qa_token **out)
{
	size_t n = 0, cap = 0, dlen, sep;
	char *digits = arena_alloc(a, sc->len + 1);
	*out = NULL;
	for (size_t i = 0; i < sc->len;) {
		if (sc->code[i] || digit_at(sc->text + i, sc->len - i, &dlen) < 0) {
			i++;
			continue;
		}
		size_t k = 0;
		for (int d; i < sc->len && !sc->code[i];) {
			if ((d = digit_at(sc->text + i, sc->len - i, &dlen)) >= 0)
				digits[k++] = (char)('0' + d), i += dlen;
			else if (group_follows(sc, i, &sep))
				i += sep;
			else
				break;
		}
		struct qa_token *t = &ARENA_PUSH(a, *out, n, cap);
		t->key = arena_strndup(a, digits, k);
		t->key_len = k;
	}
	return n;
}

static void check_numbers(struct qa_run *r)
{
	struct qa_scan src = r->src, tr = r->tr;	/* numbers as tokens, to compare alike */
	src.n_tokens = numbers_of(r->arena, &r->src, &src.tokens);
	tr.n_tokens = numbers_of(r->arena, &r->tr, &tr.tokens);
	size_t ns, nt;
	const struct qa_token **s = sorted_tokens(r->arena, &src, QA_TOKEN_PLACEHOLDER, false, &ns);
	const struct qa_token **t = sorted_tokens(r->arena, &tr, QA_TOKEN_PLACEHOLDER, false, &nt);
	const struct qa_token **missing = arena_alloc(r->arena, (ns + 1) * sizeof(*missing));
	const struct qa_token **extra = arena_alloc(r->arena, (nt + 1) * sizeof(*extra));
	size_t n_missing = tokens_lacking(s, ns, t, nt, missing);
	size_t n_extra = tokens_lacking(t, nt, s, ns, extra);
	if (!n_missing && !n_extra)
		return;
	struct qa_issue *is = issue_open(r, QA_NUMBERS);
	issue_say(is, "numbers differ:");
	if (n_missing) {
		issue_say(is, " missing ");
		issue_list(is, missing, n_missing);
	}
	if (n_extra) {
		issue_say(is, "%s extra ", n_missing ? ";" : "");
		issue_list(is, extra, n_extra);
	}
}

/* ---- length and spaces ---- */

static void check_length(struct qa_run *r)
{
	size_t chars = qa_chars(r->tr.text, r->tr.len);
	if (!r->in->max_length || chars <= r->in->max_length)
		return;
	struct qa_issue *is = issue_open(r, QA_MAX_LENGTH);
	issue_say(is, "%zu characters, over the maximum length of %zu", chars, r->in->max_length);
}

/* Runs of two or more spaces inside the text (edges are the white-space checks'). */
static size_t double_spaces(const struct qa_scan *sc, size_t *first)
{
	struct edges e = edges_of(sc->text, sc->len);
	size_t runs = 0;
	for (size_t i = e.lead; i + 1 < sc->len - e.trail; i++) {
		if (sc->text[i] != ' ' || sc->text[i + 1] != ' ' || sc->code[i] ||
		    (i > 0 && sc->text[i - 1] == ' '))
			continue;
		if (!runs++)
			*first = i;
	}
	return runs;
}

static void check_double_spaces(struct qa_run *r)
{
	size_t at = 0, ignored;
	size_t src_runs = double_spaces(&r->src, &ignored), tr_runs = double_spaces(&r->tr, &at);
	if (tr_runs <= src_runs)
		return;
	struct qa_issue *is = issue_open(r, QA_DOUBLE_SPACE);
	issue_say(is, "double space at character %zu (%zu in the translation, %zu in the source)",
		  qa_chars(r->tr.text, at) + 1, tr_runs, src_runs);
}

/* ---- glossary ---- */

/* s case-folded to UTF-16 (invalid UTF-8 as U+FFFD), for case-blind search. */
static UChar *folded(struct arena *a, const char *s, int32_t *len)
{
	int32_t n = (int32_t)strlen(s), cap = 3 * n + 1, u_len = 0;
	UErrorCode err = U_ZERO_ERROR;
	UChar *u = arena_alloc(a, (size_t)(n + 1) * sizeof(UChar));
	UChar *f = arena_alloc(a, (size_t)cap * sizeof(UChar));
	u_strFromUTF8WithSub(u, n + 1, &u_len, s, n, 0xFFFD, NULL, &err);
	*len = U_SUCCESS(err) ? u_strFoldCase(f, cap, u, u_len, U_FOLD_CASE_DEFAULT, &err) : 0;
	if (U_FAILURE(err))
		*len = 0;
	return f;
}

static bool contains_folded(struct arena *a, const UChar *hay, int32_t hay_len, const char *needle)
{
	int32_t len;
	UChar *f = folded(a, needle, &len);
	return len > 0 && u_strFindFirst(hay, hay_len, f, len) != NULL;
}

static bool term_used(struct arena *a, const struct qa_term *term, const UChar *tr, int32_t tr_len)
{
	for (size_t i = 0; i < term->n_targets; i++)
		if (term->targets[i] && contains_folded(a, tr, tr_len, term->targets[i]))
			return true;
	return false;
}

/* "source" → "one" or "other" */
static void issue_term(struct qa_issue *is, const struct qa_term *term)
{
	issue_quote(is, term->source, strlen(term->source));
	issue_say(is, " → ");
	for (size_t i = 0; i < term->n_targets; i++) {
		if (i)
			issue_say(is, " or ");
		if (term->targets[i])
			issue_quote(is, term->targets[i], strlen(term->targets[i]));
	}
}

static void check_glossary(struct qa_run *r)
{
	if (!r->in->n_terms)
		return;
	int32_t src_len, tr_len;
	const UChar *src = folded(r->arena, r->src.text, &src_len);
	const UChar *tr = folded(r->arena, r->tr.text, &tr_len);
	struct qa_issue *is = NULL;
	for (size_t i = 0; i < r->in->n_terms; i++) {
		const struct qa_term *term = &r->in->terms[i];
		if (!term->source || !term->n_targets ||
		    !contains_folded(r->arena, src, src_len, term->source) ||
		    term_used(r->arena, term, tr, tr_len))
			continue;
		if (is) {
			issue_say(is, "; ");
		} else {
			is = issue_open(r, QA_GLOSSARY);
			issue_say(is, "glossary term not used: ");
		}
		issue_term(is, term);
	}
}

/* ---- the run ---- */

static int issue_cmp(const void *a, const void *b)
{
	const struct qa_issue *x = a, *y = b;
	return (x->check > y->check) - (x->check < y->check);
}

size_t qa_check(const struct qa_input *in, struct qa_result *out)
{
	memset(out, 0, sizeof(*out));
	const char *source = in->source ? in->source : "";
	if (!in->translation || !in->translation[0])
		return 0;		/* not translated yet */
	struct arena arena;
	arena_init(&arena);
	struct qa_run r = { .in = in, .out = out, .arena = &arena };
	qa_scan_text(&arena, source, in->syntax, &r.src);
	qa_scan_text(&arena, in->translation, in->syntax, &r.tr);
	static void (*const steps[])(struct qa_run *) = {
		check_placeholders, check_tags, check_icu, check_edges,
	};
	static const struct { enum qa_check_id id; void (*run)(struct qa_run *); } single[] = {
		{ QA_PUNCTUATION_TRAILING, check_punctuation }, { QA_NUMBERS, check_numbers },
		{ QA_MAX_LENGTH, check_length }, { QA_DOUBLE_SPACE, check_double_spaces },
		{ QA_GLOSSARY, check_glossary },
	};
	for (size_t i = 0; i < sizeof(steps) / sizeof(steps[0]); i++)
		steps[i](&r);		/* these decide per check themselves */
	for (size_t i = 0; i < sizeof(single) / sizeof(single[0]); i++)
		if (wanted(&r, single[i].id))
			single[i].run(&r);
	qsort(out->issues, out->n, sizeof(out->issues[0]), issue_cmp);
	arena_release(&arena);
	return out->n;
}

/* Whether list[0..n) holds s. */
static bool listed(const char **list, size_t n, const char *s, size_t len)
{
	for (size_t i = 0; i < n; i++)
		if (strlen(list[i]) == len && !memcmp(list[i], s, len))
			return true;
	return false;
}

size_t qa_placeholders(struct arena *a, const char *text, enum qa_syntax syntax,
		       const char ***out)
{
	struct qa_scan sc;
	qa_scan_text(a, text, syntax, &sc);
	const char **v = arena_alloc(a, (sc.len + sc.n_tokens + 1) * sizeof(*v));
	size_t n = 0;
	if (syntax == QA_SYNTAX_ICU) {
		/* an ICU argument is inserted as its name ({count}), not its type or branches */
		for (size_t i = 0; i < sc.n_tokens; i++) {
			const struct qa_token *t = &sc.tokens[i];
			size_t len = t->kind == QA_TOKEN_PLACEHOLDER ? strcspn(t->key, ",}") : t->key_len;
			const char *p = t->kind == QA_TOKEN_PLACEHOLDER && len < t->key_len
				? arena_printf(a, "%.*s}", (int)len, t->key)
				: arena_strndup(a, t->key, t->key_len);
			if (!listed(v, n, p, strlen(p)))
				v[n++] = p;
		}
		*out = v;
		return n;
	}
	/* each run of syntax bytes is one placeholder or tag, as the text spells it */
	for (size_t i = 0; i < sc.len;) {
		if (!sc.code[i]) {
			i++;
			continue;
		}
		size_t j = i;
		while (j < sc.len && sc.code[j])
			j++;
		if (!listed(v, n, text + i, j - i))
			v[n++] = arena_strndup(a, text + i, j - i);
		i = j;
	}
	*out = v;
	return n;
}
