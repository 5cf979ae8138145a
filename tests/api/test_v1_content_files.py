"""add-file, update-file, delete-file (crowdin-v1.md §2.5-§2.7, §5)."""
import pytest

from conftest import assert_v1_error
from v1_content_helpers import *  # noqa: F401,F403  (fixtures and helpers)

PROPS = b"# Greetings\na=Apple pie\nb=Banana split\nc=Cherry\n"          # 3 strings, 5 words
PO = (b'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
      b'#. the title\nmsgid "Hello world"\nmsgstr ""\n\nmsgid "Bye"\nmsgstr ""\n')  # 2, 3
STRINGS = b'/* Title */\n"title" = "My nice app";\n"ok" = "OK";\n'          # 2, 4
SEED6 = "File was uploaded with error"   # code 6: exactly the seed's text; the why in details
BAD_PO = b'msgid "a"\nmsgstr "b"\n\nmsgid "c"\nmsgstr\n'                     # error on line 5


def counts(content, lang="fr"):
    st = content.status()[lang]
    return {k: int(st[k]) for k in ("phrases", "translated", "approved", "words",
                                      "words_translated", "words_approved")}


# ------------------------------------------------------------------ add-file replies

def test_add_file_stats_reply(content):
    content.add_dir("dir")
    stats = content.add_files({"dir/a.properties": PROPS, "b.po": PO})            # JSON
    stats.update(content.add_files({"c.strings": STRINGS}, fmt="xml"))           # XML
    assert list(stats) == ["dir/a.properties", "b.po", "c.strings"]
    assert [(s["strings"], s["words"]) for s in stats.values()] == [(3, 5), (2, 3), (2, 4)]
    ids = [s["file_id"] for s in stats.values()]
    assert len(set(ids)) == 3 and all(i > 0 for i in ids)
    # file_id is the id info shows for the node
    info = content.info()
    by_name = {f["name"]: f for f in info["files"]}
    assert by_name["b.po"]["id"] == str(stats["b.po"]["file_id"])
    assert by_name["dir"]["files"][0]["id"] == str(stats["dir/a.properties"]["file_id"])
    st = counts(content)
    assert (st["phrases"], st["words"]) == (7, 12)


def test_add_file_twenty_files_titles_and_patterns(content, srv):
    files = {f"f{i:02}.properties": b"k%d=Value item\n" % i for i in range(20)}
    params = {"titles[f03.properties]": "Third", "export_patterns[f05.properties]":
              "/out/%two_letters_code%/five.properties"}
    stats = content.add_files(files, **params)
    assert sorted(stats) == sorted(files)
    assert all((s["strings"], s["words"]) == (1, 2) for s in stats.values())
    rows = dict((r[0], (r[1], r[2])) for r in srv.sql(
        "SELECT n.name, n.title, n.export_pattern FROM node n JOIN project p ON "
        f"p.id = n.project_id WHERE p.identifier = '{content.id}'"))
    assert rows["f03.properties"] == ("Third", "")
    assert rows["f05.properties"] == ("", "/out/%two_letters_code%/five.properties")
    assert rows["f00.properties"] == ("", "")
    zipped = content.download("fr")
    assert "out/fr/five.properties" in zipped
    assert "fr/f03.properties" in zipped and "fr/f05.properties" not in zipped


def test_add_file_more_than_twenty_is_45(content):
    files = {f"g{i:02}.properties": b"k=v\n" for i in range(21)}
    with content.unchanged("21 files"):
        content.err(45, "add-file", files=files)
        content.err(45, "add-file", files=files, fmt="xml")


def test_add_file_type_given_or_detected(content):
    # detected by extension: absent, empty and "auto" type all detect
    content.add_files({"a.po": PO})
    content.add_files({"b.properties": PROPS}, type="")
    content.add_files({"c.strings": STRINGS}, type="auto")
    # given: any name
    stats = content.add_files({"messages.txt": PROPS}, type="properties")
    assert stats["messages.txt"]["strings"] == 3
    stats = content.add_files({"noext": PO}, type="gettext")
    assert stats["noext"]["strings"] == 2
    stats = content.add_files({"weird.po": STRINGS}, type="macosx")
    assert stats["weird.po"]["strings"] == 2
    mimes = {p: content.export_file(p, "fr").headers.get("Content-Type")
             for p in ("a.po", "b.properties", "messages.txt", "noext", "weird.po")}
    assert mimes["a.po"] == mimes["noext"]
    assert mimes["b.properties"] == mimes["messages.txt"]
    assert mimes["weird.po"] != mimes["a.po"]
    # the exported file is written in the given format
    assert content.export_file("weird.po", "de").content == STRINGS
    assert content.export_file("messages.txt", "de").content == PROPS


def test_add_file_unknown_extension_is_7_bad_type_is_15(content):
    with content.unchanged("type errors"):
        for fmt in ("json", "xml"):
            content.err(7, "add-file", files={"a.unknownext": PROPS}, fmt=fmt)
            content.err(7, "add-file", {"type": "auto"}, files={"a.unknownext": PROPS}, fmt=fmt)
            content.err(7, "add-file", files={"noextension": PROPS}, fmt=fmt)
            content.err(15, "add-file", {"type": "no-such-type"}, files={"a.po": PO}, fmt=fmt)
        # a good file before the bad one is not stored either
        content.err(7, "add-file", files={"ok.po": PO, "a.unknownext": PROPS})


def test_add_file_csv_scheme(content):
    csv = b"id,text\nhello,Hello world\nbye,Bye\n"
    with content.unchanged("csv scheme errors"):
        for fmt in ("json", "xml"):
            content.err(16, "add-file", files={"t.csv": csv}, fmt=fmt)
            content.err(16, "add-file", {"type": "csv"}, files={"t.txt": csv}, fmt=fmt)
            content.err(28, "add-file", {"scheme": "identifier,bogus_column"},
                        files={"t.csv": csv}, fmt=fmt)
    stats = content.add_files({"t.csv": csv}, scheme="identifier,source_phrase",
                              first_line_contains_header="")
    assert (stats["t.csv"]["strings"], stats["t.csv"]["words"]) == (2, 3)


def test_add_file_parent_missing_is_17(content):
    content.add_dir("a")
    content.add_files({"a/f.properties": PROPS})
    with content.unchanged("missing parent"):
        for fmt in ("json", "xml"):
            msg = content.err(17, "add-file", files={"nope/x.po": PO}, fmt=fmt, status=404)
            assert msg == "Specified directory was not found"
            content.err(17, "add-file", files={"a/b/x.po": PO}, fmt=fmt)
            # a file is not a directory
            content.err(17, "add-file", files={"a/f.properties/x.po": PO}, fmt=fmt)
            content.err(17, "add-file", {"branch": "nope"}, files={"x.po": PO}, fmt=fmt)


def test_add_file_duplicate_is_5_then_update_file_works(content):
    content.add_dir("d")
    content.add_files({"d/a.properties": PROPS})
    with content.unchanged("duplicate"):
        for fmt in ("json", "xml"):
            content.err(5, "add-file", files={"d/a.properties": PROPS}, fmt=fmt)
            content.err(5, "add-file", files={"/d/a.properties": PROPS + b"z=Zed\n"}, fmt=fmt)
        # a new file in the same request is not stored either
        content.err(5, "add-file", files={"d/new.properties": PROPS, "d/a.properties": PROPS})
    # the Java CLI then retries with update-file
    assert content.update_files({"d/a.properties": PROPS + b"z=Zed\n"}) == \
        {"d/a.properties": "updated"}
    assert counts(content)["phrases"] == 4


def test_add_file_parse_error_is_6_and_stores_nothing(content):
    content.add_dir("d")
    with content.unchanged("parse error"):
        for fmt in ("json", "xml"):
            msg, why = content.err_details(6, "add-file", files={"d/bad.po": BAD_PO}, fmt=fmt)
            assert msg == SEED6 and "line 5" in why and "bad.po" in why, (msg, why)
            # valid files before and after the broken one are not added either
            msg, why = content.err_details(6, "add-file", files={"d/ok1.properties": PROPS,
                                                                  "d/bad.po": BAD_PO,
                                                                  "ok2.strings": STRINGS},
                                           fmt=fmt)
            assert msg == SEED6 and "line 5" in why, (msg, why)
        msg, why = content.err_details(6, "add-file",
                                       files={"s.strings": b'"a" = "b";\n"c" = ;\n'})
        assert msg == SEED6 and "line 2" in why, (msg, why)
    # nothing half-stored: the same names can be added now
    stats = content.add_files({"d/ok1.properties": PROPS, "d/bad.po": PO, "ok2.strings": STRINGS})
    assert len(stats) == 3


def test_add_file_scalar_arrays_and_no_files(content):
    with content.unchanged("array params as scalars"):
        content.err(4, "add-file", {})
        content.err(4, "add-file", {"type": "gettext"})
        content.err(21, "add-file", {"files": "a.po"})
        content.err(22, "add-file", {"titles": "T"}, files={"a.po": PO})
        content.err(23, "add-file", {"export_patterns": "/%locale%/a.po"}, files={"a.po": PO})


def test_add_file_leading_slash_and_branch(content):
    content.add_dir("v2", is_branch=1)
    content.add_dir("res", branch="v2")
    stats = content.add_files({"/top.properties": PROPS})
    assert list(stats) == ["top.properties"]
    stats = content.add_files({"res/a.properties": PROPS, "b.po": PO}, branch="v2", fmt="xml")
    assert sorted(stats) == ["b.po", "res/a.properties"]
    assert content.tree() == {"top.properties": "file", "v2": "branch", "v2/res": "directory",
                              "v2/res/a.properties": "file", "v2/b.po": "file"}
    # the branch's files are separate from the main tree
    with content.unchanged("dup in branch"):
        content.err(5, "add-file", {"branch": "v2"}, files={"b.po": PO})
        content.err(17, "add-file", {"branch": "v2"}, files={"nope/b.po": PO})
    content.add_files({"b.po": PO})
    assert counts(content)["phrases"] == 3 + 3 + 2 + 2


# ------------------------------------------------------------------ update-file

def _translated_abc(content):
    content.add_dir("d")
    content.add_files({"d/f.properties": PROPS})
    content.upload("fr", {"d/f.properties": b"a=Tarte aux pommes\nb=Banane\nc=Cerise\n"},
                   auto_approve_imported=1)
    st = counts(content)
    assert (st["phrases"], st["translated"], st["approved"], st["words"]) == (3, 3, 3, 5)


NEW_PROPS = b"# Greetings\na=Apple pie\nd=Date\nb=Banana smoothie bowl\n"   # b changed, c gone, d new


@pytest.mark.parametrize("option,translated,approved,b_text", [
    (None, 1, 1, "Banana smoothie bowl"),
    ("update_as_unapproved", 2, 1, "Banane"),
    ("update_without_changes", 2, 2, "Banane"),
])
def test_update_file_update_option(content, option, translated, approved, b_text):
    _translated_abc(content)
    params = {"update_option": option} if option else {}
    assert content.update_files({"d/f.properties": NEW_PROPS}, **params) == \
        {"d/f.properties": "updated"}
    st = counts(content)
    assert (st["phrases"], st["translated"], st["approved"]) == (3, translated, approved)
    fr = parse_properties(content.export_file("d/f.properties", "fr").content)
    # a kept (unchanged), d new (source text), c gone, b per option
    assert fr == {"a": "Tarte aux pommes", "d": "Date", "b": b_text}
    # approved-only export shows which translations kept their approval
    fr_appr = parse_properties(content.export_file("d/f.properties", "fr",
                                                   export_approved_only=1).content)
    assert fr_appr["b"] == ("Banane" if option == "update_without_changes"
                            else "Banana smoothie bowl")
    # the export follows the new source layout
    assert content.export_file("d/f.properties", "de").content == NEW_PROPS


def test_update_file_changed_string_word_counts(content):
    """A changed source text is counted with its new words (status, language-status, info)."""
    _translated_abc(content)
    content.update_files({"d/f.properties": NEW_PROPS}, update_option="update_as_unapproved")
    # a "Apple pie" 2 + d "Date" 1 + b "Banana smoothie bowl" 3
    st = counts(content)
    assert (st["words"], st["words_translated"], st["words_approved"]) == (6, 5, 2)
    files = content.lang_status("fr")["files"][0]["files"]
    assert (files[0]["words"], files[0]["words_translated"]) == ("6", "5")
    assert content.info()["details"]["total_words_count"] == "6"


def test_update_file_bad_update_option_changes_nothing(content):
    _translated_abc(content)
    with content.unchanged("bad update_option"):
        content.err(27, "update-file", {"update_option": "sometimes"},
                    files={"d/f.properties": NEW_PROPS})


def test_update_file_identical_is_skipped(content):
    content.add_files({"a.properties": PROPS, "b.po": PO})
    assert content.export() == "built"
    r = content.update_files({"a.properties": PROPS, "b.po": PO + b'\nmsgid "New"\nmsgstr ""\n'},
                             fmt="xml")
    assert r == {"a.properties": "skipped", "b.po": "updated"}
    assert counts(content)["phrases"] == 6
    assert content.export() == "built"
    with content.unchanged("identical re-upload"):
        assert content.update_files({"a.properties": PROPS}) == {"a.properties": "skipped"}
    assert content.export() == "skipped"


def test_update_file_new_names_rename(content):
    content.add_dir("d")
    content.add_files({"d/old.properties": PROPS})
    content.upload("fr", {"d/old.properties": b"a=Tarte\n"})
    r = content.update_files({"d/old.properties": PROPS + b"e=Egg\n"},
                             **{"new_names[d/old.properties]": "new.properties"})
    assert r == {"d/old.properties": "updated"}
    assert content.tree() == {"d": "directory", "d/new.properties": "file"}
    assert parse_properties(content.export_file("d/new.properties", "fr").content)["a"] == "Tarte"
    assert_v1_error(content.export_file("d/old.properties", "fr"), 8)
    assert counts(content)["translated"] == 1
    # the old name is free again, the new one is taken
    content.add_files({"d/old.properties": PROPS})
    with content.unchanged():
        content.err(5, "add-file", files={"d/new.properties": PROPS})


def test_update_file_rename_with_unchanged_content(content):
    content.add_files({"old.properties": PROPS})
    r = content.update_files({"old.properties": PROPS},
                             **{"new_names[old.properties]": "renamed.properties"})
    assert list(r) == ["old.properties"] and r["old.properties"] in ("skipped", "updated")
    assert content.tree() == {"renamed.properties": "file"}


def test_update_file_branch_reply_key(content):
    content.add_dir("v2", is_branch=1)
    content.add_dir("res", branch="v2")
    content.add_files({"res/a.properties": PROPS}, branch="v2")
    # keyed as the client named the file: no branch prefix, not normalised
    r = content.update_files({"res/a.properties": PROPS + b"x=Ex\n"}, branch="v2")
    assert r == {"res/a.properties": "updated"}
    r = content.update_files({"/res//a.properties": PROPS + b"x=Ex\n"}, branch="v2", fmt="xml")
    assert r == {"/res//a.properties": "skipped"}
    # without the branch the main tree is meant: not found
    with content.unchanged():
        content.err(8, "update-file", files={"res/a.properties": PROPS})
        content.err(17, "update-file", {"branch": "nope"}, files={"res/a.properties": PROPS})


def test_update_file_errors_change_nothing(content):
    content.add_dir("d")
    content.add_files({"d/a.po": PO})
    with content.unchanged("update-file errors"):
        for fmt in ("json", "xml"):
            msg = content.err(8, "update-file", files={"d/missing.po": PO}, fmt=fmt, status=404)
            assert msg == "File was not found"
            content.err(8, "update-file", files={"d": PO}, fmt=fmt)   # a directory
            content.err(47, "update-file", {"new_names": "x.po"}, files={"d/a.po": PO}, fmt=fmt)
            msg, why = content.err_details(6, "update-file", files={"d/a.po": BAD_PO}, fmt=fmt)
            assert msg == SEED6 and "line 5" in why
            content.err(4, "update-file", {}, fmt=fmt)
        # a good file before a missing one is not updated either
        content.err(8, "update-file", files={"d/a.po": PO + b'\nmsgid "N"\nmsgstr ""\n',
                                             "d/missing.po": PO})


# ------------------------------------------------------------------ delete-file

def test_delete_file(content):
    content.add_dir("d")
    content.add_files({"d/a.properties": PROPS, "d/b.po": PO})
    content.upload("fr", {"d/a.properties": b"a=Tarte\n"})
    st = counts(content)
    assert (st["phrases"], st["translated"], st["words"]) == (5, 1, 8)
    r = content.ok("delete-file", {"file": "d/a.properties"}, fmt="xml")
    assert r.xml.tag == "success" and len(r.xml) == 0
    st = counts(content)
    assert (st["phrases"], st["translated"], st["words"]) == (2, 0, 3)
    assert content.tree() == {"d": "directory", "d/b.po": "file"}
    with content.unchanged("delete-file missing"):
        for fmt in ("json", "xml"):
            for f in ("d/a.properties", "nope.po", "d", ""):
                msg = content.err(8, "delete-file", {"file": f}, fmt=fmt)
                assert msg == "File was not found"
            content.err(8, "delete-file", {}, fmt=fmt)
    # with a leading slash, JSON
    assert content.delete_file("/d/b.po").data == {"success": True}
    assert counts(content)["phrases"] == 0


def test_delete_file_in_branch(content):
    content.add_dir("v2", is_branch=1)
    content.add_files({"a.properties": PROPS}, branch="v2")
    content.add_files({"a.properties": PROPS})
    with content.unchanged():
        content.err(17, "delete-file", {"file": "a.properties", "branch": "nope"})
    content.delete_file("a.properties", branch="v2")
    assert content.tree() == {"v2": "branch", "a.properties": "file"}
    assert counts(content)["phrases"] == 3


def test_non_ascii_and_markup_names(content):
    """Names with é, &, < and > come back exactly, in XML attributes and JSON keys."""
    content.add_dir("dossier é")
    name = "dossier é/r&d <x> é.properties"
    stats = content.add_files({name: PROPS}, fmt="xml")
    assert list(stats) == [name]
    assert content.update_files({name: PROPS + b"z=Zed\n"}, fmt="xml") == {name: "updated"}
    assert content.upload("fr", {name: b"a=Tarte\n"}, fmt="xml") == {name: "uploaded"}
    assert content.upload("de", {name: b"a=Apfelkuchen\n"}) == {name: "uploaded"}
    assert content.tree() == {"dossier é": "directory", name: "file"}
    r = content.export_file(name, "fr")
    assert r.status_code == 200 and parse_properties(r.content)["a"] == "Tarte"


def test_zip_entry_names_are_utf8(content):
    """Non-ASCII names in the ZIP carry the UTF-8 flag (general purpose bit 11), so
    unzip tools and the CLIs (which match entry names exactly) read them as written."""
    import io
    import zipfile
    content.add_dir("dossier é")
    content.add_files({"dossier é/café.properties": PROPS})
    r = content.download_raw("fr")
    assert r.status_code == 200
    infos = zipfile.ZipFile(io.BytesIO(r.content)).infolist()
    assert [i.filename for i in infos] == ["fr/dossier é/café.properties"], \
        [(i.filename, hex(i.flag_bits)) for i in infos]
