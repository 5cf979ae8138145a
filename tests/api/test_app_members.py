"""
Members and invitations through the pages' calls (docs/roles.md "Invitations", docs/web.md):
a manager invites by link with a role and languages, whoever follows the link signed in joins
with exactly those (their v1 calls are limited to them), dead links say why, the join policy
(open / private) is honoured, and members are changed, blocked and removed with the model's
rules.  Both backends.
"""
import re

import requests

from app_helpers import Browser, error, signed_in

PO = b'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n' \
     b'msgid "Hello"\nmsgstr ""\n'
PO_FR = PO.replace(b'msgid "Hello"\nmsgstr ""', b'msgid "Hello"\nmsgstr "Bonjour"')


def api(project, rest=""):
    return f"/app/api/projects/{project.identifier}{rest}"


def invite(b, project, role="translator", languages=("fr",), days=7, max_uses=1, status=201):
    r = b.request("POST", api(project, "/invitations"),
                  {"role": role, "languages": list(languages), "days": days,
                   "max_uses": max_uses})
    assert r.status_code == status, r.text
    return r.json()


def token_of(inv):
    m = re.fullmatch(r"https?://[^/]+/app/join/([0-9a-f]{64})", inv["url"])
    assert m, inv["url"]
    return m.group(1)


def join(b, token):
    return b.request("POST", f"/app/api/join/{token}")


def members(srv, project):
    pid = srv.project_id(project.identifier)
    return dict(srv.sql("SELECT a.login, m.role FROM member m JOIN account a ON "
                        f"a.id = m.account_id WHERE m.project_id = {pid}"))


def member_row(b, project, login):
    r = b.request("GET", api(project, "/members"))
    assert r.status_code == 200, r.text
    rows = [m for m in r.json()["members"] if m["login"] == login]
    return rows[0] if rows else None


def invitation_count(srv, project):
    pid = srv.project_id(project.identifier)
    return int(srv.sql(f"SELECT COUNT(*) FROM invitation WHERE project_id = {pid}")[0][0])


def upload(srv, project, login, key, language):
    return srv.v1(f"/api/project/{project.identifier}/upload-translation",
                  [("login", login), ("account-key", key), ("language", language)],
                  files=[("files[app.po]", ("app.po", PO_FR))])


def test_invite_then_join_with_that_role_and_languages(srv, proj):
    r = srv.v1(f"/api/project/{proj.identifier}/add-file", [("key", proj.key)],
               files=[("files[app.po]", ("app.po", PO))])
    assert r.status_code == 200, r.text
    mgr, mgr_login, _ = signed_in(srv, "manager", proj)
    inv = invite(mgr, proj, "translator", ["fr"])
    assert (inv["role"], inv["languages"], inv["created_by"]) == ("translator", ["fr"], mgr_login)
    assert inv["max_uses"] == 1 and inv["uses"] == 0
    assert 6 * 86400 < inv["expires"] - inv["created"] <= 7 * 86400
    token = token_of(inv)
    # the list shows the link's terms, never its token (only its hash is stored)
    r = mgr.request("GET", api(proj, "/invitations"))
    assert r.status_code == 200 and [i["id"] for i in r.json()["invitations"]] == [inv["id"]]
    assert token not in r.text
    assert token not in str(srv.sql("SELECT * FROM invitation"))

    t, t_login, t_key = signed_in(srv)
    # the page shows what the link grants; a GET joins nobody
    r = t.request("GET", f"/app/join/{token}")
    assert r.status_code == 200 and "translator" in r.text and "French (fr)" in r.text, r.text
    assert t_login not in members(srv, proj)
    r = join(t, token)
    assert r.status_code == 200, r.text
    d = r.json()
    assert (d["project"], d["role"], d["joined"]) == (proj.identifier, "translator", True)
    assert d["next"] == f"/app/p/{proj.identifier}"
    row = member_row(mgr, proj, t_login)
    assert (row["role"], row["languages"]) == ("translator", ["fr"])
    pid = srv.project_id(proj.identifier)
    assert srv.sql("SELECT a.login FROM event e JOIN account a ON a.id = e.account_id WHERE "
                   f"e.project_id = {pid} AND e.kind = 'member.added' AND "
                   f"e.detail LIKE '%{t_login}%'") == [(t_login,)]
    # as that member over v1: French yes, German no
    assert upload(srv, proj, t_login, t_key, "fr").json()["success"] is True
    assert upload(srv, proj, t_login, t_key, "de").json()["error"]["code"] == 41
    # the link was for one person: used up now, for anyone else
    other, other_login, _ = signed_in(srv)
    assert "used" in error(join(other, token), 410, "used_up")
    assert other_login not in members(srv, proj)
    assert other.request("GET", f"/app/join/{token}").status_code == 410
    assert mgr.request("GET", api(proj, "/invitations")).json()["invitations"] == []
    # the token never reaches the access log (the page, the call)
    with open(srv.log_path, encoding="utf-8", errors="replace") as f:
        log = f.read()
    assert token not in log and "/app/join/***" in log and "/app/api/join/***" in log


def test_expired_revoked_and_unlimited_links(srv, proj):
    mgr, _, _ = signed_in(srv, "manager", proj)
    t, t_login, _ = signed_in(srv)
    expired = invite(mgr, proj, days=1)
    srv.sql(f"UPDATE invitation SET expires = 1000 WHERE id = {expired['id']}")
    assert "expired" in error(join(t, token_of(expired)), 410, "expired")
    revoked = invite(mgr, proj)
    r = mgr.request("DELETE", api(proj, f"/invitations/{revoked['id']}"))
    assert r.status_code == 204, r.text
    error(mgr.request("DELETE", api(proj, f"/invitations/{revoked['id']}")), 404, "not_found")
    error(mgr.request("DELETE", api(proj, "/invitations/x1")), 404, "not_found")
    assert "revoked" in error(join(t, token_of(revoked)), 410, "revoked")
    error(join(t, "0" * 64), 404, "not_found")
    error(join(t, "not-a-token"), 404, "not_found")
    assert t.request("GET", "/app/join/not-a-token").status_code == 404
    assert t_login not in members(srv, proj)
    # anyone with the link, until it expires: three people join
    many = invite(mgr, proj, "proofreader", ["de", "uk"], days=30, max_uses=0)
    assert 29 * 86400 < many["expires"] - many["created"] <= 30 * 86400
    for _ in range(3):
        b, login, _ = signed_in(srv)
        assert join(b, token_of(many)).json()["joined"] is True
        row = member_row(mgr, proj, login)
        assert (row["role"], sorted(row["languages"])) == ("proofreader", ["de", "uk"])
    live = mgr.request("GET", api(proj, "/invitations")).json()["invitations"]
    assert [(i["id"], i["uses"], i["max_uses"]) for i in live] == [(many["id"], 3, 0)]


def test_who_may_invite_what(srv, proj):
    owner, _, _ = signed_in(srv, "owner", proj)
    mgr, _, _ = signed_in(srv, "manager", proj)
    before = invitation_count(srv, proj)
    # a manager runs the team but makes no owner (members.c's rule)
    assert "owner" in error(mgr.request("POST", api(proj, "/invitations"), {"role": "owner"}),
                            403, "forbidden")
    # nobody invites an owner or a blocked member
    error(owner.request("POST", api(proj, "/invitations"), {"role": "owner"}), 400, "invalid")
    error(owner.request("POST", api(proj, "/invitations"), {"role": "blocked"}), 400, "invalid")
    for body, says in [({"role": "wizard"}, "unknown role"),
                       ({"languages": ["es-ES"]}, "not one of the project's languages"),
                       ({"languages": ["xx-nope"]}, "unknown language"),
                       ({"languages": "fr"}, None),
                       ({"languages": [1]}, "language codes"),
                       ({"languages": {"a": 1}}, "language codes"),
                       ({"role": "manager", "languages": ["fr"]}, "every language"),
                       ({"days": 0}, "days"), ({"days": 1000}, "days"), ({"days": "7"}, "days"),
                       ({"max_uses": -1}, "max_uses")]:
        r = mgr.request("POST", api(proj, "/invitations"), body)
        if says is None:                    # "fr" as a string is a list of one
            assert r.status_code == 201 and r.json()["languages"] == ["fr"], r.text
            before += 1
            continue
        assert says in error(r, 400, "invalid"), (body, r.text)
    assert invitation_count(srv, proj) == before
    # a manager may invite a manager
    assert invite(mgr, proj, "manager", [])["role"] == "manager"
    # a translator may neither list members nor invite; a non-member sees no project
    tr, _, _ = signed_in(srv, "translator", proj, "fr")
    error(tr.request("GET", api(proj, "/members")), 403, "forbidden")
    error(tr.request("GET", api(proj, "/invitations")), 403, "forbidden")
    error(tr.request("POST", api(proj, "/invitations"), {"role": "translator"}), 403, "forbidden")
    nobody, _, _ = signed_in(srv)
    error(nobody.request("GET", api(proj, "/members")), 404, "not_found")
    error(nobody.request("POST", api(proj, "/invitations"), {}), 404, "not_found")
    error(Browser(srv).request("GET", api(proj, "/members")), 401, "not_signed_in")
    # no CSRF token: refused, nothing made
    n = invitation_count(srv, proj)
    error(mgr.request("POST", api(proj, "/invitations"), {"role": "translator"}, csrf=False),
          403, "csrf")
    assert invitation_count(srv, proj) == n


def test_members_keep_their_role_and_blocked_ones_stay_blocked(srv, proj):
    mgr, _, _ = signed_in(srv, "manager", proj)
    inv = invite(mgr, proj, "manager", [], max_uses=1)
    pr, pr_login, _ = signed_in(srv, "proofreader", proj, "de")
    d = join(pr, token_of(inv)).json()
    assert (d["joined"], d["role"]) == (False, "proofreader") and "already" in d["message"]
    assert members(srv, proj)[pr_login] == "proofreader"
    # that used nothing of the link
    assert srv.sql(f"SELECT uses FROM invitation WHERE id = {inv['id']}") == [("0",)]
    bl, bl_login, _ = signed_in(srv, "blocked", proj)
    assert "blocked" in error(join(bl, token_of(inv)), 403, "blocked")
    assert members(srv, proj)[bl_login] == "blocked"
    r = bl.request("GET", f"/app/join/{token_of(inv)}")
    assert r.status_code == 403 and "blocked" in r.text
    # no session: 401; no CSRF token: 403, nobody joined
    t, t_login, _ = signed_in(srv)
    error(Browser(srv).request("POST", f"/app/api/join/{token_of(inv)}"), 401, "not_signed_in")
    error(t.request("POST", f"/app/api/join/{token_of(inv)}", csrf=False), 403, "csrf")
    assert t_login not in members(srv, proj)


def test_join_policy_open_and_private(srv, proj):
    b, login, _ = signed_in(srv)
    # private (the default): no way in without a link, and no telling the project exists
    m1 = error(b.request("POST", api(proj, "/join")), 404, "not_found")
    m2 = error(b.request("POST", "/app/api/projects/no-such-x/join"), 404, "not_found")
    assert m1.replace(proj.identifier, "X") == m2.replace("no-such-x", "X")
    r = b.request("GET", f"/app/p/{proj.identifier}/members", allow_redirects=False)
    assert r.status_code == 404
    assert b.request("GET", f"/app/p/{proj.identifier}/join").status_code == 404
    # open: the project's address leads a non-member to its join page
    r = srv.v1(f"/api/project/{proj.identifier}/edit-project",
               [("key", proj.key), ("join_policy", "open")])
    assert r.status_code == 200, r.text
    r = b.request("GET", f"/app/p/{proj.identifier}/members", allow_redirects=False)
    assert r.status_code == 303 and r.headers["Location"] == f"/app/p/{proj.identifier}/join"
    r = b.request("GET", f"/app/p/{proj.identifier}/join")
    assert r.status_code == 200 and "Join" in r.text and "translator" in r.text
    assert login not in members(srv, proj)      # a GET joins nobody
    error(b.request("POST", api(proj, "/join"), csrf=False), 403, "csrf")
    d = b.request("POST", api(proj, "/join")).json()
    assert (d["joined"], d["role"], d["next"]) == (True, "translator",
                                                   f"/app/p/{proj.identifier}")
    mgr, _, _ = signed_in(srv, "manager", proj)
    assert member_row(mgr, proj, login)["languages"] == []     # every language
    d = b.request("POST", api(proj, "/join")).json()
    assert (d["joined"], d["role"]) == (False, "translator")
    # a blocked member does not unblock itself by joining again
    bl, bl_login, _ = signed_in(srv, "blocked", proj)
    error(bl.request("POST", api(proj, "/join")), 403, "blocked")
    assert members(srv, proj)[bl_login] == "blocked"


def test_change_block_and_remove_members(srv, proj):
    owner, owner_login, _ = signed_in(srv, "owner", proj)
    mgr, mgr_login, _ = signed_in(srv, "manager", proj)
    _, t_login, t_key = signed_in(srv, "translator", proj, "fr")
    url = api(proj, f"/members/{t_login}")
    r = mgr.request("PUT", url, {"role": "proofreader", "languages": ["fr", "de"]})
    assert r.status_code == 200, r.text
    assert r.json() == {"login": t_login, "role": "proofreader", "languages": ["fr", "de"],
                        "joined": r.json()["joined"]}
    assert member_row(mgr, proj, t_login)["languages"] == ["fr", "de"]
    for body, status, code in [({}, 400, "invalid"), ({"role": "wizard"}, 400, "invalid"),
                               ({"languages": ["es-ES"]}, 400, "invalid"),
                               ({"languages": 5}, 400, "invalid"),
                               ({"role": 5}, 400, "invalid")]:
        error(mgr.request("PUT", url, body), status, code)
    error(mgr.request("PUT", url, {"role": "proofreader"}, csrf=False), 403, "csrf")
    assert member_row(mgr, proj, t_login)["role"] == "proofreader"
    # block: the member's v1 calls stop; the row stays
    assert mgr.request("PUT", url, {"role": "blocked"}).json()["role"] == "blocked"
    r = srv.v1(f"/api/project/{proj.identifier}/info", [("login", t_login), ("account-key", t_key)])
    assert r.json()["error"]["code"] == 41
    # a manager touches no owner, and makes none
    error(mgr.request("PUT", api(proj, f"/members/{owner_login}"), {"role": "translator"}),
          403, "forbidden")
    error(mgr.request("DELETE", api(proj, f"/members/{owner_login}")), 403, "forbidden")
    error(mgr.request("PUT", url, {"role": "owner"}), 403, "forbidden")
    error(mgr.request("PUT", api(proj, "/members/no-such-login"), {"role": "translator"}),
          404, "not_found")
    # remove
    error(mgr.request("DELETE", url, csrf=False), 403, "csrf")
    r = mgr.request("DELETE", url)
    assert r.status_code == 204 and r.content == b"", r.text
    assert t_login not in members(srv, proj)
    error(mgr.request("DELETE", url), 404, "not_found")
    # the last owner stays: the project's creator goes, then this owner may not
    r = owner.request("DELETE", api(proj, f"/members/{srv.owner.login}"))
    assert r.status_code == 204, r.text
    assert "owner" in error(owner.request("PUT", api(proj, f"/members/{owner_login}"),
                                          {"role": "manager"}), 409, "conflict")
    error(owner.request("DELETE", api(proj, f"/members/{owner_login}")), 409, "conflict")
    assert members(srv, proj)[owner_login] == "owner"
    # an owner makes another owner; then it may step down
    r = owner.request("PUT", api(proj, f"/members/{mgr_login}"), {"role": "owner"})
    assert r.status_code == 200 and r.json()["role"] == "owner", r.text
    r = owner.request("PUT", api(proj, f"/members/{owner_login}"), {"role": "manager"})
    assert r.status_code == 200 and r.json()["role"] == "manager", r.text


def test_sign_in_comes_back_to_the_join_page(srv, proj):
    mgr, _, _ = signed_in(srv, "manager", proj)
    token = token_of(invite(mgr, proj))
    r = requests.get(f"{srv.base}/app/join/{token}", allow_redirects=False, timeout=30)
    assert r.status_code == 303
    assert r.headers["Location"] == f"/app/sign-in?next=/app/join/{token}"
    r = requests.get(f"{srv.base}/app/sign-in", params={"next": f"/app/join/{token}"}, timeout=30)
    assert f'data-next="/app/join/{token}"' in r.text
    # only a page of ours: anything else goes to the projects
    for bad in ["https://evil.example/", "//evil.example/app/", "/app//evil.example",
                "/\\evil.example", "/app/x?y=1", "/app/../api", "javascript:alert(1)",
                "/app/\"><script>", "/elsewhere"]:
        r = requests.get(f"{srv.base}/app/sign-in", params={"next": bad}, timeout=30)
        assert 'data-next="/app/"' in r.text, bad
    # signed in already: straight there
    b, _, _ = signed_in(srv)
    r = b.request("GET", "/app/sign-in", params={"next": f"/app/join/{token}"},
                  allow_redirects=False)
    assert r.status_code == 303 and r.headers["Location"] == f"/app/join/{token}"
    r = b.request("GET", "/app/sign-in", params={"next": "//evil.example"},
                  allow_redirects=False)
    assert r.headers["Location"] == "/app/"
