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


def test_members_page_invites_and_a_second_browser_joins(node, srv):
    from app_helpers import PASSWORD, Browser, add_member, create_account
    p = srv.project()
    manager, _, _ = create_account(srv)
    add_member(srv, p, manager, "manager")
    translator, _, _ = create_account(srv)
    other, _, _ = create_account(srv)
    out = run_page_script(node, "members.mjs", srv, p.identifier, manager, translator, other,
                          PASSWORD)
    # not signed in: the sign-in page, then back to the page asked for
    assert out["manager_start"] == f"/app/sign-in?next=/app/p/{p.identifier}/members"
    assert out["link"].startswith("http") and "/app/join/" in out["link"]
    assert out["copy_news"] == "Copied." and out["clipboard"] == out["link"]
    assert out["invitation_rows"] == 1
    assert out["translator_sign_in"] == "/app/sign-in" and "join" in out["sign_in_says"]
    assert "translator" in out["join_text"] and "French (fr)" in out["join_text"]
    assert out["landed"] == f"/app/p/{p.identifier}"
    assert out["row_role"] == "translator" and out["row_languages"] == "French (fr)"
    assert translator in out["saved"] and "German (de)" in out["row_languages_after"]
    assert out["translator_problems"] == [] and out["manager_problems"] == [], out
    assert out["phone_problems"] == [] and out["phone_sideways"] is False, out
    assert "Ukrainian (uk)" in out["phone_join_text"]
    # what the pages did is what the server holds; the other person only looked
    b = Browser(srv)
    assert b.sign_in(manager).status_code == 200
    rows = {m["login"]: m for m in
            b.request("GET", f"/app/api/projects/{p.identifier}/members").json()["members"]}
    assert (rows[translator]["role"], rows[translator]["languages"]) == ("translator", ["fr", "de"])
    assert other not in rows
# ---------------------------------------------------------------- the settings page

def test_settings_page(node, srv):
    from app_helpers import PASSWORD, create_account, add_member
    from lone_helpers import Lone
    proj = srv.project()
    login, _, _ = create_account(srv)
    add_member(srv, proj, login, "manager")
    lone = Lone(srv, proj)
    string_id = lone.string(lone.category("Web"), "bye", "Good bye")
    out = run_page_script(node, "settings.mjs", srv, login, PASSWORD, proj.identifier,
                          proj.api_token, string_id)
    assert out["problems"] == [] and out["phone_problems"] == [], out
    assert out["title"] == "Settings · tolk"
    assert out["tabs_first"] == {"general": True, "api": False}
    assert out["saved"] == "Settings saved." and out["crumb"] == "Renamed by the page"
    assert srv.info_data(proj)["details"]["name"] == "Renamed by the page"
    assert out["bad"] == "Export interval: must be a whole number from 0 to 1440", out["bad"]
    assert out["bad_field"] == "true"
    assert [p.split(":")[0] for p in out["bad_problems"]] == ["HTTP 400"], out["bad_problems"]
    assert out["tabs_api"] == {"general": False, "api": True}
    # deleteString: refused while off, works once the page's switch is on
    assert out["before_allow"]["status"] == 403, out["before_allow"]
    assert "Saved" in out["allow_news"] and "deleteString" in out["allow_news"], out["allow_news"]
    assert out["after_allow"] == {"status": 200, "body": {"ok": True, "result":
                                                          {"string_id": string_id}}}, out
    assert out["copy_news"] in ("Copied.", "Selected: press Ctrl+C (⌘C) to copy.")
    assert len(out["new_token"]) == 48 and out["new_token"] != proj.api_token
    assert out["old_token_after"] == 401 and out["new_token_after"] == 200
    assert "new API token" in out["regen_news"]
    assert out["labels"] == ["Platform"]
    assert out["labels_renamed"] == ["OS"] and out["getLabels"] == ["OS"]
    assert "added" in out["label_news"]
    assert out["phone_sideways"] is False
    for shot in ("settings-desktop.png", "settings-phone.png"):
        assert (SHOTS / shot).stat().st_size > 1000


# ---------------------------------------------------------------- a project's webhooks page

def test_webhooks_page_test_and_redeliver(node, backend_env):
    """A dedicated server that may reach the local receiver (--webhook-allow 127.0.0.0/8)."""
    from app_helpers import PASSWORD, add_member, create_account
    from lone_helpers import Receiver, start_server
    s = start_server(backend_env, ["--webhook-allow", "127.0.0.0/8"], log_name="web-wh")
    rcv = Receiver()
    try:
        proj = s.project()
        login, _, _ = create_account(s)
        add_member(s, proj, login, "manager")
        out = run_page_script(node, "webhooks.mjs", s, login, PASSWORD, proj.identifier, rcv.url)
        assert out["tab"] == "Webhooks" and out["empty_log"] and out["test_disabled"], out
        assert "private" in out["bad_url_error"] and "webhook_url" in out["bad_url_error"], out
        assert "saved" in out["saved"] and out["field_after_save"] == rcv.url
        assert out["test_enabled_after_save"] and "queued" in out["test_news"], out
        (row,) = out["rows_after_test"]
        assert row[1] == "localization.one · translation_update" and row[2] == rcv.url, row
        assert row[3] == "sent · HTTP 200" and row[4] == "1" and "test" in row[0], row
        payload = json.loads(out["payload"])
        assert payload[0]["test"] is True and payload[0]["type"] == "translation_update"
        new, old = out["rows_after_redeliver"]
        assert "redelivery of #" in new[0] and new[3] == "sent · HTTP 200", new
        assert old == row
        assert "queued again" in out["redeliver_news"]
        reqs = rcv.wait(2)
        assert len(reqs) == 2 and reqs[0]["body"] == reqs[1]["body"]
        assert [p.split(":")[0] for p in out["problems"]] == ["HTTP 400"], out["problems"]
        assert out["phone_problems"] == [] and out["phone_sideways"] is False, out
    finally:
        rcv.close()
        assert s.stop() == 0, s.log_tail()


# ---------------------------------------------------------------- issue 14's whole scenario

def test_the_whole_scenario_in_two_browsers(node, backend_env):
    """Sign-up by the CLI, sign in, create a project, upload a .po, invite a translator who
    joins in a second browser context and sees only French, "Allow deleteString via API"
    switched on makes the localization.one call work, a regenerated v1 key makes the old one
    fail, and a webhook test delivery shows in the log."""
    from app_helpers import PASSWORD, create_account
    from lone_helpers import Receiver, start_server
    s = start_server(backend_env, ["--webhook-allow", "127.0.0.0/8"], log_name="web-scenario")
    rcv = Receiver()
    try:
        manager, _, _ = create_account(s)
        translator, _, _ = create_account(s)
        ident = unique("scenario")
        out = run_page_script(node, "scenario.mjs", s, manager, translator, PASSWORD, ident,
                              rcv.url)
        assert out["manager_languages"] == ["fr", "de"], out
        assert "app.po" in out["tree"] and "2" in out["upload"], out
        assert "/app/join/" in out["link"], out
        assert out["translator_languages"] == ["fr"], out
        assert out["translator_tabs"] == ["Dashboard"], out
        assert out["translator_upload_forms"] == 0, out
        assert out["string_made"] == 200, out
        assert out["delete_before"]["status"] == 403, out
        assert out["delete_after"]["status"] == 200 and out["delete_after"]["body"]["ok"], out
        assert out["old_key"]["body"]["error"]["code"] == 1, out
        assert out["new_key"]["body"]["details"]["identifier"] == ident, out
        assert len(out["deliveries"]) == 1 and "sent" in out["deliveries"][0], out
        assert rcv.wait(1)[0]["body"], "the receiver got nothing"
        assert out["translator_problems"] == [] and out["manager_problems"] == [], out
    finally:
        rcv.close()
        assert s.stop() == 0, s.log_tail()
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


# ---------------------------------------------------------------- the reports page

def test_reports_page_builds_translation_costs(node, srv):
    """tests/web/reports.mjs: a manager builds translation costs of contributions made through
    the API (test_reports.api_contributions); the page's totals are the CSV's, and are what
    docs/reports.md's rules give by hand."""
    from app_helpers import PASSWORD, add_member, create_account
    from test_reports import api_contributions
    # an owner of its own: a memory no other test's strings are in (they would be TM matches)
    proj = srv.project(account=srv.account())
    tr, pr = api_contributions(srv, proj)
    login, _, _ = create_account(srv)
    add_member(srv, proj, login, "manager")
    out = run_page_script(node, "reports.mjs", srv, login, PASSWORD, proj.identifier)
    assert "error" not in out, out.get("error")
    assert out["problems"] == [] and out["phone_problems"] == [], out
    assert out["title"] == "Reports · tolk"
    # a wrong rate: the v1 message and the field it names
    assert "rate of \"default\"" in out["bad"] and out["bad_field"] == "true", out
    assert [p.split(":")[0] for p in out["bad_problems"]] == ["HTTP 400"], out["bad_problems"]
    # the steps while it built, then the totals
    assert out["result_hidden_before"] is True
    assert out["steps"][0] == "Checking the parameters…" and "Building the report…" in out["steps"], out
    assert out["bad_field_after"] is None
    assert out["head"] == ["User", "Language", "default (words)", "tm (words)", "approval (words)",
                           "Cost ($)"], out["head"]
    # by hand: the proofreader 2 words × 1.05 + 2 approvals × 2.00 = 6.10, the translator
    # 3 words × 1.05 = 3.15 (docs/reports.md, test_reports.test_contributions_made_through_the_api)
    assert out["body"] == [[pr.login, "fr", "2", "0", "2", "6.10"],
                           [tr.login, "fr", "3", "0", "0", "3.15"]], out["body"]
    assert out["total"] == ["Total", "", "5", "0", "2", "9.25"], out["total"]
    assert "Cost ($): 9.25" in out["status"], out["status"]
    assert out["link_text"] == "Download the report (.xlsx)"
    assert out["xlsx_name"] == "translation_costs.xlsx" and out["xlsx_magic"] == "504b0304", out
    # the CSV file says what the page says
    assert out["csv_name"] == "translation_costs.csv"
    assert out["csv"][0] == out["head"] and out["csv"][1:-1] == out["body"], out["csv"]
    assert out["csv"][-1] == out["total"] == out["csv_page_total"], out
    # top members: no rates or grouping; 5 words translated, 2 approved in all
    assert out["top_group_by"] == 0
    assert out["top_head"][:5] == ["Name", "Languages", "Translated (words)", "Approved (words)",
                                   "Votes"], out["top_head"]
    assert out["top_total"][:5] == ["Total", "", "5", "2", "0"], out["top_total"]
    # costs estimation of French (the first language): what is left untranslated
    assert out["estimate_group_by"] == 0
    assert out["estimate_head"][:2] == ["Language", "Category"] and out["estimate_total"][0] == "Total"
    # phone: fuzzy, a range with a French rate of its own, by language
    assert out["phone_range_field"] == 1
    assert out["phone_head"] == ["Language", "translation (words)", "perfect (words)",
                                 "matched (words)", "99-95 (words)", "approval (words)",
                                 "Cost ($)"], out["phone_head"]
    assert out["phone_total"][0] == "Total" and out["phone_total"][-1] == "10.25", out
    assert out["phone_sideways"] is False
    for shot in ("reports-desktop", "reports-phone"):
        assert (SHOTS / f"{shot}.png").stat().st_size > 1000


# ---------------------------------------------------------------- the translation editor

EDITOR_PO = '''msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"
"Plural-Forms: nplurals=2; plural=(n != 1);\\n"

msgid "Save the document"
msgstr "{save}"

msgid "Save the document  now "
msgstr ""

msgid "%d file was deleted"
msgid_plural "%d files were deleted"
msgstr[0] ""
msgstr[1] ""

msgid "Open the settings"
msgstr ""

msgid "Close the window"
msgstr ""
'''


def test_editor_translate_approve_export_and_conflict(node, srv):
    """Issue 16's scenario in a real browser (tests/web/editor.mjs), then the export holds it."""
    import io
    import zipfile
    from app_helpers import PASSWORD, Browser, add_member, create_account
    p = srv.project(languages=("ru", "uk"))
    people = {}
    for name, role in (("manager", "manager"), ("t1", "translator"), ("t2", "translator"),
                       ("proof", "proofreader")):
        people[name], _, _ = create_account(srv)
        add_member(srv, p, people[name], role, None if role == "manager" else "ru")
    m = Browser(srv)
    assert m.sign_in(people["manager"]).status_code == 200
    po = EDITOR_PO.format(save="")
    ru = EDITOR_PO.format(save="Сохранить документ").replace(
        "nplurals=2; plural=(n != 1);", "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : "
        "n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);")
    ru = ru.replace('msgstr[1] ""', 'msgstr[1] ""\nmsgstr[2] ""')
    for action, data, body in (("add-file", {}, po), ("upload-translation",
                               {"language": "ru", "auto_approve_imported": "1"}, ru)):
        r = m.request("POST", f"/api/project/{p.identifier}/{action}?json", data=data,
                      files={"files[app.po]": ("app.po", body.encode())})
        assert r.status_code == 200 and r.json().get("success") is not False, r.text
    out = run_page_script(node, "editor.mjs", srv, p.identifier, people["t1"], people["t2"],
                          people["proof"], PASSWORD, people["manager"])
    print(json.dumps(out, ensure_ascii=False, indent=1))
    # the list and its filter
    assert out["all_rows"][0] == "Save the document", out
    assert out["untranslated_rows"] == ["Save the document  now ", "%d files were deleted",
                                        "Open the settings", "Close the window"], out
    assert "Ctrl" in out["keys_line"] and "Alt" in out["keys_line"]
    # the TM match used, saved with Ctrl+Enter, on to the next untranslated string
    assert out["failed"].get("tm") is None, out["failed"]
    assert out["ws_marks"] >= 3      # two spaces in the middle, one at the end
    assert "app.po" in out["meta"]
    assert out["tm_used"] == "Сохранить документ" and "<ins>" in out["tm_diff"], out
    assert out["failed"].get("tm_save") is None, out["failed"]
    # the plural string: Russian's four forms, with example numbers; %d to insert
    assert out["failed"].get("plural") is None, out["failed"]
    assert [l.split("“")[1].split("”")[0] for l in out["plural_labels"]] == [
        "one", "few", "many", "other"], out["plural_labels"]
    assert all("e.g." in l for l in out["plural_labels"]), out["plural_labels"]
    assert out["source_forms"] == ["one", "other"] and out["placeholder_buttons"][0] == "%d"
    assert "%d" in out["qa_warning"] and out["qa_role"] == "alert" and out["still_on_plural"], out
    assert out["fixed_other"] == "%d файла удалено"
    assert "Open the settings" in out["after_plural_save"]
    assert out["failed"].get("navigate") is None and out["copied"] == "Open the settings", out
    # the proofreader approves it
    assert out["failed"].get("approve") is None, out["failed"]
    assert "%d файлов удалено" in out["proofread_sees"] and people["proof"] in out["approved_meta"]
    # the conflict: the second one sees the first one's text, and saves hers anyway
    assert out["failed"].get("conflict") is None, out["failed"]
    assert "Закрыть окно (первая)" in out["conflict_text"] and out["conflict_role"] == "alert"
    assert "Закрыть окно (вторая)" in out["forced"]
    assert out["failed"].get("poll") is None and people["t2"] in out["poll_notice"], out
    # the conflict's 409 is the page's to handle, not a problem
    conflict = [x for x in out["conflict_problems"] if not (x.startswith("HTTP 409: ") and
                x.endswith("/translations"))]
    assert len(conflict) == len(out["conflict_problems"]) - 1, out["conflict_problems"]
    out["conflict_problems"] = conflict
    assert any("space" in q for q in out["tm_qa"]), out["tm_qa"]
    # a manager's New string and Edit string (seed 003's dialogs) from the editor
    assert out["new_row"] == 1 and out.get("renamed") is True, out
    for k in ("translator_problems", "proofreader_problems", "conflict_problems", "phone_problems",
              "manager_problems"):
        assert out[k] == [], (k, out[k])
    assert out["failed"] == {} and out["phone_sideways"] is False, out
    for shot in ("editor-desktop", "editor-phone", "editor-conflict"):
        assert (SHOTS / f"{shot}.png").stat().st_size > 1000
    # the export (v1 with the project key) holds the approved plural translation
    r = srv.v1(f"/api/project/{p.identifier}/export", {"key": p.key})
    assert r.status_code == 200, r.text
    r = srv.get(f"/api/project/{p.identifier}/download/ru.zip", params={"key": p.key})
    assert r.status_code == 200, r.text[:300]
    z = zipfile.ZipFile(io.BytesIO(r.content))
    text = "".join(z.read(n).decode() for n in z.namelist() if n.endswith(".po"))
    assert 'msgstr[2] "%d файлов удалено"' in text, text
    assert 'msgstr "Сохранить документ"' in text
# ---- the create- and edit-string dialogs (web/static/string_dialog.js; helper "dialogs")

def test_string_dialogs_create_and_edit_through_the_calls(node, srv):
    from app_helpers import PASSWORD, Browser, add_member, create_account
    from lone_helpers import Lone, add_label
    p = srv.project()
    lone = Lone(srv, p)
    web = lone.category("Website")
    header = lone.category("Header", parent_id=web)
    lone.string(header, "taken.key", "Taken")
    urgent = add_label(srv, p, "urgent", "checkbox", default="1")
    area = add_label(srv, p, "area", "select", options=["Front=front", "Back=back"])
    owner = add_label(srv, p, "owner", "input", default="team-a")
    manager, _, _ = create_account(srv)
    add_member(srv, p, manager, "manager")
    out = run_page_script(node, "string_dialog.mjs", srv, p.identifier, manager, PASSWORD)
    assert "error" not in out, out.get("error")
    assert out["create_title"] == "Create a string" and out["focused"] == "key"
    assert out["counter"] == "14 / 2,500 characters"
    assert out["counter_over"] == "2,501 / 2,500 characters" and out["counter_over_error"]
    assert "2,500" in out["alert_long"]
    assert out["urgent_preset"] is True and out["owner_preset"] == "team-a"
    assert out["alert_dup"].startswith("key: ") and "already exists" in out["alert_dup"]
    assert isinstance(out["created"], int) and out["dialog_gone"] == 0
    assert out["text_hidden"] is True and isinstance(out["copied"], int)
    assert out["cancelled"] is None
    assert out["edit_key"] == "toolbar.save" and out["edit_area"] == "back"
    assert "Disapprove all approved translations of this string" in out["box_texts"]
    assert "Delete all suggested translations of this string" in out["box_texts"]
    assert out["saved"] is True and out["phone_cancelled"] is False
    # the one refusal asked for (the taken key) is the only failed request
    assert [x for x in out["problems"] if "/strings" not in x] == [], out["problems"]
    assert len(out["problems"]) == 1 and "HTTP 400" in out["problems"][0], out["problems"]
    assert out["phone_problems"] == [], out["phone_problems"]
    assert out["phone_sideways"] is False and not out["phone_dialog_scroll"]
    assert not out["phone_create_scroll"] and out["phone_dialog_width"] <= 375
    # what the dialogs did is what the server holds
    b = Browser(srv)
    assert b.sign_in(manager).status_code == 200
    s = b.request("GET", f"/app/api/projects/{p.identifier}/editor/fr/strings/{out['created']}").json()
    assert (s["key"], s["context"]) == ("toolbar.saved", "Shown on the toolbar")
    assert {l["label_id"]: l["value"] for l in s["labels"]} == {urgent: "0", area: "back",
                                                                owner: "team-a"}
    fr = [t for t in s["translations"]]
    assert [(t["text"], t["approved"]) for t in fr] == [("Enregistrer", False)]  # disapproved
    c = b.request("GET", f"/app/api/projects/{p.identifier}/editor/fr/strings/{out['copied']}").json()
    assert c["key"] == "toolbar.save.copy" and [t["text"] for t in c["translations"]] == ["Enregistrer"]
    for shot in ("create-desktop", "edit-desktop", "edit-phone", "create-phone"):
        assert (SHOTS / f"string-dialog-{shot}.png").stat().st_size > 1000


# ---------------------------------------------------------------- the settings page's QA checks

def test_settings_qa_checks_tab(node, srv):
    from app_helpers import PASSWORD, Browser, add_member, create_account
    proj = srv.project()
    login, _, _ = create_account(srv)
    add_member(srv, proj, login, "manager")
    out = run_page_script(node, "settings-qa.mjs", srv, login, PASSWORD, proj.identifier)
    assert out["problems"] == [] and out["phone_problems"] == [], out
    assert out["tab"] == {"qa": True, "general": False} and out["current"] == "QA checks", out
    assert out["switch_on"] is True and out["rows"] == 16, out
    assert out["before"] == "warning" and "saved" in out["saved"], out
    assert out["after_reload_tab"] is True, "the reload keeps #qa"
    assert (out["after_reload"], out["numbers_after_reload"]) == ("error", "off"), out
    assert "no check runs" in out["switch_news"], out
    # what the page saved is what the API (and every save) sees
    b = Browser(srv)
    assert b.sign_in(login).status_code == 200
    d = b.request("GET", f"/app/api/projects/{proj.identifier}/qa-checks").json()
    levels = {c["id"]: c["level"] for c in d["checks"]}
    assert d["enabled"] is False
    assert (levels["placeholder_missing"], levels["numbers"], levels["tag_missing"]) == (
        "error", "off", "warning"), levels
    assert out["phone_sideways"] is False
    for shot in ("settings-qa-desktop.png", "settings-qa-phone.png"):
        assert (SHOTS / shot).stat().st_size > 1000
