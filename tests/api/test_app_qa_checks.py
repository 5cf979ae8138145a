"""
The settings page's "QA checks" tab calls (docs/web.md "The project calls", docs/qa.md
"Levels"): GET/PUT /app/api/projects/{project}/qa-checks.  The levels are the ones v1
edit-project's qa_checks[...] sets and every save runs with: an error blocks the editor's save
(422), an off check is not run.  Owners and managers only.  Both backends.
"""
import json

import pytest

from app_helpers import error, signed_in
from test_app_editor_write import po_proj, save, string_ids  # noqa: F401 (fixture)

CHECKS = ["placeholder_missing", "placeholder_extra", "placeholder_order", "tag_missing",
          "tag_extra", "tag_unbalanced", "icu_syntax", "whitespace_leading",
          "whitespace_trailing", "newline_leading", "newline_trailing", "punctuation_trailing",
          "numbers", "max_length", "double_space", "glossary"]


def url(project):
    return f"/app/api/projects/{project.identifier}/qa-checks"


def get(b, project):
    r = b.request("GET", url(project))
    assert r.status_code == 200, r.text
    return r.json()


def levels(d):
    return {c["id"]: c["level"] for c in d["checks"]}


def stored(srv, project):
    pid = srv.project_id(project.identifier)
    row = srv.sql(f"SELECT qa_checks, revision FROM project WHERE id = {pid}")[0]
    return json.loads(row[0]), int(row[1])


@pytest.fixture
def manager(srv, po_proj):  # noqa: F811
    b, _, _ = signed_in(srv, "manager", po_proj)
    return b


def test_defaults_every_check_a_warning_in_the_tables_order(srv, po_proj, manager):  # noqa: F811
    d = get(manager, po_proj)
    assert d["enabled"] is True
    assert [c["id"] for c in d["checks"]] == CHECKS
    assert all(c["level"] == "warning" for c in d["checks"]), d
    first = d["checks"][0]
    assert first["description"] == "A placeholder of the source is not in the translation."


def test_put_levels_keeps_crowdin_keys_and_the_saves_obey(srv, po_proj, manager):  # noqa: F811
    # a Crowdin v1 name set before through edit-project (the project key)
    r = srv.v1(f"/api/project/{po_proj.identifier}/edit-project",
               list(po_proj.auth().items()) + [("qa_checks[tags]", "0")])
    assert r.status_code == 200, r.text
    _, rev = stored(srv, po_proj)
    r = manager.request("PUT", url(po_proj), {"enabled": True, "checks": {
        "placeholder_missing": "error", "punctuation_trailing": "off"}})
    assert r.status_code == 200, r.text
    want = {c: "warning" for c in CHECKS} | {"placeholder_missing": "error",
                                             "punctuation_trailing": "off"}
    assert levels(r.json()) == want and r.json()["enabled"] is True
    assert get(manager, po_proj) == r.json()
    obj, rev2 = stored(srv, po_proj)
    assert obj["tags"] == 0 and obj["placeholder_missing"] == 2 and obj["punctuation_trailing"] == 0
    assert obj["numbers"] == 1 and obj["enabled"] == 1, obj
    assert rev2 > rev, "the change moves the revision every reply cache is keyed by"

    # checks not named keep their level
    r = manager.request("PUT", url(po_proj), {"checks": {"numbers": "error"}})
    assert r.status_code == 200, r.text
    assert levels(r.json()) == want | {"numbers": "error"}
    r = manager.request("PUT", url(po_proj), {"checks": {"numbers": "warning"}})
    assert levels(r.json()) == want

    # the editor's save: the error check refuses, the off one is not run
    t, _, _ = signed_in(srv, "translator", po_proj)
    sid = string_ids(t, po_proj)["Save %s now"]
    r = save(t, po_proj, sid, text="Enregistrer maintenant")
    assert r.status_code == 422, r.text
    e = r.json()["error"]
    assert e["code"] == "qa" and [q["check"] for q in e["qa"]] == ["placeholder_missing"], e
    r = save(t, po_proj, sid, text="Enregistrer %s maintenant.")	# "." the source lacks
    assert r.status_code == 200, r.text
    assert r.json()["qa"] == [], r.json()["qa"]

    # back to a warning: the same text is saved, with its warning
    r = manager.request("PUT", url(po_proj), {"checks": {"placeholder_missing": "warning"}})
    assert r.status_code == 200, r.text
    r = save(t, po_proj, sid, text="Enregistrer maintenant")
    assert r.status_code == 200, r.text
    assert [(q["check"], q["severity"]) for q in r.json()["qa"]] == [
        ("placeholder_missing", "warning")]

    # the master switch off: nothing runs, each level is kept
    r = manager.request("PUT", url(po_proj), {"enabled": False})
    assert r.status_code == 200 and r.json()["enabled"] is False, r.text
    assert levels(r.json()) == want | {"placeholder_missing": "warning"}
    assert stored(srv, po_proj)[0]["enabled"] == 0
    r = save(t, po_proj, sid, text="Sauver")
    assert r.status_code == 200 and r.json()["qa"] == [], r.text


def test_v1_levels_show_on_the_tab(srv, po_proj, manager):  # noqa: F811
    r = srv.v1(f"/api/project/{po_proj.identifier}/edit-project",
               list(po_proj.auth().items()) + [("qa_checks[numbers]", "2"),
                                               ("qa_checks[glossary]", "0"),
                                               ("qa_checks[enabled]", "0")])
    assert r.status_code == 200, r.text
    d = get(manager, po_proj)
    assert d["enabled"] is False
    assert levels(d)["numbers"] == "error" and levels(d)["glossary"] == "off"


@pytest.mark.parametrize("body,why,code", [
    ({"checks": {"placeholder_missing": "error", "no_such_check": "off"}}, "no_such_check",
     "invalid"),
    ({"checks": {"placeholder_missing": "error", "numbers": "fatal"}}, "fatal", "invalid"),
    ({"checks": {"numbers": 2}}, "numbers", "invalid"),
    ({"checks": ["numbers"]}, "checks", "invalid"),
    ({"enabled": "yes"}, "enabled", "invalid"),
    ({"enabled": False, "colour": "red"}, "colour", "invalid"),
    ([], "JSON object", "bad_json"),
])
def test_bad_bodies_change_nothing(srv, po_proj, manager, body, why, code):  # noqa: F811
    before = stored(srv, po_proj)
    msg = error(manager.request("PUT", url(po_proj), body), 400, code)
    assert why in msg, msg
    assert stored(srv, po_proj) == before
    assert all(c["level"] == "warning" for c in get(manager, po_proj)["checks"])


def test_only_owners_and_managers(srv, po_proj):  # noqa: F811
    change = {"checks": {"numbers": "error"}}
    for role in ("translator", "proofreader"):
        b, _, _ = signed_in(srv, role, po_proj)
        error(b.request("GET", url(po_proj)), 403, "forbidden")
        error(b.request("PUT", url(po_proj), change), 403, "forbidden")
    stranger, _, _ = signed_in(srv)
    error(stranger.request("GET", url(po_proj)), 404, "not_found")
    error(stranger.request("PUT", url(po_proj), change), 404, "not_found")
    m, _, _ = signed_in(srv, "manager", po_proj)
    error(m.request("PUT", url(po_proj), change, csrf=False), 403, "csrf")
    assert levels(get(m, po_proj))["numbers"] == "warning"
