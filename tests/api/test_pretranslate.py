"""
pre-translate from the translation memory (crowdin-v1.md §2.15, seed 001): which strings get
what, every option with exactly its meaning, skipped languages, errors, and big runs that
go through the job queue.
"""
import re
import time
import xml.etree.ElementTree as ET

import pytest

from conftest import unique
from v1_content_helpers import Content, assert_v1_error

TAG = None


def tagged(text):
    """Texts no other test's memory holds."""
    return f"{text} {TAG}"


def po(entries):
    """entries: (msgid, msgstr) or (msgctxt, msgid, msgstr)."""
    out = ['msgid ""', 'msgstr ""', '"Content-Type: text/plain; charset=UTF-8\\n"', ""]
    for e in entries:
        if len(e) == 3:
            out.append(f'msgctxt "{e[0]}"')
            e = e[1:]
        out += [f'msgid "{e[0]}"', f'msgstr "{e[1]}"', ""]
    return "\n".join(out).encode()


def msgstrs(body):
    """{msgid: msgstr} of an exported .po."""
    text = body.decode() if isinstance(body, bytes) else body
    return dict(re.findall(r'msgid "(.+)"\nmsgstr "(.*)"', text))


@pytest.fixture
def setup(srv):
    """A memory (project `mem`, fr and de imported) and a project `work` of the same owner."""
    global TAG
    TAG = unique("t").replace("-", "")
    acc = srv.account()
    mem = Content(srv, srv.project(account=acc, languages=("fr", "de")))
    work = Content(srv, srv.project(account=acc, languages=("fr", "de", "uk")))
    units = [(tagged("Save the file"), "Enregistrer le fichier"),
             (tagged("Delete 5 files from the server"), "Supprimer 5 fichiers du serveur"),
             (tagged("Open the settings"), "Ouvrir les réglages")]
    mem.add_files({"m.po": po((s, "") for s, _ in units)})
    mem.upload("fr", {"m.po": po(units)})
    # the units arrive through a job and the sync thread: wait for the last one
    deadline = time.time() + 15
    while not work.call("tm-search", {"language": "fr", "text": units[2][0]}).json()["matches"]:
        assert time.time() < deadline, "the memory never showed the imported units"
        time.sleep(0.2)
    work.add_files({"w.po": po([
        ("other", tagged("Save the file"), ""),         # same text, another context: 100
        (tagged("Open the settings"), ""),              # same text, same context (the key): 101
        (tagged("Delete 12 files from the server"), ""),  # only the number differs
        (tagged("Open the big settings"), ""),          # fuzzy: never applied
        (tagged("Nothing like it"), ""),
    ])})
    return srv, work


def translations(srv, work):
    """{source: (text, approved, tm_match)} of fr translations in the work project."""
    pid = srv.project_id(work.id)
    rows = srv.sql("SELECT s.source, t.text, t.approved, t.tm_match, t.origin FROM translation t "
                   f"JOIN string s ON s.id = t.string_id WHERE s.project_id = {pid} AND "
                   "t.language_id = (SELECT language_id FROM project_language pl WHERE "
                   f"pl.project_id = {pid} ORDER BY position LIMIT 1) ORDER BY t.id")
    out = {}
    for src, text, appr, match, origin in rows:
        out.setdefault(src.replace(f" {TAG}", ""), []).append((text, appr == "1", match, origin))
    return out


def pretranslate(work, fmt="json", **params):
    pairs = [("languages[]", "fr"), ("files[]", "w.po")] + list(params.items())
    r = work.call("pre-translate", pairs, fmt=fmt)
    assert r.status_code == 200, r.text[:300]
    return r


def test_tm_gives_exact_and_substituted_matches_as_suggestions(setup):
    srv, work = setup
    r = pretranslate(work)
    assert r.json() == {"success": True}
    t = translations(srv, work)
    assert t["Save the file"] == [("Enregistrer le fichier", False, "100", "tm")]
    assert t["Open the settings"] == [("Ouvrir les réglages", False, "101", "tm")]
    [(text, appr, match, origin)] = t["Delete 12 files from the server"]
    assert text == "Supprimer 12 fichiers du serveur" and not appr and int(match) < 100
    assert "Open the big settings" not in t and "Nothing like it" not in t
    # what an export gives: the suggestions in the file
    got = msgstrs(work.export_file("w.po", "fr").content)
    assert got[tagged("Delete 12 files from the server")] == "Supprimer 12 fichiers du serveur"
    # the same run again adds nothing (the strings have these translations) ...
    pretranslate(work)
    assert translations(srv, work) == t
    # ... unless import_duplicates
    pretranslate(work, import_duplicates=1)
    assert len(translations(srv, work)["Save the file"]) == 2


def test_perfect_match_needs_the_context_too(setup):
    srv, work = setup
    pretranslate(work, perfect_match=1)
    assert list(translations(srv, work)) == ["Open the settings"]


@pytest.mark.parametrize("option,approved", [
    ("0", {"Save the file", "Open the settings", "Delete 12 files from the server"}),
    ("1", {"Open the settings"}),
    ("2", {"Save the file", "Open the settings"}),
])
def test_auto_approve_options(setup, option, approved):
    srv, work = setup
    pretranslate(work, approve_translated=1, auto_approve_option=option)
    t = translations(srv, work)
    assert {s for s, rows in t.items() if rows[-1][1]} == approved
    assert len(t) == 3, "approving changes which are approved, not which are added"


def test_auto_approve_option_needs_approve_translated(setup):
    srv, work = setup
    pretranslate(work, auto_approve_option=1)
    assert not any(r[1] for rows in translations(srv, work).values() for r in rows)


def test_untranslated_only_leaves_translated_strings(setup):
    srv, work = setup
    work.upload("fr", {"w.po": po([("other", tagged("Save the file"), "Sauver")])})
    pretranslate(work, apply_untranslated_strings_only=1)
    t = translations(srv, work)
    assert [r[0] for r in t["Save the file"]] == ["Sauver"]
    assert t["Open the settings"][0][0] == "Ouvrir les réglages"
    pretranslate(work)      # without it, translated strings get the memory's suggestion too
    assert [r[0] for r in translations(srv, work)["Save the file"]] == ["Sauver", "Enregistrer le fichier"]


def test_bare_parameters_as_crowdin_api_sends_them(setup):
    """crowdin-api@4 sends languages=fr and files=PATH for lists of one."""
    srv, work = setup
    r = work.call("pre-translate", [("languages", "fr"), ("files", "w.po")])
    assert r.status_code == 200 and r.json() == {"success": True}, r.text[:300]
    assert translations(srv, work)["Save the file"]


def test_languages_outside_the_project_are_skipped(setup):
    srv, work = setup
    pairs = [("languages[]", "fr"), ("languages[]", "es-ES"), ("files[]", "w.po")]
    r = work.call("pre-translate", pairs)
    assert r.json() == {"success": True, "languages": [{"name": "Spanish", "status": "skipped"}]}
    r = work.call("pre-translate", pairs, fmt="xml")
    root = ET.fromstring(r.content)
    assert root.tag == "success"
    assert [(e.tag, e.get("status"), e.text) for e in root] == [("language", "skipped", "Spanish")]
    assert translations(srv, work)["Save the file"], "the project's language still ran"


def test_errors(setup):
    srv, work = setup
    f, l = ("files[]", "w.po"), ("languages[]", "fr")
    cases = [
        ([l], 4), ([f], 9), ([("languages[]", "xx-nope"), f], 10), ([l, ("files[]", "nope.po")], 8),
        ([l, f, ("method", "mt")], 29), ([l, f, ("method", "mt"), ("engine", "babel")], 30),
        ([l, f, ("method", "mt"), ("engine", "google")], 32),
        ([l, f, ("method", "guess")], 27), ([l, f, ("auto_approve_option", "3")], 27),
    ]
    for pairs, code in cases:
        assert_v1_error(work.call("pre-translate", pairs), code)
    assert translations(srv, work) == {}, "a failed call changed something"


def test_a_big_run_goes_to_the_job_queue(srv):
    global TAG
    TAG = unique("t").replace("-", "")
    acc = srv.account()
    mem = Content(srv, srv.project(account=acc, languages=("fr", "de")))
    work = Content(srv, srv.project(account=acc, languages=("fr", "de")))
    n = 10_001      # x 2 languages: over the 20,000 a call does itself
    src = [tagged(f"Line {i} of the long file") for i in range(n)]
    mem.add_files({"m.po": po((s, "") for s in src)})
    mem.upload("fr", {"m.po": po((s, f"Ligne {i}") for i, s in enumerate(src))})
    work.add_files({"w.po": po((s, "") for s in src)})
    deadline = time.time() + 60
    while not work.call("tm-search", {"language": "fr", "text": src[-1]}).json()["matches"]:
        assert time.time() < deadline, "the memory never showed the imported units"
        time.sleep(0.3)
    assert work.call("pre-translate-status", {}).json() == {"success": True, "status": "none",
                                                          "progress": 0}
    t0 = time.time()
    r = work.call("pre-translate", [("languages[]", "fr"), ("languages[]", "de"), ("files[]", "w.po")])
    assert r.status_code == 200 and r.json() == {"success": True}
    assert time.time() - t0 < 5, "the call waited for the run"
    pid = srv.project_id(work.id)
    count = f"SELECT COUNT(*) FROM translation t JOIN string s ON s.id = t.string_id WHERE s.project_id = {pid}"
    deadline = time.time() + 120
    seen = []
    while (st := work.call("pre-translate-status", {}).json())["status"] != "finished":
        assert st["status"] == "in-progress", st
        assert 0 <= st["progress"] < 100
        seen.append(st)
        assert time.time() < deadline, "the queued run never finished"
        time.sleep(0.2)
    assert st["progress"] == 100
    assert all(s.get("current_language") in (None, "", "French", "German") for s in seen), seen
    # the status came from the same job that wrote them: all there once it says finished
    assert int(srv.sql(count)[0][0]) == n, "de has no memory: nothing added there"
    assert msgstrs(work.export_file("w.po", "fr").content)[src[77]] == "Ligne 77"
    # the XML form, as a v1 client reads it
    x = work.call("pre-translate-status", {}, fmt="xml").text
    assert "<status>finished</status>" in x and "<progress>100</progress>" in x, x


class FakeGoogle:
    """Google Translation v2 as mt-engines.md describes it: texts come back with the target
    code in front, markup (the protected placeholders) untouched."""

    def __init__(self):
        import json
        import threading
        from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
        calls = self.calls = []

        class H(BaseHTTPRequestHandler):
            def do_POST(self):
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                calls.append((self.path, body))
                out = {"data": {"translations": [{"translatedText": f"[{body['target']}] {q}"}
                                                 for q in body["q"]]}}
                data = json.dumps(out).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *a):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), H)
        self.url = f"http://127.0.0.1:{self.httpd.server_port}"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def close(self):
        self.httpd.shutdown()


def test_machine_translation_fills_untranslated_strings(backend_env):
    from conftest import Server, make_db_url
    backend, tmpdir, pg = backend_env
    fake = FakeGoogle()
    s = Server(backend, make_db_url(backend, tmpdir, pg), tmpdir, pg, log_name="mt",
               env={"TOLK_MT_GOOGLE_KEY": "k-123", "TOLK_MT_GOOGLE_URL": fake.url}).start()
    try:
        work = Content(s, s.project(languages=("fr", "de")))
        work.add_files({"w.po": po([("Hello %s", ""), ("Save", ""), ("Quit", "")])})
        work.upload("fr", {"w.po": po([("Save", "Enregistrer")])})
        for code, engine in ((31, "microsoft"), (39, "yandex"), (30, "babel")):
            assert_v1_error(work.call("pre-translate", [("languages[]", "fr"), ("files[]", "w.po"),
                                                        ("method", "mt"), ("engine", engine)]), code)
        r = work.call("pre-translate", [("languages[]", "fr"), ("files[]", "w.po"),
                                        ("method", "mt"), ("engine", "google")])
        assert r.status_code == 200 and r.json() == {"success": True}, r.text[:300]
        deadline = time.time() + 30
        while True:
            got = msgstrs(work.export_file("w.po", "fr").content)
            if got.get("Quit"):
                break
            assert time.time() < deadline, "the machine translation never came"
            time.sleep(0.3)
        assert got == {"Hello %s": "[fr] Hello %s", "Save": "Enregistrer", "Quit": "[fr] Quit"}
        path, body = fake.calls[0]
        assert path.startswith("/language/translate/v2?key=k-123"), path
        assert body["target"] == "fr" and body["source"] == "en"
        assert sorted(len(b["q"]) for _, b in fake.calls) == [2], "only the untranslated strings went"
        pid = s.project_id(work.id)
        assert s.sql(f"SELECT DISTINCT t.origin FROM translation t JOIN string x ON x.id = t.string_id "
                     f"WHERE x.project_id = {pid} AND t.text LIKE '[fr]%'") == [("mt",)]
    finally:
        assert s.stop() == 0, s.log_tail()
        fake.close()
