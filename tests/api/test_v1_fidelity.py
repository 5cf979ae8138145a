"""
Fidelity (crowdin-v1.md §1.7, §2; seeds 000 and 002): published v1 clients, unmodified, must
see exactly what crowdin.com sent them.

- every v1 reply carries only Crowdin's fields, with Crowdin's JSON value types and XML
  element order (a client that walks every field of a language and expects strings crashed
  on an extra list);
- paths with leading, trailing or repeated slashes mean the same node, everywhere, while
  `..`, `.`, backslashes and control characters stay refused;
- update-file and upload-translation key each file as the client named it;
- code 6's message is exactly the seed's text (the why goes in `details`), code 26 answers a
  change-directory or delete-directory path that does not exist;
- the export interval is per project: /export/{lang} right after /export is skipped too.
"""
import pytest

from conftest import assert_xml_doc, children, unique
from v1_content_helpers import *  # noqa: F401,F403  (fixtures and helpers)

PROPS = b"hello=Hello world\nbye=Bye\n"
PO = b'msgid "Hello"\nmsgstr ""\n'
S, I, B = str, int, bool          # JSON value types, as the Go client's struct tags say (§1.7)

LANGUAGE = {"name": S, "crowdin_code": S, "editor_code": S, "iso_639_1": S, "iso_639_3": S,
            "locale": S, "android_code": S, "osx_code": S, "osx_locale": S}
INFO_LANGUAGE = {"name": S, "code": S, "can_translate": I, "can_approve": I}
INFO_FILE = {"node_type": S, "id": S, "name": S, "created": S, "last_updated": S,
             "last_accessed": S, "last_revision": S}
INFO_DIR = {"node_type": S, "id": S, "name": S, "files": list}
DETAILS = {"source_language": {"name": S, "code": S}, "name": S, "identifier": S, "created": S,
           "description": S, "join_policy": S, "last_build": S, "last_activity": S,
           "participants_count": S, "logo_url": S, "total_strings_count": S,
           "total_words_count": S, "duplicate_strings_count": I, "duplicate_words_count": I,
           "invite_url": {"translator": S, "proofreader": S}}
COUNTS = {"phrases": S, "translated": S, "approved": S, "words": S, "words_translated": S,
          "words_approved": S}
STATUS = {"name": S, "code": S, **COUNTS, "translated_progress": I, "approved_progress": I}
LS_FILE = {"node_type": S, "id": S, "name": S, **COUNTS}
PROJECT = {"success": B, "invitation": S, "url": S, "key": S}
ACCOUNT_PROJECT = {"role": S, "name": S, "identifier": S, "downloadable": I, "key": S}
ADDED = {"file_id": I, "name": S, "strings": I, "words": I}
EXPORT_STATUS = {"success": B, "status": S, "progress": I, "last_build": S}


def shape(value, want, where="reply"):
    """value has exactly want's keys, in want's order, with want's types (recursively)."""
    if isinstance(want, dict):
        assert isinstance(value, dict), f"{where}: {value!r}"
        assert list(value) == list(want), f"{where}: keys {list(value)}, want {list(want)}"
        for k, w in want.items():
            shape(value[k], w, f"{where}.{k}")
    else:
        assert type(value) is want, f"{where}: {value!r} is {type(value).__name__}, " \
                                    f"want {want.__name__}"


def tree_shape(items, file_fields, where):
    for it in items:
        if it["node_type"] == "file":
            shape(it, file_fields, where)
        else:
            shape(it, INFO_DIR, where)
            tree_shape(it["files"], file_fields, where + "/" + it["name"])


def ls_shape(items, where="language-status"):
    for it in items:
        if it["node_type"] == "file":
            shape(it, LS_FILE, where)
        else:
            shape(it, {"node_type": S, "id": S, "name": S, "files": list}, where)
            ls_shape(it["files"], where + "/" + it["name"])


def skeleton(el):
    """An XML element as (tag, [child skeletons]), attributes left out."""
    return (el.tag, [skeleton(c) for c in el])


def tags(el):
    return children(el)


# ------------------------------------------------------------------ 1. reply shapes

def test_supported_languages_only_crowdin_string_fields(srv):
    for path in ("/api/supported-languages", f"/api/project/{unique('x')}/supported-languages"):
        r = srv.v1(path, None, fmt="json", method="GET")
        assert r.status_code == 200, r.text[:200]
        for row in r.data:
            shape(row, LANGUAGE, f"supported-languages {row.get('crowdin_code')}")
        x = srv.v1(path, None, fmt="xml", method="GET").xml
        assert {tags(lang) == list(LANGUAGE) for lang in x} == {True}


def test_every_content_reply_has_crowdin_fields_and_types(content):
    shape(content.ok("add-directory", {"name": "d"}).data, {"success": B})
    added = content.ok("add-file", files={"d/a.properties": PROPS, "b.po": PO}).data
    shape(added, {"success": B, "stats": {"files": list}})
    for f in added["stats"]["files"]:
        shape(f, ADDED, "add-file stats")
    shape(content.ok("update-file", files={"d/a.properties": PROPS + b"x=Ex\n"}).data,
          {"success": B, "files": {"d/a.properties": S}})
    shape(content.ok("upload-translation", {"language": "fr"},
                     files={"d/a.properties": b"hello=Bonjour\n"}).data,
          {"success": B, "files": {"d/a.properties": S}})
    shape(content.ok("change-directory", {"name": "d", "title": "T"}).data, {"success": B})

    info = content.info()
    shape(info, {"languages": list, "files": list, "details": DETAILS})
    for lang in info["languages"]:
        shape(lang, INFO_LANGUAGE, "info language")
    tree_shape(info["files"], INFO_FILE, "info files")

    status = content.ok("status").data
    assert isinstance(status, list) and status
    for row in status:
        shape(row, STATUS, "status")
    ls = content.ok("language-status", {"language": "fr"}).data
    shape(ls, {"files": list})
    ls_shape(ls["files"])

    shape(content.ok("export", method="GET").data, {"success": {"status": S}})
    shape(content.ok("export-status", method="GET").data, EXPORT_STATUS)
    shape(content.ok("delete-file", {"file": "b.po"}).data, {"success": B})
    shape(content.ok("delete-directory", {"name": "d"}).data, {"success": B})
    shape(content.ok("edit-project", {"name": "Renamed"}).data, {"project": PROJECT})


def test_account_replies_have_crowdin_fields_and_types(srv):
    a = srv.account()
    ident = unique("p")
    r = srv.v1("/api/account/create-project",
               [*a.auth().items(), ("name", "N"), ("identifier", ident), ("source_language", "en"),
                ("languages[]", "fr"), ("join_policy", "private")])
    assert r.status_code == 200, r.text
    shape(r.data, {"project": PROJECT})
    r = srv.v1("/api/account/get-projects", a.auth(), method="GET")
    shape(r.data, {"success": B, "projects": list})
    for p in r.data["projects"]:
        shape(p, ACCOUNT_PROJECT, "get-projects")


def test_xml_element_order(content):
    content.add_dir("d")
    content.add_files({"d/a.properties": PROPS})
    x = content.ok("info", fmt="xml").xml
    assert tags(x) == ["languages", "files", "details"]
    assert tags(x.find("languages")[0]) == list(INFO_LANGUAGE)
    d = x.find("files")[0]
    assert tags(d) == list(INFO_DIR) and tags(d.find("files")[0]) == list(INFO_FILE)
    assert tags(x.find("details")) == list(DETAILS)
    x = content.ok("status", fmt="xml").xml
    assert x.tag == "status" and tags(x[0]) == list(STATUS)
    x = content.ok("language-status", {"language": "fr"}, fmt="xml").xml
    assert skeleton(x)[0] == "status" and tags(x) == ["files"]
    assert tags(x.find("files")[0].find("files")[0]) == list(LS_FILE)
    x = content.ok("edit-project", {"name": "X"}, fmt="xml").xml
    assert x.tag == "project" and tags(x) == list(PROJECT)
    x = content.ok("export-status", fmt="xml").xml
    assert x.tag == "success" and tags(x) == ["status", "progress", "last_build"]


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_error_carries_code_message_and_only_details_beside(content, fmt):
    r = content.call("delete-file", {"file": "nope.po"}, fmt=fmt)
    if fmt == "json":
        shape(r.data, {"success": B, "error": {"code": I, "message": S}})
    else:
        assert_xml_doc(r)
        assert r.xml.tag == "error" and tags(r.xml) == ["code", "message"]
    r = content.call("add-file", files={"bad.po": b'msgid "a"\nmsgstr\n'}, fmt=fmt)
    if fmt == "json":
        shape(r.data, {"success": B, "error": {"code": I, "message": S, "details": S}})
    else:
        assert tags(r.xml) == ["code", "message", "details"]


# ------------------------------------------------------------------ 2. paths

def test_trailing_and_repeated_slashes_name_the_same_node(content):
    content.add_dir("locale/")
    content.add_dir("locale//en")
    content.add_dir("/locale/fr/")
    assert content.tree() == {"locale": "directory", "locale/en": "directory",
                              "locale/fr": "directory"}
    stats = content.add_files({"locale//en/a.properties": PROPS, "/locale/b.properties/": PROPS})
    assert sorted(stats) == ["locale/b.properties", "locale/en/a.properties"]
    assert content.update_files({"locale/en//a.properties": PROPS + b"x=Ex\n"}) == \
        {"locale/en//a.properties": "updated"}
    assert content.upload("fr", {"//locale/en/a.properties": b"hello=Bonjour\n"}) == \
        {"//locale/en/a.properties": "uploaded"}
    r = content.export_file("locale//en/a.properties/", "fr")
    assert r.status_code == 200 and b"Bonjour" in r.content
    content.ok("change-directory", {"name": "locale//fr/", "new_name": "de"})
    content.ok("delete-file", {"file": "locale//b.properties"})
    content.ok("delete-directory", {"name": "locale/de/"})
    assert content.tree() == {"locale": "directory", "locale/en": "directory",
                              "locale/en/a.properties": "file"}
    # a second add of the same directory, however spelled, is 50
    assert content.err(50, "add-directory", {"name": "locale//en/"}) == \
        "Directory with such name already exists"


@pytest.mark.parametrize("name", ["locale/..", "../x", "locale/./x", "./x", "a\\b", "a\x01b",
                                  "locale/../../etc"])
def test_dangerous_names_still_refused(content, name):
    content.add_dir("locale")
    with content.unchanged(f"add-directory {name!r}"):
        r = content.call("add-directory", {"name": name, "recursive": 1})
        assert r.status_code >= 400 and r.data["success"] is False, r.text
        if "\x01" in name:
            return   # a multipart part name cannot carry it (requests percent-encodes it)
        r = content.call("add-file", files={f"{name}/f.properties": PROPS})
        assert r.status_code >= 400 and r.data["success"] is False, r.text
        r = content.call("add-file", files={f"locale/{name}.properties": PROPS})
        if "/" not in name:
            assert r.status_code >= 400 and r.data["success"] is False, r.text


# ------------------------------------------------------------------ 3. reply keys

def test_branch_reply_keys_are_the_names_sent(content):
    content.add_dir("v2", is_branch=1)
    content.add_dir("res", branch="v2")
    content.add_files({"res/a.properties": PROPS}, branch="v2")
    for fmt in ("json", "xml"):
        for key in ("res/a.properties", "/res//a.properties"):
            body = PROPS + (fmt + key).encode() + b"=1\n"
            r = content.update_files({key: body}, branch="v2", fmt=fmt)
            assert r == {key: "updated"}
            r = content.upload("fr", {key: b"hello=Bonjour " + fmt.encode() + key.encode() + b"\n"},
                               branch="v2", fmt=fmt)
            assert r == {key: "uploaded"}


# ------------------------------------------------------------------ 5. error codes

@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_code_6_message_is_the_seed_text(content, fmt):
    msg, why = content.err_details(6, "add-file", files={"d.po": b'msgid "a"\nmsgstr\n'},
                                   fmt=fmt, status=400)
    assert msg == "File was uploaded with error"
    assert "d.po" in why and "line 2" in why


def test_code_26_for_missing_directory_paths(content):
    content.add_dir("a")
    with content.unchanged():
        for fmt in ("json", "xml"):
            for action, params in (("change-directory", {"name": "a/b", "new_name": "c"}),
                                   ("delete-directory", {"name": "nope"})):
                msg = content.err(26, action, params, fmt=fmt, status=404)
                assert msg == "Directory or path does not exist"


# ------------------------------------------------------------------ 6. export interval

@pytest.mark.parametrize("first,then", [("export", "export/fr"), ("export/de", "export"),
                                        ("export/fr", "export/uk")])
def test_export_interval_is_per_project(content, first, then):
    content.add_files({"a.properties": PROPS})
    content.setting("export_interval_minutes", 30)
    assert content.export(path=first) == "built"
    content.upload("fr", {"a.properties": b"hello=Bonjour\n"})
    # a package never built, or changed since: still within the project's interval
    assert content.export(path=then) == "skipped"
    assert content.export(path=then, fmt="xml", method="POST") == "skipped"
    content.setting("export_interval_minutes", 0)
    assert content.export(path=then) == "built"
