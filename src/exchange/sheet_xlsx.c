/*
 * XLSX rows for the spreadsheet uploads: the first sheet of the workbook.
 *
 * The zip is read with libarchive (zip format only, from memory), twice:
 * first xl/workbook.xml, its relationships and xl/sharedStrings.xml, then
 * the sheet the workbook names first.  Every part is decompressed into a
 * buffer with a hard cap, counting the bytes actually produced (declared
 * sizes are not trusted), per part and for the whole file: a zip bomb
 * ends in a clean error.  The XML parts go through the hardened reader
 * (xread.c).  Cell values: shared and inline strings (rich text runs
 * joined, phonetic runs left out, _xHHHH_ escapes decoded), numbers and
 * formula results as written, booleans as TRUE/FALSE.
 */
#include "exchange/xch_int.h"
#include "core/mem.h"
#include "core/utf8.h"

#include <archive.h>
#include <archive_entry.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NS_REL "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
#define NS_REL_STRICT "http://purl.oclc.org/ooxml/officeDocument/relationships"

enum { P_WORKBOOK, P_RELS, P_STRINGS, P_SHEET, P_COUNT };

struct xlsx {
	const char *data;
	size_t len, total;	/* total: bytes decompressed so far */
	char *name[P_COUNT];	/* part names; NULL: not wanted in this pass */
	struct buf part[P_COUNT];
	bool found[P_COUNT];
	char **strings;
	size_t n_strings;
	const char *cur;	/* the XML part being read, for messages */
	struct xch_error *err;
};

/* ---- zip ---------------------------------------------------------------- */

static int read_entry(struct xlsx *z, struct archive *a, int i, const char *name)
{
	char chunk[16384];
	struct buf *b = &z->part[i];
	buf_reset(b);
	z->found[i] = true;
	for (;;) {
		la_ssize_t n = archive_read_data(a, chunk, sizeof(chunk));
		if (n == 0)
			return 0;
		if (n < 0)
			return xch_fail(z->err, 0, "XLSX: cannot read %s: %s", name,
					archive_error_string(a) ? archive_error_string(a) : "?");
		z->total += (size_t)n;
		if (z->total > XCH_MAX_ZIP_TOTAL)
			return xch_fail(z->err, 0, "XLSX: more than %u bytes once decompressed "
					"(a zip bomb?)", XCH_MAX_ZIP_TOTAL);
		if (b->len + (size_t)n > XCH_MAX_ZIP_ENTRY || buf_add(b, chunk, (size_t)n))
			return xch_fail(z->err, 0, "XLSX: %s is larger than %u bytes once "
					"decompressed (a zip bomb?)", name, XCH_MAX_ZIP_ENTRY);
	}
}

/* One pass over the archive, reading the parts named in z->name. */
static int zip_pass(struct xlsx *z)
{
	struct archive *a = archive_read_new();
	struct archive_entry *e;
	int rc = 0, r;
	archive_read_support_format_zip(a);
	if (archive_read_open_memory(a, z->data, z->len) != ARCHIVE_OK) {
		rc = xch_fail(z->err, 0, "XLSX: not a zip archive (%s)",
			      archive_error_string(a) ? archive_error_string(a) : "?");
		goto out;
	}
	while (rc == 0 && (r = archive_read_next_header(a, &e)) != ARCHIVE_EOF) {
		if (r < ARCHIVE_WARN) {
			rc = xch_fail(z->err, 0, "XLSX: damaged zip archive (%s)",
				      archive_error_string(a) ? archive_error_string(a) : "?");
			break;
		}
		const char *path = archive_entry_pathname(e);
		if (path && path[0] == '/')
			path++;
		for (int i = 0; path && i < P_COUNT; i++)
			if (z->name[i] && !z->found[i] && strcmp(path, z->name[i]) == 0) {
				rc = read_entry(z, a, i, z->name[i]);
				break;
			}
	}
out:
	archive_read_free(a);
	return rc;
}

/* ---- XML parts ---------------------------------------------------------- */

static int open_part(struct xlsx *z, struct xr *x, int i)
{
	z->cur = z->name[i];
	return xr_open(x, z->part[i].data, z->part[i].len, NULL, z->err);
}

/* Decode the _xHHHH_ escapes of OOXML strings in place. */
static void decode_xstring(struct buf *b)
{
	size_t w = 0;
	for (size_t r = 0; r < b->len;) {
		unsigned long cp;
		char *end, hex[5];
		if (r + 7 <= b->len && b->data[r] == '_' && b->data[r + 1] == 'x' &&
		    b->data[r + 6] == '_') {
			memcpy(hex, b->data + r + 2, 4);
			hex[4] = '\0';
			cp = strtoul(hex, &end, 16);
			char u[4];
			size_t n = end == hex + 4 ? utf8_encode((uint32_t)cp, u) : 0;
			if (n && n <= 7 && cp != 0) {
				memcpy(b->data + w, u, n);
				w += n;
				r += 7;
				continue;
			}
		}
		b->data[w++] = b->data[r++];
	}
	b->len = w;
	b->data[w] = '\0';
}

/* Text of an <si> or <is>: its <t>s, outside phonetic runs (<rPh>). */
static int read_rich(struct xr *x, struct buf *out)
{
	if (xr_empty(x))
		return 0;
	int depth = xr_depth(x), rph = -1, rc;
	while ((rc = xr_inside(x, depth)) > 0) {
		int d = xr_depth(x);
		if (xr_type(x) == XML_READER_TYPE_END_ELEMENT) {
			if (d == rph)
				rph = -1;
		} else if (rph < 0 && xr_is(x, "rPh") && !xr_empty(x)) {
			rph = d;
		} else if (rph < 0 && xr_is(x, "t") && xr_text(x, out)) {
			return -1;
		}
	}
	if (rc == 0)
		decode_xstring(out);
	return rc;
}

static int load_strings(struct xlsx *z)
{
	struct xr x;
	size_t alloc = 0;
	int rc = open_part(z, &x, P_STRINGS);
	while (rc == 0 && (rc = xr_next(&x)) > 0) {
		rc = 0;
		if (!xr_is(&x, "si"))
			continue;
		if (z->n_strings == XCH_MAX_STRINGS) {
			rc = xr_fail(&x, "more than %u shared strings", XCH_MAX_STRINGS);
			break;
		}
		struct buf b;
		buf_init(&b, XCH_MAX_TEXT);
		if ((rc = read_rich(&x, &b)) != 0) {
			buf_release(&b);
			break;
		}
		if (z->n_strings == alloc) {
			alloc = alloc ? alloc * 2 : 256;
			z->strings = xrealloc(z->strings, alloc * sizeof(*z->strings));
		}
		z->strings[z->n_strings++] = buf_detach(&b, NULL);
	}
	xr_close(&x);
	if (rc < 0 && !z->err->msg[0])
		xch_fail(z->err, 0, "XLSX: xl/sharedStrings.xml is damaged");
	return rc < 0 ? -1 : 0;
}

/* The r:id of the workbook's first <sheet>. */
static int first_sheet_rid(struct xlsx *z, char **rid)
{
	struct xr x;
	*rid = NULL;
	int rc = open_part(z, &x, P_WORKBOOK);
	while (rc == 0 && (rc = xr_next(&x)) > 0) {
		rc = 0;
		if (!xr_is(&x, "sheet"))
			continue;
		rc = xr_attr_ns(&x, "id", NS_REL, rid);
		if (rc == 0 && !*rid)
			rc = xr_attr_ns(&x, "id", NS_REL_STRICT, rid);
		break;
	}
	xr_close(&x);
	if (rc < 0)
		return -1;
	return *rid ? 0 : xch_fail(z->err, 0, "XLSX: the workbook names no sheet");
}

/* The part name the relationship rid points to (caller frees). */
static int sheet_target(struct xlsx *z, const char *rid, char **name)
{
	struct xr x;
	*name = NULL;
	int rc = open_part(z, &x, P_RELS);
	while (rc == 0 && !*name && (rc = xr_next(&x)) > 0) {
		char *id = NULL, *target = NULL;
		rc = 0;
		if (!xr_is(&x, "Relationship"))
			continue;
		if ((rc = xr_attr(&x, "Id", &id)) == 0 && id && strcmp(id, rid) == 0 &&
		    (rc = xr_attr(&x, "Target", &target)) == 0 && target) {
			struct buf b;
			buf_init(&b, 0);
			buf_printf(&b, "%s%s", target[0] == '/' ? "" : "xl/",
				   target + (target[0] == '/'));
			*name = buf_detach(&b, NULL);
		}
		free(id);
		free(target);
	}
	xr_close(&x);
	if (rc < 0)
		return -1;
	return *name ? 0 : xch_fail(z->err, 0, "XLSX: the workbook's first sheet (%s) has no "
				   "part in xl/_rels/workbook.xml.rels", rid);
}

/* ---- the sheet ---------------------------------------------------------- */

struct row {
	struct buf cell[XCH_MAX_COLS];
	const char *cells[XCH_MAX_COLS];
	size_t n;		/* columns up to the last cell with a value */
	size_t number;
};

/* "BC12" -> column 54 (0-based); SIZE_MAX when r has no letters. */
static size_t column_of(const char *r)
{
	size_t col = 0;
	const char *p = r;
	for (; *p >= 'A' && *p <= 'Z' && col < 100000; p++)
		col = col * 26 + (size_t)(*p - 'A' + 1);
	return p == r ? SIZE_MAX : col - 1;
}

static int read_cell(struct xlsx *z, struct xr *x, struct row *row, size_t *next_col)
{
	char *ref, *type;
	struct buf v;
	int rc = 0;
	if (xr_attr(x, "r", &ref) || xr_attr(x, "t", &type))
		return -1;
	size_t col = ref ? column_of(ref) : SIZE_MAX;
	if (col == SIZE_MAX)
		col = *next_col;
	*next_col = col + 1;
	buf_init(&v, XCH_MAX_TEXT);
	bool has = false, inl = type && strcmp(type, "inlineStr") == 0;
	int depth = xr_depth(x), more = !xr_empty(x);
	while (more && rc == 0 && (more = xr_inside(x, depth)) > 0) {
		if (xr_depth(x) != depth + 1)
			continue;
		if (inl && xr_is(x, "is")) {
			has = true;
			rc = read_rich(x, &v);
		} else if (!inl && xr_is(x, "v")) {
			has = true;
			rc = xr_text(x, &v);
		}
	}
	if (more < 0)
		rc = -1;
	if (rc == 0 && has && type && strcmp(type, "s") == 0) {
		char *end;
		unsigned long i = strtoul(v.data, &end, 10);
		if (end == v.data || *end || i >= z->n_strings)
			rc = xr_fail(x, "cell %s: no shared string %s", ref ? ref : "", v.data);
		else {
			buf_reset(&v);
			buf_adds(&v, z->strings[i]);
		}
	} else if (rc == 0 && has && type && strcmp(type, "b") == 0) {
		bool yes = strcmp(v.data, "1") == 0;
		buf_reset(&v);
		buf_adds(&v, yes ? "TRUE" : "FALSE");
	}
	if (rc == 0 && has && v.len) {
		if (col >= XCH_MAX_COLS)
			rc = xr_fail(x, "cell %s: more than %d columns", ref ? ref : "",
				     XCH_MAX_COLS);
		else {
			buf_reset(&row->cell[col]);
			buf_add(&row->cell[col], v.data, v.len);
			if (col + 1 > row->n)
				row->n = col + 1;
		}
	}
	buf_release(&v);
	free(ref);
	free(type);
	return rc;
}

static int deliver(struct row *row, sheet_row_fn fn, void *ctx, struct xch_error *err)
{
	if (!row->n)
		return 0;
	for (size_t i = 0; i < row->n; i++)
		row->cells[i] = row->cell[i].data;
	int rc = fn(ctx, row->number, row->cells, row->n);
	return rc ? xch_stopped(err, row->number, rc) : 0;
}

static int read_sheet(struct xlsx *z, sheet_row_fn fn, void *ctx)
{
	struct xr x;
	struct row *row = xcalloc(1, sizeof(*row));
	for (size_t i = 0; i < XCH_MAX_COLS; i++)
		buf_init(&row->cell[i], XCH_MAX_TEXT);
	size_t next_col = 0, last_row = 0;
	int row_depth = -1;
	int rc = open_part(z, &x, P_SHEET);
	while (rc == 0 && (rc = xr_next(&x)) > 0) {
		rc = 0;
		if (xr_type(&x) == XML_READER_TYPE_END_ELEMENT && xr_depth(&x) == row_depth) {
			row_depth = -1;
			rc = deliver(row, fn, ctx, z->err);
		} else if (xr_is(&x, "row")) {
			char *r;
			if ((rc = xr_attr(&x, "r", &r)) != 0)
				break;
			unsigned long n = r ? strtoul(r, NULL, 10) : 0;
			free(r);
			row->number = last_row = n > last_row ? n : last_row + 1;
			for (size_t i = 0; i < row->n; i++)
				buf_reset(&row->cell[i]);
			row->n = 0;
			next_col = 0;
			if (!xr_empty(&x))
				row_depth = xr_depth(&x);
		} else if (row_depth >= 0 && xr_is(&x, "c")) {
			rc = read_cell(z, &x, row, &next_col);
		}
	}
	xr_close(&x);
	for (size_t i = 0; i < XCH_MAX_COLS; i++)
		buf_release(&row->cell[i]);
	free(row);
	return rc;
}

static int missing(struct xlsx *z, int i)
{
	return xch_fail(z->err, 0, "XLSX: the part %s is missing", z->name[i]);
}

int sheet_xlsx_read(const char *data, size_t len, sheet_row_fn fn, void *ctx,
		    struct xch_error *err)
{
	struct xch_error local;
	if (!err)
		err = &local;
	xch_error_clear(err);
	struct xlsx z = { .data = data, .len = len, .err = err };
	char *rid = NULL;
	for (int i = 0; i < P_COUNT; i++)
		buf_init(&z.part[i], 0);
	z.name[P_WORKBOOK] = xstrdup("xl/workbook.xml");
	z.name[P_RELS] = xstrdup("xl/_rels/workbook.xml.rels");
	z.name[P_STRINGS] = xstrdup("xl/sharedStrings.xml");
	int rc = zip_pass(&z);
	if (rc == 0 && !z.found[P_WORKBOOK])
		rc = missing(&z, P_WORKBOOK);
	if (rc == 0 && !z.found[P_RELS])
		rc = missing(&z, P_RELS);
	if (rc == 0 && ((z.found[P_STRINGS] && load_strings(&z)) || first_sheet_rid(&z, &rid) ||
			sheet_target(&z, rid, &z.name[P_SHEET])))
		rc = -1;
	if (rc == 0) {
		z.cur = NULL;
		for (int i = 0; i < P_SHEET; i++) {	/* the second pass reads only the sheet */
			free(z.name[i]);
			z.name[i] = NULL;
			buf_release(&z.part[i]);
		}
		rc = zip_pass(&z);
		if (rc == 0 && !z.found[P_SHEET])
			rc = missing(&z, P_SHEET);
		if (rc == 0)
			rc = read_sheet(&z, fn, ctx);
	}
	if (rc && !err->msg[0])
		xch_fail(err, 0, "XLSX: damaged file");
	if (rc && z.cur && strncmp(err->msg, "XLSX", 4) != 0) {	/* name the part */
		char msg[sizeof(err->msg) + 2 * XCH_MAX_ATTR];
		snprintf(msg, sizeof(msg), "XLSX %s: %s", z.cur, err->msg);
		size_t n = strnlen(msg, sizeof(err->msg) - 1);
		memcpy(err->msg, msg, n);
		err->msg[n] = '\0';
	}
	for (int i = 0; i < P_COUNT; i++) {
		free(z.name[i]);
		buf_release(&z.part[i]);
	}
	for (size_t i = 0; i < z.n_strings; i++)
		free(z.strings[i]);
	free(z.strings);
	free(rid);
	return rc;
}
