"""info (crowdin-v1.md §2.1): element order, JSON types, where params arrive, auth forms."""
import re

import pytest

from conftest import assert_xml_doc, assert_v1_error, children

ISO = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+0000$")
NEVER = "0000-00-00 00:00:00"

DETAILS = ["source_language", "name", "identifier", "created", "description", "join_policy",
           "last_build", "last_activity", "participants_count", "logo_url",
           "total_strings_count", "total_words_count", "duplicate_strings_count",
           "duplicate_words_count", "invite_url"]
LANG_ITEM = ["name", "code", "can_translate", "can_approve"]
FILE_ITEM = ["node_type", "id", "name", "created", "last_updated", "last_accessed",
             "last_revision"]
DIR_ITEM = ["node_type", "id", "name", "files"]


# ------------------------------------------------------------------ XML

@pytest.mark.parametrize("fmt", [None, "xml"])
def test_xml_element_order_empty_project(srv, ro_proj, fmt):
    r = srv.info(ro_proj, fmt=fmt)
    assert r.status_code == 200, r.text
    assert_xml_doc(r)
    root = r.xml
    assert root.tag == "info"
    assert children(root) == ["languages", "files", "details"]
    langs = root.find("languages")
    assert set(children(langs)) == {"item"}
    for item in langs:
        assert children(item) == LANG_ITEM
    assert [i.findtext("code") for i in langs] == ro_proj.languages
    files = root.find("files")
    assert len(files) == 0 and not (files.text or "").strip()
    assert "<files/>" in r.text or "<files></files>" in r.text
    d = root.find("details")
    assert children(d) == DETAILS
    assert children(d.find("source_language")) == ["name", "code"]
    assert d.find("source_language").findtext("code") == "en"
    assert d.find("source_language").findtext("name") == "English"
    assert children(d.find("invite_url")) == ["translator", "proofreader"]
    assert d.findtext("name") == ro_proj.name
    assert d.findtext("identifier") == ro_proj.identifier
    assert ISO.match(d.findtext("created")), d.findtext("created")
    assert ISO.match(d.findtext("last_activity")) or d.findtext("last_activity") == NEVER
    assert d.findtext("last_build") in ("", NEVER) or ISO.match(d.findtext("last_build"))
    assert d.findtext("join_policy") in ("open", "private")
    assert d.findtext("participants_count") == "1"
    assert d.findtext("total_strings_count") == "0"
    assert d.findtext("total_words_count") == "0"
    assert d.findtext("duplicate_strings_count") == "0"
    assert d.findtext("duplicate_words_count") == "0"
    for role in ("translator", "proofreader"):
        assert d.find("invite_url").findtext(role).startswith("http")


# ------------------------------------------------------------------ JSON

def check_json_types(d, proj):
    assert "success" not in d, "info carries no success key"
    assert list(d) == ["languages", "files", "details"]
    assert d["files"] == []
    assert [l["code"] for l in d["languages"]] == proj.languages
    for l in d["languages"]:
        assert list(l) == LANG_ITEM
        assert isinstance(l["name"], str) and isinstance(l["code"], str)
        assert type(l["can_translate"]) is int and type(l["can_approve"]) is int
    det = d["details"]
    assert list(det) == DETAILS
    for k in ("participants_count", "total_strings_count", "total_words_count"):
        assert isinstance(det[k], str), (k, det[k])
        assert det[k].isdigit()
    for k in ("duplicate_strings_count", "duplicate_words_count"):
        assert type(det[k]) is int, (k, det[k])
    for k in ("name", "identifier", "created", "description", "join_policy", "last_build",
              "last_activity", "logo_url"):
        assert isinstance(det[k], str), k
    assert det["source_language"] == {"name": "English", "code": "en"}
    assert set(det["invite_url"]) == {"translator", "proofreader"}
    assert det["identifier"] == proj.identifier and det["name"] == proj.name


def test_json_shape_and_types(srv, ro_proj):
    r = srv.info(ro_proj, fmt="json")
    assert r.status_code == 200 and r.ctype == "application/json"
    d = r.data
    check_json_types(d, ro_proj)
    assert d["details"]["participants_count"] == "1"
    assert d["details"]["duplicate_strings_count"] == 0
    assert all(l["can_translate"] == 1 and l["can_approve"] == 1 for l in d["languages"])
    names = {l["code"]: l["name"] for l in d["languages"]}
    assert names == {"fr": "French", "de": "German", "uk": "Ukrainian"}


def test_jsonp(srv, ro_proj):
    r = srv.info(ro_proj, fmt="jsonp", jsonp="jQuery_123.cb$")
    assert r.status_code == 200
    assert r.ctype == "application/javascript"
    assert r.text.startswith("jQuery_123.cb$({") and r.text.endswith("});")
    check_json_types(r.data, ro_proj)


@pytest.mark.parametrize("jsonval", ["", "true", "1", "json"])
def test_any_json_value_selects_json(srv, ro_proj, jsonval):
    r = srv.info(ro_proj, fmt=None, params=[("key", ro_proj.key), ("json", jsonval)])
    r.fmt = "json"
    assert r.ctype == "application/json"
    check_json_types(r.data, ro_proj)


def test_languages_follow_project(srv):
    p = srv.project(languages=("uk", "ro", "pt-BR"), source="de")
    d = srv.info_data(p)
    assert [(l["code"], l["name"]) for l in d["languages"]] == \
        [("uk", "Ukrainian"), ("ro", "Romanian"), ("pt-BR", "Portuguese, Brazilian")]
    assert d["details"]["source_language"] == {"name": "German", "code": "de"}


# ------------------------------------------------------------------ transport

WHERES = [("GET", "query"), ("POST", "query"), ("POST", "form"), ("POST", "multipart"),
          ("GET", "form")]   # crowdin-cli-py: GET with a form-urlencoded body


@pytest.mark.parametrize("method,where", WHERES, ids=[f"{m}-{w}" for m, w in WHERES])
@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_params_anywhere(srv, ro_proj, method, where, fmt):
    r = srv.info(ro_proj, fmt=fmt, method=method, where=where)
    assert r.status_code == 200, r.text[:300]
    if fmt == "json":
        assert r.ctype == "application/json"
        assert r.data["details"]["identifier"] == ro_proj.identifier
    else:
        assert_xml_doc(r)
        assert r.xml.find("details").findtext("identifier") == ro_proj.identifier


def test_mixed_query_and_multipart(srv, ro_proj):
    """PowerShell: ?json in the URL, key in the multipart body."""
    r = srv.http.post(f"{srv.base}/api/project/{ro_proj.identifier}/info?json",
                      files=[("key", (None, ro_proj.key))])
    assert r.status_code == 200
    assert r.headers["Content-Type"].startswith("application/json")
    assert r.json()["details"]["identifier"] == ro_proj.identifier


def test_mixed_query_and_form(srv, ro_proj):
    """Java SDK style: everything in the query, empty POST body; and the reverse."""
    r = srv.http.post(f"{srv.base}/api/project/{ro_proj.identifier}/info?key={ro_proj.key}&json=")
    assert r.status_code == 200 and r.json()["details"]["name"] == ro_proj.name
    r = srv.http.post(f"{srv.base}/api/project/{ro_proj.identifier}/info?json=true",
                      data={"key": ro_proj.key})
    assert r.status_code == 200 and r.json()["details"]["name"] == ro_proj.name


# ------------------------------------------------------------------ auth

def test_auth_key(srv, ro_proj):
    assert srv.info(ro_proj, params={"key": ro_proj.key}).status_code == 200


@pytest.mark.parametrize("where", ["query", "form", "multipart"])
def test_auth_login_account_key(srv, ro_proj, where):
    r = srv.info(ro_proj, params=ro_proj.owner.auth(), where=where)
    assert r.status_code == 200, r.text
    d = r.data
    assert d["details"]["identifier"] == ro_proj.identifier
    assert all(l["can_approve"] == 1 for l in d["languages"])


@pytest.mark.parametrize("scheme", ["Bearer", "bearer"])
def test_auth_bearer(srv, ro_proj, scheme):
    """Akeneo (2024): Authorization: Bearer <project-key>, nothing in the URL."""
    r = srv.info(ro_proj, params={}, method="GET",
                 headers={"Authorization": f"{scheme} {ro_proj.key}"})
    assert r.status_code == 200, r.text
    assert r.data["details"]["identifier"] == ro_proj.identifier


def test_auth_bearer_wrong(srv, ro_proj):
    r = srv.info(ro_proj, params={}, headers={"Authorization": "Bearer " + "0" * 32})
    assert_v1_error(r, 1, 404)


def test_ruby_gem_junk_ignored(srv, ro_proj):
    """Ruby gem: key + empty account-key + headers[...]/params[...]/timeout junk in the body."""
    junk = [("key", ro_proj.key), ("account-key", ""),
            ("headers[Accept]", "application/json"),
            ("headers[User-Agent]", "crowdin-rb/0.4.1"),
            ("headers[X-Ruby-Version]", "2.7.0"),
            ("headers[X-Ruby-Platform]", "x86_64-linux"),
            ("params[key]", "not-the-key"), ("params[account-key]", ""), ("params[json]", ""),
            ("timeout", ""), ("json", "")]
    for where in ("form", "multipart"):
        r = srv.v1(f"/api/project/{ro_proj.identifier}/info", junk, fmt=None, where=where)
        r.fmt = "json"
        assert r.status_code == 200, (where, r.text)
        check_json_types(r.data, ro_proj)


def test_java_sdk_junk_ignored(srv, ro_proj):
    params = [("key", ro_proj.key), ("headers[User-Agent]", "crowdin-java"),
              ("cli_version", "2.0.31"), ("destination_folder", "/tmp"), ("package", "all")]
    r = srv.info(ro_proj, params=params, where="query")
    assert r.status_code == 200, r.text
    check_json_types(r.data, ro_proj)


def test_good_key_wins_over_bad_account_pair(srv, ro_proj):
    r = srv.info(ro_proj, params={"key": ro_proj.key, "login": "nobody-here", "account-key": "x"})
    assert r.status_code == 200, r.text


def test_empty_key_with_login_pair(srv, ro_proj):
    """An empty key counts as absent: the login pair authenticates."""
    r = srv.info(ro_proj, params={"key": "", **ro_proj.owner.auth()})
    assert r.status_code == 200, r.text


def test_translator_member_sees_info(srv, proj):
    t = srv.account()
    srv.add_member(proj, t, "translator")
    r = srv.info(proj, params=t.auth())
    assert r.status_code == 200, r.text
    d = r.data
    assert all(type(l["can_translate"]) is int and l["can_translate"] == 1 for l in d["languages"])
    assert all(type(l["can_approve"]) is int and l["can_approve"] == 0 for l in d["languages"])
    assert d["details"]["participants_count"] == "2"


def test_non_member_account_gets_1(srv, ro_proj):
    stranger = srv.account()
    r = srv.info(ro_proj, params=stranger.auth())
    assert_v1_error(r, 1, 404)


# ------------------------------------------------------------------ files tree and counters

def seed_tree(srv, proj):
    """Nodes and strings straight in the database (no file API yet)."""
    pid = srv.project_id(proj.identifier)
    t0 = 1500000000   # 2017-07-14T02:40:00+0000

    def node(kind, name, parent=None, accessed=0):
        par = "NULL" if parent is None else str(parent)
        srv.sql(f"INSERT INTO node (project_id, parent_id, kind, name, revision, created, updated,"
                f" last_accessed) VALUES ({pid}, {par}, '{kind}', '{name}', 3, {t0}, {t0 + 60},"
                f" {accessed})")
        cond = "parent_id IS NULL" if parent is None else f"parent_id = {parent}"
        return int(srv.sql(f"SELECT id FROM node WHERE project_id = {pid} AND {cond} "
                           f"AND name = '{name}'")[0][0])

    ids = {}
    ids["src"] = node("directory", "src")
    ids["a.po"] = node("file", "a.po", ids["src"])
    ids["sub"] = node("directory", "sub", ids["src"])
    ids["b.po"] = node("file", "b.po", ids["sub"], accessed=t0 + 120)
    ids["v2"] = node("branch", "v2")
    ids["c.po"] = node("file", "c.po", ids["v2"])
    ids["root.po"] = node("file", "root.po")
    strings = [("a.po", "k1", "Hello world", 2), ("a.po", "k2", "Hello world", 2),
               ("b.po", "k1", "Hello world", 2), ("b.po", "k2", "Save", 1),
               ("c.po", "k1", "Open the file", 3)]
    for n, (f, key, src, words) in enumerate(strings, 1):
        srv.sql(f"INSERT INTO string (project_id, public_id, node_id, skey, source, words, created, "
                f"updated) VALUES ({pid}, {n}, {ids[f]}, '{key}', '{src}', {words}, {t0}, {t0})")
    srv.recount()
    return ids


def test_files_tree_and_counts_json(srv, proj):
    ids = seed_tree(srv, proj)
    d = srv.info_data(proj)
    files = d["files"]
    assert [(f["node_type"], f["name"]) for f in files] == \
        [("directory", "src"), ("branch", "v2"), ("file", "root.po")]
    src = files[0]
    assert list(src) == DIR_ITEM
    assert src["id"] == str(ids["src"])
    assert [(f["node_type"], f["name"]) for f in src["files"]] == \
        [("file", "a.po"), ("directory", "sub")]
    a = src["files"][0]
    assert list(a) == FILE_ITEM
    assert a == {"node_type": "file", "id": str(ids["a.po"]), "name": "a.po",
                 "created": "2017-07-14T02:40:00+0000",
                 "last_updated": "2017-07-14T02:41:00+0000",
                 "last_accessed": NEVER, "last_revision": "3"}
    b = src["files"][1]["files"][0]
    assert b["name"] == "b.po" and b["last_accessed"] == "2017-07-14T02:42:00+0000"
    assert files[1]["files"][0]["name"] == "c.po"
    assert "files" not in files[2]
    det = d["details"]
    assert det["total_strings_count"] == "5"
    assert det["total_words_count"] == "10"
    assert det["duplicate_strings_count"] == 2      # "Hello world" x3: two duplicates
    assert det["duplicate_words_count"] == 4


def test_files_tree_xml(srv, proj):
    seed_tree(srv, proj)
    r = srv.info(proj, fmt="xml")
    assert r.status_code == 200
    files = r.xml.find("files")
    items = list(files)
    assert set(children(files)) == {"item"}
    assert [children(i) for i in items] == [DIR_ITEM, DIR_ITEM, FILE_ITEM]
    sub = items[0].find("files")
    assert [i.findtext("name") for i in sub] == ["a.po", "sub"]
    assert children(sub[0]) == FILE_ITEM
    assert children(sub[1]) == DIR_ITEM
    assert children(sub[1].find("files")[0]) == FILE_ITEM
    assert items[1].findtext("node_type") == "branch"
    det = r.xml.find("details")
    assert det.findtext("total_strings_count") == "5"
    assert det.findtext("duplicate_strings_count") == "2"
