#include "store/migrations.h"
#include "core/mem.h"
#include "store/db.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/*
 * Version 1: the whole data model of DESIGN.md.  Times are unix seconds,
 * booleans 0/1, languages are ids from the built-in table (model/languages.h).
 */
static const char v1_schema[] =
	"CREATE TABLE account ("
	" id {{ID}},"
	" login TEXT NOT NULL UNIQUE,"
	" email TEXT NOT NULL,"
	" account_key_hash TEXT NOT NULL,"	/* sha256 hex of the account API key */
	" password_hash TEXT,"			/* argon2id encoded, for a future UI */
	" created BIGINT NOT NULL);"

	"CREATE TABLE project ("
	" id {{ID}},"
	" identifier TEXT NOT NULL UNIQUE,"
	" name TEXT NOT NULL,"
	" owner_id BIGINT NOT NULL REFERENCES account(id),"
	" source_language_id BIGINT NOT NULL,"
	" project_key TEXT NOT NULL UNIQUE,"	/* Crowdin v1 key: returned by the API, so kept */
	" api_token TEXT NOT NULL UNIQUE,"	/* localization.one token */
	" description TEXT NOT NULL DEFAULT '',"
	" join_policy TEXT NOT NULL DEFAULT 'private',"
	" language_access_policy TEXT NOT NULL DEFAULT 'open',"
	" hide_duplicates BIGINT NOT NULL DEFAULT 0,"
	" export_translated_only BIGINT NOT NULL DEFAULT 0,"
	" export_approved_only BIGINT NOT NULL DEFAULT 0,"
	" auto_translate_dialects BIGINT NOT NULL DEFAULT 0,"
	" public_downloads BIGINT NOT NULL DEFAULT 0,"
	" use_global_tm BIGINT NOT NULL DEFAULT 0,"
	" in_context BIGINT NOT NULL DEFAULT 0,"
	" pseudo_language_id BIGINT,"
	" cname TEXT NOT NULL DEFAULT '',"
	" logo {{BLOB}},"
	" logo_type TEXT NOT NULL DEFAULT '',"
	" qa_checks TEXT NOT NULL DEFAULT '{}',"	/* JSON object: check -> 0/1 */
	" webhook_file_translated TEXT NOT NULL DEFAULT '',"
	" webhook_file_proofread TEXT NOT NULL DEFAULT '',"
	" webhook_project_translated TEXT NOT NULL DEFAULT '',"
	" webhook_project_proofread TEXT NOT NULL DEFAULT '',"
	" webhook_url TEXT NOT NULL DEFAULT '',"	/* localization.one */
	" allow_delete_string BIGINT NOT NULL DEFAULT 0,"
	" allow_update_translation BIGINT NOT NULL DEFAULT 0,"
	" allow_disapprove_all BIGINT NOT NULL DEFAULT 0,"
	" allow_delete_all_suggestions BIGINT NOT NULL DEFAULT 0,"
	" export_interval_minutes BIGINT NOT NULL DEFAULT 0,"
	" revision BIGINT NOT NULL DEFAULT 0,"	/* bumped by every content change */
	" created BIGINT NOT NULL,"
	" last_activity BIGINT NOT NULL DEFAULT 0,"
	" last_build BIGINT NOT NULL DEFAULT 0);"

	"CREATE TABLE member ("
	" project_id BIGINT NOT NULL REFERENCES project(id) ON DELETE CASCADE,"
	" account_id BIGINT NOT NULL REFERENCES account(id) ON DELETE CASCADE,"
	" role TEXT NOT NULL CHECK (role IN ('owner','manager','proofreader','translator')),"
	" languages TEXT NOT NULL DEFAULT '',"	/* comma-separated language ids; '' = all */
	" joined BIGINT NOT NULL,"
	" PRIMARY KEY (project_id, account_id));"

	"CREATE TABLE project_language ("
	" project_id BIGINT NOT NULL REFERENCES project(id) ON DELETE CASCADE,"
	" language_id BIGINT NOT NULL,"
	" position BIGINT NOT NULL DEFAULT 0,"
	" PRIMARY KEY (project_id, language_id));"

	/* branches, directories (= localization.one categories) and files */
	"CREATE TABLE node ("
	" id {{ID}},"
	" project_id BIGINT NOT NULL REFERENCES project(id) ON DELETE CASCADE,"
	" parent_id BIGINT REFERENCES node(id) ON DELETE CASCADE,"
	" kind TEXT NOT NULL CHECK (kind IN ('branch','directory','file')),"
	" name TEXT NOT NULL,"
	" title TEXT NOT NULL DEFAULT '',"
	" description TEXT NOT NULL DEFAULT '',"
	" export_pattern TEXT NOT NULL DEFAULT '',"
	" file_type TEXT NOT NULL DEFAULT '',"
	" options TEXT NOT NULL DEFAULT '{}',"	/* JSON: scheme, escape_quotes, ... */
	" content {{BLOB}},"			/* source file bytes: the export template */
	" content_hash TEXT NOT NULL DEFAULT '',"
	" revision BIGINT NOT NULL DEFAULT 0,"
	" created BIGINT NOT NULL,"
	" updated BIGINT NOT NULL,"
	" last_accessed BIGINT NOT NULL DEFAULT 0);"
	"CREATE UNIQUE INDEX node_name ON node (project_id, COALESCE(parent_id, 0), name);"
	"CREATE INDEX node_parent ON node (parent_id);"

	"CREATE TABLE string ("
	" id {{ID}},"
	" project_id BIGINT NOT NULL REFERENCES project(id) ON DELETE CASCADE,"
	" node_id BIGINT NOT NULL REFERENCES node(id) ON DELETE CASCADE,"
	" skey TEXT NOT NULL,"
	" context TEXT,"
	" source TEXT NOT NULL,"
	" plural TEXT,"				/* JSON object category -> text, or NULL */
	" comment TEXT,"
	" max_length BIGINT NOT NULL DEFAULT 0,"
	" hidden BIGINT NOT NULL DEFAULT 0,"
	" position BIGINT NOT NULL DEFAULT 0,"
	" words BIGINT NOT NULL DEFAULT 0,"
	" chars BIGINT NOT NULL DEFAULT 0,"
	" chars_with_spaces BIGINT NOT NULL DEFAULT 0,"
	" created BIGINT NOT NULL,"
	" updated BIGINT NOT NULL);"
	"CREATE UNIQUE INDEX string_key ON string (node_id, skey);"
	"CREATE INDEX string_project ON string (project_id);"

	"CREATE TABLE label ("
	" id {{ID}},"
	" project_id BIGINT NOT NULL REFERENCES project(id) ON DELETE CASCADE,"
	" label_key TEXT NOT NULL,"		/* md5 id shown by getLabels */
	" name TEXT NOT NULL,"
	" type TEXT NOT NULL CHECK (type IN ('checkbox','select','input')),"
	" default_value TEXT NOT NULL DEFAULT '',"
	" options TEXT NOT NULL DEFAULT '[]',"	/* JSON list of {option_name, option_value} */
	" position BIGINT NOT NULL DEFAULT 0,"
	" UNIQUE (project_id, label_key));"

	"CREATE TABLE string_label ("
	" string_id BIGINT NOT NULL REFERENCES string(id) ON DELETE CASCADE,"
	" label_id BIGINT NOT NULL REFERENCES label(id) ON DELETE CASCADE,"
	" value TEXT NOT NULL,"
	" PRIMARY KEY (string_id, label_id));"

	/* translations and suggestions: approved=0 rows are suggestions */
	"CREATE TABLE translation ("
	" id {{ID}},"
	" string_id BIGINT NOT NULL REFERENCES string(id) ON DELETE CASCADE,"
	" language_id BIGINT NOT NULL,"
	" text TEXT NOT NULL,"
	" plural TEXT,"				/* JSON object category -> text, or NULL */
	" author_id BIGINT REFERENCES account(id) ON DELETE SET NULL,"
	" author_kind TEXT NOT NULL DEFAULT 'user',"	/* user, api-bot, import, tm, mt */
	" origin TEXT NOT NULL DEFAULT 'human',"	/* human, import, tm, mt, api */
	" origin_detail TEXT NOT NULL DEFAULT '',"	/* TM match percent, MT engine */
	" approved BIGINT NOT NULL DEFAULT 0,"
	" approver_id BIGINT REFERENCES account(id) ON DELETE SET NULL,"
	" approved_at BIGINT NOT NULL DEFAULT 0,"
	" created BIGINT NOT NULL,"
	" updated BIGINT NOT NULL);"
	"CREATE INDEX translation_string ON translation (string_id, language_id);"

	"CREATE TABLE tm_unit ("
	" id {{ID}},"
	" project_id BIGINT REFERENCES project(id) ON DELETE SET NULL,"
	" source_language_id BIGINT NOT NULL,"
	" target_language_id BIGINT NOT NULL,"
	" source_text TEXT NOT NULL,"
	" target_text TEXT NOT NULL,"
	" context TEXT NOT NULL DEFAULT '',"
	" created BIGINT NOT NULL);"
	"CREATE INDEX tm_unit_lookup ON tm_unit (source_language_id, target_language_id, source_text);"

	"CREATE TABLE glossary_term ("
	" id {{ID}},"
	" project_id BIGINT NOT NULL REFERENCES project(id) ON DELETE CASCADE,"
	" concept BIGINT NOT NULL DEFAULT 0,"	/* terms of one concept share this */
	" language_id BIGINT NOT NULL,"
	" term TEXT NOT NULL,"
	" description TEXT NOT NULL DEFAULT '',"
	" part_of_speech TEXT NOT NULL DEFAULT '',"
	" created BIGINT NOT NULL);"
	"CREATE INDEX glossary_project ON glossary_term (project_id, language_id);"

	/* build outputs served to any node: export ZIPs, reports */
	"CREATE TABLE artifact ("
	" id {{ID}},"
	" project_id BIGINT NOT NULL REFERENCES project(id) ON DELETE CASCADE,"
	" kind TEXT NOT NULL,"			/* export, report, pseudo */
	" branch_id BIGINT,"
	" package TEXT NOT NULL DEFAULT '',"	/* 'all' or a language code; report hash */
	" hash TEXT NOT NULL DEFAULT '',"
	" revision BIGINT NOT NULL DEFAULT 0,"	/* project revision it was built from */
	" content {{BLOB}} NOT NULL,"
	" size BIGINT NOT NULL,"
	" created BIGINT NOT NULL);"
	"CREATE INDEX artifact_lookup ON artifact (project_id, kind, package);"

	"CREATE TABLE job ("
	" id {{ID}},"
	" project_id BIGINT REFERENCES project(id) ON DELETE CASCADE,"
	" kind TEXT NOT NULL,"
	" state TEXT NOT NULL DEFAULT 'queued' CHECK (state IN ('queued','running','done','failed')),"
	" params TEXT NOT NULL DEFAULT '{}',"
	" progress BIGINT NOT NULL DEFAULT 0,"
	" current_file TEXT NOT NULL DEFAULT '',"
	" current_language TEXT NOT NULL DEFAULT '',"
	" result TEXT NOT NULL DEFAULT '',"
	" error TEXT NOT NULL DEFAULT '',"
	" locked_by TEXT NOT NULL DEFAULT '',"
	" locked_until BIGINT NOT NULL DEFAULT 0,"
	" created BIGINT NOT NULL,"
	" updated BIGINT NOT NULL);"
	"CREATE INDEX job_queue ON job (state, created);"

	"CREATE TABLE webhook_delivery ("
	" id {{ID}},"
	" project_id BIGINT REFERENCES project(id) ON DELETE CASCADE,"
	" url TEXT NOT NULL,"
	" payload TEXT NOT NULL,"
	" headers TEXT NOT NULL DEFAULT '',"
	" state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending','sent','failed')),"
	" attempts BIGINT NOT NULL DEFAULT 0,"
	" next_attempt_at BIGINT NOT NULL,"
	" last_status BIGINT NOT NULL DEFAULT 0,"
	" last_error TEXT NOT NULL DEFAULT '',"
	" created BIGINT NOT NULL,"
	" sent_at BIGINT NOT NULL DEFAULT 0);"
	"CREATE INDEX webhook_due ON webhook_delivery (state, next_attempt_at);"

	/* audit trail: feeds history, webhooks and cost reports */
	"CREATE TABLE event ("
	" id {{ID}},"
	" project_id BIGINT REFERENCES project(id) ON DELETE CASCADE,"
	" account_id BIGINT REFERENCES account(id) ON DELETE SET NULL,"
	" kind TEXT NOT NULL,"
	" node_id BIGINT,"
	" string_id BIGINT,"
	" translation_id BIGINT,"
	" language_id BIGINT,"
	" origin TEXT NOT NULL DEFAULT '',"
	" detail TEXT NOT NULL DEFAULT '{}',"
	" created BIGINT NOT NULL);"
	"CREATE INDEX event_project ON event (project_id, created);";

/*
 * Version 2: string ids a client sees are per project (seed 003: "must be
 * unique for the project"), so an explicit string_id can neither collide
 * with nor reveal another project's strings, nor exhaust a shared sequence.
 * Existing strings keep their ids as public ids; each project's counter
 * starts past every id it ever used (events remember deleted strings).
 */
static const char v2_public_string_ids[] =
	"ALTER TABLE string ADD COLUMN public_id BIGINT NOT NULL DEFAULT 0;"
	"UPDATE string SET public_id = id;"
	"CREATE UNIQUE INDEX string_public ON string (project_id, public_id);"
	"ALTER TABLE project ADD COLUMN next_string_id BIGINT NOT NULL DEFAULT 1;"
	"UPDATE project SET next_string_id = 1 + COALESCE((SELECT MAX(m) FROM ("
	" SELECT MAX(public_id) AS m FROM string WHERE string.project_id = project.id"
	" UNION ALL SELECT MAX(string_id) FROM event WHERE event.project_id = project.id) x), 0);";

/* Ids a row had before it was deleted live on in events (and in clients). */
static const struct { const char *table, *event_column; } id_memory[] = {
	{ "string", "string_id" }, { "node", "node_id" }, { "translation", "translation_id" },
};

/* Rebuild one table with AUTOINCREMENT, the documented way (sqlite.org/lang_altertable.html). */
static int rebuild_autoincrement(struct db_conn *c, const char *table, const char *create_sql)
{
	const char *pk = strstr(create_sql, "INTEGER PRIMARY KEY");
	const char *name = strstr(create_sql, table);
	if (!pk || !name || name > pk)
		return -1;
	size_t tl = strlen(table);
	char *sql = xmalloc(strlen(create_sql) + 64);
	sprintf(sql, "%.*stolk_new_%s%.*sINTEGER PRIMARY KEY AUTOINCREMENT%s", (int)(name - create_sql),
		create_sql, table, (int)(pk - name - tl), name + tl, pk + strlen("INTEGER PRIMARY KEY"));
	/* the table's indexes, to create again after the rename */
	char *indexes = NULL;
	size_t ilen = 0;
	struct db_stmt *st = db_query(c, "SELECT sql FROM sqlite_master WHERE type = 'index' AND "
				      "tbl_name = ? AND sql IS NOT NULL", "s", table);
	while (st && db_step(st) == 1) {
		const char *isql = db_col_text(st, 0);
		indexes = xrealloc(indexes, ilen + strlen(isql) + 2);
		ilen += (size_t)sprintf(indexes + ilen, "%s;", isql);
	}
	db_done(st);
	char steps[512];
	snprintf(steps, sizeof(steps), "INSERT INTO tolk_new_%s SELECT * FROM %s; DROP TABLE %s; "
		 "ALTER TABLE tolk_new_%s RENAME TO %s;", table, table, table, table, table);
	int rc = !st || db_script(c, sql) || db_script(c, steps) || (indexes && db_script(c, indexes));
	free(sql);
	free(indexes);
	if (rc)
		return -1;
	for (size_t i = 0; i < sizeof(id_memory) / sizeof(*id_memory); i++) {
		if (strcmp(id_memory[i].table, table))
			continue;
		char q[512];
		snprintf(q, sizeof(q), "INSERT INTO sqlite_sequence (name, seq) SELECT '%s', "
			 "COALESCE((SELECT MAX(%s) FROM event), 0) WHERE NOT EXISTS (SELECT 1 FROM "
			 "sqlite_sequence WHERE name = '%s'); UPDATE sqlite_sequence SET seq = MAX(seq, "
			 "COALESCE((SELECT MAX(%s) FROM event), 0)) WHERE name = '%s';",
			 table, id_memory[i].event_column, table, id_memory[i].event_column, table);
		if (db_script(c, q))
			return -1;
	}
	return 0;
}

/* Version 2 on SQLite: ids never come back after a delete (PostgreSQL sequences never reuse). */
static int sqlite_autoincrement_ids(struct db_conn *c)
{
	struct db_stmt *st = db_query(c, "SELECT name, sql FROM sqlite_master WHERE type = 'table' "
				      "AND sql LIKE '%INTEGER PRIMARY KEY%' AND sql NOT LIKE "
				      "'%AUTOINCREMENT%' AND name NOT LIKE 'sqlite_%' ORDER BY name", NULL);
	if (!st)
		return -1;
	char *names[64], *sqls[64];
	int n = 0, rc;
	while ((rc = db_step(st)) == 1 && n < 64) {
		names[n] = xstrdup(db_col_text(st, 0));
		sqls[n++] = xstrdup(db_col_text(st, 1));
	}
	db_done(st);
	for (int i = 0; i < n; i++) {
		if (!rc && rebuild_autoincrement(c, names[i], sqls[i]))
			rc = -1;
		free(names[i]);
		free(sqls[i]);
	}
	return rc;
}

/* Version 3: failed authentications per client address (model/auth_limit.h). */
static const char v3_auth_failures[] =
	"CREATE TABLE auth_failure ("
	" address TEXT PRIMARY KEY,"
	" window_start BIGINT NOT NULL,"
	" failures BIGINT NOT NULL,"
	" blocked_until BIGINT NOT NULL DEFAULT 0);"
	"CREATE INDEX auth_failure_blocked ON auth_failure (blocked_until);"
	"CREATE INDEX auth_failure_window ON auth_failure (window_start);";

/*
 * Version 4: how an uploaded translation file spelled each translation
 * (escapes, quoting, wrapping), so an unchanged translation is exported
 * with the bytes it came with (model/files.h spelling_pack); NULL when
 * unknown.  Cleared whenever the text changes.
 */
static const char v4_translation_spelling[] =
	"ALTER TABLE translation ADD COLUMN spelling TEXT;";

/*
 * Version 5: progress counts kept per node and language (model/stats.h), so
 * status, language-status and info read a few rows however big the project
 * is.  Filled here from a full count; `tolk doctor` recounts and compares.
 */
static const char v5_node_stats[] =
	"CREATE TABLE node_stats ("
	" node_id BIGINT NOT NULL REFERENCES node(id) ON DELETE CASCADE,"
	" language_id BIGINT NOT NULL,"		/* 0: the node's strings and words */
	" project_id BIGINT NOT NULL REFERENCES project(id) ON DELETE CASCADE,"
	" strings BIGINT NOT NULL DEFAULT 0,"
	" words BIGINT NOT NULL DEFAULT 0,"
	" translated BIGINT NOT NULL DEFAULT 0,"
	" translated_words BIGINT NOT NULL DEFAULT 0,"
	" approved BIGINT NOT NULL DEFAULT 0,"
	" approved_words BIGINT NOT NULL DEFAULT 0,"
	" PRIMARY KEY (node_id, language_id));"
	"CREATE INDEX node_stats_project ON node_stats (project_id, language_id);"
	"INSERT INTO node_stats (node_id, language_id, project_id, strings, words) "
	" SELECT n.id, 0, n.project_id, COUNT(s.id), COALESCE(SUM(s.words), 0) FROM node n "
	" LEFT JOIN string s ON s.node_id = n.id AND s.hidden = 0 GROUP BY n.id, n.project_id;"
	"INSERT INTO node_stats (node_id, language_id, project_id, translated, translated_words, "
	" approved, approved_words) SELECT x.node_id, x.lang, x.project_id, COUNT(*), SUM(x.words), "
	" SUM(x.appr), SUM(x.appr * x.words) FROM (SELECT s.node_id, s.project_id, s.words, "
	" t.language_id AS lang, MAX(t.approved) AS appr FROM string s JOIN translation t ON "
	" t.string_id = s.id WHERE s.hidden = 0 GROUP BY s.id, s.node_id, s.project_id, s.words, "
	" t.language_id) x GROUP BY x.node_id, x.lang, x.project_id;";

/*
 * Version 6: info's duplicate totals kept per project (model/stats.h), and
 * an index that finds a source text's strings by a prefix (a whole text can
 * pass PostgreSQL's limit on index entries).  Filled here from a full count.
 * And the file tree (info, language-status) read from an index that holds
 * every column it shows: in SQLite's row the columns after `content` are
 * reached through the file's bytes (28 MB per call at 200,000 strings).
 */
static const char v6_duplicates[] =
	"CREATE TABLE project_stats ("
	" project_id BIGINT PRIMARY KEY REFERENCES project(id) ON DELETE CASCADE,"
	" duplicate_strings BIGINT NOT NULL DEFAULT 0,"
	" duplicate_words BIGINT NOT NULL DEFAULT 0);"
	"CREATE INDEX string_source ON string (project_id, substr(source, 1, 64));"
	"CREATE INDEX node_tree ON node (project_id, id, parent_id, kind, name, created, updated,"
	" last_accessed, revision);"
	"INSERT INTO project_stats (project_id, duplicate_strings, duplicate_words) "
	" SELECT p.id, COALESCE(SUM(d.n - 1), 0), COALESCE(SUM((d.n - 1) * d.w), 0) FROM project p "
	" LEFT JOIN (SELECT project_id, COUNT(*) AS n, MAX(words) AS w FROM string WHERE hidden = 0 "
	" GROUP BY project_id, source) d ON d.project_id = p.id GROUP BY p.id;";

/*
 * Version 7 (PostgreSQL): the project row is rewritten by every change (its
 * revision) and its foreign keys were checked by every event, each check a
 * KEY SHARE lock on it.  Locks of concurrent requests next to the update make
 * the row's old versions carry MultiXacts, which every later read of the row
 * resolves: PostgreSQL's cost per addTranslation doubled within seconds of
 * load.  Checked at COMMIT instead, after the revision bump, the check finds
 * the row already locked by its own transaction and takes no lock of its own.
 */
static const char v7_pg_deferred_project_keys[] =
	"ALTER TABLE event ALTER CONSTRAINT event_project_id_fkey DEFERRABLE INITIALLY DEFERRED;"
	"ALTER TABLE webhook_delivery ALTER CONSTRAINT webhook_delivery_project_id_fkey "
	" DEFERRABLE INITIALLY DEFERRED;";

/*
 * Version 8: the project's strings in export order (node, position, id), so
 * SQLite's exports and getTranslations walk an index instead of sorting every
 * string (a third less time at 200,000 strings).  It leads with project_id,
 * so it serves string_project's lookups too, and that one goes.
 */
static const char v8_string_order[] =
	"CREATE INDEX string_order ON string (project_id, node_id, position, id);"
	"DROP INDEX string_project;";

/*
 * Version 9: what getTranslations keeps of each file (src/api/lone/
 * translations.c) is named by two counters: a node's export revision moves
 * when its strings, their translations or labels change, and the project's
 * export_epoch when a change can reach every node (labels, settings).  The
 * revisions are rows of their own: on SQLite an UPDATE of a node rewrites
 * its row with the file's bytes in it (addTranslation 3,090 -> 824 req/s).
 */
static const char v9_export_revisions[] =
	"CREATE TABLE node_export ("
	" node_id BIGINT PRIMARY KEY REFERENCES node(id) ON DELETE CASCADE,"
	" rev BIGINT NOT NULL DEFAULT 0);"
	"ALTER TABLE project ADD COLUMN export_epoch BIGINT NOT NULL DEFAULT 0;";

/*
 * Version 10: translation memory units (docs/tm.md, "Store and sync"): whose
 * they are (the project owner's account), where they came from, and one row
 * per (account, language pair, source + target + context), found by a hash
 * of the three; the whole-text index goes (texts in indexes were the costly
 * part of imports).  A saved translation keeps the best TM score its source
 * had then (NULL: none known; the fuzzy cost report reads it).
 */
static const char v10_tm_units[] =
	"DROP INDEX tm_unit_lookup;"
	"ALTER TABLE tm_unit ADD COLUMN account_id BIGINT NOT NULL DEFAULT 0;"
	"ALTER TABLE tm_unit ADD COLUMN origin TEXT NOT NULL DEFAULT 'approved';"
	"ALTER TABLE tm_unit ADD COLUMN unit_hash BIGINT NOT NULL DEFAULT 0;"
	"ALTER TABLE tm_unit ADD COLUMN updated BIGINT NOT NULL DEFAULT 0;"
	"CREATE UNIQUE INDEX tm_unit_key ON tm_unit (account_id, source_language_id, "
	" target_language_id, unit_hash);"
	"ALTER TABLE translation ADD COLUMN tm_match BIGINT;";

/*
 * Version 11: a project's own machine-translation credentials, one row per
 * engine (model/project_mt.h, docs/mt.md).  They replace the server's mt-*
 * options for that engine.  region holds Microsoft's region or Yandex's
 * folder id; base_url "" keeps the server's (or the provider's) host.
 */
static const char v11_project_mt[] =
	"CREATE TABLE project_mt ("
	" project_id BIGINT NOT NULL REFERENCES project(id) ON DELETE CASCADE,"
	" engine TEXT NOT NULL,"
	" api_key TEXT NOT NULL,"
	" region TEXT NOT NULL DEFAULT '',"
	" base_url TEXT NOT NULL DEFAULT '',"
	" PRIMARY KEY (project_id, engine));";

/*
 * Version 12: the web app's sign-in (model/session.h, docs/accounts.md).  A
 * session row is named by the SHA-256 of its cookie's token, so the table
 * holds nothing a browser could present; any node checks it.  Sign-in links
 * (tolk account create --sign-in-link, reset-password) are stored the same
 * way and deleted when used.
 */
static const char v12_sessions[] =
	"CREATE TABLE session ("
	" id TEXT PRIMARY KEY,"			/* sha256 hex of the cookie token */
	" account_id BIGINT NOT NULL REFERENCES account(id) ON DELETE CASCADE,"
	" csrf_token TEXT NOT NULL,"
	" created BIGINT NOT NULL,"
	" last_seen BIGINT NOT NULL,"
	" expires BIGINT NOT NULL,"		/* absolute end: created + session-lifetime */
	" via_link BIGINT NOT NULL DEFAULT 0,"	/* made by a sign-in link: may set a password */
	" user_agent TEXT NOT NULL DEFAULT '',"
	" address TEXT NOT NULL DEFAULT '');"
	"CREATE INDEX session_account ON session (account_id);"
	"CREATE INDEX session_expires ON session (expires);"
	"CREATE INDEX session_last_seen ON session (last_seen);"
	"CREATE TABLE sign_in_link ("
	" id TEXT PRIMARY KEY,"			/* sha256 hex of the link's token */
	" account_id BIGINT NOT NULL REFERENCES account(id) ON DELETE CASCADE,"
	" purpose TEXT NOT NULL CHECK (purpose IN ('sign-in','reset')),"
	" created BIGINT NOT NULL,"
	" expires BIGINT NOT NULL);"
	"CREATE INDEX sign_in_link_account ON sign_in_link (account_id);"
	"CREATE INDEX sign_in_link_expires ON sign_in_link (expires);";

/*
 * Version 13: members can be blocked (model/roles.h): 'blocked' joins the
 * roles member.role may hold.  PostgreSQL swaps the CHECK constraint;
 * SQLite cannot alter one, so the table is rebuilt from its own stored
 * definition (columns added since stay).
 */
#define V13_OLD_ROLES "'owner','manager','proofreader','translator')"
#define V13_NEW_ROLES "'owner','manager','proofreader','translator','blocked')"

static const char v13_pg_blocked[] =
	"ALTER TABLE member DROP CONSTRAINT member_role_check;"
	"ALTER TABLE member ADD CONSTRAINT member_role_check CHECK (role IN (" V13_NEW_ROLES ");";

static int sqlite_member_blocked(struct db_conn *c)
{
	struct db_stmt *st = db_query(c, "SELECT sql FROM sqlite_master WHERE type = 'table' AND "
				      "name = 'member'", NULL);
	char *old = st && db_step(st) == 1 ? xstrdup(db_col_text(st, 0)) : NULL;
	db_done(st);
	const char *roles = old ? strstr(old, V13_OLD_ROLES) : NULL;
	const char *name = old ? strstr(old, "member") : NULL;
	if (!roles || !name || name > roles) {
		free(old);
		return -1;
	}
	size_t len = strlen(old) + 64;
	char *sql = xmalloc(len);
	snprintf(sql, len, "%.*stolk_new_member%.*s%s%s", (int)(name - old), old,
		 (int)(roles - name - strlen("member")), name + strlen("member"), V13_NEW_ROLES,
		 roles + strlen(V13_OLD_ROLES));
	int rc = db_script(c, sql) ||
		 db_script(c, "INSERT INTO tolk_new_member SELECT * FROM member; DROP TABLE member; "
			   "ALTER TABLE tolk_new_member RENAME TO member;");
	free(sql);
	free(old);
	return rc ? -1 : 0;
}

/*
 * Version 14: invitations to a project (model/invitations.h).  Like a
 * sign-in link, a row is named by the SHA-256 of its token; the link holds
 * the token.  max_uses 0: anyone with the link, until it expires.
 */
static const char v14_invitations[] =
	"CREATE TABLE invitation ("
	" id {{ID}},"
	" token_hash TEXT NOT NULL UNIQUE,"
	" project_id BIGINT NOT NULL REFERENCES project(id) ON DELETE CASCADE,"
	" role TEXT NOT NULL CHECK (role IN ('manager','proofreader','translator')),"
	" languages TEXT NOT NULL DEFAULT '',"	/* language ids, as member.languages */
	" created_by BIGINT REFERENCES account(id) ON DELETE SET NULL,"
	" created BIGINT NOT NULL,"
	" expires BIGINT NOT NULL,"
	" max_uses BIGINT NOT NULL DEFAULT 1,"
	" uses BIGINT NOT NULL DEFAULT 0,"
	" revoked BIGINT NOT NULL DEFAULT 0);"
	"CREATE INDEX invitation_project ON invitation (project_id);";

/*
 * Version 15: webhook_delivery is also each project's delivery log (the
 * webhooks page): listed newest first by project (webhook_project, which
 * also serves the cascade when a project is deleted), pruned once finished
 * and old (webhook_done), and a redelivery names the row it repeats.
 */
static const char v15_webhook_log[] =
	"CREATE INDEX webhook_project ON webhook_delivery (project_id, id);"
	"CREATE INDEX webhook_done ON webhook_delivery (state, created);"
	"ALTER TABLE webhook_delivery ADD COLUMN redelivery_of BIGINT NOT NULL DEFAULT 0;";

/*
 * Version 16: what a translation event was worth, kept with the event (the
 * translation row may change or go later): the TM match its text had when it
 * was saved (101 perfect, 100 matched, 60..99 fuzzy; NULL none) and whether
 * the event's account approved it.  Cost reports read these (docs/reports.md).
 */
static const char v16_event_worth[] =
	"ALTER TABLE event ADD COLUMN tm_match BIGINT;"
	"ALTER TABLE event ADD COLUMN approved BIGINT NOT NULL DEFAULT 0;";

/*
 * Version 17: the editor (docs/editor.md).  Votes on translations, one per
 * member; the checks a translation failed when it was saved (QA ids,
 * comma-separated; '' none), for the "with QA warnings" filter; and a
 * string's events by string, for its history.
 */
static const char v17_editor[] =
	"CREATE TABLE vote ("
	" translation_id BIGINT NOT NULL REFERENCES translation(id) ON DELETE CASCADE,"
	" account_id BIGINT NOT NULL REFERENCES account(id) ON DELETE CASCADE,"
	" value BIGINT NOT NULL CHECK (value IN (-1, 1)),"
	" created BIGINT NOT NULL,"
	" PRIMARY KEY (translation_id, account_id));"
	"ALTER TABLE translation ADD COLUMN qa TEXT NOT NULL DEFAULT '';"
	"CREATE INDEX event_string ON event (string_id);";

/*
 * Version 18: machine translations the editor asked for, kept so that the
 * same text is not sent to an engine twice (model/mt_cache.h): one row per
 * (engine, language pair, source text), found by a hash of the text, kept
 * MT_CACHE_TTL and at most about MT_CACHE_ROWS rows (the oldest go first).
 */
static const char v18_mt_cache[] =
	"CREATE TABLE mt_cache ("
	" id {{ID}},"
	" engine TEXT NOT NULL,"
	" source_language_id BIGINT NOT NULL,"
	" target_language_id BIGINT NOT NULL,"
	" source_hash BIGINT NOT NULL,"
	" source_text TEXT NOT NULL,"
	" translation TEXT NOT NULL,"
	" created BIGINT NOT NULL);"
	"CREATE UNIQUE INDEX mt_cache_key ON mt_cache (engine, source_language_id, target_language_id,"
	" source_hash);"
	"CREATE INDEX mt_cache_created ON mt_cache (created);";

const struct migration migrations[] = {
	{ 1, "data model", v1_schema, NULL, NULL },
	{ 2, "per-project string ids; ids never reused", v2_public_string_ids,
	  sqlite_autoincrement_ids, NULL },
	{ 3, "failed authentications per address", v3_auth_failures, NULL, NULL },
	{ 4, "spelling of uploaded translations", v4_translation_spelling, NULL, NULL },
	{ 5, "progress counts per node and language", v5_node_stats, NULL, NULL },
	{ 6, "duplicate totals per project", v6_duplicates, NULL, NULL },
	{ 7, "project keys of events checked at commit", NULL, NULL, v7_pg_deferred_project_keys },
	{ 8, "strings in export order", v8_string_order, NULL, NULL },
	{ 9, "export revisions of nodes", v9_export_revisions, NULL, NULL },
	{ 10, "translation memory units", v10_tm_units, NULL, NULL },
	{ 11, "machine-translation keys per project", v11_project_mt, NULL, NULL },
	{ 12, "web app sessions and sign-in links", v12_sessions, NULL, NULL },
	{ 13, "blocked members", NULL, sqlite_member_blocked, v13_pg_blocked },
	{ 14, "invitations to projects", v14_invitations, NULL, NULL },
	{ 15, "webhook delivery log", v15_webhook_log, NULL, NULL },
	{ 16, "TM match and approval of translation events", v16_event_worth, NULL, NULL },
	{ 17, "votes and QA results of translations", v17_editor, NULL, NULL },
	{ 18, "machine translation cache", v18_mt_cache, NULL, NULL },
};
const size_t migration_count = sizeof(migrations) / sizeof(migrations[0]);
