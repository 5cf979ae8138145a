"""
upload-glossary and download-glossary (crowdin-v1.md 2.14): TBX and spreadsheets in, TBX out;
a bad file answers 25 with its reason and changes nothing.
"""
import xml.etree.ElementTree as ET

import pytest

from v1_content_helpers import Content, assert_v1_error

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

TBX = """<?xml version="1.0" encoding="UTF-8"?>
<martif type="TBX" xml:lang="en"><martifHeader><fileDesc><sourceDesc><p>test</p></sourceDesc>
</fileDesc></martifHeader><text><body>
<termEntry id="a1"><descrip type="definition">A saved state of a file</descrip>
 <langSet xml:lang="en-US"><tig><term>snapshot</term><termNote type="partOfSpeech">noun</termNote></tig></langSet>
 <langSet xml:lang="fr"><tig><term>instantané</term></tig></langSet>
 <langSet xml:lang="de"><tig><term>Schnappschuss</term></tig></langSet></termEntry>
<termEntry id="a2"><langSet xml:lang="en"><tig><term>branch &amp; merge</term></tig></langSet>
 <langSet xml:lang="fr"><descrip type="definition">git</descrip><tig><term>branche et fusion</term></tig></langSet></termEntry>
</body></text></martif>"""


def upload(c, data, name="g.tbx", action="upload-glossary", **params):
    return c.call(action, params, files=[("file", (name, data))])


def entries(c):
    r = c.call("download-glossary", {})
    assert r.status_code == 200 and "tbx" in r.headers["Content-Type"], r.text[:300]
    root = ET.fromstring(r.content)
    out = []
    for e in root.iter("termEntry"):
        out.append({ls.get(XML_LANG): [t.text for t in ls.iter("term")] for ls in e.iter("langSet")})
    return out, root


@pytest.fixture
def gc(srv):
    return Content(srv, srv.project(languages=("fr", "de")))


def test_tbx_in_and_out(gc):
    r = upload(gc, TBX.encode())
    assert r.status_code == 200 and r.json() == {"success": True}, r.text[:300]
    got, root = entries(gc)
    assert {"en": ["snapshot"], "fr": ["instantané"], "de": ["Schnappschuss"]} in got
    assert {"en": ["branch & merge"], "fr": ["branche et fusion"]} in got
    defs = [d.text for d in root.iter("descrip") if d.get("type") == "definition"]
    assert "A saved state of a file" in defs and "git" in defs
    assert "noun" in [n.text for n in root.iter("termNote")]
    # the spelling crowdin-java-client-v1 posts to adds a second concept of the same terms
    assert upload(gc, TBX.encode(), action="upload-glosssary").status_code == 200
    assert len(entries(gc)[0]) == 4


def test_spreadsheet_in(gc):
    csv = "term_en,description_en,none,term_fr\nrepository,where code lives,x,dépôt\n"
    assert_v1_error(upload(gc, csv.encode(), "g.csv"), 16)
    assert_v1_error(upload(gc, csv.encode(), "g.csv", scheme="term_en,bogus"), 28)
    r = upload(gc, csv.encode(), "g.csv", scheme="term_en,description_en,none,term_fr",
               first_line_contains_header="")
    assert r.status_code == 200, r.text[:300]
    got, root = entries(gc)
    assert got == [{"en": ["repository"], "fr": ["dépôt"]}]


def test_bad_files_change_nothing(gc):
    xxe = ('<?xml version="1.0"?><!DOCTYPE martif [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
           '<martif type="TBX"><text><body><termEntry><langSet xml:lang="en"><tig><term>&x;</term>'
           '</tig></langSet></termEntry></body></text></martif>')
    cut = TBX[:TBX.index("<termEntry id=\"a2\">") + 40]
    for bad in (xxe, cut, "<martif><text>"):
        assert_v1_error(upload(gc, bad.encode()), 25)
    assert entries(gc)[0] == [], "a refused file left terms"
    assert_v1_error(gc.call("upload-glossary", {}), 4)
