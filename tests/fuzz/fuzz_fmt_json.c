#include <jansson.h>

#include "fuzz_fmt.h"

/* The tokenizer must accept exactly what jansson accepts (see jsontok.h). */
static void cross_check(const uint8_t *data, size_t size)
{
	struct fmt_doc doc;
	struct fmt_error err;
	json_error_t je;
	bool ours = fmt_parse(&fmt_json, (const char *)data, size, NULL, &doc, &err) == 0;
	if (ours)
		fmt_doc_free(&doc);
	bool bom = size >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0;
	json_t *j = json_loadb((const char *)data, size, JSON_REJECT_DUPLICATES |
			       JSON_DECODE_ANY, &je);
	json_decref(j);
	if (memchr(data, 0, size))
		return;	/* jansson's buffer reader stops at a NUL byte; we reject it */
	if (bom || (!ours && strstr(err.msg, "nesting")))
		return;	/* our additions: byte order mark, depth 256 */
	if (!j && (strstr(je.text, "too big") || strstr(je.text, "overflow")))
		return;	/* numbers are kept as written, never converted */
	if (ours != (j != NULL)) {
		fprintf(stderr, "tokenizer %s, jansson %s: %s / %s\n", ours ? "accepts" : "rejects",
			j ? "accepts" : "rejects", err.msg, je.text);
		abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	cross_check(data, size);
	fuzz_format(&fmt_json, data, size);
	return 0;
}
