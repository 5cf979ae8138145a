"""Error paths (crowdin-v1.md §1.4, §1.6–§1.9): codes, HTTP status, body shape per format,
upload limits, and that a failing call changes nothing."""
import pytest

from conftest import assert_v1_error, children, multipart_stream, unique

MESSAGES = {
    1: "Requested project does not exist or API key is not valid",
    2: "Unknown API action",
    3: "API key is not valid",
    10: "Language was not found",
    11: "Account does not exist",
    12: "Account key is invalid",
    24: 'Specified value for "languages" parameter is invalid. Array expected',
    27: "One or several parameters are invalid",
    41: "This action is forbidden for you",
    42: "Uploaded file is too large",
    45: "Maximum number of uploaded files should not exceed 20",
}

FMTS = ["json", "xml", "jsonp", None]
ACTIONS = ["info", "edit-project", "delete-project"]


def url(proj_or_ident, action):
    ident = getattr(proj_or_ident, "identifier", proj_or_ident)
    return f"/api/project/{ident}/{action}"


# ------------------------------------------------------------------ body shapes

def test_json_error_body_exact(srv, ro_proj):
    r = srv.v1(url(ro_proj, "info"), {"key": "0" * 32}, fmt="json")
    assert r.status_code == 404
    assert r.ctype == "application/json"
    d = r.data
    assert list(d) == ["success", "error"]
    assert d["success"] is False
    assert list(d["error"]) == ["code", "message"]
    assert type(d["error"]["code"]) is int and d["error"]["code"] == 1
    assert d["error"]["message"] == MESSAGES[1]


@pytest.mark.parametrize("fmt", [None, "xml"])
def test_xml_error_body_exact(srv, ro_proj, fmt):
    r = srv.v1(url(ro_proj, "info"), {"key": "0" * 32}, fmt=fmt)
    assert r.status_code == 404
    assert r.ctype == "text/xml"
    assert r.text.startswith('<?xml version="1.0" encoding="UTF-8"?>')
    root = r.xml
    assert root.tag == "error"
    assert children(root) == ["code", "message"]
    assert root.findtext("code") == "1"
    assert root.findtext("message") == MESSAGES[1]


def test_jsonp_error_body_exact(srv, ro_proj):
    r = srv.v1(url(ro_proj, "info"), {"key": "0" * 32}, fmt="jsonp", jsonp="handle_err")
    assert r.status_code == 404
    assert r.ctype == "application/javascript"
    assert r.text.startswith("handle_err({") and r.text.endswith("});")
    assert r.data == {"success": False, "error": {"code": 1, "message": MESSAGES[1]}}


# ------------------------------------------------------------------ authentication

@pytest.mark.parametrize("fmt", FMTS)
@pytest.mark.parametrize("action", ACTIONS + ["no-such-action"])
def test_no_key_is_3(srv, ro_proj, action, fmt):
    r = srv.v1(url(ro_proj, action), {}, fmt=fmt)
    assert assert_v1_error(r, 3, 401) == MESSAGES[3]


@pytest.mark.parametrize("params", [{"key": ""}, {"key": "", "account-key": ""},
                                    {"login": "", "account-key": ""}],
                         ids=["empty-key", "empty-key-and-account-key", "empty-pair"])
def test_empty_credentials_are_absent(srv, ro_proj, params):
    assert_v1_error(srv.v1(url(ro_proj, "info"), params), 3, 401)


@pytest.mark.parametrize("fmt", FMTS)
@pytest.mark.parametrize("action", ACTIONS)
def test_wrong_key_is_1_with_404(srv, ro_proj, action, fmt):
    r = srv.v1(url(ro_proj, action), {"key": "0123456789abcdef0123456789abcdef"}, fmt=fmt)
    assert assert_v1_error(r, 1, 404) == MESSAGES[1]
    assert srv.info(ro_proj).status_code == 200   # still there


def test_key_of_another_project_is_1(srv, ro_proj):
    other = srv.project()
    assert_v1_error(srv.v1(url(ro_proj, "info"), other.auth()), 1, 404)
    assert_v1_error(srv.v1(url(ro_proj, "edit-project"), {**other.auth(), "name": "x"}), 1, 404)
    assert srv.info_data(ro_proj)["details"]["name"] == ro_proj.name


@pytest.mark.parametrize("fmt", FMTS)
def test_unknown_project_is_1(srv, ro_proj, fmt):
    ghost = unique("ghost")
    assert_v1_error(srv.v1(url(ghost, "info"), ro_proj.auth(), fmt=fmt), 1, 404)
    assert_v1_error(srv.v1(url(ghost, "info"), ro_proj.owner.auth(), fmt=fmt), 1, 404)
    assert_v1_error(srv.v1(url(ghost, "edit-project"), {**ro_proj.auth(), "name": "x"}, fmt=fmt),
                    1, 404)


@pytest.mark.parametrize("fmt", FMTS)
def test_unknown_action_is_2(srv, ro_proj, fmt):
    r = srv.v1(url(ro_proj, "frobnicate"), ro_proj.auth(), fmt=fmt)
    assert assert_v1_error(r, 2, 400) == MESSAGES[2]
    r = srv.v1(url(ro_proj, "info/extra"), ro_proj.auth(), fmt=fmt)
    assert_v1_error(r, 2, 400)


def test_project_without_action_is_2(srv, ro_proj):
    r = srv.v1(f"/api/project/{ro_proj.identifier}", ro_proj.auth(), fmt="json")
    assert_v1_error(r, 2, 400)


@pytest.mark.parametrize("fmt", FMTS)
@pytest.mark.parametrize("action", ACTIONS)
def test_bad_login_is_11(srv, ro_proj, action, fmt):
    r = srv.v1(url(ro_proj, action), {"login": unique("ghost"), "account-key": ro_proj.owner.key},
               fmt=fmt)
    assert assert_v1_error(r, 11, 404) == MESSAGES[11]


@pytest.mark.parametrize("fmt", FMTS)
@pytest.mark.parametrize("action", ACTIONS)
def test_bad_account_key_is_12(srv, ro_proj, action, fmt):
    r = srv.v1(url(ro_proj, action), {"login": ro_proj.owner.login, "account-key": "f" * 32}, fmt=fmt)
    assert assert_v1_error(r, 12, 401) == MESSAGES[12]
    assert srv.info(ro_proj).status_code == 200


def test_login_without_account_key_is_12(srv, ro_proj):
    assert_v1_error(srv.v1(url(ro_proj, "info"), {"login": ro_proj.owner.login}), 12, 401)


def test_account_key_without_login_is_11(srv, ro_proj):
    assert_v1_error(srv.v1(url(ro_proj, "info"), {"account-key": ro_proj.owner.key}), 11, 404)


def test_not_found_outside_the_api(srv):
    r = srv.get("/nonexistent")
    assert r.status_code == 404
    assert r.headers["Content-Type"].startswith("text/plain")


# ------------------------------------------------------------------ hostile JSONP callbacks

HOSTILE = ["alert(document.cookie)//", "<script>x</script>", "a;b", 'x"y', "cb\n", "a b",
           "f" * 300, "x(y)", "a-b"]


def assert_not_echoed(r, name):
    body = r.text
    assert name not in body, f"callback echoed: {body[:200]!r}"
    assert not body.startswith(name[:5] + "("), body[:200]
    assert r.ctype in ("application/json", "text/xml"), \
        f"{r.ctype}: a refused callback must not be answered as script"


@pytest.mark.parametrize("name", HOSTILE, ids=range(len(HOSTILE)))
def test_hostile_callback_good_key(srv, ro_proj, name):
    r = srv.v1(url(ro_proj, "info"), ro_proj.auth(), fmt="jsonp", jsonp=name)
    assert_not_echoed(r, name)


@pytest.mark.parametrize("name", HOSTILE, ids=range(len(HOSTILE)))
def test_hostile_callback_public_call(srv, name):
    r = srv.v1("/api/supported-languages", None, fmt="jsonp", jsonp=name, method="GET")
    assert_not_echoed(r, name)


@pytest.mark.parametrize("case", ["wrong-key", "no-key", "bad-login", "bad-account-key",
                                  "unknown-action", "account-bad-login"])
@pytest.mark.parametrize("name", ["alert(document.cookie)//", "<script>x</script>"],
                         ids=["js", "html"])
def test_hostile_callback_on_error_paths(srv, ro_proj, case, name):
    """A callback name is attacker-controlled: no error path may reflect it."""
    path, params = {
        "wrong-key": (url(ro_proj, "info"), {"key": "0" * 32}),
        "no-key": (url(ro_proj, "info"), {}),
        "bad-login": (url(ro_proj, "info"), {"login": "nobody", "account-key": "x"}),
        "bad-account-key": (url(ro_proj, "info"), {"login": ro_proj.owner.login, "account-key": "x"}),
        "unknown-action": (url(ro_proj, "nope"), ro_proj.auth()),
        "account-bad-login": ("/api/account/get-projects", {"login": "nobody",
                                                            "account-key": "x"}),
    }[case]
    r = srv.v1(path, params, fmt="jsonp", jsonp=name, method="GET")
    assert r.status_code >= 400
    assert_not_echoed(r, name)


# ------------------------------------------------------------------ upload limits

OVER_100MB = 100 * 1024 * 1024 + 1024


@pytest.mark.parametrize("action", ["edit-project", "info"])
def test_file_over_100mb_is_42(srv, proj, action):
    before = srv.snapshot(proj)
    headers, body = multipart_stream([("key", proj.key), ("json", ""), ("name", "Too big")],
                                     "files[x.po]", OVER_100MB)
    r = srv.http.post(srv.base + url(proj, action), data=body, headers=headers, timeout=120)
    assert r.status_code == 413, (r.status_code, r.text[:300])
    assert r.headers["Content-Type"].startswith("application/json")
    d = r.json()
    assert d == {"success": False, "error": {"code": 42, "message": MESSAGES[42]}}
    assert srv.snapshot(proj) == before


def files_params(n, extra=()):
    return [(f"files[dir/f{i}.po]", (f"f{i}.po", b'msgid "a"\nmsgstr ""\n')) for i in range(n)]


@pytest.mark.parametrize("fmt", ["json", "xml"])
@pytest.mark.parametrize("action", ["edit-project", "info"])
def test_21_files_is_45(srv, proj, action, fmt):
    before = srv.snapshot(proj)
    r = srv.v1(url(proj, action), {**proj.auth(), "name": "Too many"}, fmt=fmt,
               files=files_params(21))
    assert assert_v1_error(r, 45, 400) == MESSAGES[45]
    assert srv.snapshot(proj) == before


def test_21_files_is_45_with_query_auth(srv, ro_proj):
    """Java SDK: auth and json in the query, only the files in the multipart body."""
    r = srv.http.post(f"{srv.base}{url(ro_proj, 'info')}?key={ro_proj.key}&json",
                      files=files_params(21))
    assert r.status_code == 400
    assert r.json()["error"]["code"] == 45


@pytest.mark.parametrize("action", ["edit-project", "info"])
def test_20_files_is_fine(srv, proj, action):
    r = srv.v1(url(proj, action), proj.auth(), files=files_params(20))
    assert r.status_code == 200, r.text


def test_scalar_languages_on_edit_is_24(srv, proj):
    before = srv.snapshot(proj)
    for fmt in FMTS:
        r = srv.v1(url(proj, "edit-project"), {**proj.auth(), "languages": "fr"}, fmt=fmt)
        assert assert_v1_error(r, 24, 400) == MESSAGES[24]
    assert srv.snapshot(proj) == before
