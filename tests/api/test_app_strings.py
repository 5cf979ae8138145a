"""
The create- and edit-string dialogs' calls (docs/editor.md "Creating and editing strings"):
POST /app/api/projects/{p}/strings, PATCH .../strings/{id}, GET .../categories.  The rules are
createString's, disapproveAllTranslations' and deleteAllSuggestions' (model/string_write.h): each
test compares with what the localization.one method does.  Both backends.
"""
import json

import pytest

from app_helpers import error, signed_in
from lone_helpers import Lone, add_label, rcv, set_setting, snapshot, wsrv  # noqa: F401


def base(proj):
    return f"/app/api/projects/{proj.identifier}"


def detail(b, proj, sid, lang="fr"):
    r = b.request("GET", f"{base(proj)}/editor/{lang}/strings/{sid}")
    assert r.status_code == 200, r.text
    return r.json()


def labels_of(b, proj, sid):
    return {l["label_id"]: l["value"] for l in detail(b, proj, sid)["labels"]}


def translations(srv, proj, sid):
    """(language code, text, approved) of every translation of a string, sorted."""
    pid = srv.project_id(proj.identifier)
    code = {str(l["id"]): l["code"] for l in Lone(srv, proj).ok("getLanguages")}
    rows = srv.sql(f"SELECT t.language_id, t.text, t.approved FROM translation t JOIN string s "
                   f"ON s.id = t.string_id WHERE s.project_id = {pid} AND "
                   f"s.public_id = {int(sid)}")
    return sorted((code[l], t, int(a)) for l, t, a in rows)


def events(srv, proj, sid):
    pid = srv.project_id(proj.identifier)
    return srv.sql(f"SELECT e.kind, COALESCE(e.language_id, 0), e.origin, "
                   f"COALESCE(e.account_id, 0) FROM event e JOIN string s ON s.id = e.string_id "
                   f"WHERE e.project_id = {pid} AND s.public_id = {int(sid)} ORDER BY e.id")


@pytest.fixture
def setup(srv, proj):
    """A category, three labels, a manager signed in."""
    lone = Lone(srv, proj)
    cat = lone.category("Website")
    labels = {
        "urgent": add_label(srv, proj, "urgent", "checkbox", default="1"),
        "area": add_label(srv, proj, "area", "select", options=["Front=front", "Back=back"]),
        "owner": add_label(srv, proj, "owner", "input", default="team-a"),
    }
    b, login, _ = signed_in(srv, "manager", proj)
    return lone, cat, labels, b, login


def create(b, proj, **body):
    return b.request("POST", f"{base(proj)}/strings", body)


def test_create_sets_label_defaults_like_create_string(srv, proj, setup):
    lone, cat, labels, b, _ = setup
    r = create(b, proj, category_id=cat, key="app.title", context="the window title",
               default_translation={"language": "en", "text": "My app"})
    assert r.status_code == 200, r.text
    d = r.json()
    assert set(d) == {"id", "key"} and d["key"] == "app.title"
    twin = lone.string(cat, "app.twin", "My app")
    want = {labels["urgent"]: "1", labels["owner"]: "team-a"}   # the select has no default
    assert labels_of(b, proj, d["id"]) == labels_of(b, proj, twin) == want
    s = detail(b, proj, d["id"])
    assert (s["source"], s["context"]) == ("My app", "the window title")
    # explicit values win; a select takes one of its options
    r = create(b, proj, category_id=cat, key="app.other",
               default_translation={"language": "en", "text": "Other"},
               labels={labels["urgent"]: False, labels["area"]: "back", labels["owner"]: "me"})
    assert r.status_code == 200, r.text
    assert labels_of(b, proj, r.json()["id"]) == {labels["urgent"]: "0", labels["area"]: "back",
                                                  labels["owner"]: "me"}


def test_create_with_a_target_default_translation(srv, proj, setup):
    lone, cat, _, b, _ = setup
    r = create(b, proj, category_id=cat, key="greeting",
               default_translation={"language": "fr", "text": "Bonjour"})
    assert r.status_code == 200, r.text
    sid = r.json()["id"]
    twin = lone.ok("createString", category_id=cat, string_key="greeting.twin",
                   default_translation_language=lone.lang("fr"),
                   default_translation_value="Bonjour")["string_id"]
    assert translations(srv, proj, sid) == translations(srv, proj, twin) == [("fr", "Bonjour", 1)]
    assert detail(b, proj, sid)["source"] == ""


def test_create_copying_translations_from_another_string(srv, proj, setup):
    lone, cat, _, b, _ = setup
    src = lone.string(cat, "orig", "Save")
    lone.ok("addTranslation", string_id=src, translation_language=lone.lang("fr"),
            translation_value="Enregistrer", approve="true")
    lone.ok("addTranslation", string_id=src, translation_language=lone.lang("de"),
            translation_value="Speichern")
    r = create(b, proj, category_id=cat, key="copy", copy_from=src)
    assert r.status_code == 200, r.text
    sid = r.json()["id"]
    assert translations(srv, proj, sid) == translations(srv, proj, src) == [
        ("de", "Speichern", 0), ("fr", "Enregistrer", 1)]
    assert detail(b, proj, sid)["source"] == "Save"
    r = create(b, proj, category_id=cat, key="copy2", copy_from=99999)
    assert "copy_from" in error(r, 400, "invalid")


def test_context_limit_is_2500_characters(srv, proj, setup):
    lone, cat, _, b, _ = setup
    en = {"language": "en", "text": "x"}
    ok = "é" * 2500                       # characters, not bytes (5,000 bytes)
    r = create(b, proj, category_id=cat, key="ctx.ok", context=ok, default_translation=en)
    assert r.status_code == 200, r.text
    assert detail(b, proj, r.json()["id"])["context"] == ok
    before = snapshot(srv, proj)
    r = create(b, proj, category_id=cat, key="ctx.long", context=ok + "é", default_translation=en)
    msg = error(r, 400, "invalid")
    assert msg.startswith("context: ") and "2500-character limit" in msg
    assert snapshot(srv, proj) == before
    # the API method says the same
    d = lone.err("createString", 400, category_id=cat, string_key="ctx.long",
                 default_translation_language=lone.lang("en"), default_translation_value="x",
                 string_context=ok + "é")
    assert msg == "context: " + d


@pytest.mark.parametrize("body, field", [
    ({"key": "dup"}, "key"),
    ({"key": ""}, "key"),
    ({"key": 5}, "key"),
    ({"category_id": 987654}, "category_id"),
    ({"category_id": "1"}, "category_id"),
    ({"default_translation": None}, "default_translation"),
    ({"default_translation": {"language": "xx", "text": "a"}}, "default_translation"),
    ({"default_translation": {"language": "ja", "text": "a"}}, "default_translation"),
    ({"default_translation": "hello"}, "default_translation"),
    ({"labels": {"0123456789abcdef0123456789abcdef": "1"}}, "labels"),
    ({"labels": ["x"]}, "labels"),
    ({"labels": {"URGENT": "2"}}, "labels"),
    ({"labels": {"AREA": "nowhere"}}, "labels"),
    ({"copy_from": -1}, "copy_from"),
    ({"colour": "red"}, "colour"),
])
def test_bad_input_is_400_naming_the_field_and_changes_nothing(srv, proj, setup, body, field):
    lone, cat, labels, b, _ = setup
    lone.string(cat, "dup", "Dup")
    full = {"category_id": cat, "key": "fresh", "default_translation": {"language": "en",
                                                                        "text": "Fresh"}}
    full.update(body)
    for name in ("labels",):
        if isinstance(full.get(name), dict):
            full[name] = {labels.get(k.lower(), k): v for k, v in full[name].items()}
    before = snapshot(srv, proj)
    msg = error(create(b, proj, **full), 400, "invalid")
    assert msg.startswith(field + ": "), msg
    assert snapshot(srv, proj) == before


def test_roles(srv, proj, setup):
    _, cat, _, _, _ = setup
    body = {"category_id": cat, "key": "k", "default_translation": {"language": "en", "text": "K"}}
    for role in ("translator", "proofreader"):
        b, _, _ = signed_in(srv, role, proj)
        error(b.request("POST", f"{base(proj)}/strings", body), 403, "forbidden")
        error(b.request("PATCH", f"{base(proj)}/strings/1", {"key": "x"}), 403, "forbidden")
        assert b.request("GET", f"{base(proj)}/categories").status_code == 200
    outsider, _, _ = signed_in(srv)
    error(outsider.request("POST", f"{base(proj)}/strings", body), 404, "not_found")
    error(outsider.request("GET", f"{base(proj)}/categories"), 404, "not_found")
    owner, _, _ = signed_in(srv, "owner", proj)
    assert owner.request("POST", f"{base(proj)}/strings", body).status_code == 200
    # without the CSRF token nothing is made
    b, _, _ = signed_in(srv, "manager", proj)
    r = b.request("POST", f"{base(proj)}/strings", {**body, "key": "k2"}, csrf=False)
    assert r.status_code == 403, r.text


def test_categories_are_the_node_tree(srv, proj, setup):
    lone, cat, _, b, _ = setup
    sub = lone.category("Header", parent_id=cat)
    lone.string(sub, "menu", "Menu")
    r = b.request("GET", f"{base(proj)}/categories")
    assert r.status_code == 200, r.text
    got = {c["id"]: c for c in r.json()["categories"]}
    assert got[cat] == {"id": cat, "parent_id": None, "kind": "directory", "name": "Website",
                        "strings": 1}
    assert got[sub] == {"id": sub, "parent_id": cat, "kind": "directory", "name": "Header",
                        "strings": 1}
    # the default translation's picker: the source first, then the targets
    langs = r.json()["languages"]
    assert langs[0] == {"code": "en", "name": "English", "source": True}
    assert sorted(l["code"] for l in langs[1:]) == sorted(proj.languages)
    assert not any(l["source"] for l in langs[1:])


def test_edit_key_context_and_labels(srv, proj, setup):
    lone, cat, labels, b, login = setup
    sid = lone.string(cat, "old.key", "Hello", string_context="old context")
    lone.string(cat, "taken", "Taken")
    url = f"{base(proj)}/strings/{sid}"
    r = b.request("PATCH", url, {"key": "new.key", "context": "new context",
                                 "labels": {labels["urgent"]: "0", labels["area"]: "front"}})
    assert r.status_code == 200, r.text
    assert r.json() == {"id": sid, "key": "new.key", "disapproved": 0, "deleted": 0}
    s = detail(b, proj, sid)
    assert (s["key"], s["context"]) == ("new.key", "new context")
    assert labels_of(b, proj, sid) == {labels["urgent"]: "0", labels["area"]: "front",
                                       labels["owner"]: "team-a"}
    # getTranslations (the API) sees the new key and context
    rows = lone.ok("getTranslations", translation_language=lone.lang("en"), string_id=sid)
    assert (rows[0]["string_key"], rows[0]["string_context"]) == ("new.key", "new context")
    # a select's "" unsets it; the same values again change nothing and record nothing
    r = b.request("PATCH", url, {"labels": {labels["area"]: ""}})
    assert r.status_code == 200, r.text
    assert labels["area"] not in labels_of(b, proj, sid)
    n = len(events(srv, proj, sid))
    assert b.request("PATCH", url, {"key": "new.key", "context": "new context"}).status_code == 200
    assert len(events(srv, proj, sid)) == n
    # refusals: nothing changed
    before = snapshot(srv, proj)
    assert error(b.request("PATCH", url, {"key": "taken"}), 400, "invalid").startswith("key: ")
    assert error(b.request("PATCH", url, {"key": ""}), 400, "invalid").startswith("key: ")
    msg = error(b.request("PATCH", url, {"context": "c" * 2501}), 400, "invalid")
    assert msg.startswith("context: ")
    assert b.request("PATCH", url, {"context": "c" * 2500}).status_code == 200
    before = snapshot(srv, proj)
    assert error(b.request("PATCH", url, {"labels": {labels["urgent"]: "yes"}}), 400,
                 "invalid").startswith("labels: ")
    assert error(b.request("PATCH", url, {"disapprove_all": "yes"}), 400,
                 "invalid").startswith("disapprove_all: ")
    error(b.request("PATCH", f"{base(proj)}/strings/99999", {"key": "x"}), 404, "not_found")
    error(b.request("PATCH", f"{base(proj)}/strings/abc", {"key": "x"}), 400, "invalid")
    assert snapshot(srv, proj) == before
    # the edit's events: string.updated in the source language, by the manager, from the app
    aid = srv.account_id(login)
    en = str(lone.lang("en"))
    assert ("string.updated", en, "app", str(aid)) in events(srv, proj, sid)


def seed_translations(srv, proj, lone, sid):
    """fr: approved + another author's suggestion; de: approved; uk: a suggestion."""
    for code, text, approve in (("fr", "Bonjour", True), ("de", "Hallo", True),
                                ("uk", "Привіт", False)):
        lone.ok("addTranslation", string_id=sid, translation_language=lone.lang(code),
                translation_value=text, **({"approve": "true"} if approve else {}))
    pid = srv.project_id(proj.identifier)
    srv.sql(f"INSERT INTO translation (string_id, language_id, text, created, updated) SELECT id, "
            f"{int(lone.lang('fr'))}, 'Salut', 5, 5 FROM string WHERE project_id = {pid} AND "
            f"public_id = {int(sid)}")
    srv.recount()


@pytest.mark.parametrize("flag, method, setting, count", [
    ("disapprove_all", "disapproveAllTranslations", "allow_disapprove_all_translations",
     "disapproved"),
    ("delete_suggestions", "deleteAllSuggestions", "allow_delete_all_suggestions", "deleted"),
])
def test_checkboxes_do_what_the_api_methods_do(srv, proj, setup, flag, method, setting, count):
    lone, cat, _, b, login = setup
    mine, twin = lone.string(cat, "mine", "Hello"), lone.string(cat, "twin", "Hello")
    for sid in (mine, twin):
        seed_translations(srv, proj, lone, sid)
    # the toggle guards the API token; a manager in the web app needs none (docs/editor.md)
    r = b.request("PATCH", f"{base(proj)}/strings/{mine}", {flag: True})
    assert r.status_code == 200, r.text
    set_setting(srv, proj, setting, 1)
    res = lone.ok(method, string_id=twin)
    assert r.json()[count] == res[count] > 0
    assert translations(srv, proj, mine) == translations(srv, proj, twin)
    mass = ("translation.disapproved", "suggestions.deleted")
    kinds = lambda sid: sorted((k, lang, o) for k, lang, o, _ in events(srv, proj, sid)
                               if k in mass)
    assert kinds(mine) == [(k, lang, "app") for k, lang, _ in kinds(twin)] != []
    aid = str(srv.account_id(login))
    assert all(a == aid for _, _, o, a in events(srv, proj, mine) if o == "app")
    # the progress counts follow (status agrees with a recount)
    prog = lambda: [(l["code"], l["translated_strings"]) for l in lone.ok("getLanguages")]
    now = prog()
    srv.recount()
    assert prog() == now


def test_proofreader_may_not_use_the_checkboxes(srv, proj, setup):
    lone, cat, _, _, _ = setup
    sid = lone.string(cat, "s", "S")
    b, _, _ = signed_in(srv, "proofreader", proj)
    error(b.request("PATCH", f"{base(proj)}/strings/{sid}", {"disapprove_all": True}), 403,
          "forbidden")


def test_events_and_webhook_carry_the_author(wsrv, rcv):
    proj = wsrv.project()
    lone = Lone(wsrv, proj)
    cat = lone.category("Website")
    set_setting(wsrv, proj, "webhook_url", rcv.url)
    b, login, _ = signed_in(wsrv, "manager", proj)
    r = create(b, proj, category_id=cat, key="hooked",
               default_translation={"language": "fr", "text": "Crochet"})
    assert r.status_code == 200, r.text
    sid = r.json()["id"]
    r = b.request("PATCH", f"{base(proj)}/strings/{sid}", {"key": "hooked2", "disapprove_all": True})
    assert r.status_code == 200, r.text
    assert r.json()["disapproved"] == 1
    aid = str(wsrv.account_id(login))
    fr, en = str(lone.lang("fr")), str(lone.lang("en"))
    got = events(wsrv, proj, sid)
    assert got == [("string.added", "0", "app", aid), ("translation.added", fr, "app", aid),
                   ("string.updated", en, "app", aid), ("string.updated", fr, "app", aid),
                   ("translation.disapproved", fr, "app", aid)]
    # the webhook: an entry per language file touched, as the API's calls give
    want = {(fr, str(sid), str(cat)), (en, str(sid), str(cat))}
    seen = set()
    for _ in range(3):
        rcv.wait(len(rcv.requests) + 1, timeout=5)
        seen = {(e["language"], e["string_id"], e["category_id"])
                for e in rcv.delivered_events()}
        if want <= seen:
            break
    assert want <= seen, seen
    assert all(json.loads(r["body"]) for r in rcv.requests)
