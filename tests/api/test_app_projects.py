"""
A project's calls for the pages (docs/web.md): /app/api/projects/{project} answers members only,
with what their role may do; the v1 calls the pages make (upload, download, settings) take the
browser's session instead of a key, as that member, with the session's CSRF token for anything
that may change something.  Both backends.
"""
import requests

from app_helpers import Browser, error, signed_in

PO = b'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n' \
     b'msgid "Hello"\nmsgstr ""\n'


def v1_by_session(b, project, action, method="POST", csrf=True, params=None, files=None,
                  headers=None):
    return b.request(method, f"/api/project/{project.identifier}/{action}?json", csrf=csrf,
                     params=params, files=files, headers=headers)


def test_my_projects_and_one_project(srv, proj):
    b, login, _ = signed_in(srv, "translator", proj, "fr")
    r = b.request("GET", "/app/api/projects")
    assert r.status_code == 200, r.text
    assert [p["identifier"] for p in r.json()["projects"]] == [proj.identifier]
    r = b.request("GET", f"/app/api/projects/{proj.identifier}")
    assert r.status_code == 200, r.text
    d = r.json()
    assert (d["identifier"], d["name"], d["role"]) == (proj.identifier, proj.name, "translator")
    assert d["can"]["translate"] is True and d["can"]["manage_settings"] is False


def test_not_a_member_and_no_such_project_look_alike(srv, proj):
    b, _, _ = signed_in(srv)
    m1 = error(b.request("GET", f"/app/api/projects/{proj.identifier}"), 404, "not_found")
    m2 = error(b.request("GET", "/app/api/projects/no-such-project-x"), 404, "not_found")
    assert m1.replace(proj.identifier, "X") == m2.replace("no-such-project-x", "X")


def test_blocked_member_and_no_session(srv, proj):
    b, _, _ = signed_in(srv, "blocked", proj)
    error(b.request("GET", f"/app/api/projects/{proj.identifier}"), 403, "forbidden")
    error(Browser(srv).request("GET", f"/app/api/projects/{proj.identifier}"), 401,
          "not_signed_in")


def test_v1_calls_take_the_session_as_the_member(srv, proj):
    b, login, _ = signed_in(srv, "manager", proj)
    files = {"files[app.po]": ("app.po", PO)}
    # no CSRF token: refused, nothing added
    r = v1_by_session(b, proj, "add-file", csrf=False, files=files)
    assert r.json()["error"]["code"] == 41, r.text
    assert "CSRF" in r.json()["error"]["message"] + str(r.json()["error"].get("details"))
    r = v1_by_session(b, proj, "info", method="GET")
    assert r.status_code == 200 and r.json()["files"] == [], r.text
    # with it: added, and recorded as this member's
    r = v1_by_session(b, proj, "add-file", files=files)
    assert r.status_code == 200 and r.json()["success"] is True, r.text
    pid = srv.project_id(proj.identifier)
    assert srv.sql("SELECT a.login FROM event e JOIN account a ON a.id = e.account_id "
                   f"WHERE e.project_id = {pid} AND e.kind LIKE 'file.%'") == [(login,)]
    # a read with the cookie alone (a download link): allowed
    r = v1_by_session(b, proj, "export-file", method="GET", csrf=False,
                      params={"file": "app.po", "language": "fr"})
    assert r.status_code == 200 and b'msgid "Hello"' in r.content, r.text[:300]


def test_v1_write_from_another_site_is_refused(srv, proj):
    b, _, _ = signed_in(srv, "manager", proj)
    # the token leaked into another site's page: its Origin still gives it away
    r = v1_by_session(b, proj, "edit-project", params={"name": "pwned"},
                      headers={"Origin": "https://evil.example", "Sec-Fetch-Site": "cross-site"})
    assert r.json()["error"]["code"] == 41, r.text
    # a GET of a write route (a link on another site) needs the token too
    r = v1_by_session(b, proj, "edit-project", method="GET", csrf=False, params={"name": "pwned"})
    assert r.json()["error"]["code"] == 41, r.text
    r = requests.get(f"{srv.base}/api/project/{proj.identifier}/info?json",
                     params={"key": proj.key}, timeout=30)
    assert r.json()["details"]["name"] == proj.name


def test_v1_session_keeps_the_members_role(srv, proj):
    b, _, _ = signed_in(srv, "translator", proj, "fr")
    r = v1_by_session(b, proj, "edit-project", params={"name": "renamed"})
    assert r.json()["error"]["code"] == 41, r.text
    # not a member: as a wrong key, the project is not found
    o, _, _ = signed_in(srv)
    r = v1_by_session(o, proj, "info", method="GET")
    assert r.json()["error"]["code"] == 1, r.text
    # a member of another project gets nothing of this one
    add = signed_in(srv, "blocked", proj)[0]
    r = v1_by_session(add, proj, "info", method="GET")
    assert r.json()["error"]["code"] == 41, r.text


def test_v1_account_calls_take_the_session(srv):
    b, login, _ = signed_in(srv)
    r = b.request("GET", "/api/account/get-projects?json", csrf=False)
    assert r.status_code == 200 and r.json()["projects"] == [], r.text
