/*
 * Differential test: our PO parser against libgettextpo on the fixture
 * corpus (every .po, .pot and .expected file in tests/formats/gettext).
 * Message sets must agree: context, msgid, msgid_plural, msgstr[n], the
 * extracted comments, fuzzy and obsolete.  libgettextpo reads files only
 * and rejects a UTF-8 BOM, so each fixture goes through a temp copy
 * without one.
 */
#include "fmt_test.h"
#include "formats/formats_list.h"
#include "formats/textutil.h"

#include <dirent.h>
#include <gettext-po.h>
#include <unistd.h>

static int po_errors;

static void xerror(int severity, po_message_t message, const char *filename, size_t lineno,
		   size_t column, int multiline_p, const char *message_text)
{
	print_message("libgettextpo: %s:%zu: %s\n", filename ? filename : "?", lineno, message_text);
	po_errors++;
}

static void xerror2(int severity, po_message_t m1, const char *f1, size_t l1, size_t c1,
		    int ml1, const char *t1, po_message_t m2, const char *f2, size_t l2,
		    size_t c2, int ml2, const char *t2)
{
	print_message("libgettextpo: %zu: %s / %s\n", l1, t1, t2);
	po_errors++;
}

static const char *nz(const char *s)
{
	return s && *s ? s : NULL;
}

static void expect_str(const char *file, const char *what, const char *ours, const char *theirs)
{
	if (!str_eq(ours, theirs))
		fail_msg("%s: %s differs: ours '%s', libgettextpo '%s'", file, what,
			 ours ? ours : "(null)", theirs ? theirs : "(null)");
}

static void compare_message(const char *file, const struct unit *u, po_message_t m,
			    unsigned cats)
{
	expect_str(file, "msgctxt", u->context, po_message_msgctxt(m));
	const char *id = po_message_msgid(m);
	const char *idp = po_message_msgid_plural(m);
	if (idp) {
		assert_true(u->flags & UNIT_PLURAL);
		expect_str(file, "msgid", u->plural[PLURAL_ONE], id);
		expect_str(file, "msgid_plural", u->source, idp);
		for (int i = 0; po_message_msgstr_plural(m, i); i++) {
			int cat = -1;
			for (int c = 0, k = 0; c < PLURAL_NCATS; c++)
				if ((cats & (1u << c)) && k++ == i)
					cat = c;
			assert_true(cat >= 0);
			expect_str(file, "msgstr[n]", u->target_plural[cat],
				   nz(po_message_msgstr_plural(m, i)));
		}
	} else {
		expect_str(file, "msgid", u->source, id);
		expect_str(file, "msgstr", u->target, nz(po_message_msgstr(m)));
	}
	const char *ex = po_message_extracted_comments(m);
	char *ours = NULL;
	if (u->comment) {
		ours = xmalloc(strlen(u->comment) + 2);
		sprintf(ours, "%s\n", u->comment);
	}
	expect_str(file, "extracted comments", ours, nz(ex));
	free(ours);
	assert_int_equal(!!(u->flags & UNIT_FUZZY), !!po_message_is_fuzzy(m));
	assert_int_equal(!!(u->flags & UNIT_OBSOLETE), !!po_message_is_obsolete(m));
}

static void check_file(const char *rel)
{
	size_t len;
	char *data = fx_read(rel, &len);
	struct fmt_doc doc;
	struct fmt_error err;
	if (fmt_parse(&fmt_gettext, data, len, NULL, &doc, &err))
		fail_msg("%s: %s", rel, err.msg);

	char tmp[] = "/tmp/tolk-po-XXXXXX";
	int fd = mkstemp(tmp);
	assert_true(fd >= 0);
	size_t bom = len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
	assert_int_equal(write(fd, data + bom, len - bom), (ssize_t)(len - bom));
	close(fd);

	struct po_xerror_handler h = { xerror, xerror2 };
	po_errors = 0;
	po_file_t pf = po_file_read(tmp, &h);
	unlink(tmp);
	assert_non_null(pf);
	assert_int_equal(po_errors, 0);

	/* the file language's categories, as our parser derived them */
	unsigned cats = 0;
	const char *hdr = po_file_domain_header(pf, NULL);
	char *pfv = hdr ? po_header_field(hdr, "Plural-Forms") : NULL;
	int np = pfv && strstr(pfv, "nplurals=") ? atoi(strstr(pfv, "nplurals=") + 9) : 2;
	cats = np == 1 ? 1u << PLURAL_OTHER : np == 3 ?
	       (1u << PLURAL_ONE | 1u << PLURAL_FEW | 1u << PLURAL_MANY) :
	       (1u << PLURAL_ONE | 1u << PLURAL_OTHER);
	free(pfv);
	expect_str(rel, "header", doc.header, hdr);

	po_message_iterator_t it = po_message_iterator(pf, NULL);
	size_t i = 0;
	po_message_t m;
	while ((m = po_next_message(it)) != NULL) {
		if (!po_message_msgctxt(m) && !*po_message_msgid(m))
			continue;	/* the header */
		if (i >= doc.n_units)
			fail_msg("%s: libgettextpo has more messages than we do", rel);
		compare_message(rel, &doc.units[i++], m, cats);
	}
	if (i != doc.n_units)
		fail_msg("%s: we have %zu messages, libgettextpo %zu", rel, doc.n_units, i);
	po_message_iterator_free(it);
	po_file_free(pf);
	fmt_doc_free(&doc);
	free(data);
	print_message("%s: %zu messages agree\n", rel, i);
}

static void test_corpus(void **state)
{
	char *dir = fx_path("gettext");
	DIR *d = opendir(dir);
	assert_non_null(d);
	struct dirent *e;
	int n = 0;
	while ((e = readdir(d)) != NULL) {
		const char *dot = strrchr(e->d_name, '.');
		if (!dot || (strcmp(dot, ".po") && strcmp(dot, ".pot") && strcmp(dot, ".expected")))
			continue;
		char rel[512];
		snprintf(rel, sizeof(rel), "gettext/%s", e->d_name);
		check_file(rel);
		n++;
	}
	closedir(d);
	free(dir);
	assert_true(n >= 5);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_corpus),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
