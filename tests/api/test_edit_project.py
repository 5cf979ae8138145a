"""edit-project and delete-project (crowdin-v1.md §2.16)."""
import json
import struct
import zlib

import pytest

from conftest import assert_v1_error, assert_xml_doc, children


def _chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


# a valid 1x1 RGBA PNG
PNG = (b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 6, 0, 0, 0)) +
       _chunk(b"IDAT", zlib.compress(b"\0\0\0\0\0")) + _chunk(b"IEND", b""))



def edit(srv, proj, params, fmt="json", auth=None, **kw):
    pairs = list((auth if auth is not None else proj.auth()).items()) + list(
        params.items() if isinstance(params, dict) else params)
    return srv.v1(f"/api/project/{proj.identifier}/edit-project", pairs, fmt=fmt, **kw)


def codes(d):
    return [l["code"] for l in d["languages"]]


# ------------------------------------------------------------------ replies

def test_reply_json(srv, proj):
    r = edit(srv, proj, {"name": "Renamed"})
    assert r.status_code == 200, r.text
    assert r.ctype == "application/json"
    d = r.data
    assert list(d) == ["project"]
    p = d["project"]
    assert p["success"] is True
    assert set(p) == {"success", "invitation", "url", "key"}
    assert p["key"] == proj.key
    assert proj.identifier in p["url"]
    assert p["invitation"].startswith("http")


def test_reply_xml(srv, proj):
    r = edit(srv, proj, {"description": "x"}, fmt=None)
    assert r.status_code == 200, r.text
    assert_xml_doc(r)
    assert r.xml.tag == "project"
    assert children(r.xml) == ["success", "invitation", "url", "key"]
    assert r.xml.findtext("success") == "1"
    assert r.xml.findtext("key") == proj.key


def test_reply_jsonp(srv, proj):
    r = edit(srv, proj, {"description": "y"}, fmt="jsonp")
    assert r.status_code == 200 and r.ctype == "application/javascript"
    assert r.data["project"]["success"] is True


# ------------------------------------------------------------------ visible fields

@pytest.mark.parametrize("where", ["form", "multipart", "query"])
def test_name_description_join_policy_show_in_info(srv, proj, where):
    r = edit(srv, proj, {"name": "Nouveau nom – ünïcödé", "description": "Line 1\nLine <2> & 3",
                         "join_policy": "open"}, where=where)
    assert r.status_code == 200, r.text
    det = srv.info_data(proj)["details"]
    assert det["name"] == "Nouveau nom – ünïcödé"
    assert det["description"] == "Line 1\nLine <2> & 3"
    assert det["join_policy"] == "open"
    x = srv.info(proj, fmt="xml").xml.find("details")
    assert x.findtext("name") == "Nouveau nom – ünïcödé"
    assert x.findtext("description") == "Line 1\nLine <2> & 3"
    assert x.findtext("join_policy") == "open"
    edit(srv, proj, {"join_policy": "private"})
    assert srv.info_data(proj)["details"]["join_policy"] == "private"


def test_empty_name_is_ignored(srv, proj):
    r = edit(srv, proj, {"name": "", "description": "kept"})
    assert r.status_code == 200, r.text
    det = srv.info_data(proj)["details"]
    assert det["name"] == proj.name and det["description"] == "kept"


def test_description_can_be_cleared(srv, proj):
    edit(srv, proj, {"description": "something"})
    assert edit(srv, proj, {"description": ""}).status_code == 200
    assert srv.info_data(proj)["details"]["description"] == ""


LANG_FORMS = {
    "brackets": [("languages[]", "ro"), ("languages[]", "pt-BR"), ("languages[]", "fr")],
    "indexed": [("languages[0]", "ro"), ("languages[1]", "pt-BR"), ("languages[2]", "fr")],
    "keyed": [("languages[ro]", "ro"), ("languages[pt-BR]", "pt-BR"), ("languages[fr]", "fr")],
    "repeated-bare": [("languages", "ro"), ("languages", "pt-BR"), ("languages", "fr")],
}


@pytest.mark.parametrize("form", list(LANG_FORMS))
def test_languages_replace_the_list(srv, proj, form):
    r = edit(srv, proj, LANG_FORMS[form])
    assert r.status_code == 200, r.text
    d = srv.info_data(proj)
    assert codes(d) == ["ro", "pt-BR", "fr"]
    x = srv.info(proj, fmt="xml").xml
    assert [i.findtext("code") for i in x.find("languages")] == ["ro", "pt-BR", "fr"]


def test_languages_untouched_without_param(srv, proj):
    assert edit(srv, proj, {"name": "n2"}).status_code == 200
    assert codes(srv.info_data(proj)) == proj.languages


def test_logo_shows_as_logo_url(srv, proj):
    assert srv.info_data(proj)["details"]["logo_url"] == ""
    r = edit(srv, proj, {}, files=[("logo", ("logo.png", PNG, "image/png"))])
    assert r.status_code == 200, r.text
    assert srv.info_data(proj)["details"]["logo_url"].startswith("http")


def test_logo_not_an_image(srv, proj):
    before = srv.snapshot(proj)
    r = edit(srv, proj, {"name": "should not stick"},
             files=[("logo", ("logo.png", b"<svg onload=alert(1)>", "image/png"))])
    assert_v1_error(r, 27, 400)
    assert srv.snapshot(proj) == before


# ------------------------------------------------------------------ stored fields

STORED = [
    ("language_access_policy", "moderate", "language_access_policy", "moderate"),
    ("hide_duplicates", "2", "hide_duplicates", "2"),
    ("export_translated_only", "1", "export_translated_only", "1"),
    ("export_approved_only", "true", "export_approved_only", "1"),
    ("auto_translate_dialects", "yes", "auto_translate_dialects", "1"),
    ("public_downloads", "1", "public_downloads", "1"),
    ("use_global_tm", "1", "use_global_tm", "1"),
    ("cname", "translate.example.com", "cname", "translate.example.com"),
    ("webhook_file_translated", "https://hooks.example.com/ft?x=1", "webhook_file_translated",
     "https://hooks.example.com/ft?x=1"),
    ("webhook_file_proofread", "http://hooks.example.com/fp", "webhook_file_proofread",
     "http://hooks.example.com/fp"),
    ("webhook_project_translated", "https://h.example.com/pt", "webhook_project_translated",
     "https://h.example.com/pt"),
    ("webhook_project_proofread", "https://h.example.com/pp", "webhook_project_proofread",
     "https://h.example.com/pp"),
]


def test_every_stored_field(srv, proj):
    r = edit(srv, proj, {name: value for name, value, _, _ in STORED})
    assert r.status_code == 200, r.text
    row = srv.project_row(proj.identifier)
    for name, _, column, want in STORED:
        assert row[column] == want, (name, row[column])
    # and back
    r = edit(srv, proj, {"hide_duplicates": "0", "export_approved_only": "false",
                         "public_downloads": "0", "cname": ""})
    assert r.status_code == 200, r.text
    row = srv.project_row(proj.identifier)
    assert (row["hide_duplicates"], row["export_approved_only"], row["public_downloads"],
            row["cname"]) == ("0", "0", "0", "")


def test_public_downloads_visible_to_translator(srv, proj):
    """get-projects `downloadable` for a non-manager follows public_downloads."""
    t = srv.account()
    srv.add_member(proj, t, "translator")
    assert edit(srv, proj, {"public_downloads": "1"}).status_code == 200
    d = srv.v1("/api/account/get-projects", t.auth()).data
    assert [p["downloadable"] for p in d["projects"]] == [1]
    assert edit(srv, proj, {"public_downloads": "0"}).status_code == 200
    d = srv.v1("/api/account/get-projects", t.auth()).data
    assert [p["downloadable"] for p in d["projects"]] == [0]


def test_qa_checks(srv, proj):
    r = edit(srv, proj, [("qa_checks[empty]", "1"), ("qa_checks[spellcheck]", "0"),
                         ("qa_checks[size]", "true")])
    assert r.status_code == 200, r.text
    stored = json.loads(srv.project_row(proj.identifier)["qa_checks"])
    assert stored == {"empty": 1, "spellcheck": 0, "size": 1}
    # a later edit merges over the stored object
    r = edit(srv, proj, [("qa_checks[spellcheck]", "1"), ("qa_checks[tags]", "false")])
    assert r.status_code == 200, r.text
    stored = json.loads(srv.project_row(proj.identifier)["qa_checks"])
    assert stored == {"empty": 1, "spellcheck": 1, "size": 1, "tags": 0}


# ------------------------------------------------------------------ bad input changes nothing

BAD = {
    "join_policy": ([("join_policy", "sometimes")], 27),
    "join_policy-empty": ([("join_policy", "")], 27),
    "languages-scalar": ([("languages", "fr")], 24),
    "languages-unknown": ([("languages[]", "xx-YY")], 10),
    "languages-one-unknown": ([("languages[]", "ro"), ("languages[]", "nope")], 10),
    "languages-empty-list": ([("languages[]", "")], 27),
    "hide_duplicates-range": ([("hide_duplicates", "4")], 27),
    "hide_duplicates-text": ([("hide_duplicates", "two")], 27),
    "language_access_policy": ([("language_access_policy", "closed")], 27),
    "bool": ([("export_translated_only", "maybe")], 27),
    "webhook-scheme": ([("webhook_file_translated", "ftp://example.com/x")], 27),
    "qa_checks-scalar": ([("qa_checks", "1")], 27),
    "qa_checks-value": ([("qa_checks[spellcheck]", "perhaps")], 27),
    "name-too-long": ([("name", "n" * 256)], 27),
    "description-too-long": ([("description", "d" * 10001)], 27),
    "name-bad-utf8": ([("name", b"bad \xff\xfe utf8")], 27),
    # a good field next to a bad one: nothing at all is stored
    "good-then-bad": ([("name", "Changed"), ("description", "changed"),
                       ("languages[]", "ro"), ("join_policy", "nope")], 27),
    "good-then-scalar-languages": ([("name", "Changed"), ("languages", "ro")], 24),
    "good-then-bad-qa": ([("name", "Changed"), ("qa_checks[x]", "2")], 27),
}


@pytest.mark.parametrize("case", list(BAD))
def test_bad_input_changes_nothing(srv, proj, case):
    params, code = BAD[case]
    edit(srv, proj, [("qa_checks[empty]", "1")])   # something stored to keep
    before = srv.snapshot(proj)
    for fmt in ("json", "xml"):
        r = edit(srv, proj, params, fmt=fmt)
        assert_v1_error(r, code, 400 if code in (24, 27) else 404)
        assert srv.snapshot(proj) == before


# ------------------------------------------------------------------ roles

def test_translator_is_forbidden(srv, proj):
    t = srv.account()
    srv.add_member(proj, t, "translator")
    before = srv.snapshot(proj)
    for fmt in ("json", "xml", "jsonp"):
        r = edit(srv, proj, {"name": "Hijacked"}, fmt=fmt, auth=t.auth())
        msg = assert_v1_error(r, 41, 403)
        assert msg == "This action is forbidden for you"
    assert srv.snapshot(proj) == before


def test_proofreader_is_forbidden(srv, proj):
    t = srv.account()
    srv.add_member(proj, t, "proofreader")
    r = edit(srv, proj, {"name": "Hijacked"}, auth=t.auth())
    assert_v1_error(r, 41, 403)


def test_non_member_gets_1(srv, proj):
    stranger = srv.account()
    before = srv.snapshot(proj)
    r = edit(srv, proj, {"name": "Hijacked"}, auth=stranger.auth())
    assert_v1_error(r, 1, 404)
    assert srv.snapshot(proj) == before


def test_owner_and_manager_accounts_may_edit(srv, proj):
    r = edit(srv, proj, {"name": "By owner"}, auth=proj.owner.auth())
    assert r.status_code == 200, r.text
    m = srv.account()
    srv.add_member(proj, m, "manager")
    r = edit(srv, proj, {"description": "By manager"}, auth=m.auth())
    assert r.status_code == 200, r.text
    det = srv.info_data(proj)["details"]
    assert (det["name"], det["description"]) == ("By owner", "By manager")


def test_bearer_may_edit(srv, proj):
    r = edit(srv, proj, {"name": "By bearer"}, auth={},
             headers={"Authorization": f"Bearer {proj.key}"})
    assert r.status_code == 200, r.text
    assert srv.info_data(proj)["details"]["name"] == "By bearer"


# ------------------------------------------------------------------ delete-project

def test_delete_json(srv, proj):
    r = srv.v1(f"/api/project/{proj.identifier}/delete-project", proj.auth())
    assert r.status_code == 200, r.text
    assert r.ctype == "application/json"
    assert r.data == {"project": {"success": True}}
    r = srv.info(proj)
    assert_v1_error(r, 1, 404)
    r = srv.info(proj, params=proj.owner.auth())
    assert_v1_error(r, 1, 404)
    assert srv.project_row(proj.identifier) is None


def test_delete_xml(srv, proj):
    r = srv.v1(f"/api/project/{proj.identifier}/delete-project", proj.auth(), fmt=None)
    assert r.status_code == 200, r.text
    assert_xml_doc(r)
    assert r.xml.tag == "project" and children(r.xml) == ["success"]
    assert r.xml.findtext("success") == "1"
    assert_v1_error(srv.info(proj, fmt="xml"), 1, 404)


def test_delete_by_owner_account_removes_from_list(srv):
    a = srv.account()
    keep, gone = srv.project(a), srv.project(a)
    r = srv.v1(f"/api/project/{gone.identifier}/delete-project", a.auth())
    assert r.status_code == 200, r.text
    d = srv.v1("/api/account/get-projects", a.auth()).data
    assert [p["identifier"] for p in d["projects"]] == [keep.identifier]
    assert srv.info(keep).status_code == 200


def test_delete_removes_content(srv, proj):
    pid = srv.project_id(proj.identifier)
    srv.sql(f"INSERT INTO node (project_id, kind, name, created, updated) "
            f"VALUES ({pid}, 'file', 'a.po', 1, 1)")
    r = srv.v1(f"/api/project/{proj.identifier}/delete-project", proj.auth())
    assert r.status_code == 200, r.text
    assert srv.sql(f"SELECT COUNT(*) FROM node WHERE project_id = {pid}") == [("0",)]
    assert srv.sql(f"SELECT COUNT(*) FROM member WHERE project_id = {pid}") == [("0",)]
    assert srv.sql(f"SELECT COUNT(*) FROM project_language WHERE project_id = {pid}") == [("0",)]


def test_identifier_reusable_after_delete(srv, proj):
    assert srv.v1(f"/api/project/{proj.identifier}/delete-project", proj.auth()).status_code == 200
    again = srv.project(identifier=proj.identifier)
    assert again.key != proj.key
    assert srv.info_data(again)["details"]["identifier"] == proj.identifier
    assert_v1_error(srv.info(proj), 1, 404)   # the old key is dead


@pytest.mark.parametrize("role", ["translator", "proofreader", "manager"])
def test_delete_forbidden_for_non_owner(srv, proj, role):
    m = srv.account()
    srv.add_member(proj, m, role)
    r = srv.v1(f"/api/project/{proj.identifier}/delete-project", m.auth())
    assert_v1_error(r, 41, 403)
    assert srv.info(proj).status_code == 200


def test_delete_wrong_key(srv, proj):
    r = srv.v1(f"/api/project/{proj.identifier}/delete-project", {"key": "0" * 32})
    assert_v1_error(r, 1, 404)
    r = srv.v1(f"/api/project/{proj.identifier}/delete-project", {})
    assert_v1_error(r, 3, 401)
    assert srv.info(proj).status_code == 200


def test_cli_project_set_shows_in_cached_info(srv, proj):
    """`tolk project set` moves the revision as edit-project does: info's cached reply is
    not served after it."""
    info = lambda: srv.v1(f"/api/project/{proj.identifier}/info", proj.auth(), fmt="json").data
    assert info()["details"]["name"] == proj.name
    assert info()["details"]["name"] == proj.name      # now cached
    srv.cli("project", "set", "--identifier", proj.identifier, "--setting", "name",
            "--value", "Renamed by the operator")
    assert info()["details"]["name"] == "Renamed by the operator"
