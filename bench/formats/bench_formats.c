/*
 * Format throughput: for each row of `rows[]`, generate a file of 50,000
 * units, then time parse (fmt_parse) and a translated template write
 * (every unit translated), 3 runs each, and print the medians as one TSV
 * line:
 *
 *	format  file  bytes  units  parse_MBps  write_MBps  tt_module  tt_class
 *
 * bench/formats/run.sh reads these lines, times translate-toolkit's parser
 * (tt_module.tt_class) on the same file and prints the table.  To add a
 * format: write a generator below and add a row.
 *
 * Usage: bench_formats DIR [format...]   (files are written into DIR)
 */
#include "formats/format.h"
#include "core/buf.h"
#include "core/mem.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define UNITS 50000
#define RUNS 3

typedef void (*gen_fn)(struct buf *b);

/* A sentence with the usual suspects: a placeholder, quotes, non-ASCII. */
static void text(struct buf *b, int i, const char *q)
{
	buf_printf(b, "Message %d: the quick brown fox jumps over the lazy dog, %sdone%s (café)",
		   i, q, q);
}

static void gen_po(struct buf *b)
{
	buf_adds(b, "msgid \"\"\nmsgstr \"\"\n\"Content-Type: text/plain; charset=UTF-8\\n\"\n"
		 "\"Plural-Forms: nplurals=2; plural=(n != 1);\\n\"\n");
	for (int i = 0; i < UNITS; i++) {
		buf_printf(b, "\n#. Shown on screen %d\n#: src/ui/screen%d.c:%d\n", i % 97, i % 50, i);
		if (i % 10 == 9) {
			buf_printf(b, "#, c-format\nmsgid \"%%d file in folder %d\"\n"
				   "msgid_plural \"%%d files in folder %d\"\nmsgstr[0] \"\"\nmsgstr[1] \"\"\n",
				   i, i);
			continue;
		}
		buf_adds(b, "msgid \"");
		text(b, i, "\\\"");
		buf_adds(b, "\"\nmsgstr \"\"\n");
	}
}

static void gen_properties(struct buf *b)
{
	for (int i = 0; i < UNITS; i++) {
		buf_printf(b, "# Shown on screen %d\nscreen%d.message%d = ", i % 97, i % 50, i);
		buf_printf(b, "Message %d: the quick brown fox jumps over the lazy dog, {0} (caf\\u00e9)\n", i);
	}
}

static void gen_strings(struct buf *b)
{
	for (int i = 0; i < UNITS; i++) {
		buf_printf(b, "/* Shown on screen %d */\n\"screen%d.message%d\" = \"", i % 97, i % 50, i);
		text(b, i, "\\\"");
		buf_adds(b, "\";\n\n");
	}
}

static void gen_csv(struct buf *b)
{
	for (int i = 0; i < UNITS; i++) {
		buf_printf(b, "screen%d.message%d,\"", i % 50, i);
		text(b, i, "\"\"");
		buf_adds(b, "\",\r\n");
	}
}

static void gen_php(struct buf *b)
{
	buf_adds(b, "<?php\n\nreturn [\n");
	for (int i = 0; i < UNITS; i++) {
		if (i % 100 == 0)
			buf_printf(b, "%s    'screen%d' => [\n", i ? "    ],\n" : "", i / 100);
		buf_printf(b, "        'message%d' => '", i);
		text(b, i, "\\'");
		buf_adds(b, "',\n");
	}
	buf_adds(b, "    ],\n];\n");
}

static void gen_yaml(struct buf *b)
{
	buf_adds(b, "en:\n");
	for (int i = 0; i < UNITS; i++) {
		if (i % 100 == 0)
			buf_printf(b, "  screen%d:\n", i / 100);
		buf_printf(b, "    message%d: \"", i);
		text(b, i, "\\\"");
		buf_adds(b, "\"\n");
	}
}

static void gen_ini(struct buf *b)
{
	for (int i = 0; i < UNITS; i++) {
		if (i % 100 == 0)
			buf_printf(b, "[screen%d]\n", i / 100);
		buf_printf(b, "message%d = \"", i);
		text(b, i, "\\\"");
		buf_adds(b, "\"\n");
	}
}

static const struct row {
	const char *format;	/* fmt_by_name() */
	const char *ext;
	gen_fn gen;
	const char *tt_module, *tt_class;	/* translate-toolkit parser */
} rows[] = {
	{ "gettext", "po", gen_po, "translate.storage.pypo", "pofile" },
	{ "properties", "properties", gen_properties, "translate.storage.properties", "javafile" },
	{ "macosx", "strings", gen_strings, "translate.storage.properties", "stringsutf8file" },
	{ "csv", "csv", gen_csv, "translate.storage.csvl10n", "csvfile" },
	{ "php", "php", gen_php, "translate.storage.php", "phpfile" },
	{ "yaml", "yml", gen_yaml, "translate.storage.yaml", "RubyYAMLFile" },
	{ "ini", "ini", gen_ini, "translate.storage.ini", "inifile" },
};

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

static double median(double *v)
{
	qsort(v, RUNS, sizeof(*v), cmp_double);
	return v[RUNS / 2];
}

static const struct fmt_translation *translate_all(void *ctx, size_t i)
{
	static const struct fmt_translation tr = {
		.text = "Nachricht: der schnelle braune Fuchs springt über den faulen Hund, \"fertig\"",
		.plural = { [PLURAL_ONE] = "%d Datei im Ordner", [PLURAL_OTHER] = "%d Dateien im Ordner" },
	};
	return &tr;
}

static int bench_row(const struct row *r, const char *dir)
{
	const struct fmt_format *f = fmt_by_name(r->format);
	if (!f) {
		fprintf(stderr, "bench_formats: no format %s\n", r->format);
		return -1;
	}
	struct buf in;
	buf_init(&in, 0);
	r->gen(&in);
	char path[4096];
	snprintf(path, sizeof(path), "%s/bench.%s", dir, r->ext);
	FILE *fp = fopen(path, "wb");
	if (!fp || fwrite(in.data, 1, in.len, fp) != in.len || fclose(fp)) {
		perror(path);
		return -1;
	}
	static const struct fmt_lang de = { "de", "de-DE", "nplurals=2; plural=(n != 1);",
					    1u << PLURAL_ONE | 1u << PLURAL_OTHER };
	double tp[RUNS], tw[RUNS];
	size_t units = 0, written = 0;
	for (int k = 0; k < RUNS; k++) {
		struct fmt_doc doc;
		struct fmt_error err;
		double t0 = now();
		if (fmt_parse(f, in.data, in.len, NULL, &doc, &err)) {
			fprintf(stderr, "bench_formats: %s: %s\n", r->format, err.msg);
			return -1;
		}
		tp[k] = now() - t0;
		units = doc.n_units;
		struct fmt_options opt;
		fmt_options_default(&opt);
		struct fmt_write_opts w = { .lang = &de, .lookup = translate_all };
		struct buf out;
		buf_init(&out, 0);
		t0 = now();
		if (f->write(&doc, &opt, &w, &out, &err)) {
			fprintf(stderr, "bench_formats: %s write: %s\n", r->format, err.msg);
			return -1;
		}
		tw[k] = now() - t0;
		written = out.len;
		buf_release(&out);
		fmt_doc_free(&doc);
	}
	printf("%s\t%s\t%zu\t%zu\t%.1f\t%.1f\t%s\t%s\n", r->format, path, in.len, units,
	       (double)in.len / 1e6 / median(tp), (double)written / 1e6 / median(tw),
	       r->tt_module, r->tt_class);
	fflush(stdout);
	buf_release(&in);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: bench_formats DIR [format...]\n");
		return 2;
	}
	int rc = 0;
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		bool wanted = argc == 2;
		for (int a = 2; a < argc; a++)
			wanted |= strcmp(argv[a], rows[i].format) == 0;
		if (wanted && bench_row(&rows[i], argv[1]))
			rc = 1;
	}
	return rc;
}
