"""
The translation editor's reads (docs/editor.md): GET /app/api/projects/{p}/editor/{lang}/strings
(a page of strings in export order, keyset-paged, filtered) and .../strings/{id} (one string's
detail), for members who may see the language.  Both backends.
"""
import time

import pytest

from app_helpers import Browser, error, signed_in
from lone_helpers import Lone, add_label, set_setting


def url(proj, lang, tail="strings"):
    return f"/app/api/projects/{proj.identifier}/editor/{lang}/{tail}"


@pytest.fixture
def seeded(srv, proj):
    """Two categories of strings; fr: approved, suggestions, untranslated; de on one string."""
    lone = Lone(srv, proj)
    fr, de = lone.lang("fr"), lone.lang("de")
    label = add_label(srv, proj, "urgent", "checkbox", default="0")
    a = lone.category("Alpha")
    b = lone.category("Beta")
    ids = {}
    for i in range(5):
        ids[f"a{i}"] = lone.string(a, f"alpha.k{i}", f"Apple number {i}")
    ids["b0"] = lone.string(b, "beta.save", "Save 50% now", string_context="toolbar button")
    ids["b1"] = lone.string(b, "beta.open", "Open file", **{f"labels[{label}]": "1"})
    ids["b2"] = lone.string(b, "beta.close", "Close_it")
    add = lambda s, lang, text, approve=False: lone.ok(
        "addTranslation", string_id=ids[s], translation_language=lang, translation_value=text,
        **({"approve": "true"} if approve else {}))
    add("a0", fr, "Pomme zéro", approve=True)
    add("a1", fr, "Pomme un (suggestion)")
    add("b0", fr, "Sauver 50 %", approve=True)
    # the API token keeps one translation a string: another author's suggestion beside it
    pid = srv.project_id(proj.identifier)
    srv.sql("INSERT INTO translation (string_id, language_id, text, created, updated) "
            "SELECT id, %d, 'Enregistrer', 5, 5 FROM string WHERE project_id = %d "
            "AND public_id = %d" % (int(fr), int(pid), int(ids["b0"])))
    add("a2", de, "Apfel zwei", approve=True)
    return lone, ids, {"a": a, "b": b}, label


def page_ids(b, proj, lang="fr", **params):
    r = b.request("GET", url(proj, lang), params=params)
    assert r.status_code == 200, r.text
    return [s["id"] for s in r.json()["strings"]]


def test_paging_covers_every_string_once_in_export_order(srv, proj, seeded):
    _, ids, _, _ = seeded
    b, _, _ = signed_in(srv, "manager", proj)
    everything = page_ids(b, proj, limit=500)
    assert everything == list(ids.values())     # made in file order, categories in order
    for limit in (1, 2, 3, 8):
        seen, after = [], None
        while True:
            r = b.request("GET", url(proj, "fr"),
                          params={"limit": limit, **({"after": after} if after else {})})
            assert r.status_code == 200, r.text
            d = r.json()
            assert len(d["strings"]) <= limit
            seen += [s["id"] for s in d["strings"]]
            after = d["next"]
            if not after:
                break
        assert seen == everything, limit


def test_page_rows_carry_what_the_list_shows(srv, proj, seeded):
    _, ids, cats, _ = seeded
    b, _, _ = signed_in(srv, "manager", proj)
    d = b.request("GET", url(proj, "fr")).json()
    assert d["language"] == "fr"
    rows = {s["id"]: s for s in d["strings"]}
    s = rows[ids["b0"]]
    assert (s["key"], s["source"], s["context"]) == ("beta.save", "Save 50% now", "toolbar button")
    assert s["file"]["name"] == "Beta" and s["plural"] is None
    # approved first, then the suggestion; each with its author
    assert [(t["text"], t["approved"]) for t in s["translations"]] == [
        ("Sauver 50 %", True), ("Enregistrer", False)]
    assert rows[ids["a3"]]["translations"] == [] and rows[ids["a3"]]["context"] is None
    # de's translation is not fr's
    assert rows[ids["a2"]]["translations"] == []


def test_state_filters(srv, proj, seeded):
    _, ids, _, _ = seeded
    b, _, _ = signed_in(srv, "proofreader", proj)
    want = {
        "untranslated": ["a2", "a3", "a4", "b1", "b2"],
        "unapproved": ["a1"],
        "approved": ["a0", "b0"],
        "suggestions": ["a1", "b0"],
    }
    for state, keys in want.items():
        assert page_ids(b, proj, state=state) == [ids[k] for k in keys], state
    assert page_ids(b, proj, "de", state="approved") == [ids["a2"]]
    # a filter pages too
    r = b.request("GET", url(proj, "fr"), params={"state": "untranslated", "limit": 2}).json()
    assert [s["id"] for s in r["strings"]] == [ids["a2"], ids["a3"]] and r["next"]
    assert page_ids(b, proj, state="untranslated", after=r["next"]) == [
        ids["a4"], ids["b1"], ids["b2"]]


def test_search_in_each_field(srv, proj, seeded):
    _, ids, _, _ = seeded
    b, _, _ = signed_in(srv, "manager", proj)
    assert page_ids(b, proj, q="apple NUMBER 3") == [ids["a3"]]     # source, any case
    assert page_ids(b, proj, q="50%") == [ids["b0"]]                 # % is a character
    assert page_ids(b, proj, q="e_i") == [ids["b2"]]                 # so is _
    assert page_ids(b, proj, q="_", **{"in": "key"}) == []
    assert page_ids(b, proj, q="beta.", **{"in": "key"}) == [ids["b0"], ids["b1"], ids["b2"]]
    assert page_ids(b, proj, q="toolbar", **{"in": "context"}) == [ids["b0"]]
    assert page_ids(b, proj, q="pomme", **{"in": "translation"}) == [ids["a0"], ids["a1"]]
    assert page_ids(b, proj, "de", q="pomme", **{"in": "translation"}) == []
    assert page_ids(b, proj, q="nothing like this") == []


def test_file_label_and_since_filters(srv, proj, seeded):
    lone, ids, cats, label = seeded
    b, _, _ = signed_in(srv, "manager", proj)
    assert page_ids(b, proj, file=cats["b"]) == [ids["b0"], ids["b1"], ids["b2"]]
    assert page_ids(b, proj, file=cats["a"], state="approved") == [ids["a0"]]
    # set: a checkbox ticked (every string has the label, at its default "0")
    assert page_ids(b, proj, label=label) == [ids["b1"]]
    assert page_ids(b, proj, label="urgent") == [ids["b1"]]
    assert page_ids(b, proj, since=int(time.time()) + 3600) == []
    assert len(page_ids(b, proj, since=1)) == len(ids)
    # a translation made later brings its string back, in that language only
    srv.sql("UPDATE string SET updated = 1000")
    srv.sql("UPDATE translation SET updated = 1000")
    lone.ok("addTranslation", string_id=ids["a4"], translation_language=lone.lang("fr"),
            translation_value="Pomme quatre")
    now = int(time.time()) - 60
    assert page_ids(b, proj, since=now) == [ids["a4"]]
    assert page_ids(b, proj, "de", since=now) == []
    error(b.request("GET", url(proj, "fr"), params={"file": 987654321}), 404, "not_found")
    error(b.request("GET", url(proj, "fr"), params={"label": "no-such-label"}), 404, "not_found")


def test_string_detail(srv, proj, seeded):
    lone, ids, cats, label = seeded
    b, _, _ = signed_in(srv, "manager", proj)
    r = b.request("GET", url(proj, "fr", f"strings/{ids['b0']}"))
    assert r.status_code == 200, r.text
    d = r.json()
    assert (d["id"], d["key"], d["context"], d["source"]) == (
        ids["b0"], "beta.save", "toolbar button", "Save 50% now")
    assert d["file"]["name"] == "Beta" and d["max_length"] == 0
    assert [(l["name"], l["value"]) for l in d["labels"]] == [("urgent", "0")]     # the default
    assert [t["text"] for t in d["translations"]] == ["Sauver 50 %", "Enregistrer"]
    assert d["translations"][0]["approved"] and not d["translations"][1]["approved"]
    assert d["language"]["code"] == "fr" and "other" in d["language"]["plural_categories"]
    d = b.request("GET", url(proj, "uk", f"strings/{ids['b1']}")).json()
    assert d["language"]["plural_categories"] == ["one", "few", "many", "other"]
    assert [(l["name"], l["value"]) for l in d["labels"]] == [("urgent", "1")]
    assert d["labels"][0]["label_id"] == label
    # other languages' best translation
    d = b.request("GET", url(proj, "fr", f"strings/{ids['a2']}")).json()
    assert d["translations"] == []
    assert [(o["language"], o["translation"]["text"]) for o in d["other_languages"]] == [
        ("de", "Apfel zwei")]
    error(b.request("GET", url(proj, "fr", "strings/999999")), 404, "not_found")
    error(b.request("GET", url(proj, "fr", "strings/abc")), 400, "invalid")


def test_language_bound_member_sees_only_their_languages(srv, proj, seeded):
    _, ids, _, _ = seeded
    b, _, _ = signed_in(srv, "translator", proj, "fr")
    assert len(page_ids(b, proj)) == len(ids)
    error(b.request("GET", url(proj, "de")), 403, "forbidden")
    error(b.request("GET", url(proj, "de", f"strings/{ids['a2']}")), 403, "forbidden")
    # other languages: only those the member sees
    d = b.request("GET", url(proj, "fr", f"strings/{ids['a2']}")).json()
    assert d["other_languages"] == []
    # not a target language (ja), nor a language at all
    error(b.request("GET", url(proj, "ja")), 404, "not_found")
    error(b.request("GET", url(proj, "xx-nope")), 404, "not_found")


def test_non_member_and_no_session(srv, proj, seeded):
    b, _, _ = signed_in(srv)
    error(b.request("GET", url(proj, "fr")), 404, "not_found")
    error(b.request("GET", url(proj, "fr", "strings/1")), 404, "not_found")
    error(Browser(srv).request("GET", url(proj, "fr")), 401, "not_signed_in")


@pytest.mark.parametrize("params", [
    {"limit": "0"}, {"limit": "501"}, {"limit": "ten"}, {"state": "done"}, {"in": "comment"},
    {"after": "1.2"}, {"after": "a.b.c"}, {"after": "1.2.3.4"}, {"file": "-1"}, {"since": "x"},
    {"q": "x" * 1001},
])
def test_bad_params(srv, proj, params):
    b, _, _ = signed_in(srv, "manager", proj)
    error(b.request("GET", url(proj, "fr"), params=params), 400, "invalid")


# ---------------------------------------------------------------- bounded scans and skipped files

SCAN = 1000     # the server's editor-scan (its minimum): a page looks at 1,000 strings at most


def po(entries, lang=None):
    """A gettext file: entries (key, source, plural or None, translation or None)."""
    out = ['msgid ""', 'msgstr ""', '"Content-Type: text/plain; charset=UTF-8\\n"',
           f'"Language: {lang or "en"}\\n"', '"Plural-Forms: nplurals=2; plural=(n > 1);\\n"', ""]
    for key, source, plural, tr in entries:
        out += [f'msgctxt "{key}"', f'msgid "{source}"']
        if plural:
            out += [f'msgid_plural "{plural}"', f'msgstr[0] "{tr or ""}"', f'msgstr[1] "{tr or ""}"']
        else:
            out.append(f'msgstr "{tr or ""}"')
        out.append("")
    return "\n".join(out).encode()


@pytest.fixture(scope="module")
def big(backend_env):
    """A server whose pages look at SCAN strings at most, and a project of 3,100 strings in
    three files: a.po approved but for 2 strings, b.po suggestions but for 4, c.po untranslated
    but for its first 10; "zebra" in 2 sources, a label ticked on 3 strings, 3 strings changed
    recently."""
    from conftest import Server, make_db_url
    backend, tmpdir, pg = backend_env
    s = Server(backend, make_db_url(backend, tmpdir, pg), tmpdir, pg,
               extra=["--editor-scan", str(SCAN)]).start()
    p = s.project()
    sizes = {"a.po": 1500, "b.po": 1200, "c.po": 400}
    gaps = {"a.po": {700, 1499}, "b.po": {150, 450, 750, 1050}, "c.po": set(range(10, 400))}
    files, trs = [], {}
    for name, n in sizes.items():
        ents = []
        for i in range(n):
            src = f"Line {i} of {name}" + (" with a zebra" if (name, i) in (("a.po", 1234),
                                                                             ("c.po", 399)) else "")
            plural = f"Lines {i}" if i % 500 == 7 else None
            ents.append((f"{name[0]}.k{i}", src, plural, None if i in gaps[name] else f"Ligne {i}"))
        files.append((f"files[{name}]", (name, po(ents))))
        trs[name] = po([e for e in ents if e[3]], "fr")
    r = s.v1(f"/api/project/{p.identifier}/add-file", [("key", p.key)], files=files, timeout=120)
    assert r.status_code == 200, r.text
    for name, body in trs.items():
        extra = [("auto_approve_imported", "1")] if name == "a.po" else []
        r = s.v1(f"/api/project/{p.identifier}/upload-translation",
                 [("key", p.key), ("language", "fr")] + extra,
                 files=[(f"files[{name}]", (name, body))], timeout=120)
        assert r.status_code == 200, r.text
    label = add_label(s, p, "urgent", "checkbox", default="0")
    pid = s.project_id(p.identifier)
    s.sql(f"UPDATE string SET updated = 1000 WHERE project_id = {pid}")
    s.sql("UPDATE translation SET updated = 1000 WHERE string_id IN "
          f"(SELECT id FROM string WHERE project_id = {pid})")
    # (a gettext key is msgctxt "\004" msgid: the sources name the strings here)
    for src in ("Line 3 of a.po", "Line 1190 of b.po", "Line 15 of c.po"):
        s.sql(f"INSERT INTO string_label (string_id, label_id, value) SELECT s.id, l.id, '1' "
              f"FROM string s, label l WHERE s.project_id = {pid} AND s.source = '{src}' "
              f"AND l.project_id = {pid} ON CONFLICT (string_id, label_id) DO UPDATE SET value = '1'")
    s.sql(f"UPDATE string SET updated = 5000 WHERE project_id = {pid} AND source = 'Line 1400 of a.po'")
    s.sql("UPDATE translation SET updated = 5000 WHERE string_id IN (SELECT id FROM string "
          f"WHERE project_id = {pid} AND source IN ('Line 20 of b.po', 'Line 2 of c.po'))")
    b, _, _ = signed_in(s, "translator", p, "fr")
    yield s, p, b
    s.stop()


def walk(b, proj, limit, **params):
    """Every page of a filter, following next (partial pages too): (ids, partial pages)."""
    seen, partial, after = [], 0, None
    for _ in range(10000):
        r = b.request("GET", url(proj, "fr"), params={"limit": limit, **params,
                                                      **({"after": after} if after else {})})
        assert r.status_code == 200, r.text
        d = r.json()
        assert len(d["strings"]) <= limit
        if d["partial"]:
            partial += 1
            assert d["next"], "a partial page says where to go on"
        elif d["next"]:
            assert len(d["strings"]) == limit, "only a partial page may be short"
        seen += [s["id"] for s in d["strings"]]
        if not d["next"]:
            return seen, partial
        assert d["next"] != after, "a page moves on"
        after = d["next"]
    raise AssertionError("paging did not end")


def all_rows(b, proj):
    """The whole list, unfiltered (no filter: nothing to scan for, never partial)."""
    rows, after = [], None
    while True:
        d = b.request("GET", url(proj, "fr"), params={"limit": 500,
                                                      **({"after": after} if after else {})}).json()
        assert not d["partial"]
        rows += d["strings"]
        after = d["next"]
        if not after:
            return rows


def test_bounded_scans_and_skipped_files_lose_no_string(big):
    """Each filter paged with several limits gives exactly the strings the whole list says
    match, in export order, once each, whether pages stop at the scan bound (partial) or
    skip files by their counts."""
    s, p, b = big
    rows = all_rows(b, p)
    assert len(rows) == 3100
    files = {r["file"]["name"]: r["file"]["id"] for r in rows}
    tr = lambda r: r["translations"]
    ticked = {"Line 3 of a.po", "Line 1190 of b.po", "Line 15 of c.po"}
    want = {
        "untranslated": ({"state": "untranslated"}, lambda r: not tr(r)),
        "unapproved": ({"state": "unapproved"},
                       lambda r: tr(r) and not any(t["approved"] for t in tr(r))),
        "approved": ({"state": "approved"}, lambda r: any(t["approved"] for t in tr(r))),
        "suggestions": ({"state": "suggestions"},
                        lambda r: any(not t["approved"] for t in tr(r))),
        "q": ({"q": "ZEBRA"}, lambda r: "zebra" in r["source"]),
        "q translation": ({"q": "ligne 14", "in": "translation"},
                          lambda r: any("Ligne 14" in t["text"] for t in tr(r))),
        "q key": ({"q": "k119", "in": "key"}, lambda r: "k119" in r["key"]),
        "file": ({"file": files["b.po"]}, lambda r: r["file"]["name"] == "b.po"),
        "file + untranslated": ({"file": files["b.po"], "state": "untranslated"},
                                lambda r: r["file"]["name"] == "b.po" and not tr(r)),
        "label": ({"label": "urgent"}, lambda r: r["source"] in ticked),
        "since": ({"since": 4000}, lambda r: r["updated"] >= 4000
                  or any(t["updated"] >= 4000 for t in tr(r))),
        "label + untranslated": ({"label": "urgent", "state": "untranslated"},
                                 lambda r: r["source"] in ticked and not tr(r)),
    }
    partial = {}
    for name, (params, match) in want.items():
        expect = [r["id"] for r in rows if match(r)]
        assert expect, name
        for limit in (1, 7, 50):
            got, n = walk(b, p, limit, **params)
            assert got == expect, (name, limit)
            partial[name] = partial.get(name, 0) + n
    # the sparse filters did stop at the bound on the way
    for name in ("untranslated", "q", "q translation", "label", "since"):
        assert partial[name], name
    # a plural source survives the reply (its forms are copied out of the parsed JSON)
    one = next(r for r in rows if r["key"].startswith("a.k7\x04"))
    assert one["plural"] == {"one": "Line 7 of a.po", "other": "Lines 7"}


def test_skipped_files_follow_the_counts(big):
    """The walk skips a file by its kept counts: as translations come and go the counts move
    with them, and a file that can match again is walked again (a.po: approved but for two
    untranslated strings; each change below makes it hold a new kind of match)."""
    s, p, b = big
    lone = Lone(s, p)
    set_setting(s, p, "allow_disapprove_all_translations", 1)
    set_setting(s, p, "allow_delete_all_suggestions", 1)
    rows = all_rows(b, p)
    order = [r["id"] for r in rows]
    states = ("untranslated", "unapproved", "approved", "suggestions")
    now = {st: walk(b, p, 7, state=st)[0] for st in states}
    by_source = lambda src: next(r["id"] for r in rows if r["source"] == src)
    k700, k3 = by_source("Line 700 of a.po"), by_source("Line 3 of a.po")
    assert k700 in now["untranslated"] and k3 in now["approved"]
    assert not [i for i in now["unapproved"] if i in (k700, k3)]
    in_order = lambda ids: [i for i in order if i in ids]

    # a suggestion on an untranslated string of a.po: a.po now holds an unapproved string
    lone.ok("addTranslation", string_id=k700, translation_language=lone.lang("fr"),
            translation_value="Ligne 700")
    got = {st: walk(b, p, 7, state=st)[0] for st in states}
    assert got["untranslated"] == [i for i in now["untranslated"] if i != k700]
    assert got["unapproved"] == in_order(set(now["unapproved"]) | {k700})
    assert got["suggestions"] == in_order(set(now["suggestions"]) | {k700})
    assert got["approved"] == now["approved"]
    # an approved string disapproved, then its translations deleted: untranslated again
    lone.ok("disapproveAllTranslations", string_id=k3)
    assert walk(b, p, 7, state="approved")[0] == [i for i in now["approved"] if i != k3]
    assert walk(b, p, 7, state="unapproved")[0] == in_order(set(now["unapproved"]) | {k700, k3})
    lone.ok("deleteAllSuggestions", string_id=k3)
    assert walk(b, p, 7, state="untranslated")[0] == in_order(
        (set(now["untranslated"]) - {k700}) | {k3})


def test_partial_reply_shape(big):
    s, p, b = big
    # from the start, "zebra" is 1,234 strings away: the first page stops at the bound
    d = b.request("GET", url(p, "fr"), params={"q": "zebra", "limit": 5}).json()
    assert d["partial"] is True and d["strings"] == [] and d["next"]
    d = b.request("GET", url(p, "fr"), params={"q": "zebra", "limit": 5, "after": d["next"]}).json()
    assert [s["source"] for s in d["strings"]] == ["Line 1234 of a.po with a zebra"]
    # still partial (the bound came before a second match); it goes on right after its string
    assert d["partial"] is True
    d = b.request("GET", url(p, "fr"), params={"limit": 1, "after": d["next"]}).json()
    assert [s["source"] for s in d["strings"]] == ["Line 1235 of a.po"]
    # an ordinary page says partial: false
    d = b.request("GET", url(p, "fr"), params={"limit": 2}).json()
    assert d["partial"] is False and len(d["strings"]) == 2 and d["next"]
