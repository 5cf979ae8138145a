"""export, export-status, download/{package}.zip, export-file (crowdin-v1.md §2.9-§2.12, seed 002)."""
import re
import time

from conftest import assert_v1_error, assert_xml_doc, children
from v1_content_helpers import *  # noqa: F401,F403  (fixtures and helpers)

PROPS = b"# Greetings\na=Apple pie\nb=Banana split\nc=Cherry\n"
ISO = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+0000$")


def fr_of(zipped, name="fr/a.properties"):
    return parse_properties(zipped[name])


# ------------------------------------------------------------------ export

def test_export_paths_built_then_skipped(content):
    content.add_files({"a.properties": PROPS})
    r = content.ok("export", fmt=None, method="GET")     # default XML, seed 002
    assert_xml_doc(r)
    assert re.search(r'<success status="built"\s*/>', r.text), r.text
    r = content.ok("export", method="GET")
    assert r.ctype == "application/json" and r.data == {"success": {"status": "skipped"}}
    assert content.export(method="POST", fmt="xml") == "skipped"
    assert content.export(path="export/") == "skipped"
    assert content.export(fmt="jsonp") == "skipped"
    # a single-language package is built on its own
    assert content.export("fr") == "built"
    assert content.export("fr", method="POST", fmt="xml") == "skipped"
    assert content.export("de", fmt=None) == "built"
    # any change: built again, whichever path
    content.upload("fr", {"a.properties": b"a=Tarte\n"})
    assert content.export(path="export/", fmt="xml") == "built"
    assert content.export("fr", method="POST") == "built"
    assert content.export(path="export/") == "skipped"
    assert fr_of(content.download())["a"] == "Tarte"
    assert fr_of(content.download("fr"))["a"] == "Tarte"


def test_export_built_after_each_content_change(content):
    content.add_dir("d")
    content.add_files({"d/a.properties": PROPS})
    assert content.export() == "built"
    changes = [
        ("add-directory", lambda: content.add_dir("e")),
        ("add-file", lambda: content.add_files({"e/b.properties": b"x=Ex\n"})),
        ("update-file", lambda: content.update_files({"e/b.properties": b"x=Ex\ny=Why\n"})),
        ("upload-translation", lambda: content.upload("fr", {"d/a.properties": b"a=Tarte\n"})),
        ("upload-translation approved", lambda: content.upload(
            "fr", {"d/a.properties": b"a=Tarte\n"}, import_duplicates=1,
            auto_approve_imported=1)),
        ("change-directory", lambda: content.ok("change-directory",
                                                {"name": "e", "new_name": "f"})),
        ("change-directory pattern", lambda: content.ok(
            "change-directory", {"name": "f", "export_pattern": "/ff/%locale%"})),
        ("delete-file", lambda: content.delete_file("f/b.properties")),
        ("delete-directory", lambda: content.ok("delete-directory", {"name": "f"})),
        ("add-branch", lambda: content.add_dir("v2", is_branch=1)),
        ("edit-project languages", lambda: content.edit(**{"languages[0]": "fr",
                                                           "languages[1]": "de"})),
    ]
    for what, change in changes:
        change()
        assert content.export() == "built", f"export after {what}"
        assert content.export() == "skipped", f"second export after {what}"
    assert sorted(content.download()) == ["de/d/a.properties", "fr/d/a.properties"]


def test_export_built_after_rename_with_same_content(content):
    """update-file with new_names[] and identical bytes renames the file: the ZIP changes."""
    content.add_files({"old.properties": PROPS})
    assert content.export() == "built"
    content.update_files({"old.properties": PROPS},
                         **{"new_names[old.properties]": "new.properties"})
    assert content.tree() == {"new.properties": "file"}
    assert content.export() == "built"
    assert "fr/new.properties" in content.download()


def test_export_built_after_export_pattern_change_with_same_content(content):
    """update-file with export_patterns[] and identical bytes moves the file in the ZIP."""
    content.add_files({"a.properties": PROPS})
    assert content.export() == "built"
    content.update_files({"a.properties": PROPS},
                         **{"export_patterns[a.properties]": "/out/%two_letters_code%.properties"})
    assert content.export() == "built"
    assert "out/fr.properties" in content.download()


def test_export_built_after_export_flag_change(content):
    """edit-project export_translated_only changes every file of the ZIP."""
    content.add_files({"a.properties": PROPS})
    content.upload("fr", {"a.properties": b"a=Tarte\n"})
    assert content.export() == "built"
    assert fr_of(content.download()) == {"a": "Tarte", "b": "Banana split", "c": "Cherry"}
    content.edit(export_translated_only=1)
    assert content.export() == "built"
    assert fr_of(content.download()) == {"a": "Tarte"}


def test_export_minimum_interval(content):
    content.add_files({"a.properties": PROPS})
    content.setting("export_interval_minutes", 30)
    assert content.export() == "built"
    content.upload("fr", {"a.properties": b"a=Tarte\n"})
    # a change, but the last build is younger than 30 minutes
    assert content.export() == "skipped"
    assert content.export(fmt="xml", method="POST") == "skipped"
    # the CLIs still download after "skipped": the previous build
    assert fr_of(content.download())["a"] == "Apple pie"
    content.setting("export_interval_minutes", 0)
    assert content.export() == "built"
    assert fr_of(content.download())["a"] == "Tarte"


def test_export_async_and_export_status(content):
    content.add_files({"a.properties": PROPS})
    # never built
    for fmt in ("json", "xml"):
        r = content.ok("export-status", fmt=fmt, method="GET")
        if fmt == "json":
            assert r.data == {"success": True, "status": "none", "progress": 0,
                              "last_build": "never"}
        else:
            assert r.xml.tag == "success"
            assert children(r.xml) == ["status", "progress", "last_build"]
            assert r.xml.findtext("status") == "none"
    content.upload("fr", {"a.properties": b"a=Tarte\n"})
    st = content.export(**{"async": 1})
    assert st in ("in-progress", "built"), st
    deadline = time.time() + 20
    while True:
        d = content.ok("export-status").data
        assert d["success"] is True and d["status"] in ("in-progress", "finished"), d
        assert type(d["progress"]) is int and 0 <= d["progress"] <= 100, d
        if d["status"] == "finished":
            break
        assert time.time() < deadline, f"async export did not finish: {d}"
        time.sleep(0.1)
    assert d["progress"] == 100 and ISO.match(d["last_build"]), d
    r = content.ok("export-status", fmt="xml", method="POST")
    assert r.xml.findtext("status") == "finished" and r.xml.findtext("progress") == "100"
    # the background build is the current one
    assert content.export() == "skipped"
    assert fr_of(content.download())["a"] == "Tarte"
    assert ISO.match(content.info()["details"]["last_build"])


def test_export_errors(content):
    content.add_dir("plain")
    content.add_files({"a.properties": PROPS})
    with content.unchanged("export errors"):
        for fmt in ("json", "xml"):
            for lang in ("xx", "es-ES"):
                msg = content.err(10, f"export/{lang}", fmt=fmt, method="GET", status=404)
                assert msg == "Language was not found"
            for branch in ("nope", "plain"):
                msg = content.err(17, "export", {"branch": branch}, fmt=fmt, status=404)
                assert msg == "Specified directory was not found"
                content.err(17, "export-status", {"branch": branch}, fmt=fmt)
                content.err(17, "download/all.zip", {"branch": branch}, fmt=fmt, method="GET")
            content.err(10, "download/xx.zip", fmt=fmt, method="GET")
            content.err(10, "download/es-ES.zip", fmt=fmt, method="GET")


def test_export_branch(content):
    content.add_dir("v2", is_branch=1)
    content.add_files({"a.properties": PROPS})
    content.add_files({"b.properties": PROPS}, branch="v2")
    assert content.export(branch="v2") == "built"
    assert content.export(branch="v2") == "skipped"
    assert content.export() == "built"
    content.upload("fr", {"b.properties": b"a=Tarte\n"}, branch="v2")
    assert content.export(branch="v2") == "built"
    d = content.ok("export-status", {"branch": "v2"}).data
    assert d["status"] in ("finished", "none") and d["success"] is True
    assert fr_of(content.download(branch="v2"), "fr/b.properties")["a"] == "Tarte"


# ------------------------------------------------------------------ download

def test_download_headers_and_raw_bytes(content):
    content.add_dir("d")
    content.add_files({"d/a.properties": PROPS})
    content.upload("fr", {"d/a.properties": b"a=Tarte\n"})
    assert content.export() == "built"
    bodies = set()
    for method in ("GET", "POST"):
        for fmt in ("json", "xml", None, "jsonp"):
            r = content.download_raw("all", method=method, fmt=fmt)
            assert r.status_code == 200, r.text
            assert r.ctype == "application/zip", r.headers
            assert r.headers["Content-Disposition"] == 'attachment; filename="all.zip"'
            assert r.content[:4] == b"PK\x03\x04"
            bodies.add(r.content)
    assert len(bodies) == 1
    z = unzip(bodies.pop())
    assert sorted(z) == ["de/d/a.properties", "fr/d/a.properties", "uk/d/a.properties"]
    assert fr_of(z, "fr/d/a.properties")["a"] == "Tarte"
    assert z["uk/d/a.properties"] == PROPS
    # one language
    r = content.download_raw("fr", method="POST")
    assert r.headers["Content-Disposition"] == 'attachment; filename="fr.zip"'
    assert sorted(unzip(r.content)) == ["fr/d/a.properties"]
    # errors: the v1 error body, never Content-Disposition
    for fmt in ("json", "xml"):
        r = content.download_raw("xx", fmt=fmt)
        assert_v1_error(r, 10, 404)
        r = content.call("download/all.zip", {"key": "wrong"}, fmt=fmt, method="GET",
                         auth=False)
        assert_v1_error(r, 1, 404)


def test_download_builds_on_the_fly(content):
    content.add_files({"a.properties": PROPS})
    content.upload("de", {"a.properties": b"b=Bananensplit\n"})
    z = content.download("de")
    assert sorted(z) == ["de/a.properties"]
    assert parse_properties(z["de/a.properties"])["b"] == "Bananensplit"
    z = content.download(method="POST")
    assert sorted(z) == ["de/a.properties", "fr/a.properties", "uk/a.properties"]


def test_download_serves_the_last_build(content):
    content.add_files({"a.properties": PROPS})
    assert content.export() == "built"
    content.upload("fr", {"a.properties": b"a=Tarte\n"})
    assert fr_of(content.download())["a"] == "Apple pie"
    assert content.export() == "built"
    assert fr_of(content.download())["a"] == "Tarte"


def test_download_branches(content):
    content.add_dir("v2", is_branch=1)
    content.add_dir("res", branch="v2")
    content.add_dir("src")
    content.add_files({"src/a.properties": PROPS})
    content.add_files({"res/b.properties": PROPS}, branch="v2")
    content.upload("fr", {"res/b.properties": b"b=Banane\n"}, branch="v2")
    # no branch: the main tree at the root plus each branch under "<branch>/"
    z = content.download()
    assert sorted(z) == sorted(
        [f"{l}/src/a.properties" for l in ("fr", "de", "uk")] +
        [f"v2/{l}/res/b.properties" for l in ("fr", "de", "uk")])
    assert parse_properties(z["v2/fr/res/b.properties"])["b"] == "Banane"
    # with branch: only that branch's files, no prefix; every way clients send it
    want = [f"{l}/res/b.properties" for l in ("fr", "de", "uk")]
    assert sorted(content.download(branch="v2")) == sorted(want)              # GET query
    assert sorted(content.download(method="POST", branch="v2")) == sorted(want)  # POST form
    r = content.call("download/all.zip", {"branch": "v2"}, method="POST", where="query")
    assert sorted(unzip(r.content)) == sorted(want)                            # Java SDK
    # crowdin-cli-py: a GET with a form-urlencoded body carrying json and branch
    r = content.call("download/all.zip", {"branch": "v2"}, method="GET", where="form")
    assert r.status_code == 200 and r.ctype == "application/zip", r.text[:300]
    assert sorted(unzip(r.content)) == sorted(want)
    r = content.call("download/fr.zip", {"branch": "v2"}, method="GET", where="form")
    assert sorted(unzip(r.content)) == ["fr/res/b.properties"]
    # a branch export does not change the main one
    assert sorted(content.download("de")) == ["de/src/a.properties", "v2/de/res/b.properties"]


# ------------------------------------------------------------------ export-file

def test_export_file(content):
    content.add_dir("d")
    content.add_files({"d/a.properties": PROPS})
    content.upload("fr", {"d/a.properties": b"a=Tarte aux pommes\n"})
    content.upload("fr", {"d/a.properties": b"b=Banane\n"}, auto_approve_imported=1)
    for method in ("GET", "POST"):
        for fmt in ("json", "xml"):
            r = content.export_file("d/a.properties", "fr", method=method, fmt=fmt)
            assert r.status_code == 200, r.text
            assert r.headers["Content-Disposition"] == 'attachment; filename="a.properties"'
            assert r.content == b"# Greetings\na=Tarte aux pommes\nb=Banane\nc=Cherry\n"
            assert r.headers.get("ETag")
    assert content.export_file("/d/a.properties", "de").content == PROPS
    # export_translated_only / export_approved_only
    only = content.export_file("d/a.properties", "fr", export_translated_only=1).content
    assert parse_properties(only) == {"a": "Tarte aux pommes", "b": "Banane"}
    appr = content.export_file("d/a.properties", "fr", export_approved_only=1).content
    assert parse_properties(appr) == {"a": "Apple pie", "b": "Banane", "c": "Cherry"}
    both = content.export_file("d/a.properties", "fr", export_approved_only=1,
                               export_translated_only=1).content
    assert parse_properties(both) == {"b": "Banane"}
    # the project flags are the defaults; a parameter overrides them
    content.edit(export_translated_only=1)
    assert parse_properties(content.export_file("d/a.properties", "fr").content) == \
        {"a": "Tarte aux pommes", "b": "Banane"}
    assert parse_properties(content.export_file("d/a.properties", "fr",
                                                export_translated_only=0).content)["c"] == "Cherry"


def test_export_file_etag(content):
    content.add_files({"a.properties": PROPS})
    r = content.export_file("a.properties", "fr")
    etag = r.headers["ETag"]
    assert re.match(r'^(W/)?"[^"]+"$', etag), etag
    assert content.export_file("a.properties", "fr").headers["ETag"] == etag
    r = content.export_file("a.properties", "fr", headers={"If-None-Match": etag})
    assert r.status_code == 304, r.text
    assert r.content == b""
    assert "Content-Disposition" not in r.headers
    r = content.export_file("a.properties", "fr", method="POST", headers={"If-None-Match": etag})
    assert r.status_code == 304 and r.content == b""
    # another language or a new translation: another tag, full reply
    r = content.export_file("a.properties", "de", headers={"If-None-Match": '"nope"'})
    assert r.status_code == 200 and r.content == PROPS
    content.upload("fr", {"a.properties": b"a=Tarte\n"})
    r = content.export_file("a.properties", "fr", headers={"If-None-Match": etag})
    assert r.status_code == 200 and r.headers["ETag"] != etag
    assert parse_properties(r.content)["a"] == "Tarte"


def test_export_file_errors(content):
    content.add_dir("d")
    content.add_dir("v2", is_branch=1)
    content.add_files({"d/a.properties": PROPS})
    content.add_files({"b.properties": PROPS}, branch="v2")
    assert content.export_file("b.properties", "fr", branch="v2").content == PROPS
    with content.unchanged("export-file errors"):
        for fmt in ("json", "xml"):
            for params in ({"file": "d/nope.properties", "language": "fr"},
                           {"file": "d", "language": "fr"},
                           {"file": "b.properties", "language": "fr"},
                           {"language": "fr"}):
                r = content.call("export-file", params, fmt=fmt, method="GET")
                assert assert_v1_error(r, 8, 404) == "File was not found"
            r = content.call("export-file", {"file": "d/a.properties"}, fmt=fmt, method="GET")
            assert_v1_error(r, 9, 400)
            for lang in ("xx", "es-ES"):
                r = content.export_file("d/a.properties", lang, fmt=fmt)
                assert assert_v1_error(r, 10, 404) == "Language was not found"
            r = content.export_file("b.properties", "fr", branch="nope", fmt=fmt)
            assert_v1_error(r, 17, 404)


# ------------------------------------------------------------------ big files

def big_po(n, translate=None):
    """A .po of n entries (a plural one in ten); translate(i) -> msgstr text or None."""
    out = ['msgid ""', 'msgstr ""', '"Content-Type: text/plain; charset=UTF-8\\n"', ""]
    for i in range(n):
        tr = translate(i) if translate else None
        out.append(f'msgctxt "screen.k_{i}"')
        if i % 10 == 7:
            out += [f'msgid "%d apple {i}"', f'msgid_plural "%d apples {i}"',
                    f'msgstr[0] "{tr + " one" if tr else ""}"', f'msgstr[1] "{tr + " many" if tr else ""}"']
        else:
            out += [f'msgid "Apple {i}"', f'msgstr "{tr or ""}"']
        out.append("")
    return "\n".join(out).encode()


def msgstrs(po):
    """{msgctxt: [msgstr texts]} of a file written by big_po's layout."""
    got, ctx = {}, None
    for line in po.decode().splitlines():
        if line.startswith("msgctxt "):
            ctx = line[9:-1]
            got[ctx] = []
        elif line.startswith("msgstr") and ctx:
            got[ctx].append(line.split(" ", 1)[1][1:-1])
    return got


def test_export_big_file_each_language_its_own_texts(content):
    """1,300 strings (several bulk batches): one build writes every language from one parse of
    the template, each unit with its own language's text, untranslated ones left as in it."""
    n = 1300
    content.add_files({"big.po": big_po(n)})
    content.upload("fr", {"big.po": big_po(n, lambda i: f"Pomme {i}")})
    content.upload("de", {"big.po": big_po(n, lambda i: f"Apfel {i}" if i % 3 == 0 else None)})
    assert content.export() == "built"
    z = content.download()
    fr, de, uk = (msgstrs(z[f"{lang}/big.po"]) for lang in ("fr", "de", "uk"))
    assert len(fr) == len(de) == len(uk) == n
    for i in range(n):
        k = f"screen.k_{i}"
        if i % 10 == 7:
            assert fr[k] == [f"Pomme {i} one", f"Pomme {i} many"], (k, fr[k])
            assert de[k] == ([f"Apfel {i} one", f"Apfel {i} many"] if i % 3 == 0 else ["", ""]), (k, de[k])
        else:
            assert fr[k] == [f"Pomme {i}"], (k, fr[k])
            assert de[k] == [f"Apfel {i}" if i % 3 == 0 else ""], (k, de[k])
        assert set(uk[k]) == {""}, (k, uk[k])
    # after the bulk transactions, small writes and exports go on as before
    content.upload("fr", {"big.po": b'msgctxt "screen.k_0"\nmsgid "Apple 0"\nmsgstr "Tarte"\n'},
                   import_duplicates=1, auto_approve_imported=1)
    assert content.export() == "built"
    assert msgstrs(content.download()["fr/big.po"])["screen.k_0"] == ["Tarte"]
