/*
 * Format throughput, the C half of bench/formats/run.sh.
 *
 *	bench_formats gen DIR [UNITS]
 *		writes one generated file per row of rows[] into DIR and
 *		prints "format<TAB>path" for each
 *	bench_formats time FORMAT FILE [RUNS]
 *		parses FILE and writes it translated (every unit, from the
 *		parsed file as template) RUNS times and prints the medians:
 *		"units=U bytes=B parse_mbs=P write_mbs=W"; for XML formats
 *		also "xml_check_mbs=X", libxml2 alone reading the same bytes
 *		(the floor of what any parser that lets libxml2 check every
 *		byte can cost)
 *
 * Allocator settings are the server's (mem_tune_for_server), so the
 * figures are what a request pays.  Generated texts mix ASCII, escapes,
 * placeholders and non-Latin scripts, as real projects do.  To add a
 * format: a generator and a row.
 */
#include "formats/format.h"
#include "core/buf.h"
#include "core/mem.h"

#include <libxml/parser.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* ---- generators ---------------------------------------------------------- */

static const char *const words[] = {
	"Save", "your", "notes", "before", "closing", "the", "window", "sync", "account",
	"settings", "Ünïcödé", "Привет", "日本語", "search", "results", "deleted", "item",
	"welcome", "back", "error", "network", "try", "again", "later", "café",
};
#define NWORDS (sizeof(words) / sizeof(words[0]))

/* A sentence of 4..11 words for unit i (deterministic), a placeholder in 1 of 5. */
static void text(struct buf *b, size_t i)
{
	size_t n = 4 + i % 8;
	for (size_t k = 0; k < n; k++)
		buf_printf(b, "%s%s", k ? " " : "", words[(i * 7 + k * 13) % NWORDS]);
	if (i % 5 == 0)
		buf_adds(b, " %1$s");
}

static void gen_po(struct buf *b, size_t n)
{
	buf_adds(b, "msgid \"\"\nmsgstr \"\"\n\"Content-Type: text/plain; charset=UTF-8\\n\"\n"
		 "\"Plural-Forms: nplurals=2; plural=(n != 1);\\n\"\n");
	for (size_t i = 0; i < n; i++) {
		buf_printf(b, "\n#. Shown on screen %zu\n#: src/ui/screen%zu.c:%zu\n", i % 97, i % 50, i);
		if (i % 10 == 9) {
			buf_printf(b, "#, c-format\nmsgid \"%%d file in folder %zu\"\n"
				   "msgid_plural \"%%d files in folder %zu\"\nmsgstr[0] \"\"\nmsgstr[1] \"\"\n",
				   i, i);
			continue;
		}
		buf_adds(b, "msgid \"");
		text(b, i);
		buf_adds(b, i % 7 ? "\"\nmsgstr \"\"\n" : " \\\"done\\\"\"\nmsgstr \"\"\n");
	}
}

static void gen_properties(struct buf *b, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		buf_printf(b, "# Shown on screen %zu\nscreen%zu.message%zu = ", i % 97, i % 50, i);
		text(b, i);
		buf_adds(b, " {0} (caf\\u00e9)\n");
	}
}

static void gen_strings(struct buf *b, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		buf_printf(b, "/* Shown on screen %zu */\n\"screen%zu.message%zu\" = \"", i % 97, i % 50, i);
		text(b, i);
		buf_adds(b, i % 7 ? "\";\n\n" : " \\\"done\\\"\";\n\n");
	}
}

static void gen_csv(struct buf *b, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		buf_printf(b, "screen%zu.message%zu,\"", i % 50, i);
		text(b, i);
		buf_adds(b, i % 7 ? "\",\r\n" : " \"\"done\"\"\",\r\n");
	}
}

static void gen_php(struct buf *b, size_t n)
{
	buf_adds(b, "<?php\n\nreturn [\n");
	for (size_t i = 0; i < n; i++) {
		if (i % 100 == 0)
			buf_printf(b, "%s    'screen%zu' => [\n", i ? "    ],\n" : "", i / 100);
		buf_printf(b, "        'message%zu' => '", i);
		text(b, i);
		buf_adds(b, i % 7 ? "',\n" : " don\\'t',\n");
	}
	buf_adds(b, "    ],\n];\n");
}

static void gen_yaml(struct buf *b, size_t n)
{
	buf_adds(b, "en:\n");
	for (size_t i = 0; i < n; i++) {
		if (i % 100 == 0)
			buf_printf(b, "  screen%zu:\n", i / 100);
		buf_printf(b, "    message%zu: \"", i);
		text(b, i);
		buf_adds(b, i % 7 ? "\"\n" : " \\\"done\\\"\"\n");
	}
}

static void gen_ini(struct buf *b, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (i % 100 == 0)
			buf_printf(b, "[screen%zu]\n", i / 100);
		buf_printf(b, "message%zu = \"", i);
		text(b, i);
		buf_adds(b, "\"\n");
	}
}

static void gen_android(struct buf *b, size_t n)
{
	buf_adds(b, "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<resources>\n");
	for (size_t i = 0; i < n; i++) {
		if (i % 10 == 0)
			buf_printf(b, "    <!-- Comment for unit %zu -->\n", i);
		if (i % 50 == 1) {
			buf_printf(b, "    <plurals name=\"plural_%zu\">\n        <item quantity=\"one\">%%d ", i);
			text(b, i);
			buf_adds(b, "</item>\n        <item quantity=\"other\">%d ");
			text(b, i);
			buf_adds(b, "</item>\n    </plurals>\n");
			continue;
		}
		buf_printf(b, "    <string name=\"key_%zu\">", i);
		text(b, i);
		buf_adds(b, i % 7 ? "</string>\n" : " don\\'t &amp; \\\"quote\\\"</string>\n");
	}
	buf_adds(b, "</resources>\n");
}

static void gen_xliff(struct buf *b, size_t n)
{
	buf_adds(b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<xliff xmlns=\"urn:oasis:names:tc:xliff:document:1.2\" "
		 "version=\"1.2\">\n  <file original=\"Localizable.strings\" source-language=\"en\" "
		 "datatype=\"plaintext\">\n    <body>\n");
	for (size_t i = 0; i < n; i++) {
		buf_printf(b, "      <trans-unit id=\"key_%zu\" xml:space=\"preserve\">\n        <source>", i);
		text(b, i);
		buf_printf(b, "%s</source>\n        <note>Note for %zu</note>\n      </trans-unit>\n",
			   i % 7 == 0 ? " &amp; &lt;b&gt;" : "", i);
	}
	buf_adds(b, "    </body>\n  </file>\n</xliff>\n");
}

static void gen_resx(struct buf *b, size_t n)
{
	buf_adds(b, "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<root>\n  <resheader name=\"resmimetype\">\n"
		 "    <value>text/microsoft-resx</value>\n  </resheader>\n  <resheader name=\"version\">\n"
		 "    <value>2.0</value>\n  </resheader>\n");
	for (size_t i = 0; i < n; i++) {
		buf_printf(b, "  <data name=\"Key%zu\" xml:space=\"preserve\">\n    <value>", i);
		text(b, i);
		buf_adds(b, "</value>\n");
		if (i % 3 == 0)
			buf_printf(b, "    <comment>Comment %zu</comment>\n", i);
		buf_adds(b, "  </data>\n");
	}
	buf_adds(b, "</root>\n");
}

static void gen_ts(struct buf *b, size_t n)
{
	buf_adds(b, "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<!DOCTYPE TS>\n<TS version=\"2.1\" "
		 "sourcelanguage=\"en\">\n");
	for (size_t i = 0; i < n; i++) {
		if (i % 100 == 0)
			buf_printf(b, "%s<context>\n    <name>Context%zu</name>\n", i ? "</context>\n" : "",
				   i / 100);
		buf_printf(b, "    <message>\n        <location filename=\"../src/file%zu.cpp\" line=\"%zu\"/>\n"
			   "        <source>", i / 100, i % 1000);
		text(b, i);
		buf_printf(b, " #%zu</source>\n        <translation type=\"unfinished\"></translation>\n"
			   "    </message>\n", i);
	}
	buf_adds(b, "</context>\n</TS>\n");
}

static void gen_json(struct buf *b, size_t n)
{
	buf_adds(b, "{\n");
	for (size_t i = 0; i < n; i++) {
		if (i % 100 == 0)
			buf_printf(b, "%s  \"section%zu\": {\n", i ? "\n  },\n" : "", i / 100);
		buf_printf(b, "    \"key_%zu\": \"", i);
		text(b, i);
		buf_printf(b, "%s\"%s", i % 7 == 0 ? " \\\"q\\\" \\n" : "",
			   (i % 100 == 99 || i == n - 1) ? "" : ",\n");
	}
	buf_adds(b, "\n  }\n}\n");
}

static void gen_arb(struct buf *b, size_t n)
{
	buf_adds(b, "{\n  \"@@locale\": \"en\"");
	for (size_t i = 0; i < n; i++) {
		buf_printf(b, ",\n  \"key%zu\": \"", i);
		if (i % 50 == 1) {
			buf_adds(b, "{count, plural, =0{No ");
			text(b, i);
			buf_adds(b, "} one{1 ");
			text(b, i);
			buf_adds(b, "} other{{count} ");
			text(b, i);
			buf_adds(b, "}}\"");
		} else {
			text(b, i);
			buf_adds(b, "\"");
		}
		if (i % 4 == 0)
			buf_printf(b, ",\n  \"@key%zu\": {\n    \"description\": \"Description %zu\"\n  }", i, i);
	}
	buf_adds(b, "\n}\n");
}

static const struct row {
	const char *format;	/* fmt_by_name(); translate-toolkit's class is in compare.py */
	const char *file;
	void (*gen)(struct buf *b, size_t units);
	bool xml;		/* read through libxml2: time it alone too */
} rows[] = {
	{ "gettext", "messages.po", gen_po, false },
	{ "properties", "messages.properties", gen_properties, false },
	{ "macosx", "Localizable.strings", gen_strings, false },
	{ "csv", "messages.csv", gen_csv, false },
	{ "php", "messages.php", gen_php, false },
	{ "yaml", "en.yml", gen_yaml, false },
	{ "ini", "messages.ini", gen_ini, false },
	{ "android", "strings.xml", gen_android, true },
	{ "xliff", "app.xliff", gen_xliff, true },
	{ "resx", "Resources.resx", gen_resx, true },
	{ "qtts", "app.ts", gen_ts, true },
	{ "json", "app.json", gen_json, false },
	{ "arb", "app_en.arb", gen_arb, false },
};
#define NROWS (sizeof(rows) / sizeof(rows[0]))

static int generate(const char *dir, size_t units)
{
	for (size_t i = 0; i < NROWS; i++) {
		struct buf b;
		buf_init(&b, 0);
		rows[i].gen(&b, units);
		char path[4096];
		snprintf(path, sizeof(path), "%s/%s", dir, rows[i].file);
		FILE *f = fopen(path, "wb");
		if (!f || fwrite(b.data, 1, b.len, f) != b.len || fclose(f)) {
			perror(path);
			return 1;
		}
		printf("%s\t%s\n", rows[i].format, path);
		buf_release(&b);
	}
	return 0;
}

/* ---- timing -------------------------------------------------------------- */

static double now(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

static double median(double *v, int n)
{
	qsort(v, (size_t)n, sizeof(*v), cmp_double);
	return v[n / 2];
}

static const struct fmt_translation *translate_all(void *ctx, size_t i)
{
	static const struct fmt_translation tr = {
		.text = "Nachricht: der schnelle braune Fuchs springt über den faulen Hund, \"fertig\"",
		.plural = { [PLURAL_ONE] = "%d Datei im Ordner", [PLURAL_OTHER] = "%d Dateien im Ordner" },
	};
	return &tr;
}

static struct fmt_translation own_tr;

/* What the file holds: its targets (bilingual formats), else untranslated. */
static const struct fmt_translation *file_targets(void *ctx, size_t i)
{
	const struct unit *u = &((const struct fmt_doc *)ctx)->units[i];
	if (!u->target)
		return NULL;
	own_tr.text = u->target;
	memcpy(own_tr.plural, u->target_plural, sizeof(own_tr.plural));
	return &own_tr;
}

/* The figures only count if the format reads and writes the file faithfully. */
static int check_round_trip(const struct fmt_format *f, const struct buf *in)
{
	struct fmt_doc doc;
	struct fmt_error err;
	struct buf out;
	if (fmt_parse(f, in->data, in->len, NULL, &doc, &err)) {
		fprintf(stderr, "bench_formats: %s: %s\n", f->name, err.msg);
		return -1;
	}
	struct fmt_options opt;
	fmt_options_default(&opt);
	struct fmt_write_opts w = { .lookup = file_targets, .lookup_ctx = &doc };
	buf_init(&out, 0);
	int rc = f->write(&doc, &opt, &w, &out, &err);
	if (rc)
		fprintf(stderr, "bench_formats: %s: %s\n", f->name, err.msg);
	size_t at = 0;
	while (rc == 0 && at < in->len && at < out.len && in->data[at] == out.data[at])
		at++;
	if (rc == 0 && (at < in->len || out.len != in->len)) {
		fprintf(stderr, "bench_formats: %s: round trip differs at byte %zu: \"%.40s\"\n",
			f->name, at, out.data + at);
		rc = -1;
	}
	buf_release(&out);
	fmt_doc_free(&doc);
	return rc;
}

/*
 * libxml2 reading the bytes with the handler xmlutil's check uses (SAX2,
 * no element or text callbacks): the part of an XML parse we do not own.
 */
static double xml_check_mbs(const struct buf *in)
{
	xmlSAXHandler sax;
	xmlSAXVersion(&sax, 2);
	sax.startElementNs = NULL;
	sax.endElementNs = NULL;
	sax.characters = NULL;
	sax.ignorableWhitespace = NULL;
	sax.cdataBlock = NULL;
	sax.comment = NULL;
	double t0 = now();
	if (xmlSAXUserParseMemory(&sax, NULL, in->data, (int)in->len) != 0)
		fprintf(stderr, "bench_formats: libxml2 rejects the file\n");
	return (double)in->len / 1e6 / (now() - t0);
}

static int time_format(const char *name, const char *path, int runs)
{
	const struct fmt_format *f = fmt_by_name(name);
	const struct row *row = NULL;
	for (size_t i = 0; i < NROWS; i++)
		if (strcmp(rows[i].format, name) == 0)
			row = &rows[i];
	struct buf in;
	buf_init(&in, 0);
	FILE *fp = fopen(path, "rb");
	char chunk[65536];
	size_t n;
	while (fp && (n = fread(chunk, 1, sizeof(chunk), fp)) > 0)
		buf_add(&in, chunk, n);
	if (!f || !fp || runs < 1 || check_round_trip(f, &in)) {
		fprintf(stderr, "bench_formats: cannot time %s on %s\n", name, path);
		return 1;
	}
	fclose(fp);
	struct fmt_options opt;
	fmt_options_default(&opt);
	static const struct fmt_lang de = { "de", "de-DE", "nplurals=2; plural=(n != 1);",
					    1u << PLURAL_ONE | 1u << PLURAL_OTHER, 0 };
	double *parse = xcalloc((size_t)runs, sizeof(double));	/* MB/s of each run */
	double *write = xcalloc((size_t)runs, sizeof(double));
	double *check = xcalloc((size_t)runs, sizeof(double));
	size_t units = 0;
	for (int k = 0; k < runs; k++) {
		struct fmt_doc doc;
		struct fmt_error err;
		struct buf out;
		double t0 = now();
		fmt_parse(f, in.data, in.len, NULL, &doc, &err);
		parse[k] = (double)in.len / 1e6 / (now() - t0);
		struct fmt_write_opts w = { .lang = &de, .lookup = translate_all };
		buf_init(&out, 0);
		t0 = now();
		f->write(&doc, &opt, &w, &out, &err);
		write[k] = (double)out.len / 1e6 / (now() - t0);
		units = doc.n_units;
		buf_release(&out);
		fmt_doc_free(&doc);
		if (row && row->xml)
			check[k] = xml_check_mbs(&in);
	}
	printf("units=%zu bytes=%zu parse_mbs=%.1f write_mbs=%.1f", units, in.len,
	       median(parse, runs), median(write, runs));
	if (row && row->xml)
		printf(" xml_check_mbs=%.1f", median(check, runs));
	printf("\n");
	free(parse);
	free(write);
	free(check);
	buf_release(&in);
	return 0;
}

int main(int argc, char **argv)
{
	mem_tune_for_server();
	if (argc >= 3 && strcmp(argv[1], "gen") == 0)
		return generate(argv[2], argc > 3 ? strtoul(argv[3], NULL, 10) : 50000);
	if (argc >= 4 && strcmp(argv[1], "time") == 0)
		return time_format(argv[2], argv[3], argc > 4 ? atoi(argv[4]) : 5);
	fprintf(stderr, "usage: bench_formats gen DIR [UNITS]\n"
		"       bench_formats time FORMAT FILE [RUNS]\n");
	return 2;
}
