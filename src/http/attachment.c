#include "http/attachment.h"
#include "core/buf.h"

#include <stdbool.h>
#include <string.h>

/* RFC 5987 attr-char: sent as is in filename*; everything else is %XX. */
static bool attr_char(unsigned char ch)
{
	return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
	       strchr("!#$&+-.^_`|~", ch) != NULL;
}

static bool plain_char(unsigned char ch)
{
	return ch >= 0x20 && ch < 0x7f && ch != '"' && ch != '\\';
}

const char *http_attachment(struct arena *a, const char *filename)
{
	/* the file's base name only: a path in a header helps nobody */
	const char *slash = strrchr(filename, '/');
	const char *name = slash ? slash + 1 : filename;
	if (!*name)
		name = "download";
	bool plain = true;
	struct buf b;
	buf_init(&b, 0);
	buf_adds(&b, "attachment; filename=\"");
	for (const unsigned char *p = (const unsigned char *)name; *p; p++) {
		plain &= plain_char(*p);
		buf_addc(&b, plain_char(*p) ? (char)*p : '_');
	}
	buf_addc(&b, '"');
	if (!plain) {
		static const char hex[] = "0123456789ABCDEF";
		buf_adds(&b, "; filename*=UTF-8''");
		for (const unsigned char *p = (const unsigned char *)name; *p; p++) {
			if (attr_char(*p)) {
				buf_addc(&b, (char)*p);
			} else {
				buf_addc(&b, '%');
				buf_addc(&b, hex[*p >> 4]);
				buf_addc(&b, hex[*p & 15]);
			}
		}
	}
	const char *out = arena_strndup(a, b.data, b.len);
	buf_release(&b);
	return out;
}
