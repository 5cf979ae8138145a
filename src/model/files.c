#include "model/files.h"
#include "core/crypto.h"
#include "core/mem.h"
#include "core/utf8.h"
#include "formats/wordcount.h"
#include "core/strset.h"
#include "model/languages.h"
#include "model/stats.h"
#include "model/tm_units.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

char *plural_json(char *const forms[PLURAL_NCATS])
{
	json_t *o = NULL;
	for (int i = 0; i < PLURAL_NCATS; i++) {
		if (!forms[i])
			continue;
		if (!o)
			o = json_object();
		json_object_set_new(o, plural_cat_name(i), json_string(forms[i]));
	}
	if (!o)
		return NULL;
	char *s = json_dumps(o, JSON_COMPACT);
	json_decref(o);
	return s;
}

const char *plural_plain_text(char *const forms[PLURAL_NCATS])
{
	for (int k = PLURAL_OTHER; k >= 0; k--)
		if (forms[k] && *forms[k])
			return forms[k];
	return NULL;
}

char *spelling_pack(const struct fmt_spelling sp[FMT_SPELL_SLOTS])
{
	struct buf b;
	buf_init(&b, 0);
	for (int i = 0; i < FMT_SPELL_SLOTS; i++) {
		if (!sp[i].s || memchr(sp[i].s, 0, sp[i].len) || !utf8_valid(sp[i].s, sp[i].len, NULL))
			continue;
		buf_printf(&b, "%d,%u,%zu:", i, (unsigned)sp[i].ctx, sp[i].len);
		buf_add(&b, sp[i].s, sp[i].len);
	}
	if (!b.len) {
		buf_release(&b);
		return NULL;
	}
	return buf_detach(&b, NULL);
}

bool spelling_unpack(struct arena *a, const char *p, struct fmt_spelling *sp)
{
	bool any = false;
	memset(sp, 0, FMT_SPELL_SLOTS * sizeof(*sp));
	const char *end = p ? p + strlen(p) : NULL;
	while (p && p < end) {
		char *q;
		unsigned long slot = strtoul(p, &q, 10), ctx, len;
		if (*q != ',' || slot >= FMT_SPELL_SLOTS)
			return false;
		ctx = strtoul(q + 1, &q, 10);
		if (*q != ',')
			return false;
		len = strtoul(q + 1, &q, 10);
		if (*q != ':' || len > (size_t)(end - q - 1))
			return false;
		sp[slot] = (struct fmt_spelling){ arena_strndup(a, q + 1, len), len, (uint32_t)ctx };
		p = q + 1 + len;
		any = true;
	}
	return any;
}

void file_options_parse(const char *js, struct fmt_options *o, void **keep)
{
	fmt_options_default(o);
	json_t *j = json_loads(js ? js : "{}", 0, NULL);
	*keep = j;
	if (!json_is_object(j))
		return;
	json_t *v;
	if ((v = json_object_get(j, "scheme")) && json_is_string(v))
		o->scheme = json_string_value(v);
	if ((v = json_object_get(j, "first_line_contains_header")))
		o->first_line_contains_header = json_is_true(v);
	if ((v = json_object_get(j, "escape_quotes")) && json_is_integer(v))
		o->escape_quotes = (int)json_integer_value(v);
}

void file_options_free(void *keep)
{
	json_decref(keep);
}

bool file_is_multilingual(const char *type, const char *options_json)
{
	if (strcmp(type, "csv"))
		return false;
	struct fmt_options opt;
	void *keep;
	file_options_parse(options_json, &opt, &keep);
	bool multi = false;
	char *scheme = opt.scheme ? xstrdup(opt.scheme) : NULL, *save = NULL;
	for (char *w = scheme ? strtok_r(scheme, ",", &save) : NULL; w && !multi;
	     w = strtok_r(NULL, ",", &save))
		multi = language_by_code(w) != NULL && strcmp(w, "none");
	free(scheme);
	file_options_free(keep);
	return multi;
}

static bool unit_is_string(const struct unit *u)
{
	return !(u->flags & UNIT_OBSOLETE) && u->key && u->source;
}

/*
 * A file's new strings, written through db_rows, their public ids taken in
 * one step.  A key repeated within the file: the first one wins.
 */
static int insert_units(struct db_conn *c, int64_t project_id, int64_t node_id,
			const struct fmt_doc *doc, struct file_stats *st)
{
	struct strset keys = { 0 };
	int64_t n = 0, next;
	for (size_t i = 0; i < doc->n_units; i++)
		n += unit_is_string(&doc->units[i]) && strset_add(&keys, doc->units[i].key);
	strset_release(&keys);
	if (!n)
		return MODEL_OK;
	if (string_ids_reserve(c, project_id, n, &next))
		return MODEL_ERROR;
	struct db_rows rows;
	db_rows_init(&rows, c, "INSERT INTO string (project_id, public_id, node_id, skey, context, source, "
		     "plural, comment, max_length, hidden, position, words, chars, chars_with_spaces, "
		     "created, updated) VALUES", NULL, NULL);
	int64_t now = time(NULL);
	int rc = MODEL_OK;
	for (size_t i = 0; i < doc->n_units && !rc; i++) {
		const struct unit *u = &doc->units[i];
		if (!unit_is_string(u) || !strset_add(&keys, u->key))
			continue;
		struct text_counts tc = { 0 };
		text_count(u->source, strlen(u->source), NULL, &tc);
		bool hidden = u->flags & UNIT_HIDDEN;
		char *pj = (u->flags & UNIT_PLURAL) ? plural_json(u->plural) : NULL;
		if (db_rows_add(&rows, "iiisssssiiiiiiii", project_id, next++, node_id, u->key,
				u->context, u->source, pj, u->comment, (int64_t)u->max_length,
				(int64_t)hidden, (int64_t)i, (int64_t)tc.words, (int64_t)tc.chars,
				(int64_t)tc.chars_with_spaces, now, now))
			rc = MODEL_ERROR;
		free(pj);
		if (st && !hidden) {
			st->strings++;
			st->words += (int64_t)tc.words;
		}
	}
	if (!rc && (db_rows_flush(&rows) || stats_recount(c, node_id, 0)))
		rc = MODEL_ERROR;
	strset_release(&keys);
	db_rows_release(&rows);
	return rc;
}

int file_add(struct db_conn *c, int64_t project_id, const struct file_new *f, int64_t *node_id,
	     struct file_stats *st)
{
	int64_t id;
	if (stats_dups_lock(c, project_id))
		return MODEL_ERROR;
	int rc = node_create(c, project_id, f->parent_id, NODE_FILE, f->name, f->title, NULL, &id);
	if (rc)
		return rc;
	char hash[65];
	crypto_sha256_hex(f->data, f->len, hash);
	if (db_exec(c, "UPDATE node SET file_type = ?, options = ?, content = ?, content_hash = ?, "
		    "revision = 1 WHERE id = ?", "ssbsi", f->type, f->options_json ? f->options_json : "{}",
		    f->data, f->len, hash, id))
		return MODEL_ERROR;
	/* after the options: whether the pattern must name the language depends on them */
	if (f->export_pattern && (rc = node_set_export_pattern(c, id, f->export_pattern)))
		return rc;
	memset(st, 0, sizeof(*st));
	struct dup_share none = { 0 }, share;
	rc = insert_units(c, project_id, id, f->doc, st);
	if (!rc && (stats_dups_of_node(c, id, &share) ||
		    stats_dups_apply(c, project_id, &none, &share)))
		rc = MODEL_ERROR;
	if (rc)
		return rc;
	*node_id = id;
	struct event_new e = { .project_id = project_id, .account_id = f->account_id, .node_id = id,
			       .kind = "file.added", .origin = "crowdin-v1" };
	return event_add(c, &e);
}

/* ---- update ---- */

struct existing {
	int64_t id, public_id;
	const char *key, *source, *plural;
	bool seen;
};

static int cmp_existing_id(const void *a, const void *b)
{
	int64_t x = ((const struct existing *)a)->id, y = ((const struct existing *)b)->id;
	return x < y ? -1 : x > y;
}

/* A file's strings, by id, and found by key. */
struct string_index {
	struct existing *v;
	size_t n;
	struct strset keys;	/* each key tagged with its index in v */
	struct arena a;		/* the texts */
};

static int load_index(struct db_conn *c, int64_t project_id, int64_t node_id,
		      struct string_index *ix)
{
	memset(ix, 0, sizeof(*ix));
	arena_init(&ix->a);
	/* with the project: the node's strings in file order on string_order */
	struct db_stmt *st = db_query(c, "SELECT id, skey, source, COALESCE(plural, ''), public_id "
				      "FROM string WHERE project_id = ? AND node_id = ?", "ii",
				      project_id, node_id);
	if (!st)
		return MODEL_ERROR;
	size_t cap = 0;
	int rc;
	while ((rc = db_step(st)) == 1) {
		if (ix->n == cap)
			ix->v = xrealloc(ix->v, (cap = cap ? cap * 2 : 256) * sizeof(*ix->v));
		struct existing *e = &ix->v[ix->n++];
		e->id = db_col_int(st, 0);
		e->key = arena_strdup(&ix->a, db_col_text(st, 1));
		e->source = arena_strdup(&ix->a, db_col_text(st, 2));
		e->plural = arena_strdup(&ix->a, db_col_text(st, 3));
		e->public_id = db_col_int(st, 4);
		e->seen = false;
	}
	db_done(st);
	if (rc < 0)
		return MODEL_ERROR;
	/* by id: what is done to every string (deletes) goes in one order on both backends */
	if (ix->n)
		qsort(ix->v, ix->n, sizeof(*ix->v), cmp_existing_id);
	for (size_t i = 0; i < ix->n; i++) {
		char *k = arena_alloc(&ix->a, strset_tagged_len(ix->v[i].key));
		strset_add(&ix->keys, strset_tag(k, ix->v[i].key, i));
	}
	return MODEL_OK;
}

static void free_index(struct string_index *ix)
{
	strset_release(&ix->keys);
	arena_release(&ix->a);
	free(ix->v);
}

static struct existing *find_key(struct string_index *ix, const char *key)
{
	const char *k = strset_get(&ix->keys, key);
	return k ? &ix->v[strset_tag_of(k)] : NULL;
}

static int update_string(struct db_conn *c, struct existing *e, const struct unit *u,
			 const char *pj, size_t position, enum update_option opt)
{
	bool changed = strcmp(e->source, u->source) != 0 || strcmp(e->plural, pj ? pj : "") != 0;
	if (changed && opt == UPDATE_DROP_TRANSLATIONS &&
	    db_exec(c, "DELETE FROM translation WHERE string_id = ?", "i", e->id))
		return MODEL_ERROR;
	if (changed && opt == UPDATE_AS_UNAPPROVED &&
	    db_exec(c, "UPDATE translation SET approved = 0, approver_id = NULL, approved_at = 0 "
		    "WHERE string_id = ?", "i", e->id))
		return MODEL_ERROR;
	struct text_counts tc;
	text_count(u->source, strlen(u->source), NULL, &tc);
	return db_exec(c, "UPDATE string SET source = ?, plural = ?, context = ?, comment = ?, "
		       "max_length = ?, hidden = ?, position = ?, words = ?, chars = ?, "
		       "chars_with_spaces = ?, updated = CASE WHEN ? = 1 THEN ? ELSE updated END "
		       "WHERE id = ?",
		       "ssssiiiiiiiii", u->source, pj, u->context, u->comment, (int64_t)u->max_length,
		       (int64_t)((u->flags & UNIT_HIDDEN) != 0), (int64_t)position, (int64_t)tc.words,
		       (int64_t)tc.chars, (int64_t)tc.chars_with_spaces, (int64_t)changed,
		       (int64_t)time(NULL), e->id) ? MODEL_ERROR : MODEL_OK;
}

int file_update(struct db_conn *c, int64_t project_id, int64_t account_id, int64_t node_id,
		const char *data, size_t len, const struct fmt_doc *doc, enum update_option opt,
		bool *changed)
{
	char hash[65];
	crypto_sha256_hex(data, len, hash);
	struct db_stmt *st = db_query(c, "SELECT content_hash FROM node WHERE id = ?", "i", node_id);
	if (!st)
		return MODEL_ERROR;
	*changed = !(db_step(st) == 1 && strcmp(db_col_text(st, 0), hash) == 0);
	db_done(st);
	if (!*changed)
		return MODEL_OK;

	struct dup_share dups_before, dups_after;
	if (stats_dups_lock(c, project_id) || stats_dups_of_node(c, node_id, &dups_before))
		return MODEL_ERROR;
	struct string_index ix;
	int rc = load_index(c, project_id, node_id, &ix);
	struct fmt_doc fresh = { 0 };	/* units not yet in the file */
	for (size_t i = 0; !rc && i < doc->n_units; i++) {
		const struct unit *u = &doc->units[i];
		if (!unit_is_string(u))
			continue;
		struct existing *e = find_key(&ix, u->key);
		if (!e || e->seen) {
			if (!e)
				*fmt_doc_add_unit(&fresh) = *u;	/* shallow: freed below without fmt_doc_free */
			continue;
		}
		e->seen = true;
		char *pj = (u->flags & UNIT_PLURAL) ? plural_json(u->plural) : NULL;
		rc = update_string(c, e, u, pj, i, opt);
		free(pj);
	}
	for (size_t i = 0; !rc && i < ix.n; i++)
		if (!ix.v[i].seen && string_delete(c, ix.v[i].id))
			rc = MODEL_ERROR;
	if (!rc)
		rc = insert_units(c, project_id, node_id, &fresh, NULL);
	free(fresh.units);
	free_index(&ix);
	if (rc)
		return rc;
	/* new strings take their place after the kept ones; positions follow the file */
	if (db_exec(c, "UPDATE node SET content = ?, content_hash = ?, revision = revision + 1, "
		    "updated = ? WHERE id = ?", "bsii", data, len, hash, (int64_t)time(NULL), node_id) ||
	    stats_recount_node(c, node_id) || stats_dups_of_node(c, node_id, &dups_after) ||
	    stats_dups_apply(c, project_id, &dups_before, &dups_after))
		return MODEL_ERROR;
	struct event_new e = { .project_id = project_id, .account_id = account_id, .node_id = node_id,
			       .kind = "file.updated", .origin = "crowdin-v1" };
	return event_add(c, &e);
}

/* ---- import of a translated file ---- */

/*
 * The translations a file already has in one language, as "string id \x1f text
 * \x1f plural" keys with their spelling: an import skips what is there with
 * one lookup in memory instead of a query per string.
 */
static const char *existing_key(struct arena *a, const char *key, const char *spelling)
{
	/* the spelling rides behind the key's NUL: the set compares keys only */
	size_t kl = strlen(key), sl = spelling ? strlen(spelling) : 0;
	char *v = arena_alloc(a, kl + sl + 2);
	memcpy(v, key, kl + 1);
	if (sl)
		memcpy(v + kl + 1, spelling, sl + 1);
	return v;
}

static int load_existing(struct db_conn *c, int64_t project_id, int64_t node_id, int language_id,
			 struct strset *set, struct arena *a)
{
	struct db_stmt *st = db_query(c, "SELECT t.string_id, t.text, COALESCE(t.plural, ''), "
				      "COALESCE(t.spelling, '') FROM translation t JOIN string s ON "
				      "s.id = t.string_id WHERE s.project_id = ? AND s.node_id = ? "
				      "AND t.language_id = ?", "iii", project_id, node_id,
				      (int64_t)language_id);
	if (!st)
		return MODEL_ERROR;
	int rc;
	while ((rc = db_step(st)) == 1) {
		const char *key = arena_printf(a, "%lld\x1f%s\x1f%s", (long long)db_col_int(st, 0),
					       db_col_text(st, 1), db_col_text(st, 2));
		strset_add(set, existing_key(a, key, db_col_text(st, 3)));
	}
	db_done(st);
	return rc < 0 ? MODEL_ERROR : MODEL_OK;
}

/*
 * The same translation uploaded again: its stored spelling becomes the new
 * file's (a reformatted file exports as it now is).  Rows changed, or -1.
 */
static int64_t respell(struct db_conn *c, int64_t string_id, int language_id, const char *text,
		       const char *pj, const char *sj)
{
	struct db_stmt *st = db_query(c, "UPDATE translation SET spelling = ? WHERE string_id = ? "
				      "AND language_id = ? AND text = ? AND COALESCE(plural, '') = ? "
				      "AND COALESCE(spelling, '') <> ? RETURNING id", "siisss", sj,
				      string_id, (int64_t)language_id, text, pj ? pj : "",
				      sj ? sj : "");
	int64_t n = 0;
	int rc;
	while (st && (rc = db_step(st)) == 1)
		n++;
	db_done(st);
	return !st || rc < 0 ? -1 : n;
}

/* Spellings of an uploaded file: FMT_SPELL_SLOTS per unit. */
struct spell_set {
	struct fmt_spelling *v;
	size_t n_units;
};

static void spell_add(void *ctx, size_t unit, int slot, const struct fmt_spelling *sp)
{
	struct spell_set *s = ctx;
	if (unit < s->n_units && slot >= 0 && slot < FMT_SPELL_SLOTS)
		s->v[unit * FMT_SPELL_SLOTS + (size_t)slot] = *sp;
}

static void spell_collect(const struct fmt_doc *doc, struct spell_set *s)
{
	s->n_units = doc->n_units;
	s->v = NULL;
	if (!doc->format || !doc->format->spellings || !doc->n_units)
		return;
	s->v = xcalloc(doc->n_units * FMT_SPELL_SLOTS, sizeof(*s->v));
	doc->format->spellings(doc, spell_add, s);
}

static char *spelling_of(const struct spell_set *s, size_t i)
{
	return s->v ? spelling_pack(&s->v[i * FMT_SPELL_SLOTS]) : NULL;
}

/* One translation an import adds, until its batch is written. */
struct pending {
	struct existing *e;
	const char *text;
	char *plural, *spelling;
};

/* One batch written (model/content.h's translation_rows_add). */
static int import_batch(struct db_conn *c, int64_t project_id, int64_t node_id,
			const struct import_opts *o, struct pending *p, int n)
{
	struct translation_row *r = xcalloc((size_t)(n ? n : 1), sizeof(*r));
	for (int i = 0; i < n; i++)
		r[i] = (struct translation_row){ p[i].e->id, p[i].e->public_id, p[i].text, p[i].plural,
						 p[i].spelling, o->auto_approve, -1 };
	struct translation_rows_opts ro = { o->language_id, o->author_id, "import" };
	int rc = translation_rows_add(c, project_id, node_id, &ro, r, n);
	free(r);
	return rc;
}

static void pending_free(struct pending *p, int n)
{
	for (int i = 0; i < n; i++) {
		free(p[i].plural);
		free(p[i].spelling);
	}
}

int file_import(struct db_conn *c, int64_t project_id, int64_t node_id, const struct fmt_doc *doc,
		const struct import_opts *o, int64_t *added)
{
	struct string_index ix;
	struct spell_set spells;
	struct strset have = { 0 };
	struct arena a;
	arena_init(&a);
	int rc = load_index(c, project_id, node_id, &ix);
	if (!rc && !o->import_duplicates)
		rc = load_existing(c, project_id, node_id, o->language_id, &have, &a);
	int64_t respelled = 0;
	spell_collect(doc, &spells);
	struct pending *batch = xcalloc(DB_ROWS_BATCH, sizeof(*batch));
	int n = 0;
	*added = 0;
	for (size_t i = 0; !rc && i < doc->n_units; i++) {
		const struct unit *u = &doc->units[i];
		if (!unit_is_string(u) || (u->flags & (UNIT_FUZZY | UNIT_HIDDEN)))
			continue;
		struct existing *e = find_key(&ix, u->key);
		if (!e)
			continue;
		/* bilingual files carry the translation in target; monolingual ones in source */
		bool bilingual = u->target != NULL;
		for (int k = 0; k < PLURAL_NCATS && !bilingual; k++)
			bilingual = u->target_plural[k] != NULL;
		const char *text = bilingual ? u->target : u->source;
		char *pj = NULL;
		if (u->flags & UNIT_PLURAL) {
			char *const *forms = bilingual ? u->target_plural : u->plural;
			pj = plural_json(forms);
			const char *other = plural_plain_text(forms);
			if (other)
				text = other;
		}
		if (!text || !*text || (!o->import_eq_suggestions && !strcmp(text, e->source))) {
			free(pj);
			continue;
		}
		char *sj = spelling_of(&spells, i);
		if (!o->import_duplicates) {
			const char *key = arena_printf(&a, "%lld\x1f%s\x1f%s", (long long)e->id, text,
						       pj ? pj : "");
			const char *had = strset_get(&have, key);
			if (had) {
				/* the same translation again: keep it, in the file's new spelling */
				const char *old_sj = had + strlen(had) + 1;
				if (strcmp(old_sj, sj ? sj : "")) {
					int64_t k = respell(c, e->id, o->language_id, text, pj, sj);
					rc = k < 0 ? MODEL_ERROR : rc;
					respelled += k > 0;
				}
				free(pj);
				free(sj);
				continue;
			}
			strset_add(&have, existing_key(&a, key, sj));
		}
		batch[n++] = (struct pending){ .e = e, .text = text, .plural = pj, .spelling = sj };
		(*added)++;
		if (n == DB_ROWS_BATCH) {
			rc = import_batch(c, project_id, node_id, o, batch, n);
			pending_free(batch, n);
			n = 0;
		}
	}
	if (!rc && n)
		rc = import_batch(c, project_id, node_id, o, batch, n);
	pending_free(batch, n);
	free(batch);
	free(spells.v);
	free_index(&ix);
	strset_release(&have);
	arena_release(&a);
	/* what came in is translation memory too (docs/tm.md, "Store and sync") */
	if (!rc && *added && (stats_recount(c, node_id, o->language_id) ||
			      tm_units_queue(c, project_id, node_id, o->language_id)))
		rc = MODEL_ERROR;
	/* a new spelling changes the exported files: they are built again */
	if (!rc && respelled && node_touch(c, project_id, node_id))
		rc = MODEL_ERROR;
	return rc;
}
