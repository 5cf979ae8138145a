"""
Scale: the progress counts that status, language-status, info and getLanguages read
are kept per node and language (model/stats.h) in the same transaction as every
write.  After random operations through both APIs they must equal a full recount
(computed here in SQL, independently), and `tolk doctor` must find nothing to repair.
"""
import concurrent.futures
import random

from lone_helpers import Lone, set_setting
from v1_content_helpers import *  # noqa: F401,F403  (fixtures and helpers)

WORDS = "save open close file project string export build change".split()


def source(rnd, k):
    """Few distinct texts of 1 to 4 words: strings share their source across files often."""
    return " ".join([WORDS[k % 3], str(k % 5)] + rnd.sample(WORDS, rnd.randrange(3)))


def po(rnd, keys, translated=None):
    out = [b'msgid ""', b'msgstr ""', b'"Content-Type: text/plain; charset=UTF-8\\n"',
           b'"Plural-Forms: nplurals=2; plural=(n != 1);\\n"', b""]
    for k in keys:
        src = source(rnd, k)
        tr = f"FR {src}" if translated and k in translated else ""
        out += [f'msgctxt "k{k}"'.encode(), f'msgid "{src.strip()}"'.encode(),
                f'msgstr "{tr}"'.encode(), b""]
    return b"\n".join(out)


def android(rnd, keys):
    """strings.xml; translatable="false" strings are hidden and count nowhere."""
    hidden = ' translatable="false"'
    rows = "".join(f'<string name="k{k}"{rnd.choice(["", hidden])}>{source(rnd, k)}</string>\n'
                   for k in sorted(keys))
    return f'<?xml version="1.0" encoding="utf-8"?>\n<resources>\n{rows}</resources>\n'.encode()


def dup_recount(srv, pid):
    """(duplicate strings, duplicate words): per source text, all strings but one."""
    row = srv.sql("SELECT COALESCE(SUM(n - 1), 0), COALESCE(SUM((n - 1) * w), 0) FROM "
                  "(SELECT COUNT(*) AS n, MAX(words) AS w FROM string WHERE project_id = "
                  f"{pid} AND hidden = 0 GROUP BY source) d")[0]
    return int(row[0]), int(row[1])


def info_dups(content):
    d = content.info()["details"]
    return int(d["duplicate_strings_count"]), int(d["duplicate_words_count"])


def recount(srv, pid, lang_ids):
    """{language id: (phrases, translated, approved, words, words_translated, words_approved)}"""
    total = srv.sql(f"SELECT COUNT(*), COALESCE(SUM(words), 0) FROM string "
                    f"WHERE project_id = {pid} AND hidden = 0")[0]
    out = {}
    for lang in lang_ids:
        row = srv.sql(
            "SELECT COUNT(*), COALESCE(SUM(appr), 0), COALESCE(SUM(words), 0), "
            "COALESCE(SUM(appr * words), 0) FROM (SELECT s.id, s.words, MAX(t.approved) AS appr "
            "FROM string s JOIN translation t ON t.string_id = s.id WHERE s.project_id = "
            f"{pid} AND s.hidden = 0 AND t.language_id = {lang} GROUP BY s.id, s.words) x")[0]
        out[lang] = (int(total[0]), int(row[0]), int(row[1]), int(total[1]), int(row[2]),
                     int(row[3]))
    return out


def status_counts(content, lone, langs):
    ids = {l["code"]: int(l["id"]) for l in lone.ok("getLanguages")}
    out = {}
    for code, row in content.status().items():
        if ids[code] not in langs:
            continue
        out[ids[code]] = (int(row["phrases"]), int(row["translated"]), int(row["approved"]),
                          int(row["words"]), int(row["words_translated"]),
                          int(row["words_approved"]))
    return out


def body(rnd, path, keys):
    return android(rnd, keys) if path.endswith(".xml") else po(rnd, sorted(keys))


def test_counts_equal_a_recount_after_random_operations(content, srv):
    rnd = random.Random(20261204)
    lone = Lone(srv, content.p)
    set_setting(srv, content.p, "allow_delete_string", 1)
    set_setting(srv, content.p, "allow_disapprove_all_translations", 1)
    set_setting(srv, content.p, "allow_delete_all_suggestions", 1)
    fr, de = int(lone.lang("fr")), int(lone.lang("de"))
    content.add_dir("d")
    files = {"a.po": set(range(0, 40)), "d/b.po": set(range(100, 130)), "c.xml": set(range(20))}
    for path, keys in files.items():
        content.add_files({path: body(rnd, path, keys)})
    cat = lone.category("Lone")
    strings, branch = [], None
    pid = srv.project_id(content.id)

    def check(where):
        assert status_counts(content, lone, [fr, de]) == recount(srv, pid, [fr, de]), where
        assert info_dups(content) == dup_recount(srv, pid), where

    for step in range(90):
        op = rnd.choice(["upload", "upload_approve", "update", "create", "add", "add_approve",
                         "delete", "disapprove", "suggestions", "refile", "dir", "branch"])
        path = rnd.choice(sorted(files))
        keys = files[path]
        if op.startswith("upload") and path.endswith(".po"):
            lang = rnd.choice(["fr", "de"])
            tr = set(rnd.sample(sorted(keys), len(keys) // 2))
            content.upload(lang, {path: po(rnd, sorted(keys), tr)},
                           auto_approve_imported=int(op == "upload_approve"),
                           import_duplicates=rnd.choice([0, 1]))
        elif op == "update":
            keys -= set(rnd.sample(sorted(keys), 3))
            keys |= {rnd.randrange(200, 400) for _ in range(4)}
            option = rnd.choice(["update_as_unapproved", "update_without_changes", None])
            content.update_files({path: body(rnd, path, keys)},
                                 **({"update_option": option} if option else {}))
        elif op == "refile":
            content.delete_file(path)
            content.add_files({path: body(rnd, path, keys)})
        elif op == "dir":       # a directory and its file go, then come back
            content.ok("delete-directory", {"name": "d"})
            content.add_dir("d")
            content.add_files({"d/b.po": body(rnd, "d/b.po", files["d/b.po"])})
        elif op == "branch" and branch is None:
            branch = {rnd.randrange(0, 60) for _ in range(15)}
            content.add_dir("v2", is_branch=1)
            content.add_files({"x.po": po(rnd, sorted(branch))}, branch="v2")
        elif op == "branch":
            content.ok("delete-directory", {"name": "v2"})
            branch = None
        elif op == "create":
            strings.append(lone.string(cat, f"s{step}", f"{WORDS[step % 3]} {step % 5}"))
        elif op in ("add", "add_approve") and strings:
            lone.ok("addTranslation", string_id=rnd.choice(strings),
                    translation_language=rnd.choice([fr, de]), translation_value=f"T{step}",
                    approve=str(op == "add_approve").lower())
        elif op == "delete" and strings:
            lone.ok("deleteString", string_id=strings.pop(rnd.randrange(len(strings))))
        elif op == "disapprove" and strings:
            lone.ok("disapproveAllTranslations", string_id=rnd.choice(strings))
        elif op == "suggestions" and strings:
            lone.ok("deleteAllSuggestions", string_id=rnd.choice(strings))
        if step % 15 == 14:
            check(f"step {step}")
    assert dup_recount(srv, pid)[0] > 10, "the operations made duplicates"
    content.delete_file("a.po")
    check("after delete-file")
    info = content.info()["details"]
    total = recount(srv, pid, [fr])[fr]
    assert (int(info["total_strings_count"]), int(info["total_words_count"])) == (total[0], total[3])
    out = srv.cli("doctor", "--identifier", content.id).stdout
    assert "counts: 0 node(s) differed" in out, out
    assert "duplicates: 0 project(s) differed" in out, out


def test_doctor_finds_and_repairs_a_wrong_count(content, srv):
    content.add_files({"a.po": po(random.Random(1), range(10))})
    srv.sql("UPDATE node_stats SET strings = strings + 5 WHERE language_id = 0 AND project_id = "
            f"(SELECT id FROM project WHERE identifier = '{content.id}')")
    p = srv.cli("doctor", "--identifier", content.id, check=False)
    assert p.returncode == 3 and "1 node(s) differed" in p.stdout, p.stdout + p.stderr
    assert content.status()["fr"]["phrases"] == "15"
    srv.cli("doctor", "--identifier", content.id, "--repair", "yes")
    assert content.status()["fr"]["phrases"] == "10"
    assert "counts: 0 node(s)" in srv.cli("doctor", "--identifier", content.id).stdout


def test_doctor_finds_and_repairs_wrong_duplicates(content, srv):
    same = po(random.Random(2), range(10))
    content.add_files({"a.po": same, "b.po": same})
    want = info_dups(content)
    assert want[0] >= 10, want      # b.po repeats a.po's texts at least
    pid = srv.project_id(content.id)
    srv.sql(f"UPDATE project_stats SET duplicate_strings = duplicate_strings + 3 WHERE project_id = {pid}")
    srv.sql(f"UPDATE project SET revision = revision + 1 WHERE id = {pid}")    # info's cache key
    p = srv.cli("doctor", "--identifier", content.id, check=False)
    assert p.returncode == 3 and "duplicates: 1 project(s) differed" in p.stdout, p.stdout + p.stderr
    assert info_dups(content) == (want[0] + 3, want[1])
    srv.cli("doctor", "--identifier", content.id, "--repair", "yes")
    assert info_dups(content) == want       # the repair is a new revision: info is built again
    assert "duplicates: 0 project(s)" in srv.cli("doctor", "--identifier", content.id).stdout


def test_duplicates_stay_exact_under_parallel_writes(content, srv):
    """Writers of one project's strings on PostgreSQL run side by side: each takes its
    share of the duplicates in turn (model/stats.h stats_dups_lock), or the totals drift."""
    lone = Lone(srv, content.p)
    set_setting(srv, content.p, "allow_delete_string", 1)
    same = po(random.Random(3), range(12))
    names = [f"f{i}.po" for i in range(6)]
    content.add_files({n: same for n in names})
    cat = lone.category("Lone")
    ids = [lone.string(cat, f"s{i}", "save 0") for i in range(6)]
    pid = srv.project_id(content.id)
    assert info_dups(content) == dup_recount(srv, pid) and dup_recount(srv, pid)[0] >= 60
    jobs = [lambda n=n: content.delete_file(n) for n in names[:4]]
    jobs += [lambda n=n: content.update_files({n: po(random.Random(4), range(12))}) for n in names[4:]]
    jobs += [lambda i=i: lone.ok("deleteString", string_id=i) for i in ids[:4]]
    jobs += [lambda i=i: lone.string(cat, f"t{i}", "save 0") for i in range(4)]
    with concurrent.futures.ThreadPoolExecutor(len(jobs)) as pool:
        for f in [pool.submit(j) for j in jobs]:
            f.result()
    assert info_dups(content) == dup_recount(srv, pid)
    out = srv.cli("doctor", "--identifier", content.id).stdout
    assert "duplicates: 0 project(s) differed" in out, out


def test_migration_6_fills_the_duplicate_totals_from_existing_strings(content, srv):
    """A database from before migration 6: its strings are counted when it runs."""
    same = po(random.Random(5), range(8))
    content.add_files({"a.po": same, "b.po": same, "c.po": po(random.Random(6), range(8))})
    pid = srv.project_id(content.id)
    want = dup_recount(srv, pid)
    assert want[0] >= 8, want
    for statement in ("DROP TABLE project_stats", "DROP INDEX string_source", "DROP INDEX node_tree",
                      "DELETE FROM schema_migration WHERE version = 6"):
        srv.sql(statement)
    srv.cli("doctor", "--identifier", content.id)       # opens the database: migrates
    row = srv.sql(f"SELECT duplicate_strings, duplicate_words FROM project_stats WHERE project_id = {pid}")
    assert (int(row[0][0]), int(row[0][1])) == want
    assert srv.sql("SELECT COUNT(*) FROM schema_migration WHERE version = 6")[0][0] == "1"
