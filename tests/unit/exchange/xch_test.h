/*
 * Shared harness of the exchange tests (header-only: CMake builds one
 * binary per tests/unit/exchange/test_*.c): fixtures from data/, and
 * collectors that copy what the readers deliver.
 */
#ifndef TOLK_XCH_TEST_H
#define TOLK_XCH_TEST_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <cmocka.h>
#include <libxml/parser.h>

#include "exchange/exchange.h"
#include "core/buf.h"
#include "core/mem.h"

#define CT_MAX 64	/* units a collector keeps */
#define CT_VARS 8

static __attribute__((unused)) char *ct_dup(const char *s)
{
	return s ? xstrdup(s) : NULL;
}

/* A fixture of tests/unit/exchange/data/ (caller frees). */
static __attribute__((unused)) char *ct_load(const char *name, size_t *len)
{
	const char *root = getenv("TOLK_SOURCE_DIR");
	char path[1024];
	snprintf(path, sizeof(path), "%s/tests/unit/exchange/data/%s", root ? root : TOLK_SOURCE_DIR,
		 name);
	FILE *f = fopen(path, "rb");
	if (!f)
		fail_msg("cannot open %s", path);
	struct buf b;
	buf_init(&b, 0);
	char chunk[4096];
	size_t n;
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		buf_add(&b, chunk, n);
	fclose(f);
	return buf_detach(&b, len);
}

/* ---- TMX ---- */

struct ct_tu {
	char *tuid, *srclang, *context;
	time_t created, changed;
	size_t n;
	char *lang[CT_VARS], *text[CT_VARS];
	time_t vcreated[CT_VARS], vchanged[CT_VARS];
};

struct ct_tus {
	struct ct_tu u[CT_MAX];
	size_t n;
	int stop_after;	/* > 0: return 7 after this many */
};

static __attribute__((unused)) int ct_tu_fn(void *ctx, const struct tmx_tu *tu)
{
	struct ct_tus *c = ctx;
	assert_true(c->n < CT_MAX);
	struct ct_tu *u = &c->u[c->n++];
	u->tuid = ct_dup(tu->tuid);
	u->srclang = ct_dup(tu->srclang);
	u->context = ct_dup(tu->context);
	u->created = tu->created;
	u->changed = tu->changed;
	assert_true(tu->n <= CT_VARS);
	u->n = tu->n;
	for (size_t i = 0; i < tu->n; i++) {
		u->lang[i] = ct_dup(tu->v[i].lang);
		u->text[i] = ct_dup(tu->v[i].text);
		u->vcreated[i] = tu->v[i].created;
		u->vchanged[i] = tu->v[i].changed;
	}
	return c->stop_after && (int)c->n >= c->stop_after ? 7 : 0;
}

static __attribute__((unused)) void ct_tus_free(struct ct_tus *c)
{
	for (size_t k = 0; k < c->n; k++) {
		struct ct_tu *u = &c->u[k];
		free(u->tuid);
		free(u->srclang);
		free(u->context);
		for (size_t i = 0; i < u->n; i++) {
			free(u->lang[i]);
			free(u->text[i]);
		}
	}
	memset(c, 0, sizeof(*c));
}

/* Text of language lang in unit u (NULL when absent). */
static __attribute__((unused)) const char *ct_text(const struct ct_tu *u, const char *lang)
{
	for (size_t i = 0; i < u->n; i++)
		if (strcmp(u->lang[i], lang) == 0)
			return u->text[i];
	return NULL;
}

/* ---- TBX ---- */

struct ct_entry {
	char *id, *definition;
	size_t n;	/* languages */
	char *lang[CT_VARS], *ldef[CT_VARS];
	size_t n_terms[CT_VARS];
	char *term[CT_VARS][CT_VARS], *pos[CT_VARS][CT_VARS];
};

struct ct_entries {
	struct ct_entry e[CT_MAX];
	size_t n;
};

static __attribute__((unused)) int ct_entry_fn(void *ctx, const struct tbx_entry *e)
{
	struct ct_entries *c = ctx;
	assert_true(c->n < CT_MAX);
	struct ct_entry *o = &c->e[c->n++];
	o->id = ct_dup(e->id);
	o->definition = ct_dup(e->definition);
	assert_true(e->n_langs <= CT_VARS);
	o->n = e->n_langs;
	for (size_t i = 0; i < e->n_langs; i++) {
		const struct tbx_lang *l = &e->langs[i];
		o->lang[i] = ct_dup(l->lang);
		o->ldef[i] = ct_dup(l->definition);
		assert_true(l->n_terms <= CT_VARS);
		o->n_terms[i] = l->n_terms;
		for (size_t k = 0; k < l->n_terms; k++) {
			o->term[i][k] = ct_dup(l->terms[k].text);
			o->pos[i][k] = ct_dup(l->terms[k].pos);
		}
	}
	return 0;
}

static __attribute__((unused)) void ct_entries_free(struct ct_entries *c)
{
	for (size_t k = 0; k < c->n; k++) {
		struct ct_entry *e = &c->e[k];
		free(e->id);
		free(e->definition);
		for (size_t i = 0; i < e->n; i++) {
			free(e->lang[i]);
			free(e->ldef[i]);
			for (size_t j = 0; j < e->n_terms[i]; j++) {
				free(e->term[i][j]);
				free(e->pos[i][j]);
			}
		}
	}
	memset(c, 0, sizeof(*c));
}

/* ---- XML ---- */

/* True when a strict parser (no recovery, no entities, no network) accepts s. */
static __attribute__((unused)) bool ct_well_formed(const char *s, size_t n)
{
	xmlDocPtr d = xmlReadMemory(s, (int)n, NULL, NULL, XML_PARSE_NONET | XML_PARSE_NOERROR |
				    XML_PARSE_NOWARNING);
	if (d)
		xmlFreeDoc(d);
	return d != NULL;
}

#endif
