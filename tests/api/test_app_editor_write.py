"""
The translation editor's writes (docs/editor.md): saving a translation (a translator's save is a
suggestion, a proofreader's may approve), the version that turns a second save into a conflict,
QA on save (warnings, and errors a project makes blocking), plural forms, approve / disapprove /
delete, votes, the string's history and the changes feed.  Both backends.
"""
import io
import time
import zipfile

import pytest

from app_helpers import Browser, error, signed_in
from lone_helpers import Lone, rcv, set_setting, wsrv  # noqa: F401 (fixtures)

PO = ('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
      '#. shown on the toolbar\nmsgctxt "toolbar"\nmsgid "Save %s now"\nmsgstr ""\n\n'
      'msgid "Open the file"\nmsgstr ""\n\n'
      'msgid "%d file"\nmsgid_plural "%d files"\nmsgstr[0] ""\nmsgstr[1] ""\n')


def base(proj, lang):
    return f"/app/api/projects/{proj.identifier}/editor/{lang}"


@pytest.fixture
def po_proj(srv):
    # its own owner: the translations approved here stay out of other tests' memory
    p = srv.project(account=srv.account(), languages=("fr", "ru", "de"))
    r = srv.v1(f"/api/project/{p.identifier}/add-file", list(p.auth().items()),
               files=[("files[app.po]", ("app.po", PO))])
    assert r.status_code == 200, r.text
    return p


def string_ids(b, proj, lang="fr"):
    r = b.request("GET", base(proj, lang) + "/strings")
    assert r.status_code == 200, r.text
    return {s["source"]: s["id"] for s in r.json()["strings"]} | {
        s["key"]: s["id"] for s in r.json()["strings"]}


def detail(b, proj, sid, lang="fr"):
    r = b.request("GET", f"{base(proj, lang)}/strings/{sid}")
    assert r.status_code == 200, r.text
    return r.json()


def save(b, proj, sid, lang="fr", **body):
    return b.request("POST", f"{base(proj, lang)}/strings/{sid}/translations", body)


def rows(srv, proj, sid, lang_code):
    pid = srv.project_id(proj.identifier)
    return srv.sql(
        "SELECT t.text, t.approved, COALESCE(a.login, ''), t.origin FROM translation t "
        "JOIN string s ON s.id = t.string_id LEFT JOIN account a ON a.id = t.author_id "
        f"WHERE s.project_id = {pid} AND s.public_id = {sid} AND t.language_id = "
        f"{int(Lone(srv, proj).lang(lang_code))} ORDER BY t.id")


def events(srv, proj, kind):
    pid = srv.project_id(proj.identifier)
    return srv.sql("SELECT COALESCE(a.login, ''), e.origin, e.approved FROM event e "
                   f"LEFT JOIN account a ON a.id = e.account_id WHERE e.project_id = {pid} "
                   f"AND e.kind = '{kind}' ORDER BY e.id")


def test_a_translators_save_is_a_suggestion_with_its_author_and_event(srv, po_proj):
    b, login, _ = signed_in(srv, "translator", po_proj)
    sid = string_ids(b, po_proj)["Open the file"]
    r = save(b, po_proj, sid, text="Ouvrir le fichier")
    assert r.status_code == 200, r.text
    d = r.json()
    assert d["created"] is True and d["qa"] == []
    t = d["string"]["translations"]
    assert [(x["text"], x["approved"], x["author"], x["mine"], x["origin"]) for x in t] == [
        ("Ouvrir le fichier", False, login, True, "human")]
    assert d["translation_id"] == t[0]["id"]
    assert rows(srv, po_proj, sid, "fr") == [("Ouvrir le fichier", "0", login, "human")]
    assert events(srv, po_proj, "translation.added") == [(login, "web", "0")]
    # the same text again is that translation, not a twin
    r = save(b, po_proj, sid, text="Ouvrir le fichier")
    assert r.status_code == 200 and r.json()["created"] is False
    assert len(rows(srv, po_proj, sid, "fr")) == 1
    # a translator may not approve
    r = save(b, po_proj, sid, text="Ouvrez le fichier", approve=True)
    error(r, 403, "forbidden")
    assert len(rows(srv, po_proj, sid, "fr")) == 1


def test_a_proofreader_approves_on_save_and_tm_origin_is_kept(srv, po_proj):
    b, login, _ = signed_in(srv, "proofreader", po_proj)
    sid = string_ids(b, po_proj)["Open the file"]
    r = save(b, po_proj, sid, text="Ouvrir", approve=True, origin="tm", tm_match=100)
    assert r.status_code == 200, r.text
    t = r.json()["string"]["translations"][0]
    assert (t["approved"], t["approver"], t["origin"]) == (True, login, "tm")
    assert events(srv, po_proj, "translation.added") == [(login, "web", "1")]
    # the export takes it
    r = srv.v1(f"/api/project/{po_proj.identifier}/export-file",
               list(po_proj.auth().items()) + [("file", "app.po"), ("language", "fr")],
               method="GET", fmt=None)
    assert r.status_code == 200 and 'msgstr "Ouvrir"' in r.text, r.text


def test_a_second_save_from_an_old_version_is_a_conflict(srv, po_proj):
    a, _, _ = signed_in(srv, "translator", po_proj)
    b, login_b, _ = signed_in(srv, "translator", po_proj)
    sid = string_ids(a, po_proj)["Open the file"]
    seen = detail(a, po_proj, sid)["version"]
    assert detail(b, po_proj, sid)["version"] == seen
    r = save(b, po_proj, sid, text="Ouvrir le fichier", version=seen)
    assert r.status_code == 200, r.text
    now = r.json()["string"]["version"]
    assert now != seen
    r = save(a, po_proj, sid, text="Ouvre le fichier", version=seen)
    assert r.status_code == 409, r.text
    e = r.json()["error"]
    assert e["code"] == "conflict" and e["message"]
    assert [(t["text"], t["author"]) for t in e["string"]["translations"]] == [
        ("Ouvrir le fichier", login_b)]
    assert e["string"]["version"] == now
    assert len(rows(srv, po_proj, sid, "fr")) == 1      # nothing of the refused save
    # the user chose to save theirs anyway: with the version they were shown
    r = save(a, po_proj, sid, text="Ouvre le fichier", version=now)
    assert r.status_code == 200, r.text
    assert len(rows(srv, po_proj, sid, "fr")) == 2


def test_qa_warns_and_a_blocking_check_refuses_the_save(srv, po_proj):
    b, _, _ = signed_in(srv, "translator", po_proj)
    sid = string_ids(b, po_proj)["Save %s now"]
    d = detail(b, po_proj, sid)
    assert d["syntax"] == "printf" and d["placeholders"] == ["%s"]
    assert d["context"] == "toolbar" and d["comment"] == "shown on the toolbar"
    r = save(b, po_proj, sid, text="Enregistrer maintenant")
    assert r.status_code == 200, r.text
    qa = r.json()["qa"]
    assert [(q["check"], q["severity"], q["form"]) for q in qa] == [
        ("placeholder_missing", "warning", None)], qa
    assert "%s" in qa[0]["message"]
    # the detail shows each translation's QA
    t = r.json()["string"]["translations"][0]
    assert [q["check"] for q in t["qa"]] == ["placeholder_missing"]
    # the project makes it blocking (v1 edit-project, tolk's check ids take 2): refused,
    # nothing stored, in the editor and through the localization.one API alike
    r = srv.v1(f"/api/project/{po_proj.identifier}/edit-project",
               list(po_proj.auth().items()) + [("qa_checks[placeholder_missing]", "2")])
    assert r.status_code == 200, r.text
    lone = Lone(srv, po_proj)
    r = lone.call("addTranslation", {"string_id": sid, "translation_language": lone.lang("fr"),
                                     "translation_value": "Sauver"})
    assert r.status_code == 400 and "missing placeholder" in r.text, r.text
    r = save(b, po_proj, sid, text="Enregistrer tout de suite")
    assert r.status_code == 422, r.text
    e = r.json()["error"]
    assert e["code"] == "qa" and [q["severity"] for q in e["qa"]] == ["error"]
    assert [x[0] for x in rows(srv, po_proj, sid, "fr")] == ["Enregistrer maintenant"]
    r = save(b, po_proj, sid, text="Enregistrer %s tout de suite")
    assert r.status_code == 200 and r.json()["qa"] == [], r.text
    # checks turned off are not run (Crowdin's switch for all of them)
    r = srv.v1(f"/api/project/{po_proj.identifier}/edit-project",
               list(po_proj.auth().items()) + [("qa_checks[enabled]", "0")])
    assert r.status_code == 200, r.text
    r = save(b, po_proj, sid, text="Enregistrer")
    assert r.status_code == 200 and r.json()["qa"] == [], r.text


def test_plural_forms_of_russian(srv, po_proj):
    b, login, _ = signed_in(srv, "translator", po_proj, languages="ru")
    sid = string_ids(b, po_proj, "ru")["%d file"]
    d = detail(b, po_proj, sid, "ru")
    assert d["plural"] == {"one": "%d file", "other": "%d files"}
    lang = d["language"]
    assert lang["plural_categories"] == ["one", "few", "many", "other"]
    assert lang["plural_examples"]["one"].startswith("1, 21")
    assert lang["plural_examples"]["few"].startswith("2, 3, 4")
    assert lang["plural_examples"]["many"].startswith("0, 5, 6")
    assert lang["plural_examples"]["other"] == "0.5, 1.5, 2.5, 3.5"
    forms = {"one": "%d файл", "few": "%d файла", "many": "%d файлов"}
    error(save(b, po_proj, sid, "ru", text="%d файлов"), 400, "invalid")
    # gettext has three Russian forms (no "other"): each of them is needed
    error(save(b, po_proj, sid, "ru", plural={"one": "%d файл", "many": "%d файлов"}), 400,
          "invalid")
    error(save(b, po_proj, sid, "ru", plural={**forms, "two": "x", "other": "y"}), 400, "invalid")
    r = save(b, po_proj, sid, "ru", plural={**forms, "other": "%d файла"})
    assert r.status_code == 200, r.text
    t = r.json()["string"]["translations"][0]
    assert t["plural"] == {**forms, "other": "%d файла"} and t["text"] == "%d файла"
    # a form without its placeholder is named in the warning
    r = save(b, po_proj, sid, "ru", plural={**forms, "few": "файла", "other": "%d файла"})
    assert r.status_code == 200, r.text
    assert [(q["check"], q["form"]) for q in r.json()["qa"]] == [("placeholder_missing", "few")]
    # a translator of ru only cannot write fr
    fr = string_ids(signed_in(srv, "manager", po_proj)[0], po_proj)["Open the file"]
    error(save(b, po_proj, fr, "fr", text="Ouvrir"), 403, "forbidden")


def test_approve_disapprove_delete_and_who_may(srv, po_proj):
    t, tlogin, _ = signed_in(srv, "translator", po_proj)
    other, _, _ = signed_in(srv, "translator", po_proj)
    p, plogin, _ = signed_in(srv, "proofreader", po_proj)
    sid = string_ids(t, po_proj)["Open the file"]
    tid = save(t, po_proj, sid, text="Ouvrir le fichier").json()["translation_id"]
    tr = f"{base(po_proj, 'fr')}/strings/{sid}/translations/{tid}"
    error(t.request("POST", tr + "/approve"), 403, "forbidden")
    error(other.request("DELETE", tr), 403, "forbidden")          # not theirs
    r = p.request("POST", tr + "/approve")
    assert r.status_code == 200, r.text
    x = r.json()["string"]["translations"][0]
    assert (x["approved"], x["approver"]) == (True, plogin)
    assert events(srv, po_proj, "translation.approved") == [(plogin, "web", "1")]
    error(p.request("DELETE", tr), 400, "invalid")                # approved: disapprove first
    r = p.request("DELETE", tr + "/approve")
    assert r.status_code == 200 and r.json()["string"]["translations"][0]["approved"] is False
    assert [e[0] for e in events(srv, po_proj, "translation.disapproved")] == [plogin]
    r = t.request("DELETE", tr)                                   # one's own suggestion
    assert r.status_code == 200 and r.json()["string"]["translations"] == [], r.text
    assert rows(srv, po_proj, sid, "fr") == []
    error(t.request("DELETE", tr), 404, "not_found")
    # the history tells it all, newest first
    kinds = [(h["kind"], h["author"]) for h in detail(p, po_proj, sid)["history"]]
    assert kinds[:4] == [("translation.deleted", tlogin), ("translation.disapproved", plogin),
                         ("translation.approved", plogin), ("translation.added", tlogin)]
    # another string's translation id through this string: not found
    sid2 = string_ids(t, po_proj)["Save %s now"]
    tid2 = save(t, po_proj, sid2, text="Sauver %s").json()["translation_id"]
    error(p.request("POST", f"{base(po_proj, 'fr')}/strings/{sid}/translations/{tid2}/approve"),
          404, "not_found")
    error(p.request("POST", f"{base(po_proj, 'fr')}/strings/{sid}/translations/x/approve"),
          400, "invalid")


def test_votes(srv, po_proj):
    t, tlogin, _ = signed_in(srv, "translator", po_proj)
    v, vlogin, _ = signed_in(srv, "translator", po_proj)
    sid = string_ids(t, po_proj)["Open the file"]
    tid = save(t, po_proj, sid, text="Ouvrir le fichier").json()["translation_id"]
    url = f"{base(po_proj, 'fr')}/strings/{sid}/translations/{tid}/vote"
    r = v.request("PUT", url, {"value": 1})
    assert r.status_code == 200, r.text
    x = r.json()["string"]["translations"][0]
    assert (x["votes"], x["my_vote"], x["mine"]) == (1, 1, False)
    x = detail(t, po_proj, sid)["translations"][0]
    assert (x["votes"], x["my_vote"], x["mine"]) == (1, 0, True)
    error(t.request("PUT", url, {"value": 1}), 400, "invalid")     # one's own
    for bad in (2, "1", None):
        error(v.request("PUT", url, {"value": bad}), 400, "invalid")
    r = v.request("PUT", url, {"value": -1})
    assert r.json()["string"]["translations"][0]["votes"] == -1
    r = v.request("PUT", url, {"value": 0})
    assert r.json()["string"]["translations"][0]["votes"] == 0
    # the top-members report counts the votes each member cast
    from test_reports import report, rows_of
    v.request("PUT", url, {"value": 1})
    sid2 = string_ids(v, po_proj)["Save %s now"]
    save(v, po_proj, sid2, text="Sauver %s")
    rows = rows_of(report(srv, po_proj, [("format", "csv")], kind="top-members"))
    assert rows[0][4] == "Votes"
    votes = {r[0]: r[4] for r in rows[1:]}
    assert votes[vlogin] == "1" and votes[tlogin] == "0" and votes["Total"] == "1", rows


def test_changes_feed(srv, po_proj):
    a, _, _ = signed_in(srv, "translator", po_proj)
    b, login_b, _ = signed_in(srv, "translator", po_proj)
    r = a.request("GET", base(po_proj, "fr") + "/changes")
    assert r.status_code == 200, r.text
    cursor = r.json()["cursor"]
    assert r.json()["changes"] == []
    sid = string_ids(b, po_proj)["Open the file"]
    save(b, po_proj, sid, text="Ouvrir")
    save(b, po_proj, string_ids(b, po_proj, "de")["Open the file"], "de", text="Öffnen")
    r = a.request("GET", base(po_proj, "fr") + "/changes", params={"after": cursor})
    assert r.status_code == 200, r.text
    ch = [(c["id"], c["kind"], c["by"]) for c in r.json()["changes"]]
    assert (sid, "translation.added", login_b) in ch
    assert all(c[1] != "translation.added" or c[0] == sid for c in ch)   # de is not fr's
    error(a.request("GET", base(po_proj, "fr") + "/changes", params={"after": "x"}),
          400, "invalid")


def test_bad_bodies_change_nothing(srv, po_proj):
    b, _, _ = signed_in(srv, "proofreader", po_proj)
    sid = string_ids(b, po_proj)["Open the file"]
    for body in ({}, {"text": ""}, {"text": 5}, {"text": "x", "approve": "yes"},
                 {"text": "x", "origin": "robot"}, {"text": "x", "tm_match": 101},
                 {"text": "x", "plural": {"one": "x"}}, {"text": "x", "plural": "x"},
                 {"text": "\ud800"}):
        r = save(b, po_proj, sid, **body)
        assert r.status_code == 400, (body, r.text)
    error(save(b, po_proj, 99999, text="x"), 404, "not_found")
    error(save(b, po_proj, sid, "xx", text="x"), 404, "not_found")
    assert rows(srv, po_proj, sid, "fr") == []
    # no session, no CSRF token, not a member
    r = Browser(srv).request("POST", f"{base(po_proj, 'fr')}/strings/{sid}/translations",
                             {"text": "x"})
    assert r.status_code == 401
    r = b.request("POST", f"{base(po_proj, 'fr')}/strings/{sid}/translations", {"text": "x"},
                  csrf=False)
    assert r.status_code == 403
    stranger, _, _ = signed_in(srv)
    error(save(stranger, po_proj, sid, text="x"), 404, "not_found")
    assert rows(srv, po_proj, sid, "fr") == []


def test_a_save_fires_the_webhook_as_the_api_does(wsrv, rcv):
    srv = wsrv
    p = srv.project(languages=("fr",))
    r = srv.v1(f"/api/project/{p.identifier}/add-file", list(p.auth().items()),
               files=[("files[app.po]", ("app.po", PO))])
    assert r.status_code == 200, r.text
    set_setting(srv, p, "webhook_url", rcv.url)
    b, _, _ = signed_in(srv, "translator", p)
    sid = string_ids(b, p)["Open the file"]
    assert save(b, p, sid, text="Ouvrir").status_code == 200
    rcv.wait(1)
    got = rcv.delivered_events()
    assert any(e.get("string_id") == str(sid) for e in got), got


def test_the_with_qa_warnings_filter(srv, po_proj):
    b, _, _ = signed_in(srv, "translator", po_proj)
    ids = string_ids(b, po_proj)
    save(b, po_proj, ids["Save %s now"], text="Enregistrer")            # placeholder missing
    save(b, po_proj, ids["Open the file"], text="Ouvrir le fichier")     # clean
    lone = Lone(srv, po_proj)                                            # the API's saves too
    lone.ok("addTranslation", string_id=ids["%d file"], translation_language=lone.lang("fr"),
            translation_value="fichiers")
    r = b.request("GET", base(po_proj, "fr") + "/strings", params={"state": "qa"})
    assert r.status_code == 200, r.text
    assert [s["id"] for s in r.json()["strings"]] == [ids["Save %s now"], ids["%d file"]]
    # fixed: the string leaves the filter once its only translation passes
    lone.ok("addTranslation", string_id=ids["%d file"], translation_language=lone.lang("fr"),
            translation_value="%d fichiers")
    r = b.request("GET", base(po_proj, "fr") + "/strings", params={"state": "qa"})
    assert [s["id"] for s in r.json()["strings"]] == [ids["Save %s now"]]


def test_qa_checks_the_glossary_on_save(srv, po_proj):
    from test_app_editor_help import TBX
    from v1_content_helpers import Content
    r = Content(srv, po_proj).call("upload-glossary", {},
                                   files=[("file", ("g.tbx", TBX.encode()))])
    assert r.status_code == 200, r.text
    b, _, _ = signed_in(srv, "translator", po_proj)
    sid = string_ids(b, po_proj)["Open the file"]
    r = save(b, po_proj, sid, text="Ouvrir le document")
    assert r.status_code == 200, r.text
    qa = r.json()["qa"]
    assert [q["check"] for q in qa] == ["glossary"] and "fichier" in qa[0]["message"], qa
    assert save(b, po_proj, sid, text="Ouvrir le fichier").json()["qa"] == []
    # the detail checks each translation the same way
    t = {x["text"]: x["qa"] for x in detail(b, po_proj, sid)["translations"]}
    assert [q["check"] for q in t["Ouvrir le document"]] == ["glossary"]
    assert t["Ouvrir le fichier"] == []
