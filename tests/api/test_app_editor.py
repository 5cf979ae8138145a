"""
The translation editor's reads (docs/editor.md): GET /app/api/projects/{p}/editor/{lang}/strings
(a page of strings in export order, keyset-paged, filtered) and .../strings/{id} (one string's
detail), for members who may see the language.  Both backends.
"""
import time

import pytest

from app_helpers import Browser, error, signed_in
from lone_helpers import Lone, add_label


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
