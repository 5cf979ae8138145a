"""upload-translation, status, language-status (crowdin-v1.md §2.2, §2.3, §2.8, §1.7)."""
from conftest import assert_xml_doc, children
from v1_content_helpers import *  # noqa: F401,F403  (fixtures and helpers)

PROPS = b"# Greetings\na=Apple pie\nb=Banana split\nc=Cherry\n"          # 3 strings, 5 words
PO = (b'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
      b'#. the title\nmsgid "Hello world"\nmsgstr ""\n\nmsgid "Bye"\nmsgstr ""\n\n'
      b'msgid "Fuzzy one"\nmsgstr ""\n')                                    # 3 strings, 5 words
PO_FR = (b'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n"Language: fr\\n"\n\n'
         b'msgid "Hello world"\nmsgstr "Bonjour le monde"\n\nmsgid "Bye"\nmsgstr ""\n\n'
         b'#, fuzzy\nmsgid "Fuzzy one"\nmsgstr "Un flou"\n')

STATUS_KEYS = ["name", "code", "phrases", "translated", "approved", "words", "words_translated",
               "words_approved", "translated_progress", "approved_progress"]
COUNT_KEYS = ["phrases", "translated", "approved", "words", "words_translated", "words_approved"]


def counts(content, lang="fr"):
    st = content.status()[lang]
    return tuple(int(st[k]) for k in COUNT_KEYS)


# ------------------------------------------------------------------ upload-translation

def test_upload_translation_reply_and_counts(content):
    content.add_dir("d")
    content.add_files({"d/a.properties": PROPS, "b.po": PO})
    r = content.upload("fr", {"/d/a.properties": b"a=Tarte aux pommes\nc=Cerise\n",
                              "b.po": PO_FR})
    # keys exactly as the client sent them, leading "/" included (crowdin-cli-py)
    assert r == {"/d/a.properties": "uploaded", "b.po": "uploaded"}
    r = content.upload("uk", {"/d/a.properties": b"a=Yabluchnyi pyrih\n"}, fmt="xml")
    assert r == {"/d/a.properties": "uploaded"}
    # a, c and "Hello world"; the fuzzy entry and the empty msgstr are not translations
    assert counts(content) == (6, 3, 0, 10, 5, 0)
    assert counts(content, "de") == (6, 0, 0, 10, 0, 0)
    assert counts(content, "uk") == (6, 1, 0, 10, 2, 0)
    fr = parse_properties(content.export_file("d/a.properties", "fr").content)
    assert fr == {"a": "Tarte aux pommes", "b": "Banana split", "c": "Cerise"}


def test_upload_translation_skipped_and_import_duplicates(content):
    content.add_files({"a.properties": PROPS})
    tr = b"a=Tarte aux pommes\n"
    assert content.upload("fr", {"a.properties": tr}) == {"a.properties": "uploaded"}
    before = counts(content)
    # the same translation again: nothing to add
    with content.unchanged("same translation again"):
        assert content.upload("fr", {"a.properties": tr}) == {"a.properties": "skipped"}
        assert content.upload("fr", {"a.properties": tr}, import_duplicates=0,
                              fmt="xml") == {"a.properties": "skipped"}
        # a file with no known keys adds nothing
        assert content.upload("fr", {"a.properties": b"zzz=Unknown key\n"}) == \
            {"a.properties": "skipped"}
    # import_duplicates=1 adds it anyway; the string is still counted once
    assert content.upload("fr", {"a.properties": tr}, import_duplicates=1) == \
        {"a.properties": "uploaded"}
    assert counts(content) == before


def test_upload_translation_import_eq_suggestions(content):
    content.add_files({"a.properties": PROPS})
    same = b"a=Apple pie\nc=Cherry\n"   # equal to the source
    with content.unchanged("translation equal to the source"):
        assert content.upload("de", {"a.properties": same}) == {"a.properties": "skipped"}
        assert content.upload("de", {"a.properties": same}, import_eq_suggestions=0) == \
            {"a.properties": "skipped"}
    assert content.upload("de", {"a.properties": same}, import_eq_suggestions=1) == \
        {"a.properties": "uploaded"}
    assert counts(content, "de") == (3, 2, 0, 5, 3, 0)


def test_upload_translation_auto_approve(content):
    content.add_files({"a.properties": PROPS})
    content.upload("fr", {"a.properties": b"a=Tarte aux pommes\n"})
    content.upload("fr", {"a.properties": b"b=Banane\nc=Cerise\n"}, auto_approve_imported=1)
    assert counts(content) == (3, 3, 2, 5, 5, 3)
    st = content.status()["fr"]
    assert (st["translated_progress"], st["approved_progress"]) == (100, 66)
    # a newer approved translation replaces the exported text
    content.upload("fr", {"a.properties": b"a=Tarte\n"}, auto_approve_imported=1)
    assert counts(content) == (3, 3, 3, 5, 5, 5)
    fr = parse_properties(content.export_file("a.properties", "fr").content)
    assert fr == {"a": "Tarte", "b": "Banane", "c": "Cerise"}
    # auto_approve_imported=0 adds a suggestion; the approved text still wins in the export
    content.upload("fr", {"a.properties": b"a=Autre tarte\n"}, auto_approve_imported=0)
    assert parse_properties(content.export_file("a.properties", "fr").content)["a"] == "Tarte"


def test_upload_translation_errors_change_nothing(content):
    content.add_dir("d")
    content.add_files({"d/a.properties": PROPS, "b.po": PO})
    content.upload("fr", {"d/a.properties": b"a=Tarte\n"})
    tr = {"d/a.properties": b"b=Banane\n"}
    with content.unchanged("upload-translation errors"):
        for fmt in ("json", "xml"):
            content.err(9, "upload-translation", {}, files=tr, fmt=fmt, status=400)
            content.err(9, "upload-translation", {"language": ""}, files=tr, fmt=fmt)
            for lang in ("xx", "es-ES"):   # unknown, and known but not in the project
                msg = content.err(10, "upload-translation", {"language": lang}, files=tr,
                                  fmt=fmt, status=404)
                assert msg == "Language was not found"
            msg = content.err(8, "upload-translation", {"language": "fr"},
                              files={"d/nope.properties": b"a=x\n"}, fmt=fmt, status=404)
            assert msg == "File was not found"
            content.err(8, "upload-translation", {"language": "fr"}, files={"d": b"a=x\n"},
                        fmt=fmt)
            content.err(4, "upload-translation", {"language": "fr"}, fmt=fmt)
            content.err(17, "upload-translation", {"language": "fr", "branch": "nope"},
                        files=tr, fmt=fmt)
            msg, why = content.err_details(
                6, "upload-translation", {"language": "fr"},
                files={"b.po": b'msgid "Bye"\nmsgstr "Salut"\nmsgstr\n'}, fmt=fmt)
            assert msg == "File was uploaded with error" and "line 3" in why, (msg, why)
        # a good file before a missing or broken one is not imported either
        content.err(8, "upload-translation", {"language": "fr"},
                    files={"d/a.properties": b"b=Banane\n", "d/nope.properties": b"a=x\n"})
        content.err(6, "upload-translation", {"language": "fr"},
                    files={"d/a.properties": b"b=Banane\n", "b.po": b'msgid "x"\nmsgstr\n'})


def test_upload_translation_branch_keys(content):
    content.add_dir("v2", is_branch=1)
    content.add_dir("res", branch="v2")
    content.add_files({"res/a.properties": PROPS}, branch="v2")
    content.add_files({"a.properties": PROPS})
    # keyed as the client named the file: no branch prefix, not normalised
    r = content.upload("fr", {"res/a.properties": b"a=Tarte\n"}, branch="v2")
    assert r == {"res/a.properties": "uploaded"}
    r = content.upload("de", {"/res/a.properties": b"a=Apfelkuchen\n"}, branch="v2", fmt="xml")
    assert r == {"/res/a.properties": "uploaded"}
    r = content.upload("fr", {"a.properties": b"b=Banane\n"})
    assert r == {"a.properties": "uploaded"}
    tree = content.lang_status("fr")["files"]
    by_name = {n["name"]: n for n in tree}
    assert by_name["a.properties"]["translated"] == "1"
    assert by_name["v2"]["node_type"] == "branch"
    assert by_name["v2"]["files"][0]["files"][0]["translated"] == "1"
    with content.unchanged():
        content.err(8, "upload-translation", {"language": "fr"},
                    files={"res/a.properties": b"a=x\n"})


# ------------------------------------------------------------------ status

def test_status_empty_project(content):
    rows = content.ok("status").data
    assert [r["code"] for r in rows] == ["fr", "de", "uk"]
    for r in rows:
        assert list(r) == STATUS_KEYS
        assert [r[k] for k in COUNT_KEYS] == ["0"] * 6
        assert (r["translated_progress"], r["approved_progress"]) == (0, 0)


def test_status_counts_types_and_xml(content):
    content.add_dir("x/y", recursive=1)
    content.add_files({"x/y/a.properties": PROPS, "b.po": PO})
    content.upload("fr", {"x/y/a.properties": b"a=Tarte aux pommes\nb=Banane\n"},
                   auto_approve_imported=1)
    content.upload("fr", {"b.po": PO_FR})
    content.upload("uk", {"x/y/a.properties": b"c=Vyshnia\n"})
    rows = content.ok("status").data
    assert isinstance(rows, list) and [r["name"] for r in rows] == ["French", "German",
                                                                    "Ukrainian"]
    by = {r["code"]: r for r in rows}
    for r in rows:
        assert list(r) == STATUS_KEYS
        for k in COUNT_KEYS:
            assert type(r[k]) is str and r[k].isdigit(), (k, r)   # strings (§1.7, Go client)
        for k in ("translated_progress", "approved_progress"):
            assert type(r[k]) is int, (k, r)                       # numbers
    fr = by["fr"]
    assert [fr[k] for k in COUNT_KEYS] == ["6", "3", "2", "10", "6", "4"]
    assert (fr["translated_progress"], fr["approved_progress"]) == (50, 33)
    assert [by["uk"][k] for k in COUNT_KEYS] == ["6", "1", "0", "10", "1", "0"]
    assert by["uk"]["translated_progress"] == 16
    assert [by["de"][k] for k in COUNT_KEYS] == ["6", "0", "0", "10", "0", "0"]
    # XML: <status><language>...</language>...</status>, same values
    r = content.ok("status", fmt="xml")
    assert_xml_doc(r)
    assert r.xml.tag == "status" and children(r.xml) == ["language"] * 3
    langs = list(r.xml)
    assert children(langs[0]) == STATUS_KEYS
    assert [langs[0].findtext(k) for k in STATUS_KEYS] == \
        ["French", "fr", "6", "3", "2", "10", "6", "4", "50", "33"]
    # jsonp carries the same array
    assert content.ok("status", fmt="jsonp").data == rows


def test_status_languages_filter(content):
    content.add_files({"a.properties": PROPS})
    assert list(content.status([("languages[]", "de")])) == ["de"]
    assert list(content.status([("languages[0]", "uk"), ("languages[1]", "fr")])) == ["fr", "uk"]
    assert list(content.status([("languages[fr]", "fr")])) == ["fr"]
    assert list(content.status([("languages", "de"), ("languages", "uk")])) == ["de", "uk"]
    # a language outside the project is not listed
    assert list(content.status([("languages[]", "es-ES"), ("languages[]", "fr")])) == ["fr"]
    r = content.ok("status", [("languages[]", "uk")], fmt="xml")
    assert [l.findtext("code") for l in r.xml] == ["uk"]
    content.err(24, "status", {"languages": "fr"})


# ------------------------------------------------------------------ language-status

def test_language_status_tree(content):
    content.add_dir("x/y", recursive=1)
    content.add_dir("empty")
    content.add_dir("v2", is_branch=1)
    content.add_files({"x/y/a.properties": PROPS, "x/b.po": PO, "top.properties": PROPS})
    content.add_files({"c.properties": PROPS}, branch="v2")
    content.upload("fr", {"x/y/a.properties": b"a=Tarte aux pommes\nb=Banane\n"},
                   auto_approve_imported=1)
    content.upload("fr", {"c.properties": b"c=Cerise\n"}, branch="v2")
    d = content.lang_status("fr")
    assert list(d) == ["files"]

    def shape(items):
        out = []
        for it in items:
            assert type(it["id"]) is str and it["id"].isdigit(), it
            if it["node_type"] == "file":
                assert list(it) == ["node_type", "id", "name"] + COUNT_KEYS, it
                assert all(type(it[k]) is str for k in COUNT_KEYS), it
                out.append((it["name"], tuple(int(it[k]) for k in COUNT_KEYS)))
            else:
                assert list(it) == ["node_type", "id", "name", "files"], it
                out.append((it["node_type"], it["name"], shape(it["files"])))
        return out

    assert shape(d["files"]) == [
        ("directory", "x", [
            ("directory", "y", [("a.properties", (3, 2, 2, 5, 4, 4))]),
            ("b.po", (3, 0, 0, 5, 0, 0)),
        ]),
        ("directory", "empty", []),
        ("branch", "v2", [("c.properties", (3, 1, 0, 5, 1, 0))]),
        ("top.properties", (3, 0, 0, 5, 0, 0)),
    ]
    # XML: <status><files><item>... with nested <files>
    r = content.ok("language-status", {"language": "fr"}, fmt="xml")
    assert_xml_doc(r)
    assert r.xml.tag == "status" and children(r.xml) == ["files"]
    items = list(r.xml.find("files"))
    assert [i.findtext("name") for i in items] == ["x", "empty", "v2", "top.properties"]
    y = items[0].find("files").find("item")
    assert children(y) == ["node_type", "id", "name", "files"]
    a = y.find("files").find("item")
    assert children(a) == ["node_type", "id", "name"] + COUNT_KEYS
    assert a.findtext("translated") == "2" and a.findtext("words_approved") == "4"
    assert r.xml.find("files").find("item[2]").find("files") is not None


def test_language_status_errors(content):
    content.add_files({"a.properties": PROPS})
    with content.unchanged():
        for fmt in ("json", "xml"):
            content.err(9, "language-status", {}, fmt=fmt, status=400)
            for lang in ("xx", "es-ES"):
                msg = content.err(10, "language-status", {"language": lang}, fmt=fmt, status=404)
                assert msg == "Language was not found"


def test_properties_quote_escaping_round_trip(content):
    """escape_quotes=3 (default): quotes are doubled in strings with {0}-style arguments.
    A translated file written in that convention must come back out unchanged, and
    uploading an exported file again must change nothing."""
    content.add_files({"m.properties": b"a=File {0} was not found\nc=Don't\n"})
    tr = b"a=Le fichier {0} n''a pas \\u00E9t\\u00E9 trouv\\u00E9\nc=N'est pas\n"
    content.upload("fr", {"m.properties": tr})
    out = content.export_file("m.properties", "fr").content
    assert out == tr
    assert content.upload("fr", {"m.properties": out}) == {"m.properties": "skipped"}
    assert content.export_file("m.properties", "fr").content == tr


PO_PLURAL = (b'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
             b'"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n\n'
             b'msgid "%d file"\nmsgid_plural "%d files"\nmsgstr[0] ""\nmsgstr[1] ""\n')
PO_PLURAL_UK = (b'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
                b'"Plural-Forms: nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && '
                b'n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);\\n"\n\n'
                b'msgid "%d file"\nmsgid_plural "%d files"\n'
                + 'msgstr[0] "%d файл"\nmsgstr[1] "%d файли"\nmsgstr[2] "%d файлів"\n'.encode())


def test_upload_translation_plural_without_other_form(content):
    """Ukrainian .po plurals have three forms (one, few, many) and no "other":
    every form is imported and comes back out in the export."""
    content.add_files({"p.po": PO_PLURAL})
    assert content.upload("uk", {"p.po": PO_PLURAL_UK}) == {"p.po": "uploaded"}
    assert counts(content, "uk")[:2] == (1, 1)
    out = content.export_file("p.po", "uk").content.decode()
    for i, form in enumerate(["%d файл", "%d файли", "%d файлів"]):
        assert f'msgstr[{i}] "{form}"' in out
