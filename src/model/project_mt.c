/* A project's own machine-translation credentials (model/project_mt.h). */
#include "model/project_mt.h"
#include "core/utf8.h"
#include "mt/mt_config.h"

#include <stddef.h>
#include <string.h>

/*
 * The fields of an engine's entry, as edit-project and the CLI name them.
 * region and folder share a column: each is one engine's.
 */
static const struct mt_field {
	const char *name;
	const char *engine;	/* NULL: every engine's */
	size_t offset;		/* in struct project_mt */
	size_t min, max;	/* bytes */
	bool url;
} fields[] = {
	{ "key", NULL, offsetof(struct project_mt, key), 1, 512, false },
	{ "region", "microsoft", offsetof(struct project_mt, region), 0, 128, false },
	{ "folder", "yandex", offsetof(struct project_mt, region), 0, 128, false },
	{ "url", NULL, offsetof(struct project_mt, base_url), 0, 2048, true },
};
#define N_FIELDS (sizeof(fields) / sizeof(fields[0]))

static const char **slot(struct project_mt *m, const struct mt_field *f)
{
	return (const char **)((char *)m + f->offset);
}

static bool engine_has(const struct mt_field *f, const char *engine)
{
	return !f->engine || !strcmp(f->engine, engine);
}

static int unknown_engine(void)
{
	model_set_why("MT engines are microsoft, google, yandex, deepl and libretranslate");
	return MODEL_INVALID;
}

int project_mt_put(struct project_mt *m, const char *engine, const char *name, const char *value)
{
	if (!mt_engine_known(engine))
		return unknown_engine();
	for (size_t i = 0; i < N_FIELDS; i++)
		if (!strcmp(fields[i].name, name) && engine_has(&fields[i], engine)) {
			*slot(m, &fields[i]) = value;
			return MODEL_OK;
		}
	model_set_why("an MT engine's fields are key and url, region (microsoft) and folder (yandex)");
	return MODEL_INVALID;
}

/* No CR, LF or other control bytes: keys and regions go into headers as they are. */
static bool printable(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			return false;
	return true;
}

static int check(const struct project_mt *v, const char *engine)
{
	for (size_t i = 0; i < N_FIELDS; i++) {
		const struct mt_field *f = &fields[i];
		const char *s = *slot((struct project_mt *)v, f);
		size_t n = strlen(s);
		if (!engine_has(f, engine))
			continue;
		bool ok = n >= f->min && n <= f->max && utf8_valid(s, n, NULL) && printable(s);
		if (f->url)	/* the check of every URL setting (SET_URL) */
			ok = ok && project_url_ok(s, f->max);
		if (!ok) {
			model_set_why(f->url ? "an MT url is http:// or https://, at most 2048 bytes"
				      : "an MT key is 1 to 512 bytes, a region or folder at most 128, "
				      "of text without control characters");
			return MODEL_INVALID;
		}
	}
	return MODEL_OK;
}

int project_mt_get(struct db_conn *c, struct arena *a, int64_t project_id, const char *engine,
		   struct project_mt *out)
{
	struct db_stmt *st = db_query(c, "SELECT api_key, region, base_url FROM project_mt "
				      "WHERE project_id = ? AND engine = ?", "is", project_id, engine);
	if (!st)
		return MODEL_ERROR;
	int rc = db_step(st);
	if (rc == 1)
		*out = (struct project_mt){ arena_strdup(a, db_col_text(st, 0)),
					    arena_strdup(a, db_col_text(st, 1)),
					    arena_strdup(a, db_col_text(st, 2)) };
	db_done(st);
	return rc == 1 ? MODEL_OK : rc == 0 ? MODEL_NOT_FOUND : MODEL_ERROR;
}

static int remove_entry(struct db_conn *c, int64_t project_id, const char *engine,
			const struct project_mt *m)
{
	if ((m->region && *m->region) || (m->base_url && *m->base_url)) {
		model_set_why("an empty MT key removes the engine's entry: no region, folder or url with it");
		return MODEL_INVALID;
	}
	return db_exec(c, "DELETE FROM project_mt WHERE project_id = ? AND engine = ?", "is",
		       project_id, engine) ? MODEL_ERROR : MODEL_OK;
}

static int write_entry(struct db_conn *c, int64_t project_id, const char *engine,
		       const struct project_mt *v)
{
	return db_exec(c, "INSERT INTO project_mt (project_id, engine, api_key, region, base_url) "
		       "VALUES (?, ?, ?, ?, ?) ON CONFLICT (project_id, engine) DO UPDATE SET "
		       "api_key = excluded.api_key, region = excluded.region, "
		       "base_url = excluded.base_url", "issss", project_id, engine, v->key, v->region,
		       v->base_url) ? MODEL_ERROR : MODEL_OK;
}

int project_mt_set(struct db_conn *c, int64_t project_id, const char *engine,
		   const struct project_mt *m)
{
	if (!mt_engine_known(engine))
		return unknown_engine();
	if (m->key && !*m->key)
		return remove_entry(c, project_id, engine, m);
	struct arena a;
	arena_init(&a);
	struct project_mt v = { "", "", "" };
	int rc = project_mt_get(c, &a, project_id, engine, &v);
	if (rc == MODEL_OK || rc == MODEL_NOT_FOUND) {
		v = (struct project_mt){ m->key ? m->key : v.key, m->region ? m->region : v.region,
					 m->base_url ? m->base_url : v.base_url };
		if (!*v.key) {	/* a project URL must never receive the server's key */
			model_set_why("an MT region, folder or url needs the project's own key with it");
			rc = MODEL_INVALID;
		} else {
			rc = check(&v, engine);
		}
	}
	if (!rc)
		rc = write_entry(c, project_id, engine, &v);
	arena_release(&a);
	return rc;
}

int project_mt_conf(struct db_conn *c, struct arena *a, const struct config *cfg,
		    int64_t project_id, const char *engine, struct mt_conf *out)
{
	if (mt_conf_from_config(out, cfg, engine)) {
		model_set_why("unknown MT engine");
		return MODEL_INVALID;
	}
	struct project_mt m;
	int rc = project_mt_get(c, a, project_id, engine, &m);
	if (rc)
		return rc == MODEL_NOT_FOUND ? MODEL_OK : rc;
	/* the server's region or folder id belongs to the server's key */
	out->region = out->folder_id = NULL;
	mt_conf_override(out, m.key, m.region, m.base_url);
	return MODEL_OK;
}

bool project_mt_ready(const struct mt_conf *c)
{
	return (c->key && *c->key) ||
	       (!strcmp(c->engine, "libretranslate") && c->base_url && *c->base_url);
}

int project_mt_engines(struct db_conn *c, struct arena *a, const struct config *cfg,
		       int64_t project_id, struct mt_conf **out, size_t *n)
{
	size_t all = 0;
	while (mt_engine_names[all])
		all++;
	*out = arena_alloc(a, all * sizeof(**out));
	*n = 0;
	for (size_t i = 0; i < all; i++) {
		int rc = project_mt_conf(c, a, cfg, project_id, mt_engine_names[i], &(*out)[*n]);
		if (rc)
			return rc;
		*n += project_mt_ready(&(*out)[*n]);
	}
	return MODEL_OK;
}
