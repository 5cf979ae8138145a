"""
Translation memory (docs/tm.md): what gets in (imports, approvals), who sees it (the owner
account's projects; every project with use_global_tm), tm-search's scores and alignment,
and its reach across nodes and restarts.
"""
import os
import random
import time
import xml.etree.ElementTree as ET

import pytest

from conftest import Server, make_db_url, unique
from lone_helpers import Lone, set_setting
from v1_content_helpers import Content, assert_v1_error

WORDS = "alpha bravo charlie delta echo foxtrot golf hotel india juliet kilo lima mike".split()


def sentences(n, seed):
    """n distinct sentences no other test writes (a random word of the test's own in each)."""
    rnd = random.Random(seed)
    tag = unique("w").replace("-", "")
    return [f"Please {rnd.choice(WORDS)} the {rnd.choice(WORDS)} {tag} number {i} now" for i in range(n)]


def po(pairs):
    out = ['msgid ""', 'msgstr ""', '"Content-Type: text/plain; charset=UTF-8\\n"', ""]
    for src, tr in pairs:
        out += [f'msgid "{src}"', f'msgstr "{tr}"', ""]
    return "\n".join(out).encode()


def search(content, text, language="fr", wait=True, **params):
    """tm-search's matches; with wait, asked again until there are some (units arrive within a
    second or two of the write that made them)."""
    deadline = time.time() + (10 if wait else 0)
    while True:
        r = content.call("tm-search", {"language": language, "text": text, **params})
        assert r.status_code == 200, r.text[:300]
        matches = r.json()["matches"]
        if matches or time.time() >= deadline:
            return matches
        time.sleep(0.2)


@pytest.fixture
def owned(srv):
    """A project of an account of its own (its TM is only its own)."""
    acc = srv.account()
    p = srv.project(account=acc, languages=("fr", "de"))
    return srv, acc, p, Content(srv, p)


def test_imported_translations_are_found_exactly_and_fuzzily(owned):
    srv, acc, p, c = owned
    src = sentences(20, 1)
    c.add_files({"a.po": po((s, "") for s in src)})
    c.upload("fr", {"a.po": po((s, f"FR {i}") for i, s in enumerate(src))})
    exact = search(c, src[3])
    assert exact[0]["score"] == 100 and exact[0]["target"] == "FR 3", exact[:2]
    assert exact[0]["source"] == src[3] and exact[0]["origin"] == "import"
    # the key stands for the context of a .po unit without msgctxt: 101 with it
    assert search(c, src[3], context=src[3])[0]["score"] == 101
    # one word changed: a fuzzy match, aligned word by word
    words = src[5].split()
    words[1] = "zulu"
    q = " ".join(words)
    m = search(c, q, threshold=50)
    assert m[0]["source"] == src[5] and 70 <= m[0]["score"] < 100, m[0]
    ops = m[0]["alignment"]
    changed = [o for o in ops if o["op"] != "equal"]
    assert len(changed) == 1 and changed[0]["op"] == "replace", ops
    o = changed[0]
    assert q[o["text_offset"]:o["text_offset"] + o["text_length"]] == "zulu"
    assert src[5][o["source_offset"]:o["source_offset"] + o["source_length"]] == src[5].split()[1]
    assert all(q[x["text_offset"]:x["text_offset"] + x["text_length"]] ==
               src[5][x["source_offset"]:x["source_offset"] + x["source_length"]]
               for x in ops if x["op"] == "equal")
    # the command line answers as the call does, from a memory it loads itself
    out = srv.cli("tm", "search", "--identifier", p.identifier, "--language", "fr", "--text", src[3])
    assert out.stdout.splitlines()[0] == f"100\t{src[3]}\tFR 3\timport", out.stdout
    assert "loaded in" in out.stderr
    bad = srv.cli("tm", "search", "--identifier", p.identifier, "--language", "fr", "--text", "x",
                  "--limit", "0", check=False)
    assert bad.returncode == 2 and "--limit" in bad.stderr
    # another target language has none; a threshold above the best leaves none
    assert search(c, src[3], language="de", wait=False) == []
    assert search(c, q, threshold=100, wait=False) == []


def test_approvals_are_memory_and_suggestions_are_not(owned):
    srv, acc, p, c = owned
    lone = Lone(srv, p)
    cat = lone.category("Cat")
    src = sentences(2, 2)
    sids = [lone.string(cat, f"k{i}", s) for i, s in enumerate(src)]
    fr = lone.lang("fr")
    lone.ok("addTranslation", string_id=sids[0], translation_language=fr, translation_value="Vu",
            approve="true")
    lone.ok("addTranslation", string_id=sids[1], translation_language=fr,
            translation_value="Suggestion")
    m = search(c, src[0])
    assert (m[0]["target"], m[0]["origin"], m[0]["score"]) == ("Vu", "approved", 100), m
    time.sleep(1.5)     # a sync round at least: the suggestion had its chance to show up
    assert all(m["target"] != "Suggestion" for m in search(c, src[1], wait=False))


def test_memory_is_the_owners_unless_the_project_uses_the_global_one(srv):
    a, b = srv.account(), srv.account()
    pa = srv.project(account=a, languages=("fr",))
    pb = srv.project(account=b, languages=("fr",))
    pa2 = srv.project(account=a, languages=("fr",))
    ca, cb, ca2 = Content(srv, pa), Content(srv, pb), Content(srv, pa2)
    src = sentences(3, 3)
    ca.add_files({"x.po": po((s, "") for s in src)})
    ca.upload("fr", {"x.po": po((s, f"A{i}") for i, s in enumerate(src))})
    assert search(ca2, src[0])[0]["target"] == "A0", "another project of the same owner"
    assert search(cb, src[0], wait=False) == [], "another account's project saw the memory"
    set_setting(srv, pb, "use_global_tm", 1)
    assert search(cb, src[0])[0]["target"] == "A0"


def tm_sources(content, **params):
    d = content.call("download-tm", {"source_language": "en", **params})
    if d.status_code != 200:
        return d
    return {tu.find("./tuv/seg").text for tu in ET.fromstring(d.content).findall("./body/tu")}


def test_download_tm_include_assigned(srv):
    """include_assigned=1 (the default): every unit the project's memory shares (its owner's
    projects'); 0: only the units the project made.  Another account's never, even when the
    project searches the global memory."""
    a, b = srv.account(), srv.account()
    pa, pa2, pb = (srv.project(account=acc, languages=("fr",)) for acc in (a, a, b))
    ca, ca2, cb = Content(srv, pa), Content(srv, pa2), Content(srv, pb)
    mine, shared, foreign = sentences(2, 11), sentences(2, 12), sentences(2, 13)
    for c, src in ((ca2, mine), (ca, shared), (cb, foreign)):
        c.add_files({"x.po": po((s, "") for s in src)})
        c.upload("fr", {"x.po": po((s, f"T {s}") for s in src)})
    deadline = time.time() + 30
    for c, n in ((ca2, 4), (cb, 2)):        # they come through jobs
        while not isinstance(got := tm_sources(c), set) or len(got) < n:
            assert time.time() < deadline, "the units never arrived"
            time.sleep(0.3)
    set_setting(srv, pa2, "use_global_tm", 1)
    assert tm_sources(ca2) == set(mine) | set(shared)
    assert tm_sources(ca2, include_assigned=1) == set(mine) | set(shared)
    assert tm_sources(ca2, include_assigned=0) == set(mine)
    assert tm_sources(cb, include_assigned=0) == set(foreign)
    assert_v1_error(tm_sources(Content(srv, srv.project(account=a, languages=("fr",))),
                               include_assigned=0), 36)
    assert_v1_error(tm_sources(ca2, include_assigned=2), 27)


def test_bad_requests(owned):
    srv, acc, p, c = owned
    assert_v1_error(c.call("tm-search", {"text": "x"}), 9)
    assert_v1_error(c.call("tm-search", {"language": "xx-nope", "text": "x"}), 10)
    assert_v1_error(c.call("tm-search", {"language": "uk", "text": "x"}), 10)   # not the project's
    assert_v1_error(c.call("tm-search", {"language": "fr"}), 27)
    for bad in ({"limit": "0"}, {"limit": "51"}, {"limit": "x"}, {"threshold": "102"},
                {"threshold": "-1"}):
        assert_v1_error(c.call("tm-search", {"language": "fr", "text": "x", **bad}), 27)
    r = c.call("tm-search", {"language": "fr", "text": "x"}, auth=False)
    assert r.status_code != 200


def test_units_reach_another_node_and_survive_a_restart(backend_env):
    backend, tmpdir, pg = backend_env
    url = make_db_url(backend, tmpdir, pg)
    one = Server(backend, url, tmpdir, pg, log_name="tm-one").start()
    two = Server(backend, url, tmpdir, pg, log_name="tm-two").start()
    try:
        acc = one.account()
        p = one.project(account=acc, languages=("fr",))
        src = sentences(5, 5)
        Content(one, p).add_files({"n.po": po((s, "") for s in src)})
        Content(one, p).upload("fr", {"n.po": po((s, f"N{i}") for i, s in enumerate(src))})
        t0 = time.time()
        m = search(Content(two, p), src[2])
        assert m and m[0]["target"] == "N2", m
        assert time.time() - t0 < 5, "the other node took more than a few seconds"
        assert two.stop() == 0, two.log_tail()
        two = Server(backend, url, tmpdir, pg, log_name="tm-two-again").start()
        # nothing is written any more: only the start-up load can show the unit (it runs
        # in the sync thread, so a search may come a moment before it ends)
        m = search(Content(two, p), src[4])
        assert m and m[0]["target"] == "N4", "units were not loaded at start-up"
        deadline = time.time() + 10
        while "translation memory:" not in open(two.log_path).read():
            assert time.time() < deadline, "the start-up load was not logged"
            time.sleep(0.1)
    finally:
        for s in (one, two):
            if s.proc and s.proc.poll() is None:
                assert s.stop() == 0, s.log_tail()


TMX = """<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4"><header creationtool="test" srclang="en-US" segtype="sentence" o-tmf="x"
 adminlang="en" datatype="plaintext"/><body>
<tu creationdate="20240102T030405Z"><prop type="x-context">menu</prop>
 <tuv xml:lang="en-US"><seg>{a} Open the <ph>%s</ph> file</seg></tuv>
 <tuv xml:lang="fr-FR"><seg>{a} Ouvrir le fichier %s</seg></tuv>
 <tuv xml:lang="de"><seg>{a} Die Datei %s öffnen</seg></tuv></tu>
<tu><tuv lang="en"><seg>{a} Close &amp; quit</seg></tuv><tuv lang="fr"><seg>{a} Fermer &amp; quitter</seg></tuv></tu>
</body></tmx>"""


def upload_tm(c, data, name="memory.tmx", **params):
    """upload-tm with the file in the part named `file` (crowdin-v1.md 2.14)."""
    return c.call("upload-tm", params, files=[("file", (name, data))])


def test_upload_tm_then_search_and_download(owned):
    srv, acc, p, c = owned
    tag = unique("x").replace("-", "")
    r = upload_tm(c, TMX.replace("{a}", tag).encode())
    assert r.status_code == 200 and r.json() == {"success": True}, r.text[:300]
    m = search(c, f"{tag} Open the %s file")
    assert (m[0]["target"], m[0]["origin"], m[0]["score"]) == (f"{tag} Ouvrir le fichier %s", "tmx", 100)
    assert search(c, f"{tag} Open the %s file", context="menu")[0]["score"] == 101
    assert search(c, f"{tag} Open the %s file", language="de")[0]["target"] == f"{tag} Die Datei %s öffnen"
    assert search(c, f"{tag} Close & quit")[0]["target"] == f"{tag} Fermer & quitter"
    # download: a TMX any tool reads, with what went in
    d = c.call("download-tm", {"source_language": "en", "target_language": "fr"})
    assert d.status_code == 200 and "tmx" in d.headers["Content-Type"], d.text[:300]
    assert f'filename="{p.identifier}.tmx"' in d.headers["Content-Disposition"]
    root = ET.fromstring(d.content)
    tus = root.findall("./body/tu")
    pairs = {tuple(s.text for s in tu.iter("seg")) for tu in tus}
    assert (f"{tag} Open the %s file", f"{tag} Ouvrir le fichier %s") in pairs
    assert (f"{tag} Close & quit", f"{tag} Fermer & quitter") in pairs
    assert all(len(list(tu.iter("seg"))) == 2 for tu in tus)
    # both languages without target_language
    both = ET.fromstring(c.call("download-tm", {"source_language": "en"}).content)
    assert len(both.findall("./body/tu")) == len(tus) + 1


def test_upload_tm_from_a_spreadsheet(owned):
    srv, acc, p, c = owned
    tag = unique("x").replace("-", "")
    csv = f"English,French,Note\n{tag} Good morning,{tag} Bonjour,x\n\"{tag} Yes, sure\",\"{tag} Oui, bien sûr\",y\n"
    assert_v1_error(upload_tm(c, csv.encode(), "m.csv"), 16)
    assert_v1_error(upload_tm(c, csv.encode(), "m.csv", scheme="en,fr,bogus-"), 28)
    r = upload_tm(c, csv.encode(), "m.csv", scheme="en,fr,none", first_line_contains_header=1)
    assert r.status_code == 200, r.text[:300]
    assert search(c, f"{tag} Yes, sure")[0]["target"] == f"{tag} Oui, bien sûr"
    assert search(c, "English", wait=False) == [], "the header row became a unit"


def test_bad_memory_files_change_nothing(owned):
    srv, acc, p, c = owned
    pid = srv.project_id(p.identifier)
    count = f"SELECT COUNT(*) FROM tm_unit WHERE project_id = {pid}"
    xxe = ('<?xml version="1.0"?><!DOCTYPE tmx [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
           '<tmx version="1.4"><header srclang="en"/><body><tu><tuv xml:lang="en"><seg>&x;</seg>'
           '</tuv><tuv xml:lang="fr"><seg>a</seg></tuv></tu></body></tmx>')
    broken = TMX.replace("{a}", "b").replace("</body>", "<tu><tuv xml:lang='en'><seg>cut")
    for data in (xxe, broken, "<tmx><body>"):
        assert_v1_error(upload_tm(c, data.encode()), 6)
    assert srv.sql(count)[0][0] == "0", "a refused file left units"
    assert_v1_error(c.call("upload-tm", {}), 35)
    assert_v1_error(c.call("download-tm", {"source_language": "en"}), 36)
    assert_v1_error(c.call("download-tm", {"source_language": "xx-nope"}), 10)


def test_a_saved_translation_keeps_the_score_the_memory_had_for_it(owned):
    srv, acc, p, c = owned
    src = sentences(2, 9)
    c.add_files({"a.po": po((s, "") for s in src)})
    c.upload("fr", {"a.po": po((s, f"FR {i}") for i, s in enumerate(src))})
    assert search(c, src[0])        # the memory has them now
    p2 = srv.project(account=acc, languages=("fr",))
    lone = Lone(srv, p2)
    cat = lone.category("C")
    near = src[0].replace("Please", "Kindly")
    sids = [lone.string(cat, "k1", near), lone.string(cat, "k2", f"Nothing alike {unique('q')}")]
    fr = lone.lang("fr")
    expected = search(Content(srv, p2), near, threshold=60)[0]["score"]
    assert 60 <= expected < 100
    for sid in sids:
        lone.ok("addTranslation", string_id=sid, translation_language=fr, translation_value="X")
    pid = srv.project_id(p2.identifier)
    got = srv.sql("SELECT s.source, t.tm_match FROM translation t JOIN string s ON s.id = t.string_id "
                  f"WHERE s.project_id = {pid} ORDER BY s.id")
    assert got == [(near, str(expected)), (got[1][0], None)], got
