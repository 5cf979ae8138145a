"""
Accounts in the web app's JSON API (docs/accounts.md): sign-in and sign-out,
the session cookie, CSRF and same-origin checks, sign-in limits per address
and per account, session expiry, password changes, account key rotation,
one-time sign-in links (tolk account create --sign-in-link, tolk account
reset-password), sessions shared by nodes on one database, and malformed
cookies, headers and bodies.

Most tests use one server per backend with the sign-in limits off (every test
talks from 127.0.0.1 and many fail on purpose); the limit and expiry tests
start their own with short settings.
"""
import concurrent.futures
import json
import re
import socket
import statistics
import time

import pytest
import requests

from conftest import TOLK_BIN, kv_lines, run, unique
from lone_helpers import start_server
from app_helpers import PASSWORD, Browser, create_account, error, link_token, set_cookie

NO_LIMITS = ["--sign-in-fail-limit", "0", "--sign-in-account-fail-limit", "0"]


def v1_projects(s, login, key):
    return requests.get(f"{s.base}/api/account/get-projects",
                        params={"login": login, "account-key": key, "json": ""}, timeout=30)


@pytest.fixture(scope="module")
def app(backend_env):
    s = start_server(backend_env, NO_LIMITS, log_name="accounts")
    yield s
    assert s.stop() == 0, s.log_tail()


# ---------------------------------------------------------------- sign in and out

def test_sign_in_and_out(app):
    login, _, _ = create_account(app)
    b = Browser(app)
    error(b.whoami(), 401, "not_signed_in")
    r = b.sign_in(login)
    assert r.status_code == 200, r.text
    d = r.json()
    assert d["account"] == {"login": login, "email": f"{login}@example.com"}
    assert re.fullmatch(r"[0-9a-f]{64}", d["csrf_token"])
    assert d["expires"] - time.time() > 13 * 86400 and d["idle_timeout"] == 2 * 86400
    assert d["may_set_password"] is False
    assert r.headers["Cache-Control"] == "no-store"
    token = b.cookie()
    assert re.fullmatch(r"[0-9a-f]{64}", token) and token != d["csrf_token"]
    r = b.whoami()
    assert r.status_code == 200 and r.json()["csrf_token"] == d["csrf_token"]
    assert r.json()["account"]["login"] == login
    # sign-out is a state change: the token is needed
    error(b.request("DELETE", "/app/api/session", csrf=False), 403, "csrf")
    assert b.whoami().status_code == 200
    r = b.request("DELETE", "/app/api/session")
    assert r.status_code == 204 and r.content == b""
    value, attrs = set_cookie(r)
    assert value == "" and attrs["max-age"] == "0"
    error(b.whoami(), 401, "not_signed_in")
    # the old cookie names no session any more (any node would say so: it is a row)
    r = requests.get(app.base + "/app/api/session", headers={"Cookie": f"tolk_session={token}"},
                     timeout=30)
    error(r, 401, "not_signed_in")
    assert set_cookie(r)[1]["max-age"] == "0"      # the browser is told to forget it
    # the table holds the token's hash, never the token
    assert not app.sql(f"SELECT id FROM session WHERE id = '{token}'")


def test_sign_in_by_email_and_a_new_session_each_time(app):
    login, _, _ = create_account(app)
    b = Browser(app)
    assert b.sign_in(f"{login.upper()}@EXAMPLE.COM").status_code == 200
    first, csrf = b.cookie(), b.csrf
    # signing in again (the old cookie sent along) ends the old session: a new token
    assert b.sign_in(login).status_code == 200
    assert b.cookie() != first and b.csrf != csrf
    r = requests.get(app.base + "/app/api/session", headers={"Cookie": f"tolk_session={first}"},
                     timeout=30)
    error(r, 401, "not_signed_in")
    # a login is case-sensitive; an email two accounts share signs neither in
    error(Browser(app).sign_in(login.upper()), 401, "bad_credentials")
    other, _, _ = create_account(app)
    app.sql(f"UPDATE account SET email = '{login}@example.com' WHERE login = '{other}'")
    error(Browser(app).sign_in(f"{login}@example.com"), 401, "bad_credentials")
    assert Browser(app).sign_in(other).status_code == 200


def timed_sign_in(s, login, password):
    t = time.monotonic()
    r = Browser(s).sign_in(login, password)
    return r, time.monotonic() - t


def test_wrong_password_and_unknown_login_get_the_same_answer(app):
    login, _, _ = create_account(app)
    nopass, _, _ = create_account(app, password=None)
    answers, times = {}, {"wrong": [], "unknown": [], "nopass": []}
    for _ in range(5):
        for kind, (who, pw) in {"wrong": (login, "not the password"),
                                "unknown": (unique("nobody"), "not the password"),
                                "nopass": (nopass, "not the password")}.items():
            r, took = timed_sign_in(app, who, pw)
            answers[kind] = (r.status_code, r.json(), "Set-Cookie" in r.headers)
            times[kind].append(took)
    assert answers["wrong"] == answers["unknown"] == answers["nopass"] == \
        (401, {"error": {"code": "bad_credentials", "message": "wrong login or password"}}, False)
    med = {k: statistics.median(v) for k, v in times.items()}
    # each checked a password hash (argon2id, ~95 ms; more under the sanitizers)
    assert min(med.values()) > 0.03, med
    assert max(med.values()) < 2.5 * min(med.values()), med


def test_a_burst_of_sign_ins_queues_for_the_hashes(app):
    """Two hashes run at a time: a burst waits its turn, and every sign-in is answered."""
    login, _, _ = create_account(app)
    jobs = [(login, PASSWORD if i % 2 else "wrong password") for i in range(8)]
    with concurrent.futures.ThreadPoolExecutor(8) as pool:
        got = list(pool.map(lambda j: Browser(app).sign_in(*j).status_code, jobs))
    assert got == [401, 200] * 4


def test_sign_in_needs_login_and_password(app):
    b = Browser(app)
    for body in ({}, {"login": "x"}, {"password": "y"}, {"login": "", "password": "y"},
                 {"login": None, "password": "y"}):
        error(b.request("POST", "/app/api/session", body), 400, "invalid")
    # a form body works as well as JSON
    login, _, _ = create_account(app)
    r = requests.post(app.base + "/app/api/session", data={"login": login, "password": PASSWORD},
                      timeout=30)
    assert r.status_code == 200, r.text


def test_cookie_attributes(app, backend_env):
    login, _, _ = create_account(app)
    r = Browser(app).sign_in(login)
    value, attrs = set_cookie(r)
    assert re.fullmatch(r"[0-9a-f]{64}", value)
    assert attrs["httponly"] is True and attrs["samesite"] == "Lax" and attrs["path"] == "/"
    assert abs(int(attrs["max-age"]) - 14 * 86400) <= 2
    assert "secure" not in attrs and "domain" not in attrs
    # behind a TLS proxy (public-url https://...): Secure
    s = start_server(backend_env, NO_LIMITS + ["--public-url", "https://tolk.example.com/"],
                     db_url=app.db_url, log_name="accounts-https")
    try:
        r = requests.post(s.base + "/app/api/session", json={"login": login, "password": PASSWORD},
                          headers={"Origin": "https://tolk.example.com"}, timeout=30)
        assert r.status_code == 200, r.text
        value, attrs = set_cookie(r)
        assert attrs["secure"] is True and attrs["httponly"] is True
        assert attrs["samesite"] == "Lax" and attrs["path"] == "/"
        cookie = {"Cookie": f"tolk_session={value}"}
        assert requests.get(s.base + "/app/api/session", headers=cookie,
                            timeout=30).status_code == 200
        r = requests.delete(s.base + "/app/api/session", timeout=30, headers={
            **cookie, "X-CSRF-Token": r.json()["csrf_token"],
            "Origin": "https://tolk.example.com"})
        assert r.status_code == 204
        assert set_cookie(r)[1]["secure"] is True
    finally:
        assert s.stop() == 0, s.log_tail()


# ---------------------------------------------------------------- CSRF and origins

def test_csrf_token_missing_or_wrong_is_refused_and_nothing_changes(app):
    login, key, _ = create_account(app)
    b = Browser(app)
    assert b.sign_in(login).status_code == 200
    bad = "0" * 64
    for headers in ({}, {"X-CSRF-Token": bad}, {"X-CSRF-Token": ""},
                    {"X-CSRF-Token": b.csrf[:-1]}, {"X-CSRF-Token": b.csrf + "0"}):
        error(b.request("POST", "/app/api/account/key", {}, csrf=False, headers=headers),
              403, "csrf")
        error(b.request("POST", "/app/api/account/password",
                        {"current_password": PASSWORD, "new_password": "another password 1"},
                        csrf=False, headers=headers), 403, "csrf")
        error(b.request("DELETE", "/app/api/session", csrf=False, headers=headers), 403, "csrf")
    # nothing changed: the key, the password and the session all still work
    assert v1_projects(app, login, key).status_code == 200
    assert b.whoami().status_code == 200
    assert Browser(app).sign_in(login).status_code == 200
    # another session's token is no good either
    other = Browser(app)
    assert other.sign_in(login).status_code == 200
    error(b.request("POST", "/app/api/account/key", {}, csrf=False,
                    headers={"X-CSRF-Token": other.csrf}), 403, "csrf")
    assert v1_projects(app, login, key).status_code == 200


def test_cross_origin_calls_are_refused(app):
    login, key, _ = create_account(app)
    b = Browser(app)
    # signing in from another site's page is refused too (login CSRF)
    error(b.sign_in(login, headers={"Origin": "https://evil.example"}), 403, "cross_origin")
    assert b.sign_in(login).status_code == 200
    for headers in ({"Origin": "https://evil.example"}, {"Origin": "null"},
                    {"Origin": f"http://127.0.0.1:{app.port + 1}"},
                    {"Sec-Fetch-Site": "cross-site"}, {"Sec-Fetch-Site": "same-site"},
                    {"Sec-Fetch-Site": "cross-site", "Origin": app.base}):
        error(b.request("POST", "/app/api/account/key", {}, headers=headers), 403, "cross_origin")
        error(b.request("DELETE", "/app/api/session", headers=headers), 403, "cross_origin")
    assert v1_projects(app, login, key).status_code == 200
    assert b.whoami().status_code == 200
    # reads are not state changes: no origin check (and no CORS header lets another site read)
    r = b.request("GET", "/app/api/session", headers={"Origin": "https://evil.example"})
    assert r.status_code == 200 and "Access-Control-Allow-Origin" not in r.headers
    # our own origin, by Origin or by Sec-Fetch-Site, passes
    r = b.request("POST", "/app/api/account/key", {}, headers={"Sec-Fetch-Site": "same-origin"})
    assert r.status_code == 200, r.text
    r = b.request("POST", "/app/api/account/key", {}, headers={"Origin": app.base})
    assert r.status_code == 200, r.text


# ---------------------------------------------------------------- sign-in limits

def test_sign_in_limit_per_address(backend_env):
    s = start_server(backend_env, ["--sign-in-fail-limit", "4", "--sign-in-account-fail-limit", "0",
                                   "--sign-in-fail-window", "4s"], log_name="accounts-addr")
    try:
        login, _, _ = create_account(s)
        for i in range(4):
            error(Browser(s).sign_in(unique("nobody"), "wrong password"), 401, "bad_credentials")
        # the address is blocked: even the right password, before any hashing
        r = Browser(s).sign_in(login)
        msg = error(r, 429, "too_many_attempts")
        wait = int(r.headers["Retry-After"])
        assert 1 <= wait <= 4 and f"{wait} seconds" in msg
        error(Browser(s).use_link("a" * 64), 429, "too_many_attempts")
        time.sleep(wait + 1)
        assert Browser(s).sign_in(login).status_code == 200
        # links that lead nowhere count too
        for _ in range(4):
            error(Browser(s).use_link("b" * 64), 404, "invalid_link")
        error(Browser(s).sign_in(login), 429, "too_many_attempts")
    finally:
        assert s.stop() == 0, s.log_tail()


def test_sign_in_limit_per_account(backend_env):
    s = start_server(backend_env, ["--sign-in-fail-limit", "0", "--sign-in-account-fail-limit", "3",
                                   "--sign-in-fail-window", "4s"], log_name="accounts-acct")
    try:
        alice, _, _ = create_account(s)
        bob, _, _ = create_account(s)
        nobody = unique("nobody")
        for _ in range(3):
            error(Browser(s).sign_in(alice, "wrong password"), 401, "bad_credentials")
            error(Browser(s).sign_in(nobody, "wrong password"), 401, "bad_credentials")
        # the account is blocked, whatever it is called by; an unknown login alike
        r = Browser(s).sign_in(alice)
        error(r, 429, "too_many_attempts")
        assert 1 <= int(r.headers["Retry-After"]) <= 4
        error(Browser(s).sign_in(f"{alice}@example.com"), 429, "too_many_attempts")
        error(Browser(s).sign_in(nobody, "wrong password"), 429, "too_many_attempts")
        # another account from the same address is not affected
        assert Browser(s).sign_in(bob).status_code == 200
        time.sleep(int(r.headers["Retry-After"]) + 1)
        b = Browser(s)
        assert b.sign_in(alice).status_code == 200
        # a session cannot be used to guess the password either: the same counter
        for _ in range(3):
            error(b.request("POST", "/app/api/account/password",
                            {"current_password": "wrong password", "new_password": "x" * 12}),
                  403, "wrong_password")
        error(b.request("POST", "/app/api/account/password",
                        {"current_password": PASSWORD, "new_password": "x" * 12}),
              429, "too_many_attempts")
        error(Browser(s).sign_in(alice), 429, "too_many_attempts")
    finally:
        assert s.stop() == 0, s.log_tail()


# ---------------------------------------------------------------- expiry

def test_sessions_end_when_idle_and_at_their_lifetime(backend_env):
    s = start_server(backend_env, NO_LIMITS + ["--session-idle", "3s", "--session-lifetime", "6s"],
                     log_name="accounts-expiry")
    try:
        login, _, _ = create_account(s)
        idle, busy = Browser(s), Browser(s)
        r = idle.sign_in(login)
        assert r.status_code == 200 and r.json()["idle_timeout"] == 3
        assert set_cookie(r)[1]["max-age"] in ("6", "5")
        assert busy.sign_in(login).status_code == 200
        start = time.time()
        # the busy one asks every second: activity keeps it past the idle timeout
        while time.time() - start < 4.2:
            assert busy.whoami().status_code == 200, time.time() - start
            time.sleep(1)
        error(idle.whoami(), 401, "not_signed_in")
        # ... but not past its lifetime
        while time.time() - start < 6.5:
            time.sleep(0.5)
        error(busy.whoami(), 401, "not_signed_in")
        # ended sessions are deleted by a later sign-in (at most once a minute, or an idle time)
        assert s.sql("SELECT COUNT(*) FROM session")[0][0] == "2"
        assert Browser(s).sign_in(login).status_code == 200
        assert s.sql("SELECT COUNT(*) FROM session")[0][0] == "1"
    finally:
        assert s.stop() == 0, s.log_tail()


# ---------------------------------------------------------------- the account

def test_account_page_lists_sessions(app):
    login, _, _ = create_account(app)
    a, b = Browser(app), Browser(app)
    assert a.sign_in(login, headers={"User-Agent": "Browser A/1.0"}).status_code == 200
    assert b.sign_in(login, headers={"User-Agent": "Browser B/2.0 \u00e9"}).status_code == 200
    r = a.request("GET", "/app/api/account")
    assert r.status_code == 200, r.text
    d = r.json()
    assert d["login"] == login and d["email"] == f"{login}@example.com"
    assert d["has_password"] is True and abs(d["created"] - time.time()) < 120
    sessions = d["sessions"]
    assert len(sessions) == 2
    assert sorted(x["user_agent"] for x in sessions) == ["Browser A/1.0", "Browser B/2.0 "]
    assert [x["current"] for x in sessions if x["user_agent"] == "Browser A/1.0"] == [True]
    for x in sessions:
        assert set(x) == {"created", "last_seen", "expires", "user_agent", "address", "current"}
        assert x["address"] == "127.0.0.1" and x["expires"] > x["created"]
    error(requests.get(app.base + "/app/api/account", timeout=30), 401, "not_signed_in")


def test_password_change_ends_the_other_sessions(app):
    login, _, _ = create_account(app)
    me, other, third = Browser(app), Browser(app), Browser(app)
    for b in (me, other, third):
        assert b.sign_in(login).status_code == 200
    call = lambda body: me.request("POST", "/app/api/account/password", body)
    new = "a much better password"
    error(call({"current_password": "wrong", "new_password": new}), 403, "wrong_password")
    error(call({"new_password": new}), 400, "invalid")
    error(call({"current_password": PASSWORD}), 400, "invalid")
    error(call({"current_password": PASSWORD, "new_password": "short"}), 400, "invalid")
    error(call({"current_password": PASSWORD, "new_password": "\u00e9" * 9}), 400, "invalid")
    error(call({"current_password": PASSWORD, "new_password": "x" * 1025}), 400, "invalid")
    error(call({"current_password": PASSWORD, "new_password": 1234567890123}), 400, "invalid")
    assert other.whoami().status_code == 200        # nothing changed so far
    r = call({"current_password": PASSWORD, "new_password": new})
    assert r.status_code == 200, r.text
    assert r.json() == {"sessions_ended": 2}
    error(other.whoami(), 401, "not_signed_in")
    error(third.whoami(), 401, "not_signed_in")
    assert me.whoami().status_code == 200
    error(Browser(app).sign_in(login), 401, "bad_credentials")
    assert Browser(app).sign_in(login, new).status_code == 200
    # ten characters (not bytes) and at most 1024 bytes are fine
    r = call({"current_password": new, "new_password": "\u00e9" * 10})
    assert r.status_code == 200, r.text
    r = call({"current_password": "\u00e9" * 10, "new_password": "y" * 1024})
    assert r.status_code == 200, r.text
    assert Browser(app).sign_in(login, "y" * 1024).status_code == 200
    hashes = app.sql(f"SELECT password_hash FROM account WHERE login = '{login}'")
    assert hashes[0][0].startswith("$argon2id$")


def test_key_rotation(app):
    login, key, _ = create_account(app)
    assert v1_projects(app, login, key).status_code == 200
    b = Browser(app)
    assert b.sign_in(login).status_code == 200
    r = b.request("POST", "/app/api/account/key", {})
    assert r.status_code == 200, r.text
    new = r.json()["account_key"]
    assert re.fullmatch(r"[0-9a-f]{32}", new) and new != key
    r = v1_projects(app, login, key)
    assert r.status_code != 200 and r.json()["success"] is False
    assert v1_projects(app, login, new).status_code == 200
    # the key is shown once: the account page does not have it
    assert new not in b.request("GET", "/app/api/account").text


# ---------------------------------------------------------------- sign-in links

def test_sign_in_link_works_once(app):
    login, _, token = create_account(app, password=None, link=True)
    b = Browser(app)
    r = b.use_link(token)
    assert r.status_code == 200, r.text
    d = r.json()
    assert d["account"]["login"] == login and d["link"] == "sign-in"
    assert d["may_set_password"] is True
    assert set_cookie(r)[1]["httponly"] is True
    assert b.whoami().json()["may_set_password"] is True
    error(Browser(app).use_link(token), 404, "invalid_link")
    # the token never reaches the access log
    with open(app.log_path, encoding="utf-8", errors="replace") as f:
        assert token not in f.read()
    # a link session sets the first password without a current one, once
    r = b.request("POST", "/app/api/account/password", {"new_password": "first password!"})
    assert r.status_code == 200, r.text
    assert b.whoami().json()["may_set_password"] is False
    error(b.request("POST", "/app/api/account/password", {"new_password": "second password"}),
          400, "invalid")
    assert Browser(app).sign_in(login, "first password!").status_code == 200
    # a link is a POST: GET never changes anything
    _, _, token2 = create_account(app, link=True)
    error(requests.get(f"{app.base}/app/api/sign-in-link/{token2}", timeout=30),
          405, "method_not_allowed")
    assert Browser(app).use_link(token2).status_code == 200
    for bad in ("x", "A" * 64, "0" * 63, "0" * 65, token2):
        error(Browser(app).use_link(bad), 404, "invalid_link")


def test_sign_in_link_expires(app):
    link_base = f"http://127.0.0.1:8080/app/sign-in/"
    login = unique("u")
    p = run([TOLK_BIN, "account", "create", "--login", login, "--email", "x@example.com",
             "--sign-in-link", "--sign-in-link-ttl", "1s", "--db", app.db_url])
    kv = kv_lines(p.stdout)
    assert kv["sign_in_link"].startswith(link_base)   # public-url: default http://<listen>
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", kv["sign_in_link_expires"])
    time.sleep(2.1)
    error(Browser(app).use_link(link_token(kv["sign_in_link"])), 404, "invalid_link")
    # the link names the public address when there is one
    p = run([TOLK_BIN, "account", "create", "--login", unique("u"), "--email", "x@example.com",
             "--sign-in-link", "--public-url", "https://tolk.example.com/", "--db", app.db_url])
    assert kv_lines(p.stdout)["sign_in_link"].startswith("https://tolk.example.com/app/sign-in/")


def test_reset_password(app):
    login, key, _ = create_account(app)
    b = Browser(app)
    assert b.sign_in(login).status_code == 200
    p = run([TOLK_BIN, "account", "reset-password", "--login", login, "--db", app.db_url])
    kv = kv_lines(p.stdout)
    assert kv["login"] == login and kv["sessions_ended"] == "1"
    first = link_token(kv["sign_in_link"])
    # the old password and every session are gone; the account key is not
    error(b.whoami(), 401, "not_signed_in")
    error(Browser(app).sign_in(login), 401, "bad_credentials")
    assert v1_projects(app, login, key).status_code == 200
    # a second reset makes the first link void
    p = run([TOLK_BIN, "account", "reset-password", "--login", login, "--db", app.db_url])
    second = link_token(kv_lines(p.stdout)["sign_in_link"])
    error(Browser(app).use_link(first), 404, "invalid_link")
    r = b.use_link(second)
    assert r.status_code == 200 and r.json()["link"] == "reset"
    r = b.request("POST", "/app/api/account/password", {"new_password": "after the reset"})
    assert r.status_code == 200, r.text
    assert Browser(app).sign_in(login, "after the reset").status_code == 200
    error(Browser(app).use_link(second), 404, "invalid_link")
    p = run([TOLK_BIN, "account", "reset-password", "--login", unique("nobody"),
             "--db", app.db_url], check=False)
    assert p.returncode == 1 and "no account" in p.stderr


def test_cli_password_rules(app):
    for pw in ("short", "", "\u00e9" * 9, "x" * 1025):
        login = unique("u")
        p = run([TOLK_BIN, "account", "create", "--login", login, "--email", "x@example.com",
                 "--password-stdin", "--db", app.db_url], check=False, input=pw + "\n")
        assert p.returncode == 2, (pw, p.stdout, p.stderr)
        assert "password" in p.stderr and not p.stdout
        assert not app.sql(f"SELECT id FROM account WHERE login = '{login}'")
    # a password never comes from argv; the flag takes no value
    p = run([TOLK_BIN, "account", "create", "--login", unique("u"), "--email", "x@example.com",
             "--password", "secret secret", "--db", app.db_url], check=False)
    assert p.returncode == 2 and "unknown option --password" in p.stderr
    # CR LF ends the line too; 1024 bytes is the most
    login, _, _ = create_account(app, password="y" * 1024)
    assert Browser(app).sign_in(login, "y" * 1024).status_code == 200
    login = unique("u")
    run([TOLK_BIN, "account", "create", "--login", login, "--email", "x@example.com",
         "--password-stdin", "--db", app.db_url], input="windows password\r\n")
    assert Browser(app).sign_in(login, "windows password").status_code == 200


# ---------------------------------------------------------------- nodes

def test_a_session_is_valid_on_every_node(app, backend_env):
    other = start_server(backend_env, NO_LIMITS, db_url=app.db_url, log_name="accounts-b")
    try:
        login, _, _ = create_account(app)
        a = Browser(app)
        assert a.sign_in(login).status_code == 200
        b = Browser(other)
        b.http.headers["Cookie"] = f"tolk_session={a.cookie()}"
        b.csrf = a.csrf
        r = b.whoami()
        assert r.status_code == 200 and r.json()["account"]["login"] == login
        assert r.json()["csrf_token"] == a.csrf
        assert b.request("GET", "/app/api/account").json()["sessions"][0]["current"] is True
        # signed out on the second node: gone on the first
        assert b.request("DELETE", "/app/api/session").status_code == 204
        error(a.whoami(), 401, "not_signed_in")
    finally:
        assert other.stop() == 0, other.log_tail()


# ---------------------------------------------------------------- bad input

def raw_request(s, head, body=b""):
    """Bytes on a socket, for what requests will not send; (status, headers+body)."""
    with socket.create_connection(("127.0.0.1", s.port), timeout=30) as sock:
        sock.sendall(head + body)
        data = b""
        while True:
            chunk = sock.recv(65536)
            if not chunk:
                break
            data += chunk
    status = int(data.split(b" ", 2)[1])
    return status, data


def test_unknown_calls_and_methods(app):
    error(requests.get(app.base + "/app/api/nothing", timeout=30), 404, "not_found")
    error(requests.get(app.base + "/app/api/session/x", timeout=30), 404, "not_found")
    r = requests.put(app.base + "/app/api/session", timeout=30)
    error(r, 405, "method_not_allowed")
    assert r.headers["Allow"] == "POST, GET, DELETE"
    r = requests.head(app.base + "/app/api/session", timeout=30)
    assert r.status_code == 401


def test_malformed_cookies_headers_and_bodies(app):
    login, key, _ = create_account(app)
    b = Browser(app)
    assert b.sign_in(login).status_code == 200
    good = b.cookie()
    cookies = ["", "tolk_session=", "tolk_session", "=", ";;;", "tolk_session=" + "a" * 64,
               "tolk_session=" + good.upper(), "tolk_session=" + good[:-1],
               "tolk_session=" + good + "0", "tolk_session=\"" + good + "\"",
               "tolk_session=" + "x" * 5000, "a=b; tolk_session=%00" + good,
               "tolk_session=" + good.replace("a", "\u00e9")]
    for c in cookies:
        r = requests.get(app.base + "/app/api/session",
                         headers={"Cookie": c.encode("utf-8")}, timeout=30)
        assert r.status_code in (200, 400, 401), (c, r.status_code)
        if r.status_code != 200:
            error(r, r.status_code, "not_signed_in" if r.status_code == 401 else r.json()
                  ["error"]["code"])
    # two cookies of the name: one of them is used, and nothing breaks
    r = requests.get(app.base + "/app/api/session",
                     headers={"Cookie": f"tolk_session={'b' * 64}; tolk_session={good}"},
                     timeout=30)
    assert r.status_code in (200, 401)
    # bodies
    hdr = {"Cookie": f"tolk_session={good}", "X-CSRF-Token": b.csrf, "Origin": app.base}
    unparsed = [b"{", b"[]", b"\"x\"", b"null", b"{\"login\": ", b"\xff\xfe", b"{}" * 1000,
                b"[" * 5000 + b"]" * 5000,
                b"{\"login\": \"a\", \"login\": \"b\", \"password\": \"c\"}"]
    typed = [json.dumps({"login": login, "password": ["x"]}).encode(),
              json.dumps({"login": {"a": 1}, "password": PASSWORD}).encode(),
              json.dumps({"login": login, "password": 12345678901}).encode(),
              b"{\"login\": \"" + login.encode() + b"\", \"password\": \"a\\u0000b\"}",
              json.dumps({"login": "x" * 400, "password": "y"}).encode(),
              json.dumps({"login": login, "password": "y" * 1025}).encode()]
    for body in unparsed + typed:
        # the key call reads no fields: only bodies that do not parse are wrong for it
        paths = ["/app/api/session", "/app/api/account/password"]
        for path in paths + (["/app/api/account/key"] if body in unparsed else []):
            r = requests.post(app.base + path, data=body, timeout=30,
                              headers={**hdr, "Content-Type": "application/json"})
            assert r.status_code in (400, 401), (path, body[:40], r.status_code, r.text)
            error(r, r.status_code, r.json()["error"]["code"])
            assert r.status_code == 400 or path == "/app/api/session"
    # forms: bad UTF-8, NUL, nested names
    for body in (b"login=\xff&password=x", b"login=a%00b&password=x", b"login[a]=b&password=x",
                 b"login=" + login.encode() + b"&password[]=x"):
        r = requests.post(app.base + "/app/api/session", data=body, timeout=30,
                          headers={"Content-Type": "application/x-www-form-urlencoded",
                                   "Origin": app.base})
        error(r, 400, r.json()["error"]["code"])
    # headers: junk CSRF tokens and origins, raw bytes requests will not send
    for token in ("\u00e9" * 64, "x" * 10000, b.csrf.upper(), b.csrf + " x"):
        r = requests.post(app.base + "/app/api/account/key", timeout=30,
                          headers={**hdr, "X-CSRF-Token": token.encode("utf-8")})
        assert r.status_code in (400, 403), r.status_code
    for origin in ("", "http://", "://", "http://127.0.0.1", "x" * 5000, "HTTP://127.0.0.1:1"):
        r = requests.post(app.base + "/app/api/account/key", timeout=30,
                          headers={**hdr, "Origin": origin})
        assert r.status_code in (200, 403), (origin, r.status_code)
    status, data = raw_request(app, b"GET /app/api/session HTTP/1.1\r\nHost: x\r\n"
                               b"Cookie: tolk_session=\xff\xfe\x00abc\r\nConnection: close\r\n\r\n")
    assert status in (400, 401), data[:200]
    status, data = raw_request(app, b"POST /app/api/account/key HTTP/1.1\r\nHost: x\r\n"
                               b"Cookie: tolk_session=" + good.encode() + b"\r\n"
                               b"X-CSRF-Token: \xff" + b.csrf.encode() + b"\r\n"
                               b"Content-Length: 0\r\nConnection: close\r\n\r\n")
    assert status in (400, 403), data[:200]
    # after all that: the session, the key and the server are as they were
    assert b.whoami().status_code == 200
    assert v1_projects(app, login, key).status_code == 200
