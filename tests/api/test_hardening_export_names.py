"""
Hardening: names that become paths on a client's disk (zip-slip).

Export patterns are checked when they are set (add-file, update-file,
add-directory, change-directory), and every ZIP entry name is checked again
when the archive is written.  A download unzipped into a directory, by
Python's zipfile and by a naive join-and-write unzipper, never writes
outside it, and never holds two entries with one name.
"""
import io
import os
import zipfile

import pytest

from v1_content_helpers import *  # noqa: F401,F403  (fixtures and helpers)

PROPS = b"a=Apple\n"
PO = b'msgid "Hello"\nmsgstr ""\n'

BAD_PATTERNS = [
    "../../evil/%locale%/a.po",
    "/../%locale%.po",
    "..\\..\\x\\%locale%.po",
    "%osx_locale%.lproj/../../x.po",
    "%locale%/./a.po",
    "/out/%locale%\r\nX-Evil: 1/a.po",
    "/out/%locale%\n.po",
    "/out/%locale%\x7f.po",
    "C:/Windows/%locale%.po",
    "c:%locale%.po",
    "/out/a.po",            # no language placeholder: every language into one entry
    "//",
    "x" * 1100 + "%locale%",
]


def assert_safe_zip(data, tmp_path):
    """Unzip two ways into tmp_path/out; nothing may land outside it."""
    z = zipfile.ZipFile(io.BytesIO(data))
    names = z.namelist()
    assert len(names) == len(set(names)), f"duplicate entries: {names}"
    for n in names:
        assert n and not n.startswith("/") and "\\" not in n, n
        assert all(seg not in ("", ".", "..") for seg in n.split("/")), n
        assert not any(ord(ch) < 0x20 or ord(ch) == 0x7f for ch in n), repr(n)
        assert not (len(n) > 1 and n[1] == ":"), n
    out = tmp_path / "out"
    out.mkdir()
    z.extractall(out)
    # a careless unzipper: join and write, no sanitising
    naive = tmp_path / "naive" / "inner"
    naive.mkdir(parents=True)
    for n in names:
        target = os.path.realpath(os.path.join(naive, n))
        assert target.startswith(str(naive) + os.sep), f"{n!r} escapes to {target}"
    outside = [p for p in tmp_path.rglob("*")
               if p.is_file() and not str(p).startswith(str(out) + os.sep)]
    assert outside == []
    return names


@pytest.mark.parametrize("pattern", BAD_PATTERNS)
def test_add_file_refuses_unsafe_export_pattern(content, pattern):
    with content.unchanged(repr(pattern)):
        content.err(27, "add-file", {"export_patterns[a.po]": pattern}, files={"a.po": PO})


def test_unsafe_pattern_error_explains(content):
    r = content.call("add-file", {"export_patterns[a.po]": "../x/%locale%.po"}, files={"a.po": PO})
    assert r.status_code == 400
    err = r.data["error"]
    assert err["code"] == 27 and err["message"] == "One or several parameters are invalid"
    assert ".." in err["details"], err


@pytest.mark.parametrize("pattern", BAD_PATTERNS[:6])
def test_update_file_refuses_unsafe_export_pattern(content, pattern):
    content.add_files({"a.po": PO})
    with content.unchanged(repr(pattern)):
        content.err(27, "update-file", {"export_patterns[a.po]": pattern}, files={"a.po": PO})


@pytest.mark.parametrize("pattern", BAD_PATTERNS[:6] + ["/res/values"])
def test_directory_patterns_refused(content, pattern):
    with content.unchanged(repr(pattern)):
        content.err(27, "add-directory", {"name": "d", "export_pattern": pattern})
    content.add_dir("e")
    with content.unchanged(repr(pattern)):
        content.err(27, "change-directory", {"name": "e", "export_pattern": pattern})


def test_multilingual_csv_pattern_needs_no_language(content):
    csv = b"key,en,fr\nhello,Hello,\n"
    content.add_files({"all.csv": csv}, scheme="identifier,source_phrase,fr",
                      first_line_contains_header=1,
                      **{"export_patterns[all.csv]": "/out/all.csv"})
    assert "out/all.csv" in content.download()


def test_stored_unsafe_patterns_never_reach_the_zip(content, srv, tmp_path):
    """Rows written before the check existed (or by hand) fall back to the default layout."""
    content.add_dir("d")
    content.add_files({"d/a.po": PO, "b.properties": PROPS})
    bad = {"a.po": "../../evil/%locale%/a.po", "b.properties": "..\\..\\x\\%locale%.properties"}
    for name, pattern in bad.items():
        srv.sql(f"UPDATE node SET export_pattern = '{pattern}' WHERE name = '{name}' AND "
                f"project_id = (SELECT id FROM project WHERE identifier = '{content.id}')")
    srv.sql("UPDATE node SET export_pattern = '/x/%locale%\n/../../y.po' WHERE kind = 'directory' "
            f"AND project_id = (SELECT id FROM project WHERE identifier = '{content.id}')")
    # a pattern change bumps the revision in the API; here the rows changed by hand
    content.ok("edit-project", {"name": "rebuilt"})
    names = assert_safe_zip(content.download_raw().content, tmp_path)
    assert sorted(names) == sorted(f"{lang}/{p}" for lang in ("fr", "de", "uk")
                                   for p in ("d/a.po", "b.properties"))


def test_placeholder_expanding_to_dotdot_falls_back(content, tmp_path):
    """%file_name% of a file named "...po" is "..": caught when the entry is written."""
    content.add_files({"...po": PO}, **{"export_patterns[...po]": "/%locale%/%file_name%/x.po"})
    names = assert_safe_zip(content.download_raw().content, tmp_path)
    assert sorted(names) == ["de/...po", "fr/...po", "uk/...po"]


def test_colliding_patterns_made_unique(content, tmp_path):
    content.add_files({"a.properties": b"a=A\n", "b.properties": b"b=B\n"},
                      **{"export_patterns[a.properties]": "/l10n/%two_letters_code%.properties",
                         "export_patterns[b.properties]": "/l10n/%two_letters_code%.properties"})
    z = unzip(content.download_raw("fr").content)
    assert sorted(z) == ["l10n/fr (2).properties", "l10n/fr.properties"]
    assert sorted(z.values()) == [b"a=A\n", b"b=B\n"]
    assert_safe_zip(content.download_raw().content, tmp_path)


def test_same_file_name_twice_in_one_request_refused(content):
    parts = [("files[a.po]", ("a.po", PO)), ("files[a.po]", ("a.po", PO + b"\n"))]
    with content.unchanged("files[a.po] twice"):
        r = content.call("add-file", files=parts)
        code, _ = r.error()
        assert code == 27, r.text
        r = content.call("update-file", files=parts)
        assert r.error()[0] in (27, 8), r.text


def test_safe_patterns_still_work(content, tmp_path):
    content.add_dir("res")
    content.ok("change-directory", {"name": "res", "export_pattern": "/android/values-%android_code%"})
    content.add_files({"res/strings.properties": PROPS, "x.po": PO},
                      **{"export_patterns[x.po]": "/locale/%locale_with_underscore%/LC_MESSAGES/x.po"})
    names = assert_safe_zip(content.download_raw().content, tmp_path)
    assert "locale/fr_FR/LC_MESSAGES/x.po" in names
    assert "android/values-fr-rFR/strings.properties" in names


@pytest.mark.parametrize("name,want", [
    ('q"; filename*=UTF-8\'\'evil.exe;x=".po',
     'attachment; filename="q_; filename*=UTF-8\'\'evil.exe;x=_.po"; '
     'filename*=UTF-8\'\'q%22%3B%20filename%2A%3DUTF-8%27%27evil.exe%3Bx%3D%22.po'),
    ("été.po", 'attachment; filename="__t__.po"; filename*=UTF-8\'\'%C3%A9t%C3%A9.po'),
    ("plain-name_1.po", 'attachment; filename="plain-name_1.po"'),
])
def test_export_file_content_disposition_escaped(content, name, want):
    # multipart field names can't carry '"' as is: rename through new_names[] (a plain value)
    content.add_files({"a.po": PO})
    content.update_files({"a.po": PO}, **{"new_names[a.po]": name})
    r = content.export_file(name, "fr")
    assert r.status_code == 200, r.text
    assert r.headers["Content-Disposition"] == want
    assert list(r.headers).count("Content-Disposition") == 1
