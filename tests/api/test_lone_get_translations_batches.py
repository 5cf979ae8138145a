"""getTranslations over more strings than one batch of the server's read (PostgreSQL streams a
big result through a cursor, 4,096 rows a fetch), on both backends.

The strings are written as rows, their tree order (category, position) against their id order,
so the best translation of each is looked up out of id order; each string's export text is the
best of its translations in the language: approved first, then the newest, then the last made.
"""
from lone_helpers import Lone

N = 9000
BASE = 100000   # public ids of the strings written here: BASE + i


def expected_text(i):
    if i % 3 == 0:
        return ""
    if i % 3 == 1:
        return f"b{i}" if i % 4 == 1 else f"a{i}"
    return f"ok{i}"


def test_lone_get_translations_over_batches(srv, proj):
    lone = Lone(srv, proj)
    odd, even = lone.category("Odd"), lone.category("Even")
    fr, de = lone.lang("fr"), lone.lang("de")
    pid = srv.project_id(proj.identifier)
    srv.sql(f"WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {N}) "
            f"INSERT INTO string (project_id, node_id, skey, source, position, created, updated, "
            f"public_id) SELECT {pid}, CASE WHEN i % 2 = 1 THEN {odd} ELSE {even} END, "
            f"'k' || i, 's' || i, {N} - i, 0, 0, {BASE} + i FROM n")
    mine = f"FROM string WHERE project_id = {pid} AND public_id > {BASE}"
    i = f"(public_id - {BASE})"

    def add(lang, text, approved, updated, where):
        srv.sql(f"INSERT INTO translation (string_id, language_id, text, approved, created, "
                f"updated) SELECT id, {lang}, '{text}' || {i}, {approved}, 0, {updated} {mine} "
                f"AND {where}")
    add(fr, "ok", 1, 1, f"{i} % 3 = 2")         # approved, older than the suggestion
    add(fr, "new", 0, 9, f"{i} % 3 = 2")
    add(fr, "a", 0, 5, f"{i} % 3 = 1")          # two suggestions of one time: the last made
    add(fr, "b", 0, 5, f"{i} % 3 = 1 AND {i} % 4 = 1")
    add(de, "de", 1, 1, f"{i} % 3 = 0")         # another language's

    # tree order: the category, then the position (N - i): ids run against it
    order = [i for i in range(N, 0, -1) if i % 2] + [i for i in range(N, 0, -1) if i % 2 == 0]
    got = lone.ok("getTranslations", translation_language=fr)
    assert [r["string_id"] for r in got] == [str(BASE + i) for i in order]
    assert [r["translation"] for r in got] == [expected_text(i) for i in order]
    assert got[0] == {"string_id": str(BASE + order[0]), "string_key": f"k{order[0]}",
                      "category_id": str(odd), "translation": expected_text(order[0]),
                      "string_context": "", "labels": []}

    evens = lone.ok("getTranslations", translation_language=fr, category_id=even)
    assert [(r["string_id"], r["translation"]) for r in evens] == \
        [(str(BASE + i), expected_text(i)) for i in order if i % 2 == 0]
