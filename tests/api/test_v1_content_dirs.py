"""add-directory, change-directory, delete-directory, branches (crowdin-v1.md §2.13)."""
from conftest import assert_v1_error, assert_xml_doc
from v1_content_helpers import *  # noqa: F401,F403  (fixtures and helpers)

PROPS = b"hello=Hello world\nbye=Bye\n"


# ------------------------------------------------------------------ add-directory

def test_add_directory_nested_recursive(content):
    content.add_dir("a/b/c", recursive=1)                    # JSON {"success":true}
    r = content.add_dir("x/y", recursive=1, fmt="xml")
    assert_xml_doc(r)
    assert r.xml.tag == "success" and len(r.xml) == 0, r.text
    r = content.add_dir("z", fmt=None)                       # default format: XML
    assert r.xml.tag == "success"
    tree = content.tree()
    assert tree == {"a": "directory", "a/b": "directory", "a/b/c": "directory",
                    "x": "directory", "x/y": "directory", "z": "directory"}


def test_add_directory_recursive_forms_and_existing_parent(content):
    # recursive=1 | true | empty (presence): all mean true (§1.5)
    for i, value in enumerate(["1", "true", ""]):
        content.add_dir(f"x{i}/y", recursive=value)
    content.add_dir("a")
    content.add_dir("a/b/c", recursive=1)
    assert content.tree() == {"x0": "directory", "x0/y": "directory", "x1": "directory",
                              "x1/y": "directory", "x2": "directory", "x2/y": "directory",
                              "a": "directory", "a/b": "directory", "a/b/c": "directory"}


def test_add_directory_without_recursive_missing_parent_is_17(content):
    with content.unchanged("add-directory without recursive"):
        for fmt in ("json", "xml"):
            msg = content.err(17, "add-directory", {"name": "a/b"}, fmt=fmt, status=404)
            assert msg == "Specified directory was not found"
        content.err(17, "add-directory", {"name": "a/b", "recursive": 0})
        content.err(17, "add-directory", {"name": "a/b", "recursive": "false"})


def test_add_directory_existing_is_50_exact_message(content):
    content.add_dir("a/b", recursive=1)
    content.add_files({"f.properties": PROPS})
    with content.unchanged("add-directory on existing names"):
        for fmt in ("json", "xml"):
            for params in ({"name": "a"}, {"name": "a/b"}, {"name": "/a/b"},
                           {"name": "a/b", "recursive": 1}, {"name": "f.properties"}):
                msg = content.err(50, "add-directory", params, fmt=fmt)
                assert msg == "Directory with such name already exists", params


def test_add_directory_leading_slash_stripped(content):
    content.add_dir("/locale")
    content.add_dir("//locale/fr", recursive=1)
    assert content.tree() == {"locale": "directory", "locale/fr": "directory"}
    # a file under it is found with or without the slash
    content.add_files({"/locale/fr/a.properties": PROPS})
    content.add_files({"locale/b.properties": PROPS})
    assert content.tree()["locale/fr/a.properties"] == "file"


def test_add_directory_missing_name(content):
    with content.unchanged():
        content.err(27, "add-directory", {})
    with content.unchanged():
        content.err(27, "add-directory", {"name": "/"})


def test_add_directory_title_and_export_pattern_stored(content, srv):
    content.add_dir("docs", title="Documentation", export_pattern="/out/%locale%")
    rows = srv.sql(f"SELECT n.title, n.export_pattern FROM node n JOIN project p ON "
                   f"p.id = n.project_id WHERE p.identifier = '{content.id}' AND n.name = 'docs'")
    assert rows == [("Documentation", "/out/%locale%")]


# ------------------------------------------------------------------ branches

def test_add_branch(content):
    content.add_dir("v2", is_branch=1, fmt="xml")
    content.add_dir("v3", is_branch="true")
    info = content.info()
    assert [(f["node_type"], f["name"]) for f in info["files"]] == [("branch", "v2"),
                                                                   ("branch", "v3")]
    content.add_dir("a")
    with content.unchanged("branch twice"):
        # the Java CLI creates the branch every run: the second time is 50 with the exact text
        for fmt in ("json", "xml"):
            msg = content.err(50, "add-directory", {"name": "v2", "is_branch": 1}, fmt=fmt)
            assert msg == "Directory with such name already exists"
        # branches live at the root only
        r = content.call("add-directory", {"name": "a/v4", "is_branch": 1})
        assert r.status_code >= 400 and r.data["success"] is False, r.text


def test_directory_inside_branch(content):
    content.add_dir("v2", is_branch=1)
    content.add_dir("res/values", recursive=1, branch="v2")
    assert content.tree() == {"v2": "branch", "v2/res": "directory",
                              "v2/res/values": "directory"}
    # the same name in the main tree is a different directory
    content.add_dir("res")
    assert content.tree()["res"] == "directory"
    with content.unchanged("existing directory in a branch"):
        msg = content.err(50, "add-directory", {"name": "res", "branch": "v2"})
    assert msg == "Directory with such name already exists"
    # a non-recursive add inside the branch needs the parent there
    with content.unchanged():
        content.err(17, "add-directory", {"name": "nope/x", "branch": "v2"})


def test_directory_in_unknown_branch_is_17(content):
    content.add_dir("v2", is_branch=1)
    content.add_dir("plain")
    with content.unchanged("unknown branch"):
        for fmt in ("json", "xml"):
            for branch in ("nope", "plain"):  # a plain directory is not a branch
                msg = content.err(17, "add-directory", {"name": "d", "branch": branch}, fmt=fmt)
                assert msg == "Specified directory was not found"


# ------------------------------------------------------------------ change-directory

def test_change_directory_new_name(content):
    content.add_dir("a/b", recursive=1)
    content.add_files({"a/b/x.properties": PROPS})
    r = content.ok("change-directory", {"name": "a/b", "new_name": "q"})
    assert r.data == {"success": True}
    r = content.ok("change-directory", {"name": "a/q", "new_name": "c"}, fmt="xml")
    assert r.xml.tag == "success" and len(r.xml) == 0
    assert content.tree() == {"a": "directory", "a/c": "directory",
                              "a/c/x.properties": "file"}
    # the file moved with it, strings and all
    assert content.status()["fr"]["phrases"] == "2"
    assert content.export_file("a/c/x.properties", "fr").status_code == 200
    r = content.export_file("a/b/x.properties", "fr")
    assert_v1_error(r, 8)


def test_change_directory_title_and_export_pattern(content, srv):
    content.add_dir("/docs", title="Old")
    content.ok("change-directory", {"name": "/docs", "title": "New title",
                                    "export_pattern": "/d/%two_letters_code%"})
    rows = srv.sql(f"SELECT n.name, n.title, n.export_pattern FROM node n JOIN project p ON "
                   f"p.id = n.project_id WHERE p.identifier = '{content.id}'")
    assert rows == [("docs", "New title", "/d/%two_letters_code%")]


def test_change_directory_inside_branch(content):
    content.add_dir("v2", is_branch=1)
    content.add_dir("res", branch="v2")
    content.ok("change-directory", {"name": "res", "new_name": "resources", "branch": "v2"})
    assert content.tree() == {"v2": "branch", "v2/resources": "directory"}


def test_change_directory_missing_is_26(content):
    # a path that does not exist is 26 (crowdin-v1.md §1.9); an unknown branch stays 17
    content.add_dir("a")
    content.add_files({"a/f.properties": PROPS})
    with content.unchanged("change-directory on a missing path"):
        for fmt in ("json", "xml"):
            for name in ("nope", "a/nope", "a/f.properties", "nope/a"):
                msg = content.err(26, "change-directory", {"name": name, "new_name": "z"},
                                  fmt=fmt, status=404)
                assert msg == "Directory or path does not exist"
        content.err(17, "change-directory", {"name": "a", "new_name": "z", "branch": "nope"})
        content.err(17, "change-directory", {"name": "a", "title": "T", "branch": "nope"})


def test_change_directory_rename_onto_sibling_changes_nothing(content):
    content.add_dir("a")
    content.add_dir("b")
    with content.unchanged("rename onto an existing sibling"):
        r = content.call("change-directory", {"name": "a", "new_name": "b"})
        assert r.status_code >= 400 and r.data["success"] is False, r.text
    with content.unchanged("rename with a slash"):
        r = content.call("change-directory", {"name": "a", "new_name": "x/y"})
        assert r.status_code >= 400 and r.data["success"] is False, r.text


# ------------------------------------------------------------------ delete-directory

def test_delete_directory_recursive(content):
    content.add_dir("a/b/c", recursive=1)
    content.add_dir("keep")
    content.add_files({"a/x.properties": PROPS, "a/b/c/y.properties": PROPS,
                       "keep/z.properties": PROPS})
    content.upload("fr", {"a/b/c/y.properties": b"hello=Bonjour le monde\n"})
    assert content.status()["fr"]["phrases"] == "6"
    r = content.ok("delete-directory", {"name": "a"}, fmt="xml")
    assert r.xml.tag == "success" and len(r.xml) == 0
    assert content.tree() == {"keep": "directory", "keep/z.properties": "file"}
    st = content.status()["fr"]
    assert (st["phrases"], st["translated"], st["words"]) == ("2", "0", "3")
    # the name is free again
    content.add_dir("a")


def test_delete_directory_missing_is_26(content):
    content.add_dir("a")
    content.add_files({"a/f.properties": PROPS})
    for params in ({"name": "b"}, {"name": "a/f.properties"}, {"name": "b/a"}):
        with content.unchanged(f"delete-directory {params}"):
            msg = content.err(26, "delete-directory", params, status=404)
        assert msg == "Directory or path does not exist"
    with content.unchanged("delete-directory in an unknown branch"):
        msg = content.err(17, "delete-directory", {"name": "a", "branch": "nope"})
    assert msg == "Specified directory was not found"


def test_delete_directory_inside_branch(content):
    content.add_dir("v2", is_branch=1)
    content.add_dir("res", branch="v2")
    content.add_dir("res")
    content.add_files({"res/a.properties": PROPS}, branch="v2")
    content.ok("delete-directory", {"name": "res", "branch": "v2"})
    assert content.tree() == {"v2": "branch", "res": "directory"}


def test_delete_branch(content):
    content.add_dir("v2", is_branch=1)
    content.add_dir("res", branch="v2")
    content.add_files({"res/a.properties": PROPS}, branch="v2")
    content.add_files({"main.properties": PROPS})
    assert content.status()["de"]["phrases"] == "4"
    content.ok("delete-directory", {"name": "v2"})
    assert content.tree() == {"main.properties": "file"}
    assert content.status()["de"]["phrases"] == "2"
    # the branch is gone: using it is 17
    with content.unchanged():
        content.err(17, "add-file", {"branch": "v2"}, files={"b.properties": PROPS})
