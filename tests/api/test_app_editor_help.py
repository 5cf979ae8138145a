"""
The editor's help beside a string (docs/editor.md, "Help: TM, MT, glossary"):
GET /app/api/projects/{p}/editor/{lang}/strings/{id}/tm, .../mt and .../glossary, for members
who may see the language.  Both backends.  MT runs against local fakes: one that answers as Google
does (test_pretranslate.FakeGoogle) and the same refusing every key.
"""
import json
import time

import pytest

from app_helpers import add_member, error, signed_in
from conftest import Server, make_db_url
from lone_helpers import Lone, set_setting
from test_pretranslate import FakeGoogle
from v1_content_helpers import Content


def url(proj, lang, sid, what):
    return f"/app/api/projects/{proj.identifier}/editor/{lang}/strings/{sid}/{what}"


def help_of(b, proj, lang, sid, what):
    r = b.request("GET", url(proj, lang, sid, what))
    assert r.status_code == 200, r.text
    return r.json()


def tm_until(b, proj, lang, sid, n, timeout=15):
    """The TM reply once it holds n matches (the memory follows the table every second)."""
    deadline = time.time() + timeout
    while True:
        d = help_of(b, proj, lang, sid, "tm")
        if len(d["matches"]) >= n or time.time() > deadline:
            return d
        time.sleep(0.3)


def approve(lone, sid, lang, text):
    lone.ok("addTranslation", string_id=sid, translation_language=lone.lang(lang),
            translation_value=text, approve="true")


# ---------------------------------------------------------------- translation memory

@pytest.fixture
def tm_proj(srv, proj):
    """Approved translations (each one a unit of the owner's memory) and strings to ask for."""
    lone = Lone(srv, proj)
    a, b = lone.category("Alpha"), lone.category("Beta")
    ids = {
        "save": lone.string(a, "save", "Save the file"),
        "delete": lone.string(a, "delete", "Delete the file"),
        "save_new": lone.string(b, "save_new", "Save the new file"),
        "delete2": lone.string(b, "delete2", "Delete the file"),
        "quit": lone.string(b, "quit", "Quit"),
    }
    approve(lone, ids["save"], "fr", "Enregistrer le fichier")
    approve(lone, ids["delete"], "fr", "Supprimer le fichier")
    # the API token is nobody: give the translation an author to show
    srv.sql("UPDATE translation SET author_id = %d WHERE text = 'Supprimer le fichier'"
            % srv.account_id(proj.owner.login))
    return lone, ids


def test_tm_matches_best_first_with_a_word_diff(srv, proj, tm_proj):
    _, ids = tm_proj
    b, _, _ = signed_in(srv, "translator", proj)
    d = tm_until(b, proj, "fr", ids["delete2"], 2)
    got = [(m["score"], m["source"], m["target"]) for m in d["matches"]]
    assert got == [(100, "Delete the file", "Supprimer le fichier"),
                   (67, "Save the file", "Enregistrer le fichier")]
    # a 100% match: nothing differs
    assert d["matches"][0]["diff"] == [["=", "Delete the file"]]
    # from the match's source to this string's
    assert d["matches"][1]["diff"] == [["-", "Save"], ["+", "Delete"], ["=", " the file"]]
    o = d["matches"][0]["origin"]
    assert (o["project"], o["file"], o["author"]) == (proj.name, "Alpha", proj.owner.login)
    assert abs(o["created"] - time.time()) < 120
    assert d["matches"][1]["origin"]["author"] is None      # the API token's translation
    d = tm_until(b, proj, "fr", ids["save_new"], 1)
    [m] = d["matches"]
    assert (m["score"], m["source"]) == (75, "Save the file")
    assert m["diff"] == [["=", "Save the "], ["+", "new "], ["=", "file"]]
    # no match: a text the memory has nothing near; another language has no units
    assert help_of(b, proj, "fr", ids["quit"], "tm") == {"matches": []}
    assert help_of(b, proj, "de", ids["delete2"], "tm") == {"matches": []}


def test_tm_origin_never_names_another_accounts_project(srv, proj, tm_proj):
    lone, ids = tm_proj
    other = srv.account()
    theirs = srv.project(account=other, languages=("fr",), name="Secret launch plan")
    tl = Lone(srv, theirs)
    cat = tl.category("Hidden file")
    approve(tl, tl.string(cat, "k", "Open the settings page"), "fr", "Ouvrir la page des réglages")
    mine = lone.string(lone.category("Gamma"), "open", "Open the settings")
    b, login, _ = signed_in(srv, "proofreader", proj)
    # the owner's memory only: another account's unit is not searched
    time.sleep(2)
    assert help_of(b, proj, "fr", mine, "tm") == {"matches": []}
    set_setting(srv, proj, "use_global_tm", 1)
    d = tm_until(b, proj, "fr", mine, 1)
    # the global memory holds every account's units (other tests' too): theirs is among them
    [m] = [m for m in d["matches"] if m["target"] == "Ouvrir la page des réglages"]
    assert m["score"] == 75
    assert m["origin"]["project"] is None and m["origin"]["file"] is None
    assert m["origin"]["author"] is None and m["origin"]["created"] > 0
    assert "Secret" not in json.dumps(d) and "Hidden" not in json.dumps(d)
    # a member of that project too may see where it came from
    add_member(srv, theirs, login, "translator")
    [m] = [m for m in help_of(b, proj, "fr", mine, "tm")["matches"]
           if m["target"] == "Ouvrir la page des réglages"]
    assert (m["origin"]["project"], m["origin"]["file"]) == ("Secret launch plan", "Hidden file")


# ---------------------------------------------------------------- glossary

TBX = """<?xml version="1.0" encoding="UTF-8"?>
<martif type="TBX" xml:lang="en"><martifHeader><fileDesc><sourceDesc><p>t</p></sourceDesc>
</fileDesc></martifHeader><text><body>
<termEntry id="1"><descrip type="definition">A document on disk</descrip>
 <langSet xml:lang="en"><tig><term>file</term><termNote type="partOfSpeech">noun</termNote></tig></langSet>
 <langSet xml:lang="fr"><tig><term>fichier</term></tig><tig><term>dossier</term></tig></langSet>
 <langSet xml:lang="de"><tig><term>Datei</term></tig></langSet></termEntry>
<termEntry id="2">
 <langSet xml:lang="en"><tig><term>settings page</term></tig></langSet>
 <langSet xml:lang="fr"><tig><term>page des réglages</term></tig></langSet></termEntry>
<termEntry id="3">
 <langSet xml:lang="en"><tig><term>pro</term></tig></langSet>
 <langSet xml:lang="fr"><tig><term>pro</term></tig></langSet></termEntry>
<termEntry id="4">
 <langSet xml:lang="en"><tig><term>Save</term></tig></langSet></termEntry>
</body></text></martif>"""


def test_glossary_terms_found_in_the_source(srv, proj):
    c = Content(srv, proj)
    r = c.call("upload-glossary", {}, files=[("file", ("g.tbx", TBX.encode()))])
    assert r.status_code == 200, r.text
    lone = Lone(srv, proj)
    cat = lone.category("Glossary")
    one = lone.string(cat, "one", "Open the FILE from your profile Settings  page")
    two = lone.string(cat, "two", "Open your profile, professionally")
    b, _, _ = signed_in(srv, "translator", proj, "fr")
    d = help_of(b, proj, "fr", one, "glossary")
    assert d == {"terms": [
        {"term": "file", "translations": ["fichier", "dossier"],
         "description": "A document on disk", "part_of_speech": "noun"},
        {"term": "settings page", "translations": ["page des réglages"], "description": "",
         "part_of_speech": ""}]}
    # whole words only: "file" is not in "profile", "pro" not in "professionally"
    assert help_of(b, proj, "fr", two, "glossary") == {"terms": []}
    # a term without a translation in the language still shows
    three = lone.string(cat, "three", "save")
    assert help_of(b, proj, "fr", three, "glossary")["terms"] == [
        {"term": "Save", "translations": [], "description": "", "part_of_speech": ""}]
    m, _, _ = signed_in(srv, "manager", proj)
    [t] = [t for t in help_of(m, proj, "de", one, "glossary")["terms"] if t["term"] == "file"]
    assert t["translations"] == ["Datei"]


# ---------------------------------------------------------------- who may ask

@pytest.mark.parametrize("what", ["tm", "mt", "glossary"])
def test_who_may_ask_and_bad_requests(srv, proj, what):
    lone = Lone(srv, proj)
    sid = lone.string(lone.category("C"), "k", "Hello")
    b, _, _ = signed_in(srv, "translator", proj, "de")
    assert b.request("GET", url(proj, "de", sid, what)).status_code == 200
    error(b.request("GET", url(proj, "fr", sid, what)), 403, "forbidden")
    error(b.request("GET", url(proj, "xx", sid, what)), 404, "not_found")
    error(b.request("GET", url(proj, "es", sid, what)), 404, "not_found")   # not a target
    error(b.request("GET", url(proj, "de", sid + 1000, what)), 404, "not_found")
    error(b.request("GET", url(proj, "de", "abc", what)), 400, "invalid")
    error(b.request("GET", url(proj, "de", 0, what)), 400, "invalid")
    outsider, _, _ = signed_in(srv)
    error(outsider.request("GET", url(proj, "de", sid, what)), 404, "not_found")
    r = srv.http.get(srv.base + url(proj, "de", sid, what), timeout=30)
    assert r.status_code == 401, r.text
    # a hidden string is not there
    srv.sql("UPDATE string SET hidden = 1 WHERE project_id = %d" % srv.project_id(proj.identifier))
    error(b.request("GET", url(proj, "de", sid, what)), 404, "not_found")


# ---------------------------------------------------------------- machine translation

@pytest.fixture(scope="module")
def mt(backend_env):
    """A server whose Google and DeepL go to the fakes; no key anywhere: a project has an
    engine only once it sets its own key (tolk project mt-key set)."""
    backend, tmpdir, pg = backend_env
    google, deepl = FakeGoogle(), FakeGoogle(refuse=True)
    s = Server(backend, make_db_url(backend, tmpdir, pg), tmpdir, pg, log_name="editor-mt",
               env={"TOLK_MT_GOOGLE_URL": google.url, "TOLK_MT_DEEPL_URL": deepl.url}).start()
    yield s, google, deepl
    assert s.stop() == 0, s.log_tail()
    google.close()
    deepl.close()


def mt_string(s, text, *engines):
    proj = s.project(languages=("fr", "de"))
    for engine in engines:
        s.cli("project", "mt-key", "set", "--identifier", proj.identifier, "--engine", engine,
              "--key", f"key-{engine}")
    lone = Lone(s, proj)
    sid = lone.string(lone.category("MT"), "k", text)
    b, _, _ = signed_in(s, "translator", proj)
    return proj, sid, b


def sent(google, text):
    """The requests whose texts hold text's words before its first placeholder."""
    words = text.split("%")[0]
    return [path for path, body in google.calls if any(words in q for q in body.get("q", []))]


def test_mt_nothing_is_sent_without_an_engine(mt):
    s, google, deepl = mt
    before = (len(google.calls), len(deepl.calls))
    proj, sid, b = mt_string(s, "Nobody should see this text")
    assert help_of(b, proj, "fr", sid, "mt") == {"engines": [], "suggestions": [], "errors": []}
    assert (len(google.calls), len(deepl.calls)) == before
    [(n,)] = s.sql("SELECT COUNT(*) FROM mt_cache WHERE source_text = 'Nobody should see this text'")
    assert int(n) == 0


def test_mt_a_text_goes_to_the_engine_once(mt):
    s, google, _ = mt
    text = "Export the %s report"
    proj, sid, b = mt_string(s, text, "google")
    first = help_of(b, proj, "fr", sid, "mt")
    assert first == {"engines": ["google"], "errors": [],
                     "suggestions": [{"engine": "google", "text": f"[fr] {text}", "cached": False}]}
    assert len(sent(google, text)) == 1
    assert sent(google, text)[0].startswith("/language/translate/v2?key=key-google")
    second = help_of(b, proj, "fr", sid, "mt")
    assert second["suggestions"] == [{"engine": "google", "text": f"[fr] {text}", "cached": True}]
    assert len(sent(google, text)) == 1, "the second call is served from the cache"
    # another project with the same engine and text: still one request
    proj2, sid2, b2 = mt_string(s, text, "google")
    assert help_of(b2, proj2, "fr", sid2, "mt")["suggestions"][0]["cached"] is True
    assert len(sent(google, text)) == 1
    # another target language is another translation
    assert help_of(b, proj, "de", sid, "mt")["suggestions"] == [
        {"engine": "google", "text": f"[de] {text}", "cached": False}]
    assert len(sent(google, text)) == 2


def test_mt_an_engine_failure_is_reported_not_a_500(mt):
    s, google, deepl = mt
    text = "Archive old projects"
    proj, sid, b = mt_string(s, text, "google", "deepl")
    n = len(deepl.calls)
    d = help_of(b, proj, "fr", sid, "mt")
    assert d["engines"] == ["google", "deepl"] or d["engines"] == ["deepl", "google"]
    assert d["suggestions"] == [{"engine": "google", "text": f"[fr] {text}", "cached": False}]
    [e] = d["errors"]
    assert e["engine"] == "deepl" and "auth_failed" in e["message"] and "key-deepl" not in e["message"]
    assert len(deepl.calls) == n + 1, "a 403 is not retried"
    # a failure is not kept: the next call asks again
    d = help_of(b, proj, "fr", sid, "mt")
    assert d["suggestions"][0]["cached"] is True and d["errors"][0]["engine"] == "deepl"
    assert len(deepl.calls) == n + 2
