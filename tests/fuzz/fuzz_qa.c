/*
 * QA checks (src/model/qa.h): any pair of texts, in every placeholder
 * syntax, with any glossary, must be checked without crashing, and every
 * message must be non-empty, NUL-terminated valid UTF-8 even when the texts
 * are not.  Issues come one per check, in table order.  Input: NUL-separated
 * source, translation, then glossary terms as "term=translation"; the
 * first byte picks the syntax, the second the maximum length.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/utf8.h"
#include "model/qa.h"

#define MAX_TERMS 8

static void check_result(const struct qa_result *res)
{
	bool blocked = false;
	if (res->n > QA_CHECK_COUNT)
		abort();
	for (size_t i = 0; i < res->n; i++) {
		const struct qa_issue *is = &res->issues[i];
		size_t len = strnlen(is->message, QA_MESSAGE_MAX);
		if (len == 0 || len == QA_MESSAGE_MAX || !utf8_valid(is->message, len, NULL))
			abort();
		if (i && is->check <= res->issues[i - 1].check)
			abort();
		blocked |= is->severity == QA_ERROR;
	}
	if (blocked != res->blocked)
		abort();
}

/* The next NUL-terminated piece of the copy, or "" past its end. */
static const char *next_piece(char **at, const char *end)
{
	if (*at >= end)
		return "";
	const char *piece = *at;
	*at += strlen(piece) + 1;
	return piece;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 2)
		return 0;
	char *copy = malloc(size + 1);
	memcpy(copy, data + 2, size - 2);
	copy[size - 2] = '\0';
	char *at = copy, *end = copy + size - 2;
	struct qa_term terms[MAX_TERMS];
	const char *targets[MAX_TERMS];
	struct qa_input in = {
		.syntax = (enum qa_syntax)(data[0] % QA_SYNTAX_COUNT),
		.max_length = data[1],
		.blocking = QA_BIT(data[1] % QA_CHECK_COUNT),
		.terms = terms,
	};
	in.source = next_piece(&at, end);
	in.translation = next_piece(&at, end);
	while (at < end && in.n_terms < MAX_TERMS) {
		char *term = (char *)next_piece(&at, end), *eq = strchr(term, '=');
		if (eq)
			*eq = '\0';
		targets[in.n_terms] = eq ? eq + 1 : term;
		terms[in.n_terms] = (struct qa_term){ term, &targets[in.n_terms], 1 };
		in.n_terms++;
	}
	struct qa_result res;
	qa_check(&in, &res);
	check_result(&res);
	free(copy);
	return 0;
}
