/*
 * Parses and writes one file with one tolk format N times and prints the
 * median throughput: "units=U parse_mbs=P write_mbs=W".  The write is the
 * round trip (each unit's own text), which exercises the whole template
 * writer; it is checked to reproduce the input.
 *
 *	bench_fmt_driver FORMAT FILE [N]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/buf.h"
#include "formats/format.h"

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

static struct fmt_translation tr;

static const struct fmt_translation *own(void *ctx, size_t i)
{
	const struct unit *u = &((const struct fmt_doc *)ctx)->units[i];
	tr.text = u->source;
	memcpy(tr.plural, u->plural, sizeof(tr.plural));
	return &tr;
}

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		perror(path);
		exit(1);
	}
	fseek(f, 0, SEEK_END);
	*len = (size_t)ftell(f);
	fseek(f, 0, SEEK_SET);
	char *d = malloc(*len + 1);
	if (fread(d, 1, *len, f) != *len)
		exit(1);
	fclose(f);
	return d;
}

int main(int argc, char **argv)
{
	if (argc < 3) {
		fprintf(stderr, "usage: %s FORMAT FILE [N]\n", argv[0]);
		return 2;
	}
	const struct fmt_format *f = fmt_by_name(argv[1]);
	int n = argc > 3 ? atoi(argv[3]) : 5;
	if (!f || n < 1) {
		fprintf(stderr, "unknown format %s\n", argv[1]);
		return 2;
	}
	size_t len, units = 0;
	char *data = slurp(argv[2], &len);
	double *tp = calloc((size_t)n, sizeof(double)), *tw = calloc((size_t)n, sizeof(double));
	for (int r = 0; r < n; r++) {
		struct fmt_doc doc;
		struct fmt_error err;
		struct buf out;
		double t0 = now();
		if (fmt_parse(f, data, len, NULL, &doc, &err)) {
			fprintf(stderr, "%s: %s\n", argv[2], err.msg);
			return 1;
		}
		double t1 = now();
		struct fmt_write_opts w = { NULL, own, &doc, false };
		buf_init(&out, 0);
		if (f->write(&doc, NULL, &w, &out, &err) || out.len != len ||
		    memcmp(out.data, data, len) != 0) {
			fprintf(stderr, "%s: round trip failed %s\n", argv[2], err.msg);
			return 1;
		}
		double t2 = now();
		units = doc.n_units;
		tp[r] = t1 - t0;
		tw[r] = t2 - t1;
		buf_release(&out);
		fmt_doc_free(&doc);
	}
	qsort(tp, (size_t)n, sizeof(double), cmp_double);
	qsort(tw, (size_t)n, sizeof(double), cmp_double);
	double mb = (double)len / 1e6;
	printf("units=%zu bytes=%zu parse_mbs=%.1f write_mbs=%.1f\n", units, len, mb / tp[n / 2],
	       mb / tw[n / 2]);
	free(tp);
	free(tw);
	free(data);
	return 0;
}
