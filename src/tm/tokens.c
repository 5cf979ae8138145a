/*
 * Tokenising segments for translation-memory matching (tm/tokens.h): NFC,
 * the token rules of docs/tm.md, and the dictionary of normalised forms.
 */
#include "tm/tokens.h"
#include "core/mem.h"
#include "core/utf8.h"

#include <stdlib.h>
#include <string.h>
#include <unicode/uchar.h>
#include <unicode/unorm2.h>
#include <unicode/uscript.h>
#include <unicode/ustring.h>

uint64_t tm_hash(const void *p, size_t n)
{
	const unsigned char *s = p;
	uint64_t h = 1469598103934665603ull;
	for (size_t i = 0; i < n; i++)
		h = (h ^ s[i]) * 1099511628211ull;
	return h;
}

/* ---- dictionary: normalised form -> dense id ---- */

struct tm_dict {
	char *pool;		/* the forms, back to back */
	size_t pool_len, pool_alloc;
	uint32_t *off, *flen;	/* per id */
	uint32_t n, alloc;
	uint32_t *slots;	/* id + 1; 0 = empty */
	size_t n_slots;
};

struct tm_dict *tm_dict_new(void)
{
	struct tm_dict *d = xcalloc(1, sizeof(*d));
	d->n = TM_ID_FIRST;	/* the classes own ids 0..2 and no form */
	d->alloc = 1024;
	d->off = xcalloc(d->alloc, sizeof(*d->off));
	d->flen = xcalloc(d->alloc, sizeof(*d->flen));
	d->n_slots = 2048;
	d->slots = xcalloc(d->n_slots, sizeof(*d->slots));
	return d;
}

void tm_dict_free(struct tm_dict *d)
{
	if (!d)
		return;
	free(d->pool);
	free(d->off);
	free(d->flen);
	free(d->slots);
	free(d);
}

uint32_t tm_dict_size(const struct tm_dict *d)
{
	return d->n;
}

size_t tm_dict_bytes(const struct tm_dict *d)
{
	return sizeof(*d) + d->pool_alloc + (size_t)d->alloc * 8 + d->n_slots * 4;
}

const char *tm_dict_form(const struct tm_dict *d, uint32_t id, size_t *len)
{
	if (id < TM_ID_FIRST || id >= d->n) {
		*len = 0;
		return NULL;
	}
	*len = d->flen[id];
	return d->pool + d->off[id];
}

static size_t dict_slot(const struct tm_dict *d, const char *s, size_t n, uint64_t h)
{
	size_t mask = d->n_slots - 1, i = (size_t)h & mask;
	for (; d->slots[i]; i = (i + 1) & mask) {
		uint32_t id = d->slots[i] - 1;
		if (d->flen[id] == n && memcmp(d->pool + d->off[id], s, n) == 0)
			break;
	}
	return i;
}

static void dict_grow(struct tm_dict *d)
{
	free(d->slots);
	d->n_slots *= 2;
	d->slots = xcalloc(d->n_slots, sizeof(*d->slots));
	for (uint32_t id = TM_ID_FIRST; id < d->n; id++) {
		const char *s = d->pool + d->off[id];
		size_t i = dict_slot(d, s, d->flen[id], tm_hash(s, d->flen[id]));
		d->slots[i] = id + 1;
	}
}

static uint32_t dict_id(struct tm_dict *d, bool add, const char *s, size_t n)
{
	uint64_t h = tm_hash(s, n);
	size_t i = dict_slot(d, s, n, h);
	if (d->slots[i])
		return d->slots[i] - 1;
	if (!add || d->n == UINT32_MAX - 1)
		return TM_ID_UNKNOWN;
	if (d->n == d->alloc) {
		d->alloc *= 2;
		d->off = xrealloc(d->off, d->alloc * sizeof(*d->off));
		d->flen = xrealloc(d->flen, d->alloc * sizeof(*d->flen));
	}
	if (d->pool_len + n > d->pool_alloc) {
		d->pool_alloc = (d->pool_alloc + n) * 2;
		d->pool = xrealloc(d->pool, d->pool_alloc);
	}
	uint32_t id = d->n++;
	memcpy(d->pool + d->pool_len, s, n);
	d->off[id] = (uint32_t)d->pool_len;
	d->flen[id] = (uint32_t)n;
	d->pool_len += n;
	d->slots[i] = id + 1;
	if ((size_t)d->n * 2 > d->n_slots)
		dict_grow(d);
	return id;
}

/* ---- placeholders and tags (byte level: all their syntax is ASCII) ---- */

static bool is_alpha(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

static bool is_digit(unsigned char c)
{
	return c >= '0' && c <= '9';
}

/* printf %s %1$d %-5.2f %lld %@, Ruby %{name}; "%%" is not one. */
static size_t printf_len(const char *s, size_t n)
{
	size_t i = 1;
	if (n < 2 || s[1] == '%')
		return 0;
	if (s[1] == '{') {
		const char *c = memchr(s, '}', n);
		if (!c || c - s < 3)
			return 0;
		for (const char *p = s + 2; p < c; p++)
			if (!is_alpha((unsigned char)*p) && !is_digit((unsigned char)*p))
				return 0;
		return (size_t)(c - s) + 1;
	}
	while (i < n && is_digit((unsigned char)s[i]))
		i++;
	if (i > 1 && (i >= n || s[i] != '$'))
		i = 1;			/* digits were a width: rescan */
	else if (i > 1)
		i++;
	while (i < n && s[i] && strchr("-+#0", s[i]))
		i++;
	while (i < n && (is_digit((unsigned char)s[i]) || s[i] == '.' || s[i] == '*'))
		i++;
	while (i < n && s[i] && strchr("hlLqjzt", s[i]))
		i++;
	if (i < n && s[i] && strchr("diouxXeEfFgGaAcsp@", s[i]))
		return i + 1;
	return 0;
}

/*
 * {{x}} (i18next), {name} {0} and ICU MessageFormat {n, plural, one {...}
 * other {...}} as one token, nested braces included.
 */
static size_t brace_len(const char *s, size_t n)
{
	size_t i = 1;
	if (n >= 5 && s[1] == '{') {
		for (i = 2; i + 1 < n && s[i] != '{' && s[i] != '}'; i++)
			;
		return i + 1 < n && s[i] == '}' && s[i + 1] == '}' && i > 2 ? i + 2 : 0;
	}
	while (i < n && s[i] == ' ')
		i++;
	size_t start = i;
	while (i < n && (is_alpha((unsigned char)s[i]) || is_digit((unsigned char)s[i]) || s[i] == '.' || s[i] == '-'))
		i++;
	if (i == start)
		return 0;
	while (i < n && s[i] == ' ')
		i++;
	if (i < n && s[i] == '}')
		return i + 1;
	if (i >= n || s[i] != ',')
		return 0;
	for (int depth = 1; ++i < n;) {
		if (s[i] == '{')
			depth++;
		else if (s[i] == '}' && --depth == 0)
			return i + 1;
	}
	return 0;
}

/* Android <xliff:g ...>...</xliff:g> as one placeholder. */
static size_t xliffg_len(const char *s, size_t n)
{
	static const char open[] = "<xliff:g", close[] = "</xliff:g>";
	if (n < sizeof(open) || memcmp(s, open, sizeof(open) - 1) != 0)
		return 0;
	if (s[sizeof(open) - 1] != ' ' && s[sizeof(open) - 1] != '>')
		return 0;
	for (size_t i = sizeof(open) - 1; i + sizeof(close) - 1 <= n; i++)
		if (memcmp(s + i, close, sizeof(close) - 1) == 0)
			return i + sizeof(close) - 1;
	return 0;
}

/* <b> </b> <br/> <a href="..."> <x id="1"/>: no '<' inside, a name first. */
static size_t tag_len(const char *s, size_t n)
{
	size_t i = 1 + (n > 1 && s[1] == '/');
	if (i >= n || !is_alpha((unsigned char)s[i]))
		return 0;
	for (; i < n; i++) {
		if (s[i] == '>')
			return i + 1;
		if (s[i] == '<' || s[i] == '\n')
			return 0;
	}
	return 0;
}

/* ---- character classes ---- */

/* Scripts written without spaces between words: one token per character. */
static bool per_char_script(UChar32 c)
{
	if (c < 0x0E00)
		return false;
	UErrorCode st = U_ZERO_ERROR;
	switch (uscript_getScript(c, &st)) {
	case USCRIPT_HAN: case USCRIPT_HIRAGANA: case USCRIPT_KATAKANA:
	case USCRIPT_HANGUL: case USCRIPT_THAI: case USCRIPT_LAO:
	case USCRIPT_KHMER: case USCRIPT_MYANMAR: case USCRIPT_YI:
		return true;
	default:
		/* the Kana length mark and iteration marks are Common */
		return c == 0x30FC || c == 0x3005 || c == 0x309D || c == 0x309E ||
		       c == 0x30FD || c == 0x30FE;
	}
}

static bool is_word_char(UChar32 c)
{
	if (c < 0x80)
		return is_alpha((unsigned char)c) || is_digit((unsigned char)c);
	if (u_isalnum(c))
		return true;
	int8_t t = u_charType(c);
	return t == U_NON_SPACING_MARK || t == U_COMBINING_SPACING_MARK ||
	       t == U_ENCLOSING_MARK || t == U_CONNECTOR_PUNCTUATION;
}

static bool is_space(UChar32 c)
{
	if (c < 0x80)
		return c <= 0x20 || c == 0x7F;
	return u_isUWhiteSpace(c) || u_iscntrl(c) || c == 0x200B || c == 0xFEFF;
}

/* Decode at s[i]; a bad byte reads as U+FFFD of length 1. */
static size_t next_cp(const char *s, size_t n, size_t i, UChar32 *c)
{
	uint32_t cp;
	size_t k = utf8_decode(s + i, n - i, &cp);
	if (!k) {
		*c = 0xFFFD;
		return 1;
	}
	*c = (UChar32)cp;
	return k;
}

/* ---- normalising ---- */

static bool all_ascii(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] >= 0x80)
			return false;
	return true;
}

/* NFC of s, invalid bytes as U+FFFD; *out is malloc'ed. */
static size_t to_nfc(const char *s, size_t n, char **out)
{
	UErrorCode st = U_ZERO_ERROR;
	const UNormalizer2 *nfc = unorm2_getNFCInstance(&st);
	int32_t ulen = 0;
	if (n > INT32_MAX / 4)
		n = INT32_MAX / 4;
	UChar *u = xmalloc((n + 1) * sizeof(UChar));
	u_strFromUTF8WithSub(u, (int32_t)n + 1, &ulen, s, (int32_t)n, 0xFFFD, NULL, &st);
	if (U_FAILURE(st))
		ulen = 0;
	int32_t cap = ulen * 3 + 16, nlen = 0;
	UChar *v = xmalloc((size_t)cap * sizeof(UChar));
	st = U_ZERO_ERROR;
	nlen = unorm2_normalize(nfc, u, ulen, v, cap, &st);
	if (U_FAILURE(st)) {	/* cannot happen with 3x room; keep the input */
		memcpy(v, u, (size_t)ulen * sizeof(UChar));
		nlen = ulen;
	}
	char *o = xmalloc((size_t)nlen * 3 + 1);
	int32_t olen = 0;
	st = U_ZERO_ERROR;
	u_strToUTF8WithSub(o, nlen * 3 + 1, &olen, v, nlen, 0xFFFD, NULL, &st);
	if (U_FAILURE(st))
		olen = 0;
	o[olen] = '\0';
	free(u);
	free(v);
	*out = o;
	return (size_t)olen;
}

/* NFKC_Casefold of a non-ASCII word into buf; returns its length. */
static size_t fold_word(const char *s, size_t n, char **buf, size_t *alloc)
{
	UErrorCode st = U_ZERO_ERROR;
	const UNormalizer2 *nf = unorm2_getNFKCCasefoldInstance(&st);
	UChar su[256], sv[768];
	UChar *u = su, *v = sv;
	int32_t ulen = 0, vlen = 0, cap = (int32_t)(sizeof(sv) / sizeof(sv[0]));
	if (n + 1 > sizeof(su) / sizeof(su[0])) {
		u = xmalloc((n + 1) * sizeof(UChar));
		cap = (int32_t)n * 3 + 16;
		v = xmalloc((size_t)cap * sizeof(UChar));
	}
	u_strFromUTF8WithSub(u, (int32_t)n + 1, &ulen, s, (int32_t)n, 0xFFFD, NULL, &st);
	if (U_SUCCESS(st))
		vlen = unorm2_normalize(nf, u, ulen, v, cap, &st);
	if (U_FAILURE(st))
		vlen = 0;
	size_t need = (size_t)vlen * 3 + 1;
	if (need > *alloc) {
		*alloc = need * 2;
		*buf = xrealloc(*buf, *alloc);
	}
	int32_t olen = 0;
	st = U_ZERO_ERROR;
	u_strToUTF8WithSub(*buf, (int32_t)*alloc, &olen, v, vlen, 0xFFFD, NULL, &st);
	if (u != su) {
		free(u);
		free(v);
	}
	if (U_FAILURE(st) || olen == 0) {	/* folds to nothing: keep it as it is */
		if (n > *alloc) {
			*alloc = n * 2;
			*buf = xrealloc(*buf, *alloc);
		}
		memcpy(*buf, s, n);
		return n;
	}
	return (size_t)olen;
}

/* Quotes, dashes and full-width marks count as their plain form. */
static UChar32 punct_form(UChar32 c)
{
	switch (c) {
	case 0x2018: case 0x2019: case 0x201A: case 0x201B: case 0x2032:
		return '\'';
	case 0x201C: case 0x201D: case 0x201E: case 0x201F: case 0x2033:
	case 0x00AB: case 0x00BB:
		return '"';
	case 0x2010: case 0x2011: case 0x2012: case 0x2013: case 0x2014: case 0x2015:
		return '-';
	default:
		if (c >= 0xFF01 && c <= 0xFF5E)
			return c - 0xFEE0;
		return c;
	}
}

/* ---- tokenising ---- */

static void push(struct tm_tokens *t, uint32_t id, enum tm_kind kind, bool space,
		 size_t off, size_t len)
{
	if (t->n == t->alloc) {
		t->alloc = t->alloc ? t->alloc * 2 : 32;
		t->ids = xrealloc(t->ids, t->alloc * sizeof(*t->ids));
		t->vars = xrealloc(t->vars, t->alloc * sizeof(*t->vars));
		t->off = xrealloc(t->off, t->alloc * sizeof(*t->off));
		t->len = xrealloc(t->len, t->alloc * sizeof(*t->len));
	}
	uint32_t form = (uint32_t)tm_hash(t->text + off, len);
	t->ids[t->n] = id;
	t->vars[t->n] = (form << 4) | ((uint32_t)kind << 1) | (space ? TM_VAR_SPACE : 0);
	t->off[t->n] = (uint32_t)off;
	t->len[t->n] = (uint32_t)len;
	t->n++;
}

/* Length of a number at s[i] (digits, then [.,]digits groups), 0 if none. */
static size_t number_len(const char *s, size_t n, size_t i)
{
	size_t j = i;
	while (j < n && is_digit((unsigned char)s[j]))
		j++;
	while (j + 1 < n && (s[j] == '.' || s[j] == ',') && is_digit((unsigned char)s[j + 1])) {
		j++;
		while (j < n && is_digit((unsigned char)s[j]))
			j++;
	}
	return j - i;
}

void tm_tokenize(struct tm_dict *d, bool add, const char *s, size_t n, struct tm_tokens *t)
{
	char *fold = NULL;
	size_t fold_alloc = 0;

	free(t->text);
	t->text = NULL;
	t->n = 0;
	if (all_ascii(s, n) || utf8_valid(s, n, NULL)) {
		/* ASCII is NFC; other valid text is checked by ICU below */
		t->text = xmalloc(n + 1);	/* s need not be NUL-terminated */
		memcpy(t->text, s, n);
		t->text[n] = '\0';
		t->text_len = n;
	}
	if (!all_ascii(s, n)) {
		free(t->text);
		t->text_len = to_nfc(s, n, &t->text);
	}
	s = t->text;
	n = t->text_len;

	bool space = false;
	for (size_t i = 0; i < n && t->n < TM_MAX_TOKENS;) {
		unsigned char b = (unsigned char)s[i];
		size_t k = 0;
		enum tm_kind kind = TM_PH;
		switch (b) {
		case '%': k = printf_len(s + i, n - i); break;
		case '{': k = brace_len(s + i, n - i); break;
		case '<':
			k = xliffg_len(s + i, n - i);
			if (!k) {
				k = tag_len(s + i, n - i);
				kind = TM_TAG;
			}
			break;
		}
		if (k) {
			push(t, kind == TM_PH ? TM_ID_PH : TM_ID_TAG, kind, space, i, k);
			i += k;
			space = false;
			continue;
		}
		UChar32 c;
		size_t cl = next_cp(s, n, i, &c);
		if (is_space(c)) {
			space = true;
			i += cl;
			continue;
		}
		if (per_char_script(c)) {
			uint32_t id = dict_id(d, add, s + i, cl);
			push(t, id, TM_WORD, space, i, cl);
			i += cl;
			space = false;
			continue;
		}
		if (is_word_char(c)) {
			/* a number, unless letters follow it ("3rd", "10px") */
			size_t nl = number_len(s, n, i), j = i;
			bool ascii = true;
			if (nl) {
				UChar32 c2 = 0;
				if (i + nl < n)
					next_cp(s, n, i + nl, &c2);
				if (i + nl >= n || !is_word_char(c2) || per_char_script(c2)) {
					push(t, TM_ID_NUM, TM_NUM, space, i, nl);
					i += nl;
					space = false;
					continue;
				}
			}
			while (j < n) {
				UChar32 c2;
				size_t l2 = next_cp(s, n, j, &c2);
				if (is_word_char(c2) && !per_char_script(c2)) {
					ascii &= c2 < 0x80;
					j += l2;
					continue;
				}
				/* an apostrophe between letters stays inside: don't, l'homme */
				if ((c2 == '\'' || c2 == 0x2019) && j + l2 < n) {
					UChar32 c3;
					next_cp(s, n, j + l2, &c3);
					if (is_word_char(c3) && !per_char_script(c3) && c3 != '_') {
						ascii &= c2 < 0x80;
						j += l2;
						continue;
					}
				}
				break;
			}
			size_t wl = j - i, fl;
			if (ascii) {
				if (wl > fold_alloc) {
					fold_alloc = wl * 2;
					fold = xrealloc(fold, fold_alloc);
				}
				for (size_t q = 0; q < wl; q++) {
					unsigned char ch = (unsigned char)s[i + q];
					fold[q] = (char)(ch >= 'A' && ch <= 'Z' ? ch + 32 : ch);
				}
				fl = wl;
			} else {
				fl = fold_word(s + i, wl, &fold, &fold_alloc);
				/* the typographic apostrophe folds to the plain one */
				for (size_t q = 0; q + 2 < fl; q++)
					if (memcmp(fold + q, "\xE2\x80\x99", 3) == 0) {
						fold[q] = '\'';
						memmove(fold + q + 1, fold + q + 3, fl - q - 3);
						fl -= 2;
					}
			}
			push(t, dict_id(d, add, fold, fl), TM_WORD, space, i, wl);
			i = j;
			space = false;
			continue;
		}
		/* one punctuation mark or symbol */
		char pb[4];
		size_t pl = utf8_encode((uint32_t)punct_form(c), pb);
		if (!pl)
			pl = utf8_encode(0xFFFD, pb);
		push(t, dict_id(d, add, pb, pl), TM_PUNCT, space, i, cl);
		i += cl;
		space = false;
	}
	free(fold);
}

void tm_tokens_release(struct tm_tokens *t)
{
	free(t->text);
	free(t->ids);
	free(t->vars);
	free(t->off);
	free(t->len);
	memset(t, 0, sizeof(*t));
}
