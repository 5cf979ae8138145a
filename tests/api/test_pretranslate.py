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
    code in front, markup (the protected placeholders) untouched.  It speaks Microsoft
    Translator v3 too (POST /translate), and keeps each request's headers.  refuse: every
    request is answered 403, as an engine answers a wrong key."""

    def __init__(self, refuse=False):
        import json
        import threading
        from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
        calls = self.calls = []
        headers = self.headers = []

        def microsoft(path, body):
            to = re.search(r"[?&]to=([^&]*)", path).group(1)
            return [{"translations": [{"text": f"[{to}] {t['Text']}", "to": to}]} for t in body]

        class H(BaseHTTPRequestHandler):
            def do_POST(self):
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                calls.append((self.path, body))
                headers.append(dict(self.headers))
                if refuse:
                    out = {"message": "Wrong key"}
                elif self.path.startswith("/translate?"):
                    out = microsoft(self.path, body)
                else:
                    out = {"data": {"translations": [{"translatedText": f"[{body['target']}] {q}"}
                                                     for q in body["q"]]}}
                data = json.dumps(out).encode()
                self.send_response(403 if refuse else 200)
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


# ---------------------------------------------------------------- a project's own MT keys

def mt_server(backend_env, name, env):
    from conftest import Server, make_db_url
    backend, tmpdir, pg = backend_env
    return Server(backend, make_db_url(backend, tmpdir, pg), tmpdir, pg, log_name=name,
                  env=env).start()


def mt_project(s):
    work = Content(s, s.project(languages=("fr", "de")))
    work.add_files({"w.po": po([("Hello %s", ""), ("Quit", "")])})
    return work


def mt_pretranslate(s, work, language="fr", engine="google", file="w.po"):
    """pre-translate by MT: the queued job's final state."""
    r = work.call("pre-translate", [("languages[]", language), ("files[]", file),
                                    ("method", "mt"), ("engine", engine)])
    assert r.status_code == 200 and r.json() == {"success": True}, r.text[:300]
    pid = s.project_id(work.id)
    deadline = time.time() + 30
    while True:
        [(state,)] = s.sql(f"SELECT state FROM job WHERE project_id = {pid} AND kind = 'pretranslate' "
                           "ORDER BY id DESC LIMIT 1")
        if state in ("done", "failed"):
            return state
        assert time.time() < deadline, "the machine translation job never ended"
        time.sleep(0.2)


def mt_keys_sent(fake):
    """The key of each request the fake Google got (?key=...)."""
    return [re.search(r"[?&]key=([^&]*)", path).group(1) for path, _ in fake.calls]


def mt_edit(work, **fields):
    """edit-project with mt[ENGINE][FIELD] pairs: mt_edit(work, google_key="k")."""
    pairs = [(f"mt[{k.split('_', 1)[0]}][{k.split('_', 1)[1]}]", v) for k, v in fields.items()]
    return work.call("edit-project", pairs)


def mt_rows(s, work):
    return s.sql(f"SELECT engine, api_key, region, base_url FROM project_mt WHERE project_id = "
                 f"{s.project_id(work.id)} ORDER BY engine")


def test_mt_project_key_is_used_when_the_server_has_none(backend_env):
    fake = FakeGoogle()
    s = mt_server(backend_env, "mt-project", {"TOLK_WEBHOOK_ALLOW": "127.0.0.0/8"})
    try:
        work = mt_project(s)
        f, l, mt = ("files[]", "w.po"), ("languages[]", "fr"), ("method", "mt")
        assert_v1_error(work.call("pre-translate", [l, f, mt, ("engine", "google")]), 32)
        r = mt_edit(work, google_key="p-key-77", google_url=fake.url)
        assert r.status_code == 200 and r.json()["project"]["success"], r.text[:300]
        assert "p-key-77" not in r.text
        assert mt_pretranslate(s, work) == "done"
        assert mt_keys_sent(fake) == ["p-key-77"]
        assert msgstrs(work.export_file("w.po", "fr").content) == {
            "Hello %s": "[fr] Hello %s", "Quit": "[fr] Quit"}
        # the other engines still have no key: the seed's codes
        for code, engine in ((31, "microsoft"), (39, "yandex")):
            assert_v1_error(work.call("pre-translate", [l, f, mt, ("engine", engine)]), code)
        # the key is never shown; info does not change its fields for it
        for fmt in ("json", "xml"):
            r = work.call("info", fmt=fmt)
            assert r.status_code == 200 and "p-key-77" not in r.text and fake.url not in r.text
        assert "p-key-77" not in s.cli("project", "mt-key", "list", "--identifier", work.id).stdout
        # an empty key removes it: no key anywhere again
        assert mt_edit(work, google_key="").status_code == 200
        assert mt_rows(s, work) == []
        assert_v1_error(work.call("pre-translate", [l, f, mt, ("engine", "google")]), 32)
    finally:
        assert s.stop() == 0, s.log_tail()
        fake.close()


def test_mt_project_key_wins_over_the_server_key(backend_env):
    fake = FakeGoogle()
    s = mt_server(backend_env, "mt-wins", {"TOLK_MT_GOOGLE_KEY": "k-srv", "TOLK_MT_GOOGLE_URL": fake.url})
    try:
        work = mt_project(s)
        s.cli("project", "mt-key", "set", "--identifier", work.id, "--engine", "google",
              "--key", "p-key-cli")
        assert mt_rows(s, work) == [("google", "p-key-cli", "", "")]
        assert mt_pretranslate(s, work, "fr") == "done"
        assert mt_keys_sent(fake) == ["p-key-cli"], "the project's key, at the server's URL"
        # removed over HTTP: the server's key again
        assert mt_edit(work, google_key="").status_code == 200
        assert mt_pretranslate(s, work, "de") == "done"
        assert mt_keys_sent(fake) == ["p-key-cli", "k-srv"]
    finally:
        assert s.stop() == 0, s.log_tail()
        fake.close()


def test_mt_project_key_goes_with_its_own_region(backend_env):
    """Microsoft: the server's region belongs to the server's key, so a project key without a
    region of its own is sent with none; with one, with that."""
    fake = FakeGoogle()
    s = mt_server(backend_env, "mt-region", {
        "TOLK_MT_MICROSOFT_KEY": "m-srv", "TOLK_MT_MICROSOFT_REGION": "srv-region",
        "TOLK_MT_MICROSOFT_URL": fake.url})
    try:
        work = mt_project(s)
        assert mt_pretranslate(s, work, "fr", "microsoft") == "done"
        assert mt_edit(work, microsoft_key="m-proj").status_code == 200
        assert mt_pretranslate(s, work, "de", "microsoft") == "done"
        sent = [(h["Ocp-Apim-Subscription-Key"], h.get("Ocp-Apim-Subscription-Region"))
                for h in fake.headers]
        assert sent == [("m-srv", "srv-region"), ("m-proj", None)]
        assert mt_edit(work, microsoft_region="proj-region").status_code == 200
        work.add_files({"x.po": po([("Open", "")])})
        assert mt_pretranslate(s, work, "fr", "microsoft", "x.po") == "done"
        [h] = fake.headers[2:]
        assert (h["Ocp-Apim-Subscription-Key"], h["Ocp-Apim-Subscription-Region"]) == \
            ("m-proj", "proj-region")
        assert msgstrs(work.export_file("w.po", "de").content)["Quit"] == "[de] Quit"
    finally:
        assert s.stop() == 0, s.log_tail()
        fake.close()


def test_mt_project_url_on_loopback_is_refused(backend_env):
    """A project's URL goes through the webhook address policy: loopback only with webhook-allow."""
    fake = FakeGoogle()
    s = mt_server(backend_env, "mt-blocked", {"TOLK_WEBHOOK_ALLOW": "", "TOLK_MT_GOOGLE_KEY": ""})
    try:
        work = mt_project(s)
        assert mt_edit(work, google_key="p-key", google_url=fake.url).status_code == 200
        assert mt_pretranslate(s, work) == "failed"
        assert fake.calls == [], "a packet reached the loopback address"
        assert "blocked: 127.0.0.1 is a loopback address" in s.log_tail(200)
        assert msgstrs(work.export_file("w.po", "fr").content) == {"Hello %s": "", "Quit": ""}
    finally:
        assert s.stop() == 0, s.log_tail()
        fake.close()


MT_BAD = {
    "unknown-engine": [("mt[babel][key]", "k")],
    "url-scheme": [("mt[google][key]", "k"), ("mt[google][url]", "ftp://example.com")],
    "url-not-a-url": [("mt[google][key]", "k"), ("mt[google][url]", "example.com")],
    "url-too-long": [("mt[google][key]", "k"), ("mt[google][url]", "https://e.com/" + "x" * 2048)],
    "key-too-long": [("mt[google][key]", "k" * 513)],
    "key-control": [("mt[google][key]", "k\r\nX-Evil: 1")],
    "region-not-google's": [("mt[google][key]", "k"), ("mt[google][region]", "westeurope")],
    "folder-not-microsoft's": [("mt[microsoft][key]", "k"), ("mt[microsoft][folder]", "b1g")],
    "unknown-field": [("mt[google][colour]", "blue")],
    "url-without-key": [("mt[google][url]", "https://mt.example.com")],
    "region-with-removal": [("mt[deepl][key]", ""), ("mt[deepl][url]", "https://mt.example.com")],
    "scalar": [("mt", "google")],
    "scalar-engine": [("mt[google]", "k")],
    "good-then-bad": [("name", "Changed"), ("mt[google][key]", "k"), ("mt[babel][key]", "k")],
}


@pytest.mark.parametrize("case", list(MT_BAD), ids=list(MT_BAD))
def test_mt_bad_settings_change_nothing(srv, case):
    work = Content(srv, srv.project())
    assert mt_edit(work, deepl_key="d-1", deepl_url="https://mt.example.com").status_code == 200
    before = (srv.project_row(work.id), mt_rows(srv, work))
    assert_v1_error(work.call("edit-project", MT_BAD[case]), 27, 400)
    assert (srv.project_row(work.id), mt_rows(srv, work)) == before


def test_mt_fields_merge_and_cli(srv):
    work = Content(srv, srv.project())
    assert mt_edit(work, microsoft_key="m-1", microsoft_region="westeurope").status_code == 200
    assert mt_edit(work, microsoft_url="https://mt.example.com/").status_code == 200
    assert mt_edit(work, yandex_key="y-1", yandex_folder="b1g").status_code == 200
    assert mt_rows(srv, work) == [("microsoft", "m-1", "westeurope", "https://mt.example.com/"),
                                  ("yandex", "y-1", "b1g", "")]
    # a new key keeps the fields not sent; an empty one clears its field
    assert mt_edit(work, microsoft_key="m-2", microsoft_url="").status_code == 200
    assert mt_rows(srv, work)[0] == ("microsoft", "m-2", "westeurope", "")
    out = srv.cli("project", "mt-key", "list", "--identifier", work.id).stdout
    assert "microsoft" in out and "westeurope" in out and "yandex" in out and "b1g" in out
    assert "m-2" not in out and "y-1" not in out
    srv.cli("project", "mt-key", "remove", "--identifier", work.id, "--engine", "yandex")
    assert [r[0] for r in mt_rows(srv, work)] == ["microsoft"]
    bad = srv.cli("project", "mt-key", "set", "--identifier", work.id, "--engine", "babel",
                  "--key", "k", check=False)
    assert bad.returncode == 2 and "engines are" in bad.stderr
    bad = srv.cli("project", "mt-key", "set", "--identifier", work.id, "--engine", "deepl",
                  "--key", "k", "--url", "file:///etc/passwd", check=False)
    assert bad.returncode == 2 and [r[0] for r in mt_rows(srv, work)] == ["microsoft"]
    # create-project takes them as edit-project does
    acc, ident = srv.account(), unique("c")
    r = srv.v1("/api/account/create-project", list(acc.auth().items()) + [
        ("identifier", ident), ("name", "C"), ("source_language", "en"), ("join_policy", "open"),
        ("languages[]", "fr"),
        ("mt[deepl][key]", "d-9:fx")])
    assert r.status_code == 200 and "d-9" not in r.text, r.text[:300]
    assert srv.sql(f"SELECT engine, api_key FROM project_mt WHERE project_id = "
                   f"{srv.project_id(ident)}") == [("deepl", "d-9:fx")]
    # the keys go with their project
    pid = srv.project_id(work.id)
    assert work.call("delete-project").status_code == 200
    assert srv.sql(f"SELECT COUNT(*) FROM project_mt WHERE project_id = {pid}") == [("0",)]
