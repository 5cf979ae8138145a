"""
Scale: the progress counts that status, language-status, info and getLanguages read
are kept per node and language (model/stats.h) in the same transaction as every
write.  After random operations through both APIs they must equal a full recount
(computed here in SQL, independently), and `tolk doctor` must find nothing to repair.
"""
import random

from lone_helpers import Lone, set_setting
from v1_content_helpers import *  # noqa: F401,F403  (fixtures and helpers)

WORDS = "save open close file project string export build change".split()


def po(rnd, keys, translated=None):
    out = [b'msgid ""', b'msgstr ""', b'"Content-Type: text/plain; charset=UTF-8\\n"',
           b'"Plural-Forms: nplurals=2; plural=(n != 1);\\n"', b""]
    for k in keys:
        src = f"{WORDS[k % len(WORDS)]} {k} " + " ".join(rnd.sample(WORDS, k % 4))
        tr = f"FR {src}" if translated and k in translated else ""
        out += [f'msgctxt "k{k}"'.encode(), f'msgid "{src.strip()}"'.encode(),
                f'msgstr "{tr}"'.encode(), b""]
    return b"\n".join(out)


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


def test_counts_equal_a_recount_after_random_operations(content, srv):
    rnd = random.Random(20261204)
    lone = Lone(srv, content.p)
    set_setting(srv, content.p, "allow_delete_string", 1)
    set_setting(srv, content.p, "allow_disapprove_all_translations", 1)
    set_setting(srv, content.p, "allow_delete_all_suggestions", 1)
    fr, de = int(lone.lang("fr")), int(lone.lang("de"))
    content.add_dir("d")
    files = {"a.po": set(range(0, 40)), "d/b.po": set(range(100, 130))}
    for path, keys in files.items():
        content.add_files({path: po(rnd, sorted(keys))})
    cat = lone.category("Lone")
    strings = []
    for step in range(60):
        op = rnd.choice(["upload", "upload_approve", "update", "create", "add", "add_approve",
                         "delete", "disapprove", "suggestions"])
        path = rnd.choice(sorted(files))
        keys = files[path]
        if op.startswith("upload"):
            lang = rnd.choice(["fr", "de"])
            tr = set(rnd.sample(sorted(keys), len(keys) // 2))
            content.upload(lang, {path: po(rnd, sorted(keys), tr)},
                           auto_approve_imported=int(op == "upload_approve"),
                           import_duplicates=rnd.choice([0, 1]))
        elif op == "update":
            keys -= set(rnd.sample(sorted(keys), 3))
            keys |= {rnd.randrange(200, 400) for _ in range(4)}
            option = rnd.choice(["update_as_unapproved", "update_without_changes", None])
            content.update_files({path: po(rnd, sorted(keys))},
                                 **({"update_option": option} if option else {}))
        elif op == "create":
            strings.append(lone.string(cat, f"s{step}", f"Hello number {step}"))
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
            pid = srv.project_id(content.id)
            assert status_counts(content, lone, [fr, de]) == recount(srv, pid, [fr, de]), f"step {step}"
    content.delete_file("a.po")
    pid = srv.project_id(content.id)
    assert status_counts(content, lone, [fr, de]) == recount(srv, pid, [fr, de])
    info = content.info()["details"]
    total = recount(srv, pid, [fr])[fr]
    assert (int(info["total_strings_count"]), int(info["total_words_count"])) == (total[0], total[3])
    out = srv.cli("doctor", "--identifier", content.id).stdout
    assert "counts: 0 node(s) differed" in out, out


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
