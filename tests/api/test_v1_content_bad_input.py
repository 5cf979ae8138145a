"""Bad input changes nothing: every failing content call leaves info, status,
language-status and the stored project row exactly as they were, and a success reply
always means the change was stored."""
from conftest import assert_v1_error
from v1_content_helpers import *  # noqa: F401,F403  (fixtures and helpers)

PROPS = b"# Greetings\na=Apple pie\nb=Banana split\nc=Cherry\n"
PO = b'msgid "Hello world"\nmsgstr ""\n\nmsgid "Bye"\nmsgstr ""\n'
BAD_PO = b'msgid "a"\nmsgstr "b"\n\nmsgid "c"\nmsgstr\n'
CSV = b"id,text\nhello,Hello\n"

# (action, params, files, code)
CASES = [
    ("add-directory", {"name": "d"}, None, 50),
    ("add-directory", {"name": "d/x/y"}, None, 17),
    ("add-directory", {"name": "x", "branch": "nope"}, None, 17),
    ("add-directory", {"name": "v2", "is_branch": 1}, None, 50),
    ("add-directory", {}, None, 27),
    ("change-directory", {"name": "nope", "new_name": "z"}, None, 26),
    ("change-directory", {"name": "d/a.properties", "title": "T"}, None, 26),
    ("delete-directory", {"name": "nope"}, None, 26),
    ("delete-directory", {"name": "d", "branch": "nope"}, None, 17),
    ("add-file", {}, None, 4),
    ("add-file", {"files": "x.po"}, None, 21),
    ("add-file", {}, {"d/a.properties": PROPS}, 5),
    ("add-file", {}, {"new.po": PO, "d/a.properties": PROPS}, 5),
    ("add-file", {}, {"nope/x.po": PO}, 17),
    ("add-file", {"branch": "nope"}, {"x.po": PO}, 17),
    ("add-file", {}, {"x.unknownext": PO}, 7),
    ("add-file", {"type": "bogus"}, {"x.po": PO}, 15),
    ("add-file", {}, {"t.csv": CSV}, 16),
    ("add-file", {"scheme": "identifier,whatever"}, {"t.csv": CSV}, 28),
    ("add-file", {}, {"ok.properties": PROPS, "bad.po": BAD_PO}, 6),
    ("add-file", {"titles": "T"}, {"x.po": PO}, 22),
    ("add-file", {"export_patterns": "P"}, {"x.po": PO}, 23),
    ("add-file", {}, {f"m{i}.po": PO for i in range(21)}, 45),
    ("update-file", {}, {"d/nope.properties": PROPS}, 8),
    ("update-file", {}, {"d/a.properties": PROPS + b"n=New\n", "d/nope.po": PO}, 8),
    ("update-file", {"new_names": "z.properties"}, {"d/a.properties": PROPS}, 47),
    ("update-file", {}, {"b.po": BAD_PO}, 6),
    ("update-file", {"update_option": "bogus"}, {"d/a.properties": PROPS + b"n=New\n"}, 27),
    ("update-file", {"branch": "nope"}, {"d/a.properties": PROPS}, 17),
    ("delete-file", {"file": "nope.po"}, None, 8),
    ("delete-file", {"file": "d"}, None, 8),
    ("delete-file", {}, None, 8),
    ("upload-translation", {}, {"d/a.properties": b"a=Tarte\n"}, 9),
    ("upload-translation", {"language": "xx"}, {"d/a.properties": b"a=Tarte\n"}, 10),
    ("upload-translation", {"language": "es-ES"}, {"d/a.properties": b"a=Tarte\n"}, 10),
    ("upload-translation", {"language": "fr"}, {"nope.properties": b"a=Tarte\n"}, 8),
    ("upload-translation", {"language": "fr"},
     {"d/a.properties": b"a=Tarte\n", "nope.properties": b"a=x\n"}, 8),
    ("upload-translation", {"language": "fr"},
     {"d/a.properties": b"a=Tarte\n", "b.po": BAD_PO}, 6),
    ("upload-translation", {"language": "fr"}, None, 4),
    ("upload-translation", {"language": "fr", "branch": "nope"}, {"b.po": PO}, 17),
    ("export/xx", {}, None, 10),
    ("export", {"branch": "nope"}, None, 17),
    ("download/xx.zip", {}, None, 10),
    ("download/all.zip", {"branch": "nope"}, None, 17),
    ("export-file", {"file": "nope.po", "language": "fr"}, None, 8),
    ("export-file", {"file": "b.po"}, None, 9),
    ("export-file", {"file": "b.po", "language": "xx"}, None, 10),
    ("language-status", {}, None, 9),
    ("language-status", {"language": "xx"}, None, 10),
    ("status", {"languages": "fr"}, None, 24),
]


def test_failing_calls_change_nothing(content):
    content.add_dir("d")
    content.add_dir("v2", is_branch=1)
    content.add_files({"d/a.properties": PROPS, "b.po": PO})
    content.add_files({"c.properties": PROPS}, branch="v2")
    content.upload("fr", {"d/a.properties": b"b=Banane\n"}, auto_approve_imported=1)
    assert content.export() == "built"
    failures = []
    for i, (action, params, files, code) in enumerate(CASES):
        fmt = "xml" if i % 2 else "json"
        before = content.state()
        r = content.call(action, params, files=files, fmt=fmt)
        try:
            assert_v1_error(r, code)
        except AssertionError as e:
            failures.append(f"{action} {params} {list(files or {})}: {e}")
            continue
        after = content.state()
        for k in before:
            if after[k] != before[k]:
                failures.append(f"{action} {params} {list(files or {})}: changed {k}")
    assert not failures, "\n".join(failures)
    # nothing changed, so there is nothing to build
    assert content.export() == "skipped"


def test_success_reply_means_stored(content):
    """A directory name that is not valid UTF-8 (%E9 = Latin-1 'é'): whatever the server
    decides, a {"success":true} reply must mean the directory exists, and an error reply
    that nothing was stored."""
    srv = content.srv
    r = srv.http.post(srv.base + content.url("add-directory"),
                      data=f"key={content.p.key}&json=&name=caf%E9",
                      headers={"Content-Type": "application/x-www-form-urlencoded"}, timeout=30)
    d = r.json()
    tree = content.tree()
    if d.get("success") is True:
        assert r.status_code == 200
        assert len(tree) == 1, f"add-directory replied {d} but info shows {tree}"
    else:
        assert tree == {}, tree


def test_success_reply_means_stored_long_key(content):
    """A .properties key of 9000 random letters (beyond PostgreSQL's btree row limit):
    the server may store it or refuse it, but a success reply must list and store the
    file, and an error reply must leave nothing behind."""
    import random
    import string
    rnd = random.Random(1)
    key = "".join(rnd.choice(string.ascii_letters) for _ in range(9000))
    r = content.call("add-file", files={"long.properties": f"{key}=Value\nok=Fine\n".encode()})
    tree = content.tree()
    if r.status_code == 200 and r.data.get("success") is True:
        assert [f["name"] for f in r.data["stats"]["files"]] == ["long.properties"], r.text
        assert tree == {"long.properties": "file"}, f"add-file replied {r.text} but info {tree}"
        assert content.status()["fr"]["phrases"] == "2"
    else:
        assert r.status_code >= 400 and r.data["success"] is False, r.text
        assert tree == {}, tree
