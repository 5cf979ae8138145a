"""account/get-projects and account/create-project (crowdin-v1.md §2.16)."""
import pytest

from conftest import assert_v1_error, assert_xml_doc, children, unique

PROJECT_FIELDS = ["role", "name", "identifier", "downloadable", "key"]


# ------------------------------------------------------------------ get-projects

@pytest.fixture
def two_projects(srv):
    a = srv.account()
    p1 = srv.project(a, name="First & <one>")
    p2 = srv.project(a, name="Second")
    return a, [p1, p2]


@pytest.mark.parametrize("method,where", [("GET", "query"), ("POST", "form"),
                                          ("POST", "multipart"), ("POST", "query")])
def test_get_projects_json(srv, two_projects, method, where):
    a, projects = two_projects
    r = srv.v1("/api/account/get-projects", a.auth(), fmt="json", method=method, where=where)
    assert r.status_code == 200, r.text
    assert r.ctype == "application/json"
    d = r.data
    assert list(d) == ["success", "projects"]
    assert d["success"] is True
    assert [p["identifier"] for p in d["projects"]] == [p.identifier for p in projects]
    for got, want in zip(d["projects"], projects):
        assert list(got) == PROJECT_FIELDS
        assert got["role"] == "owner"
        assert got["name"] == want.name
        assert got["key"] == want.key
        assert got["downloadable"] in (0, 1) and type(got["downloadable"]) is int


def test_get_projects_xml(srv, two_projects):
    a, projects = two_projects
    r = srv.v1("/api/account/get-projects", a.auth(), fmt=None, method="GET")
    assert r.status_code == 200
    assert_xml_doc(r)
    root = r.xml
    assert root.tag == "success"
    assert children(root) == ["project", "project"]
    for el, want in zip(root, projects):
        assert children(el) == PROJECT_FIELDS
        assert el.findtext("role") == "owner"
        assert el.findtext("name") == want.name
        assert el.findtext("identifier") == want.identifier
        assert el.findtext("key") == want.key
        assert el.findtext("downloadable") in ("0", "1")


def test_get_projects_jsonp(srv, two_projects):
    a, projects = two_projects
    r = srv.v1("/api/account/get-projects", a.auth(), fmt="jsonp")
    assert r.status_code == 200 and r.ctype == "application/javascript"
    assert r.data["success"] is True and len(r.data["projects"]) == 2


def test_get_projects_empty(srv):
    a = srv.account()
    r = srv.v1("/api/account/get-projects", a.auth(), fmt="json")
    assert r.status_code == 200
    assert r.data == {"success": True, "projects": []}
    r = srv.v1("/api/account/get-projects", a.auth(), fmt=None)
    assert r.status_code == 200
    assert r.xml.tag == "success" and len(r.xml) == 0


def test_get_projects_member_roles(srv, proj):
    """A translator sees the project with its role and without the project key."""
    t = srv.account()
    srv.add_member(proj, t, "translator")
    d = srv.v1("/api/account/get-projects", t.auth()).data
    assert len(d["projects"]) == 1
    p = d["projects"][0]
    assert p["role"] == "translator" and p["identifier"] == proj.identifier
    assert p["key"] != proj.key


@pytest.mark.parametrize("fmt", ["json", "xml", "jsonp"])
def test_get_projects_bad_login(srv, fmt):
    r = srv.v1("/api/account/get-projects", {"login": unique("ghost"), "account-key": "x" * 32},
               fmt=fmt)
    assert_v1_error(r, 11, 404)


@pytest.mark.parametrize("fmt", ["json", "xml", "jsonp"])
def test_get_projects_bad_account_key(srv, acct, fmt):
    r = srv.v1("/api/account/get-projects", {"login": acct.login, "account-key": "0" * 32},
               fmt=fmt)
    assert_v1_error(r, 12, 401)


def test_get_projects_missing_credentials(srv, acct):
    assert_v1_error(srv.v1("/api/account/get-projects", {}), 11)
    assert_v1_error(srv.v1("/api/account/get-projects", {"login": acct.login}), 12)
    assert_v1_error(srv.v1("/api/account/get-projects",
                           {"login": acct.login, "account-key": ""}), 12)


def test_get_projects_project_key_is_not_account_auth(srv, proj):
    r = srv.v1("/api/account/get-projects", {"key": proj.key})
    assert_v1_error(r, 11)


def test_unknown_account_action(srv, acct):
    r = srv.v1("/api/account/frobnicate", acct.auth())
    assert_v1_error(r, 2, 400)
    r = srv.v1("/api/account/frobnicate", acct.auth(), fmt="xml")
    assert_v1_error(r, 2, 400)


# ------------------------------------------------------------------ create-project

def create(srv, account, extra=None, fmt="json", where="form", languages=None, **fields):
    ident = fields.pop("identifier", None) or unique("c")
    params = list(account.auth().items()) + [
        ("identifier", ident), ("name", fields.pop("name", f"Created {ident}")),
        ("source_language", fields.pop("source_language", "en")),
        ("join_policy", fields.pop("join_policy", "open"))]
    if languages is None:
        languages = [("languages[]", "fr"), ("languages[]", "uk")]
    params += languages
    params += list(fields.items())
    params += list(extra or [])
    return ident, srv.v1("/api/account/create-project", params, fmt=fmt, where=where)


def check_project_reply_json(d):
    assert list(d) == ["project"]
    p = d["project"]
    assert p["success"] is True
    assert set(p) == {"success", "invitation", "url", "key"}
    for k in ("invitation", "url", "key"):
        assert isinstance(p[k], str) and p[k], k
    assert p["invitation"].startswith("http") and p["url"].startswith("http")
    return p


@pytest.mark.parametrize("where", ["form", "multipart", "query"])
def test_create_project_json(srv, acct, where):
    ident, r = create(srv, acct, where=where, description="Made by the API")
    assert r.status_code == 200, r.text
    assert r.ctype == "application/json"
    p = check_project_reply_json(r.data)
    assert ident in p["url"]
    # the new key works for info
    r = srv.v1(f"/api/project/{ident}/info", {"key": p["key"]})
    assert r.status_code == 200, r.text
    det = r.data["details"]
    assert det["identifier"] == ident
    assert det["name"] == f"Created {ident}"
    assert det["join_policy"] == "open"
    assert det["description"] == "Made by the API"
    assert det["source_language"]["code"] == "en"
    assert [l["code"] for l in r.data["languages"]] == ["fr", "uk"]
    assert det["participants_count"] == "1"


def test_created_project_listed_for_owner(srv, acct):
    ident, r = create(srv, acct)
    assert r.status_code == 200, r.text
    p = r.data["project"]
    d = srv.v1("/api/account/get-projects", acct.auth()).data
    assert [(x["identifier"], x["role"], x["key"]) for x in d["projects"]] == \
        [(ident, "owner", p["key"])]


def test_create_project_xml(srv, acct):
    ident, r = create(srv, acct, fmt=None)
    assert r.status_code == 200, r.text
    assert_xml_doc(r)
    root = r.xml
    assert root.tag == "project"
    assert children(root) == ["success", "invitation", "url", "key"]
    assert root.findtext("success") == "1"
    key = root.findtext("key")
    assert srv.v1(f"/api/project/{ident}/info", {"key": key}).status_code == 200


def test_create_project_jsonp(srv, acct):
    ident, r = create(srv, acct, fmt="jsonp")
    assert r.status_code == 200 and r.ctype == "application/javascript"
    check_project_reply_json(r.data)


LANG_FORMS = {
    "brackets": [("languages[]", "de"), ("languages[]", "ro")],              # Go client
    "indexed": [("languages[0]", "de"), ("languages[1]", "ro")],             # PowerShell
    "keyed": [("languages[de]", "de"), ("languages[ro]", "ro")],             # Java SDK
    "repeated-bare": [("languages", "de"), ("languages", "ro")],             # npm formData
}


@pytest.mark.parametrize("form", list(LANG_FORMS))
def test_create_project_language_forms(srv, acct, form):
    ident, r = create(srv, acct, languages=LANG_FORMS[form])
    assert r.status_code == 200, r.text
    key = r.data["project"]["key"]
    d = srv.v1(f"/api/project/{ident}/info", {"key": key}).data
    assert [l["code"] for l in d["languages"]] == ["de", "ro"]


@pytest.mark.parametrize("missing", ["identifier", "name", "source_language", "join_policy",
                                     "languages"])
def test_create_project_required_fields(srv, acct, missing):
    params = {"identifier": unique("c"), "name": "X", "source_language": "en",
              "join_policy": "private"}
    pairs = list(acct.auth().items()) + [(k, v) for k, v in params.items() if k != missing]
    if missing != "languages":
        pairs.append(("languages[]", "fr"))
    r = srv.v1("/api/account/create-project", pairs)
    assert_v1_error(r, 27, 400)
    assert srv.v1("/api/account/get-projects", acct.auth()).data["projects"] == []


def test_create_project_duplicate_identifier(srv, acct, proj):
    _, r = create(srv, acct, identifier=proj.identifier, name="Impostor")
    assert_v1_error(r, 27, 400)
    # the existing project is untouched
    d = srv.info_data(proj)
    assert d["details"]["name"] == proj.name
    assert srv.v1("/api/account/get-projects", acct.auth()).data["projects"] == []


def test_create_project_scalar_languages(srv, acct):
    ident, r = create(srv, acct, languages=[("languages", "fr")])
    assert_v1_error(r, 24, 400)
    assert srv.v1("/api/account/get-projects", acct.auth()).data["projects"] == []


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_create_project_unknown_language(srv, acct, fmt):
    _, r = create(srv, acct, fmt=fmt, languages=[("languages[]", "fr"), ("languages[]", "xx-YY")])
    msg = assert_v1_error(r, 10, 404)
    assert msg == "Language was not found"
    assert srv.v1("/api/account/get-projects", acct.auth()).data["projects"] == []


def test_create_project_unknown_source_language(srv, acct):
    _, r = create(srv, acct, source_language="klingon")
    assert_v1_error(r, 10)


@pytest.mark.parametrize("ident", ["Upper-Case", "has space", "x", "a/b", "project"])
def test_create_project_bad_identifier(srv, acct, ident):
    _, r = create(srv, acct, identifier=ident)
    assert_v1_error(r, 27, 400)


def test_create_project_bad_join_policy(srv, acct):
    _, r = create(srv, acct, join_policy="sometimes")
    assert_v1_error(r, 27, 400)
    assert srv.v1("/api/account/get-projects", acct.auth()).data["projects"] == []


def test_create_project_bad_optional_field_creates_nothing(srv, acct):
    ident, r = create(srv, acct, hide_duplicates="9")
    assert_v1_error(r, 27, 400)
    assert srv.v1("/api/account/get-projects", acct.auth()).data["projects"] == []
    assert srv.sql(f"SELECT COUNT(*) FROM project WHERE identifier = '{ident}'") == [("0",)]


def test_create_project_auth(srv, acct):
    _, r = create(srv, type("A", (), {"auth": lambda self: {"login": acct.login,
                                                            "account-key": "f" * 32}})())
    assert_v1_error(r, 12, 401)
    _, r = create(srv, type("A", (), {"auth": lambda self: {"login": unique("ghost"),
                                                            "account-key": acct.key}})())
    assert_v1_error(r, 11, 404)
    _, r = create(srv, type("A", (), {"auth": lambda self: {}})())
    assert_v1_error(r, 11)
