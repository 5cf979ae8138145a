/*
 * Generates one 50,000-unit file per XML/JSON format for bench_xml_json.sh:
 * strings.xml (android), app.xliff (XLIFF 1.2), Resources.resx, app.ts,
 * app.json (nested i18next), app_en.arb.  Texts mix ASCII, escapes,
 * placeholders and some non-Latin script, as real projects do.
 *
 *	gen_xml_json OUTDIR [UNITS]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const words[] = {
	"Save", "your", "notes", "before", "closing", "the", "window", "sync", "account",
	"settings", "Ünïcödé", "Привет", "日本語", "search", "results", "deleted", "item",
	"welcome", "back", "error", "network", "try", "again", "later",
};
#define NWORDS (sizeof(words) / sizeof(words[0]))

/* A sentence of 4..11 words for unit i (deterministic). */
static void text(char *out, size_t cap, size_t i)
{
	size_t n = 4 + i % 8, len = 0;
	out[0] = '\0';
	for (size_t k = 0; k < n && len + 32 < cap; k++) {
		const char *w = words[(i * 7 + k * 13) % NWORDS];
		len += (size_t)snprintf(out + len, cap - len, "%s%s", k ? " " : "", w);
	}
	if (i % 5 == 0 && len + 8 < cap)
		snprintf(out + len, cap - len, " %%1$s");
}

static FILE *open_out(const char *dir, const char *name)
{
	char path[4096];
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	FILE *f = fopen(path, "wb");
	if (!f) {
		perror(path);
		exit(1);
	}
	return f;
}

static void gen_android(const char *dir, size_t n)
{
	FILE *f = open_out(dir, "strings.xml");
	char t[256];
	fputs("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<resources>\n", f);
	for (size_t i = 0; i < n; i++) {
		text(t, sizeof(t), i);
		if (i % 10 == 0)
			fprintf(f, "    <!-- Comment for unit %zu -->\n", i);
		if (i % 50 == 1)
			fprintf(f, "    <plurals name=\"plural_%zu\">\n        <item quantity=\"one\">%%d %s</item>\n"
				"        <item quantity=\"other\">%%d %s</item>\n    </plurals>\n", i, t, t);
		else
			fprintf(f, "    <string name=\"key_%zu\">%s%s</string>\n", i, t,
				i % 7 == 0 ? " don\\'t &amp; \\\"quote\\\"" : "");
	}
	fputs("</resources>\n", f);
	fclose(f);
}

static void gen_xliff(const char *dir, size_t n)
{
	FILE *f = open_out(dir, "app.xliff");
	char t[256];
	fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<xliff xmlns=\"urn:oasis:names:tc:xliff:document:1.2\" "
	      "version=\"1.2\">\n  <file original=\"Localizable.strings\" source-language=\"en\" "
	      "datatype=\"plaintext\">\n    <body>\n", f);
	for (size_t i = 0; i < n; i++) {
		text(t, sizeof(t), i);
		fprintf(f, "      <trans-unit id=\"key_%zu\" xml:space=\"preserve\">\n        <source>%s%s</source>\n"
			"        <note>Note for %zu</note>\n      </trans-unit>\n", i, t,
			i % 7 == 0 ? " &amp; &lt;b&gt;" : "", i);
	}
	fputs("    </body>\n  </file>\n</xliff>\n", f);
	fclose(f);
}

static void gen_resx(const char *dir, size_t n)
{
	FILE *f = open_out(dir, "Resources.resx");
	char t[256];
	fputs("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<root>\n  <resheader name=\"resmimetype\">\n"
	      "    <value>text/microsoft-resx</value>\n  </resheader>\n  <resheader name=\"version\">\n"
	      "    <value>2.0</value>\n  </resheader>\n", f);
	for (size_t i = 0; i < n; i++) {
		text(t, sizeof(t), i);
		fprintf(f, "  <data name=\"Key%zu\" xml:space=\"preserve\">\n    <value>%s</value>\n", i, t);
		if (i % 3 == 0)
			fprintf(f, "    <comment>Comment %zu</comment>\n", i);
		fputs("  </data>\n", f);
	}
	fputs("</root>\n", f);
	fclose(f);
}

static void gen_ts(const char *dir, size_t n)
{
	FILE *f = open_out(dir, "app.ts");
	char t[256];
	fputs("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<!DOCTYPE TS>\n<TS version=\"2.1\" "
	      "sourcelanguage=\"en\">\n", f);
	for (size_t i = 0; i < n; i++) {
		if (i % 100 == 0)
			fprintf(f, "%s<context>\n    <name>Context%zu</name>\n", i ? "</context>\n" : "", i / 100);
		text(t, sizeof(t), i);
		fprintf(f, "    <message>\n        <location filename=\"../src/file%zu.cpp\" line=\"%zu\"/>\n"
			"        <source>%s #%zu</source>\n        <translation type=\"unfinished\"></translation>\n"
			"    </message>\n", i / 100, i % 1000, t, i);
	}
	fputs("</context>\n</TS>\n", f);
	fclose(f);
}

static void gen_json(const char *dir, size_t n)
{
	FILE *f = open_out(dir, "app.json");
	char t[256];
	fputs("{\n", f);
	for (size_t i = 0; i < n; i++) {
		if (i % 100 == 0)
			fprintf(f, "%s  \"section%zu\": {\n", i ? "\n  },\n" : "", i / 100);
		text(t, sizeof(t), i);
		fprintf(f, "    \"key_%zu\": \"%s%s\"%s", i, t, i % 7 == 0 ? " \\\"q\\\" \\n" : "",
			(i % 100 == 99 || i == n - 1) ? "" : ",\n");
	}
	fputs("\n  }\n}\n", f);
	fclose(f);
}

static void gen_arb(const char *dir, size_t n)
{
	FILE *f = open_out(dir, "app_en.arb");
	char t[256];
	fputs("{\n  \"@@locale\": \"en\"", f);
	for (size_t i = 0; i < n; i++) {
		text(t, sizeof(t), i);
		if (i % 50 == 1)
			fprintf(f, ",\n  \"key%zu\": \"{count, plural, =0{No %s} one{1 %s} other{{count} %s}}\"", i,
				t, t, t);
		else
			fprintf(f, ",\n  \"key%zu\": \"%s\"", i, t);
		if (i % 4 == 0)
			fprintf(f, ",\n  \"@key%zu\": {\n    \"description\": \"Description %zu\"\n  }", i, i);
	}
	fputs("\n}\n", f);
	fclose(f);
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: %s OUTDIR [UNITS]\n", argv[0]);
		return 2;
	}
	size_t n = argc > 2 ? strtoul(argv[2], NULL, 10) : 50000;
	gen_android(argv[1], n);
	gen_xliff(argv[1], n);
	gen_resx(argv[1], n);
	gen_ts(argv[1], n);
	gen_json(argv[1], n);
	gen_arb(argv[1], n);
	return 0;
}
