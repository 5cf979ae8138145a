"""getTranslations (format 0, the JSON list) over a few thousand strings, on both backends.

The reply is written as the rows come (no reply tree); this checks it against what the reply
tree wrote, worked out here from the calls made, not read back from the server: every string
in (category, creation) order, its export text (approved, else the newest suggestion, else ""),
its context, its labels in label order (given values, else the label's default), texts with
quotes, backslashes, control characters and non-ASCII, and the exact bytes of the envelope.
"""
import json

import pytest

from lone_helpers import Lone, add_label

N = 2000
WEIRD = ['plain', 'quote " and \\ backslash', 'tab\tnew\nline\r\n', 'ctl \x01\x1f\x7f end',
         'unicode é ✓ 😀', '</script>&amp;', '']


@pytest.fixture
def lone(srv, proj):
    return Lone(srv, proj)


def exact(result):
    """The bytes the reply tree's writer gives: compact, UTF-8 as is, \\uXXXX for controls."""
    return json.dumps({"ok": True, "result": result}, ensure_ascii=False,
                      separators=(",", ":")).encode()


def test_lone_get_translations_many_strings_exact(srv, proj, lone):
    labels = [  # (name, id, default value stored on a string, or None: not stored)
        ("Check", add_label(srv, proj, "Check", "checkbox", default=1), "1"),
        ("Pick", add_label(srv, proj, "Pick", "select", options=["A=a", "B=b"]), None),
        ("Note", add_label(srv, proj, "Note", "input", default="dflt"), "dflt"),
        ("Empty", add_label(srv, proj, "Empty", "input"), ""),
    ]
    top = lone.category("Top")
    cats = [top, lone.category("Inner", parent_id=top), lone.category("Other"),
            lone.category("Last")]
    en, fr = lone.lang("en"), lone.lang("fr")
    made = []   # (category, string_id, key, source, context, labels, fr text)
    for i in range(N):
        cat = cats[(i * 7) % len(cats)]          # interleaved: the order is the category's
        key = f"screen.section.k{i}"
        source = f"{WEIRD[i % len(WEIRD)]} {i}"
        context = f"ctx {WEIRD[(i + 3) % len(WEIRD)]} {i}" if i % 3 == 0 else ""
        given = {}
        if i % 2:
            given["Check"] = "0"
        if i % 5 == 0:
            given["Pick"] = "b" if i % 10 else "a"
        if i % 7 == 0:
            given["Note"] = f'v "{i}"\\\n'
        params = dict(string_context=context) if context else {}
        params.update({f"labels[{lid}]": given[name] for name, lid, _ in labels if name in given})
        sid = lone.string(cat, key, source, **params)
        lab = [{"name": name, "value": given.get(name, dflt)} for name, _, dflt in labels
               if name in given or dflt is not None]
        text = ""
        kind = i % 6
        if kind == 1:       # the API bot's suggestion
            text = f"sugg {WEIRD[i % len(WEIRD)]} {i}"
            lone.ok("addTranslation", string_id=sid, translation_language=fr, translation_value=text)
        elif kind == 2:     # the bot's translation, approved, then given a new text (in place)
            lone.ok("addTranslation", string_id=sid, translation_language=fr,
                    translation_value=f"appr {i} ✓", approve=1)
            text = f"later {i}"
            lone.ok("addTranslation", string_id=sid, translation_language=fr, translation_value=text)
        elif kind == 3:     # a newer suggestion than an older approved translation (rows below)
            lone.ok("addTranslation", string_id=sid, translation_language=fr,
                    translation_value=f"newer {i}")
            text = f"it's approved {i}"
        elif kind == 4:     # two suggestions from people (rows below): the newest, then the last
            text = f"second {i}"
        # kind 0 and 5: no translation in fr (kind 5 has one in de)
        made.append((cat, sid, key, source, context, lab, text))

    # translations from elsewhere (an upload, a person), written as rows: (string, language, text,
    # approved, updated)
    pid = srv.project_id(proj.identifier)
    internal = {int(p): int(k) for k, p in srv.sql(f"SELECT id, public_id FROM string "
                                                   f"WHERE project_id = {pid}")}
    rows = []
    for i, (cat, sid, key, source, context, lab, text) in enumerate(made):
        k = i % 6
        if k == 3:
            rows.append((internal[int(sid)], fr, text, 1, 1))
        elif k == 4:
            rows += [(internal[int(sid)], fr, f"first {i}", 0, 5), (internal[int(sid)], fr, "older", 0, 4),
                     (internal[int(sid)], fr, text, 0, 5)]
        elif k == 5:
            rows.append((internal[int(sid)], lone.lang("de"), f"de {i}", 1, 1))
    values = ", ".join("({}, {}, '{}', {}, 0, {})".format(s, l, t.replace("'", "''"), a, u)
                       for s, l, t, a, u in rows)
    srv.sql("INSERT INTO translation (string_id, language_id, text, approved, created, updated) "
            f"VALUES {values}")

    order = sorted(range(N), key=lambda i: (cats.index(made[i][0]), i))

    def item(i, lang_text):
        cat, sid, key, source, context, lab, text = made[i]
        return {"string_id": str(sid), "string_key": key, "category_id": str(cat),
                "translation": lang_text(i), "string_context": context, "labels": lab}

    want_fr = [item(i, lambda i: made[i][6]) for i in order]
    r = lone.call("getTranslations", {"translation_language": fr})
    assert r.status_code == 200 and r.headers["Content-Type"].split(";")[0] == "application/json"
    got = r.json()["result"]
    assert len(got) == N
    for g, w in zip(got, want_fr):
        assert g == w
    assert r.content == exact(want_fr)

    # the source language's text is the source; GET and format=json say the same
    want_en = [item(i, lambda i: made[i][3]) for i in order]
    assert lone.call("getTranslations", {"translation_language": en, "format": "json"},
                     http="GET").content == exact(want_en)

    # a category (with its descendants) and one string: the same rows, filtered
    sub = [w for w, i in zip(want_fr, order) if made[i][0] in (cats[0], cats[1])]
    assert lone.call("getTranslations", {"translation_language": fr,
                                         "category_id": top}).content == exact(sub)
    for i in (0, 1, 2, 3, 7, N - 1):
        one = [item(i, lambda i: made[i][6])]
        assert lone.call("getTranslations", {"translation_language": fr,
                                             "string_id": made[i][1]}).content == exact(one)
    # an empty result is still a list
    empty = lone.category("Empty")
    assert lone.call("getTranslations", {"translation_language": fr,
                                         "category_id": empty}).content == exact([])
