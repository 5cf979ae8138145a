"""
The pages tolk serves (docs/web.md), in a real browser: Debian's chromium driven by
playwright-core (pinned in tests/web/package-lock.json).  Each test runs a node script from
tests/web/ against the session server and checks the JSON it prints; screenshots of every page
at desktop and phone width go to tests/web/shots/ (git-ignored) to be looked at.

Skipped, saying why, when chromium, node or npm's registry are missing, unless
TOLK_REQUIRE_BROWSER=1 (`make check` sets it under CI).
"""
import json
import os
import subprocess

import pytest

from conftest import REPO, TOLK_BIN, kv_lines, run, unique
from npm_helpers import node_with, unavailable

WEB_DIR = REPO / "tests" / "web"
SHOTS = WEB_DIR / "shots"
CHROMIUM = os.environ.get("TOLK_CHROMIUM", "/usr/bin/chromium")


@pytest.fixture(scope="session")
def node():
    if not os.access(CHROMIUM, os.X_OK):
        unavailable("pages in a browser", f"no chromium at {CHROMIUM} (scripts/install-deps test "
                    "installs it)", require="TOLK_REQUIRE_BROWSER")
    SHOTS.mkdir(exist_ok=True)
    return node_with(WEB_DIR, "pages in a browser")


def run_page_script(node, script, srv, *args):
    p = subprocess.run([node, str(WEB_DIR / script), srv.base, str(SHOTS), *map(str, args)],
                       capture_output=True, text=True, timeout=180)
    assert p.returncode == 0, f"{script} exit {p.returncode}\nstdout: {p.stdout[-3000:]}\n" \
                              f"stderr: {p.stderr[-3000:]}\nserver log:\n{srv.log_tail()}"
    return json.loads(p.stdout.strip().splitlines()[-1])


def test_layout_on_a_page_not_found(node, srv):
    out = run_page_script(node, "layout.mjs", srv)
    for width in ("desktop", "phone"):
        r = out[width]
        assert r["problems"] == [], r["problems"]        # CSP, console, outside requests
        assert r["status"] == 404
        assert (r["title"], r["h1"]) == ("Page not found · tolk", "Page not found")
        # the path comes back as text: the <b> in it is shown, not made an element
        assert r["path_shown"] == "/app/no/<b>such</b>" and r["injected"] == 0
        assert r["header_display"] == "flex", "the stylesheet did not apply"
        assert r["skip_left"] < 0 and r["skip_left_focused"] >= 0, "skip link not hidden/shown"
        assert r["first_tab"] == "Skip to content" and r["after_skip"] == "main"
        assert r["sideways"] is False, "the page scrolls sideways"
    assert (SHOTS / "not-found-phone.png").stat().st_size > 1000


def test_sign_in_projects_account_and_sign_out(node, srv):
    login, password, new_password = unique("w"), "correct horse battery", "staple paper clip"
    run([TOLK_BIN, "account", "create", "--login", login, "--email", f"{login}@example.com",
         "--password-stdin", "--db", srv.db_url], input=password + "\n")
    acc = type("Acc", (), {"login": login})()
    mine = srv.project(account=acc)
    srv.project()                       # another owner's: not listed
    out = run_page_script(node, "sign_in.mjs", srv, login, password, new_password)
    assert out["problems"] == [] and out["phone_problems"] == [], out
    assert out["start_url"] == "/app/sign-in"
    assert out["wrong_url"] == "/app/sign-in" and "password" in out["wrong"].lower(), out["wrong"]
    assert [p.split(":")[0] for p in out["wrong_problems"]] == ["HTTP 401"], out["wrong_problems"]
    assert out["projects"] == [mine.identifier]
    assert login in out["nav"]
    assert "password is changed" in out["password_news"]
    assert out["after_sign_out"] == "/app/sign-in"
    assert out["phone_sideways"] is False
    # the key the page showed is the account's key now (v1 login + account-key)
    r = srv.v1(f"/api/project/{mine.identifier}/info", {"login": login, "account-key": out["new_key"]})
    assert r.status_code == 200, r.text[:300]


def test_create_a_project_and_its_dashboard(node, srv):
    """tests/web/dashboard.mjs: the form makes the project; a .po and its translation uploaded
    through the dashboard show their result and progress, the file is in the tree, and the
    French file and ZIP download."""
    login, password = unique("w"), "correct horse battery"
    run([TOLK_BIN, "account", "create", "--login", login, "--email", f"{login}@example.com",
         "--password-stdin", "--db", srv.db_url], input=password + "\n")
    ident = unique("web").lower()
    out = run_page_script(node, "dashboard.mjs", srv, login, password, ident)
    assert out["problems"] == [] and out["phone_problems"] == [], out
    assert out["filtered"] >= 1 and out["chosen"] == "Chosen: fr, uk", out
    assert out["create_error"], out
    assert [p.split(":")[0] for p in out["create_error_problems"]] == ["HTTP 400"], out
    assert out["languages"] == ["fr", "uk"]
    assert out["dir_made"] == 200
    assert "Added locale/app.po: 2 strings" in out["source_result"], out
    assert out["source_bar"] == [False, 100]
    assert out["tree"] == ["locale/", "app.po"]
    assert "locale/app.po: imported" in out["translation_result"], out
    assert out["fr_progress"] == "50" and "1 / 2 phrases" in out["fr_summary"], out
    assert "locale/app.po: skipped (unchanged)" in out["again_result"], out
    assert 'msgstr "Bonjour"' in out["file_text"], out
    assert out["zip_name"] == "fr.zip" and out["zip_magic"] == "PK", out
    assert out["phone_sideways"] is False
    for shot in ("dashboard-desktop", "dashboard-phone", "new-project-desktop", "new-project-phone"):
        assert (SHOTS / f"{shot}.png").stat().st_size > 1000
