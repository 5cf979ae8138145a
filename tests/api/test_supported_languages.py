"""supported-languages (crowdin-v1.md §1.1, §2.4): three URL forms, no auth needed."""
import pytest

from conftest import assert_xml_doc, children

FIELDS = ["name", "crowdin_code", "editor_code", "iso_639_1", "iso_639_3", "locale",
          "android_code", "osx_code", "osx_locale"]

ROMANIAN = dict(name="Romanian", crowdin_code="ro", editor_code="ro", iso_639_1="ro",
                iso_639_3="ron", locale="ro-RO", android_code="ro-rRO", osx_code="ro.lproj",
                osx_locale="ro")
UKRAINIAN = dict(name="Ukrainian", crowdin_code="uk", editor_code="uk", iso_639_1="uk",
                 iso_639_3="ukr", locale="uk-UA", android_code="uk-rUA", osx_code="uk.lproj",
                 osx_locale="uk")

FORMS = ["global-get", "project-get", "project-post-key"]


@pytest.fixture(scope="module")
def langs_project(session_srv):
    return session_srv.project()


def call(srv, form, project, fmt):
    if form == "global-get":
        return srv.v1("/api/supported-languages", None, fmt=fmt, method="GET")
    if form == "project-get":   # Ruby gem
        return srv.v1(f"/api/project/{project.identifier}/supported-languages", None, fmt=fmt,
                      method="GET")
    # crowdin-cli-py, Java SDK: POST with ?key= in the query
    return srv.v1(f"/api/project/{project.identifier}/supported-languages", project.auth(),
                  fmt=fmt, method="POST", where="query")


def check_rows(rows):
    assert len(rows) >= 150, len(rows)
    by_code = {}
    for row in rows:
        # Crowdin's fields only, every one a string: a published client walks them all
        assert list(row) == FIELDS, row
        for f in FIELDS:
            assert isinstance(row.get(f), str), (f, row)
        assert row["name"] and row["crowdin_code"], row
        assert row["crowdin_code"] not in by_code, f"duplicate crowdin_code {row['crowdin_code']}"
        by_code[row["crowdin_code"]] = row
    names = [r["name"].lower() for r in rows]
    assert len(set(names)) == len(names), "language names must be unique (Java CLI matches by name)"
    for want in (ROMANIAN, UKRAINIAN):
        got = {f: by_code[want["crowdin_code"]][f] for f in FIELDS}
        assert got == want
    for code in ("en", "fr", "de", "es-ES", "pt-BR", "zh-CN"):
        assert code in by_code, code
    return by_code


@pytest.mark.parametrize("form", FORMS)
@pytest.mark.parametrize("fmt", [None, "xml"])
def test_xml(srv, langs_project, form, fmt):
    r = call(srv, form, langs_project, fmt)
    assert r.status_code == 200, r.text[:300]
    assert_xml_doc(r)
    root = r.xml
    assert root.tag == "languages"
    assert set(children(root)) == {"language"}
    rows = []
    for lang in root:
        # exactly the 9 fields of §2.4, in that order (the .NET reader needs the order;
        # clients that walk every field expect nothing else)
        assert children(lang) == FIELDS, children(lang)
        rows.append({f: lang.findtext(f) for f in FIELDS})
    check_rows(rows)


@pytest.mark.parametrize("form", FORMS)
@pytest.mark.parametrize("jsonval", ["", "true", "1", "json"])
def test_json(srv, langs_project, form, jsonval):
    p = f"/api/project/{langs_project.identifier}/supported-languages"
    if form == "global-get":
        r = srv.v1("/api/supported-languages", [("json", jsonval)], fmt=None, method="GET")
    elif form == "project-get":
        r = srv.v1(p, [("json", jsonval)], fmt=None, method="GET")
    else:
        r = srv.v1(p, [("key", langs_project.key), ("json", jsonval)], fmt=None, method="POST",
                   where="query")
    r.fmt = "json"
    assert r.status_code == 200, r.text[:300]
    assert r.ctype == "application/json"
    d = r.data
    assert isinstance(d, list), "JSON supported-languages is a top-level array"
    check_rows(d)


@pytest.mark.parametrize("form", FORMS)
def test_jsonp(srv, langs_project, form):
    r = call(srv, form, langs_project, "jsonp")
    assert r.status_code == 200, r.text[:300]
    assert r.ctype == "application/javascript"
    assert r.text.startswith("cb([") and r.text.endswith("]);")
    check_rows(r.data)


def test_project_names_match_supported_names(srv, langs_project):
    """Java CLI matches info languages[].name against supported-languages name."""
    sup = {row["crowdin_code"]: row["name"]
           for row in srv.v1("/api/supported-languages", None, method="GET").data}
    info = srv.info_data(langs_project)
    assert info["languages"]
    for l in info["languages"]:
        assert sup[l["code"]] == l["name"]
    src = info["details"]["source_language"]
    assert sup[src["code"]] == src["name"]


def test_forms_agree(srv, langs_project):
    a = call(srv, "global-get", langs_project, "json").data
    b = call(srv, "project-get", langs_project, "json").data
    c = call(srv, "project-post-key", langs_project, "json").data
    assert a == b == c
