/*
 * QA checks (src/model/qa.h): any pair of texts, in every placeholder
 * syntax, with any glossary, must be checked without crashing, and every
 * message must be non-empty, NUL-terminated valid UTF-8 even when the texts
 * are not.  Issues come one per check, in table order.  Input: NUL-separated
 * source, translation, then glossary terms as "term=translation"; the
 * first byte picks the syntax, the second the maximum length.
 * The same input drives the editor's glue (model/editor_write.h): the
 * source as a project's QA setting and as plural forms, the translation as
 * the forms saved, and the placeholders offered for insertion.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/utf8.h"
#include "model/editor_write.h"
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

	struct arena a;
	arena_init(&a);
	const char **ph;
	size_t n_ph = qa_placeholders(&a, in.source, in.syntax, &ph);
	for (size_t i = 0; i < n_ph; i++)
		if (!*ph[i])
			abort();
	struct editor_qa_input eq = {
		.source = in.source, .source_plural = in.source, .text = in.translation,
		.plural = in.translation, .syntax = editor_syntax(NULL, in.source),
		.max_length = in.max_length, .terms = terms, .n_terms = in.n_terms,
	};
	editor_qa_levels(in.source, &eq.disabled, &eq.blocking);
	struct editor_qa qa;
	editor_qa_run(&a, &eq, &qa);
	bool blocked = false;
	for (size_t i = 0; i < qa.n; i++)
		blocked |= qa.v[i].issue.severity == QA_ERROR;
	if (blocked != qa.blocked)
		abort();
	arena_release(&a);
	free(copy);
	return 0;
}
