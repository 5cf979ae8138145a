"""
The settings page's calls (docs/web.md "The project calls"): GET/PATCH
/app/api/projects/{project}/settings (the model's settings table, all or nothing), new
keys (POST .../keys/project-key|api-token: the old one fails at once on v1 and
localization.one, on every node), the opt-in switches' effect on the very next
localization.one call, and the labels (GET/POST .../labels, PATCH/DELETE .../labels/{label}).
Owners and managers only.  Both backends.
"""
import dataclasses

import pytest

from app_helpers import Browser, error, signed_in
from lone_helpers import Lone, start_server


def url(project, tail=""):
    return f"/app/api/projects/{project.identifier}/settings{tail}"


def labels_url(project, tail=""):
    return f"/app/api/projects/{project.identifier}/labels{tail}"


def get_settings(b, project):
    r = b.request("GET", url(project))
    assert r.status_code == 200, r.text
    return r.json()


def patch(b, project, body, **kw):
    return b.request("PATCH", url(project), body, **kw)


@pytest.fixture
def manager(srv, proj):
    b, _, _ = signed_in(srv, "manager", proj)
    return b


# ---------------------------------------------------------------- settings

def test_get_settings(srv, proj, manager):
    d = get_settings(manager, proj)
    s = d["settings"]
    assert s["name"] == proj.name
    assert s["source_language"] == "en" and s["languages"] == ["fr", "de", "uk"]
    assert s["join_policy"] in ("open", "private")
    assert s["export_interval_minutes"] == 0 or isinstance(s["export_interval_minutes"], int)
    for k in ("export_translated_only", "export_approved_only", "allow_delete_string",
              "allow_update_translation", "allow_disapprove_all_translations",
              "allow_delete_all_suggestions"):
        assert s[k] is False, (k, s)
    assert "webhook_url" not in s and "project_key" not in s
    assert d["translated"] == {"fr": 0, "de": 0, "uk": 0}


def test_patch_round_trip_and_caches(srv, proj, manager):
    before = srv.info_data(proj)["details"]["name"]	# v1 info: cached by revision
    assert before == proj.name
    change = {"name": "Renamed <b>&", "description": "Über alles", "join_policy": "open",
              "export_interval_minutes": 15, "export_translated_only": True,
              "export_approved_only": True, "languages": ["fr", "es-ES", "de"],
              "allow_update_translation": True}
    r = patch(manager, proj, change)
    assert r.status_code == 200, r.text
    s = r.json()["settings"]
    for k, v in change.items():
        assert s[k] == v, (k, s)
    assert get_settings(manager, proj)["settings"] == s
    # the same object back (source_language unchanged is accepted): nothing moves
    assert patch(manager, proj, s).json()["settings"] == s
    # v1 sees it at once: its info reply cache was keyed by the old revision
    d = srv.info_data(proj)
    assert d["details"]["name"] == "Renamed <b>&" and d["details"]["join_policy"] == "open"
    assert [lang["code"] for lang in d["languages"]] == ["fr", "es-ES", "de"]
    # strings as values work too ("1", "30")
    r = patch(manager, proj, {"export_approved_only": "0", "export_interval_minutes": "30"})
    assert r.status_code == 200, r.text
    assert r.json()["settings"]["export_approved_only"] is False
    assert r.json()["settings"]["export_interval_minutes"] == 30


@pytest.mark.parametrize("body, field", [
    ({"export_interval_minutes": 5000}, "export_interval_minutes"),
    ({"export_interval_minutes": -1}, "export_interval_minutes"),
    ({"export_interval_minutes": "soon"}, "export_interval_minutes"),
    ({"name": ""}, "name"),
    ({"name": "x" * 256}, "name"),
    ({"join_policy": "public"}, "join_policy"),
    ({"export_approved_only": "maybe"}, "export_approved_only"),
    ({"export_approved_only": [1]}, "export_approved_only"),
    ({"allow_delete_string": {"on": True}}, "allow_delete_string"),
    ({"webhook_url": "https://example.com/h"}, "webhook_url"),	# the webhooks page's
    ({"hide_duplicates": 1}, "hide_duplicates"),
    ({"no_such_setting": 1}, "no_such_setting"),
    ({"source_language": "de"}, "source_language"),
    ({"languages": []}, "languages"),
    ({"languages": "fr"}, "languages"),
    ({"languages": ["fr", "xx-nope"]}, "languages"),
    ({"languages": ["en"]}, "languages"),
])
def test_bad_value_changes_nothing(srv, proj, manager, body, field):
    before = srv.snapshot(proj)
    # a good change first in the same call: it must not stay either
    r = patch(manager, proj, {"name": "Should not stay", "allow_delete_string": True, **body})
    msg = error(r, 400, "invalid")
    assert msg.startswith(f"{field}: "), msg
    assert srv.snapshot(proj) == before


def test_bad_bodies(srv, proj, manager):
    before = srv.snapshot(proj)
    error(manager.request("PATCH", url(proj), data=b"[1,2]",
                          headers={"Content-Type": "application/json"}), 400, "bad_json")
    error(patch(manager, proj, {}), 400, "invalid")
    assert srv.snapshot(proj) == before


def test_removing_a_language_with_translations_needs_confirmation(srv, proj, manager):
    lone = Lone(srv, proj)
    cat = lone.category("Web")
    s1 = lone.string(cat, "hello", "Hello")
    lone.ok("addTranslation", string_id=s1, translation_language=lone.lang("fr"),
            translation_value="Bonjour")
    assert get_settings(manager, proj)["translated"]["fr"] == 1
    before = srv.snapshot(proj)
    msg = error(patch(manager, proj, {"languages": ["de"], "name": "X"}), 409, "confirm")
    assert "French" in msg and "confirm_remove_languages" in msg
    assert srv.snapshot(proj) == before
    # a language without translations goes without asking
    r = patch(manager, proj, {"languages": ["fr", "de"]})
    assert r.status_code == 200, r.text
    r = patch(manager, proj, {"languages": ["de"], "confirm_remove_languages": True})
    assert r.status_code == 200 and r.json()["settings"]["languages"] == ["de"], r.text
    # the translation stays stored: the language back, it is back
    r = patch(manager, proj, {"languages": ["de", "fr"]})
    assert r.json()["translated"]["fr"] == 1, r.text


# ---------------------------------------------------------------- who may

def test_only_owners_and_managers(srv, proj):
    calls = [("GET", url(proj), None), ("PATCH", url(proj), {"name": "x"}),
             ("POST", url(proj, "").replace("/settings", "/keys/api-token"), None),
             ("GET", labels_url(proj), None),
             ("POST", labels_url(proj), {"name": "L", "type": "input"}),
             ("PATCH", labels_url(proj, "/L"), {"name": "M"}),
             ("DELETE", labels_url(proj, "/L"), None)]
    readers = [signed_in(srv, role, proj)[0] for role in ("translator", "proofreader")]
    stranger, _, _ = signed_in(srv)
    owner, _, _ = signed_in(srv, "owner", proj)
    m, _, _ = signed_in(srv, "manager", proj)
    before = srv.snapshot(proj)
    for b in readers:
        for method, path, body in calls:
            error(b.request(method, path, body), 403, "forbidden")
        assert b.request("GET", f"/app/p/{proj.identifier}/settings").status_code == 403
    for method, path, body in calls:
        error(stranger.request(method, path, body), 404, "not_found")
    assert stranger.request("GET", f"/app/p/{proj.identifier}/settings").status_code == 404
    error(Browser(srv).request("GET", url(proj)), 401, "not_signed_in")
    assert owner.request("GET", url(proj)).status_code == 200
    # a manager without the CSRF token: refused
    for method, path, body in calls:
        if method != "GET":
            error(m.request(method, path, body, csrf=False), 403, "csrf")
    assert srv.snapshot(proj) == before
    assert srv.sql(f"SELECT COUNT(*) FROM label WHERE project_id = {srv.project_id(proj.identifier)}") \
        == [("0",)]


def test_page_shows_keys_to_managers(srv, proj, manager):
    r = manager.request("GET", f"/app/p/{proj.identifier}/settings")
    assert r.status_code == 200, r.text
    for text in (proj.key, proj.api_token, "Allow deleteString via API",
                 "Allow updateTranslation via API", "Allow disapproveAllTranslations via API",
                 "Allow deleteAllSuggestions via API", 'aria-current="page">Settings<'):
        assert text in r.text, text
    assert "<script>" not in r.text


# ---------------------------------------------------------------- keys

def v1_ok(srv, proj, key):
    r = srv.v1(f"/api/project/{proj.identifier}/info", {"key": key})
    return r.status_code == 200 and "details" in r.data


def lone_status(srv, token):
    return srv.http.post(f"{srv.base}/api/{token}/getLanguages", timeout=30).status_code


def test_new_keys_end_the_old_ones_on_every_node(srv, proj, manager, backend_env):
    other = start_server(backend_env, db_url=srv.db_url, log_name="settings-node-b")
    try:
        for node in (srv, other):	# both nodes have used (and could have kept) the old ones
            assert v1_ok(node, proj, proj.key) and lone_status(node, proj.api_token) == 200
        invite_before = srv.info_data(proj)["details"]["invite_url"]
        r = manager.request("POST", f"/app/api/projects/{proj.identifier}/keys/project-key")
        assert r.status_code == 200, r.text
        assert r.json()["key"] == "project-key"
        new_key = r.json()["value"]
        assert len(new_key) == 32 and new_key != proj.key
        r = manager.request("POST", f"/app/api/projects/{proj.identifier}/keys/api-token")
        assert r.status_code == 200, r.text
        new_token = r.json()["value"]
        assert len(new_token) == 48 and new_token != proj.api_token
        for node in (srv, other):
            assert not v1_ok(node, proj, proj.key)
            assert v1_ok(node, proj, new_key)
            assert lone_status(node, proj.api_token) == 401
            assert lone_status(node, new_token) == 200
        # the invitation links are made from the key: v1 info's cached reply is not served
        for node in (srv, other):
            inv = node.info_data(dataclasses.replace(proj, key=new_key))["details"]["invite_url"]
            assert inv["translator"] != invite_before["translator"], inv
        page = manager.request("GET", f"/app/p/{proj.identifier}/settings").text
        assert new_key in page and new_token in page and proj.api_token not in page
    finally:
        other.stop()
    error(manager.request("POST", f"/app/api/projects/{proj.identifier}/keys/other"), 404,
          "not_found")


# ---------------------------------------------------------------- opt-in methods

def test_allow_delete_string_takes_effect_at_once(srv, proj, manager):
    lone = Lone(srv, proj)
    cat = lone.category("Web")
    s1 = lone.string(cat, "a", "A")
    s2 = lone.string(cat, "b", "B")
    d = lone.err("deleteString", 403, string_id=s1)
    assert d.startswith("API method 'deleteString' is disabled for this project. ")
    r = patch(manager, proj, {"allow_delete_string": True})
    assert r.status_code == 200 and r.json()["settings"]["allow_delete_string"] is True
    assert lone.ok("deleteString", string_id=s1) == {"string_id": s1}
    r = patch(manager, proj, {"allow_delete_string": False})
    assert r.status_code == 200, r.text
    assert lone.err("deleteString", 403, string_id=s2).startswith(
        "API method 'deleteString' is disabled")
    assert len(lone.ok("getTranslations", translation_language=lone.lang("fr"))) == 1


# ---------------------------------------------------------------- labels

def test_labels_crud(srv, proj, manager):
    lone = Lone(srv, proj)
    r = manager.request("GET", labels_url(proj))
    assert r.status_code == 200 and r.json() == {"labels": []}, r.text
    r = manager.request("POST", labels_url(proj), {"name": "Platform", "type": "select",
                                                   "default_value": "ios",
                                                   "options": [{"name": "iOS", "value": "ios"},
                                                               {"name": "Android", "value": "and"}]})
    assert r.status_code == 200, r.text
    (lab,) = r.json()["labels"]
    assert (lab["name"], lab["type"], lab["default_value"]) == ("Platform", "select", "ios")
    assert lab["options"] == [{"name": "iOS", "value": "ios"}, {"name": "Android", "value": "and"}]
    r = manager.request("POST", labels_url(proj), {"name": "Done", "type": "checkbox"})
    assert [x["default_value"] for x in r.json()["labels"]] == ["ios", "0"]
    got = {x["label_id"]: x for x in lone.ok("getLabels")}
    assert got[lab["label_id"]]["label_name"] == "Platform"
    # edit: name, default, options; the id stays
    r = manager.request("PATCH", labels_url(proj, "/" + lab["label_id"]),
                        {"name": "OS", "default_value": "web",
                         "options": [{"name": "Web", "value": "web"}]})
    assert r.status_code == 200, r.text
    x = r.json()["labels"][0]
    assert (x["label_id"], x["name"], x["default_value"]) == (lab["label_id"], "OS", "web")
    assert lone.ok("getLabels")[0]["label_name"] == "OS"
    # a type change that keeps every value: checkbox -> input, by name
    r = manager.request("PATCH", labels_url(proj, "/Done"), {"type": "input", "default_value": "1"})
    assert r.status_code == 200 and r.json()["labels"][1]["type"] == "input", r.text
    # remove
    r = manager.request("DELETE", labels_url(proj, "/" + lab["label_id"]))
    assert r.status_code == 200 and [x["name"] for x in r.json()["labels"]] == ["Done"], r.text
    assert [x["label_name"] for x in lone.ok("getLabels")] == ["Done"]
    error(manager.request("DELETE", labels_url(proj, "/" + lab["label_id"])), 404, "not_found")
    error(manager.request("PATCH", labels_url(proj, "/nope"), {"name": "Z"}), 404, "not_found")


def test_label_changes_strings_depend_on_are_refused(srv, proj, manager):
    lone = Lone(srv, proj)
    r = manager.request("POST", labels_url(proj), {"name": "Kind", "type": "select",
                                                   "options": [{"name": "A", "value": "a"},
                                                               {"name": "B", "value": "b"}]})
    key = r.json()["labels"][0]["label_id"]
    cat = lone.category("Web")
    lone.string(cat, "k", "K", **{f"labels[{key}]": "b"})
    before = srv.snapshot(proj), manager.request("GET", labels_url(proj)).json()
    for body in ({"options": [{"name": "A", "value": "a"}]}, {"type": "checkbox"}):
        msg = error(manager.request("PATCH", labels_url(proj, "/" + key), body), 400, "invalid")
        assert "strings" in msg, msg
    assert (srv.snapshot(proj), manager.request("GET", labels_url(proj)).json()) == before
    # to input every value fits
    r = manager.request("PATCH", labels_url(proj, "/" + key), {"type": "input"})
    assert r.status_code == 200 and r.json()["labels"][0]["options"] == [], r.text


@pytest.mark.parametrize("body, why", [
    ({"name": "", "type": "input"}, "name"),
    ({"name": "x" * 256, "type": "input"}, "name"),
    ({"name": "L", "type": "radio"}, "type"),
    ({"name": "L", "type": "select"}, "option"),
    ({"name": "L", "type": "checkbox", "default_value": "2"}, "0 or 1"),
    ({"name": "L", "type": "select", "default_value": "z",
      "options": [{"name": "A", "value": "a"}]}, "option values"),
    ({"name": "L", "type": "input", "options": [{"name": "A", "value": "a"}]}, "options"),
    ({"name": "L", "type": "select", "options": [{"name": "", "value": "a"}]}, "empty"),
    ({"name": "L", "type": "select", "options": "a,b"}, "options"),
    ({"name": ["L"], "type": "input"}, "name"),
])
def test_bad_labels_change_nothing(srv, proj, manager, body, why):
    manager.request("POST", labels_url(proj), {"name": "Keep", "type": "input"})
    before = manager.request("GET", labels_url(proj)).json()
    msg = error(manager.request("POST", labels_url(proj), body), 400, "invalid")
    assert why in msg, msg
    msg = error(manager.request("PATCH", labels_url(proj, "/Keep"), body), 400, "invalid")
    assert why in msg or body["name"] == "", msg
    assert manager.request("GET", labels_url(proj)).json() == before


def test_label_name_taken(srv, proj, manager):
    manager.request("POST", labels_url(proj), {"name": "A", "type": "input"})
    manager.request("POST", labels_url(proj), {"name": "B", "type": "input"})
    error(manager.request("POST", labels_url(proj), {"name": "A", "type": "checkbox"}), 409,
          "conflict")
    error(manager.request("PATCH", labels_url(proj, "/B"), {"name": "A"}), 409, "conflict")
    assert [x["name"] for x in manager.request("GET", labels_url(proj)).json()["labels"]] \
        == ["A", "B"]
