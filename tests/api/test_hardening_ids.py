"""
Hardening: ids.

- string_id is per project (seed 003: "Must be unique for the project"): an
  explicit id is bounded, can't collide with, reveal or exhaust anything of
  another project, and a huge one can't break inserts for every tenant (it
  once moved a shared PostgreSQL sequence to its maximum).
- No id comes back after a delete, on either backend (SQLite used to hand a
  deleted row's id to the next row).
"""
import pytest

from lone_helpers import Lone, set_setting
from v1_content_helpers import *  # noqa: F401,F403  (fixtures and helpers)

PO = b'msgid "Hello"\nmsgstr ""\n'


@pytest.fixture
def two(srv):
    a, b = Lone(srv, srv.project()), Lone(srv, srv.project())
    return a, b, a.category("A"), b.category("B")


@pytest.mark.parametrize("bad", ["9223372036854775807", "2147483648", "99999999999999999999", "-1"])
def test_explicit_string_id_out_of_range_refused_and_harmless(srv, two, bad):
    a, b, ca, cb = two
    d = a.err("createString", 400, category_id=ca, string_key="k", string_id=bad,
              default_translation_language=a.lang("en"), default_translation_value="x")
    assert "string_id" in d
    # every project still inserts, with and without explicit ids
    for lone, cat in ((a, ca), (b, cb)):
        sid = lone.string(cat, "after", "After")
        assert 1 <= sid < 1000
    assert b.string(cb, "explicit", "E", string_id=2147483647) == 2147483647
    assert a.string(ca, "after2", "After 2") < 1000      # a's counter is its own
    assert b.string(cb, "after3", "After 3") == 2147483648


def test_string_ids_are_per_project(srv, two):
    a, b, ca, cb = two
    assert a.string(ca, "x", "X", string_id=77) == 77
    # the same id in another project is no conflict, and says nothing about project a
    assert b.string(cb, "y", "Y", string_id=77) == 77
    d = a.err("createString", 400, category_id=ca, string_key="z", string_id=77,
              default_translation_language=a.lang("en"), default_translation_value="Z")
    assert "already taken in this project" in d
    # automatic ids continue after the explicit one, per project
    assert a.string(ca, "next", "N") == 78
    fresh = Lone(srv, srv.project())
    assert fresh.string(fresh.category("F"), "first", "F") == 1
    # each project sees its own string 77
    fr_a, fr_b = a.lang("fr"), b.lang("fr")
    a.ok("addTranslation", string_id=77, translation_language=fr_a, translation_value="Xa")
    b.ok("addTranslation", string_id=77, translation_language=fr_b, translation_value="Yb")
    assert [(t["string_key"], t["translation"]) for t in
            a.ok("getTranslations", translation_language=fr_a, string_id=77)] == [("x", "Xa")]
    assert [(t["string_key"], t["translation"]) for t in
            b.ok("getTranslations", translation_language=fr_b, string_id=77)] == [("y", "Yb")]


def test_deleted_string_id_never_reused(srv, two):
    a, _, ca, _ = two
    set_setting(srv, a.project, "allow_delete_string", 1)
    fr = a.lang("fr")
    s1 = a.string(ca, "one", "One")
    s2 = a.string(ca, "two", "Two")
    t2 = a.ok("addTranslation", string_id=s2, translation_language=fr, translation_value="Deux")
    a.ok("deleteString", string_id=s2)       # the newest string and translation go
    s3 = a.string(ca, "three", "Three")
    t3 = a.ok("addTranslation", string_id=s3, translation_language=fr, translation_value="Trois")
    assert s3 > s2 > s1 and t3 > t2
    a.err("addTranslation", 404, string_id=s2, translation_language=fr, translation_value="x")
    # the internal keys are not reused either
    pid = srv.project_id(a.project.identifier)
    rows = srv.sql(f"SELECT MAX(id) FROM string WHERE project_id = {pid}")
    assert int(rows[0][0]) > 0


def test_file_ids_and_category_ids_never_reused(content, srv):
    first = content.add_files({"a.po": PO})["a.po"]["file_id"]
    content.delete_file("a.po")
    second = content.add_files({"b.po": PO})["b.po"]["file_id"]
    assert second > first
    lone = Lone(srv, content.p)
    c1 = lone.category("one")
    srv.sql(f"DELETE FROM node WHERE id = {c1}")
    assert lone.category("two") > c1


def test_webhook_payload_carries_public_string_id(srv, two):
    """Events keep the internal key; what leaves (getTranslations, webhooks) is the public id."""
    a, _, ca, _ = two
    set_setting(srv, a.project, "webhook_url", "http://192.0.2.1/hook")
    sid = a.string(ca, "k", "K", string_id=5000)
    a.ok("addTranslation", string_id=sid, translation_language=a.lang("fr"), translation_value="Ka")
    rows = a.ok("getTranslations", translation_language=a.lang("fr"), category_id=ca)
    assert [r["string_id"] for r in rows] == [str(sid)]
    pid = srv.project_id(a.project.identifier)
    payloads = [r[0] for r in srv.sql(f"SELECT payload FROM webhook_delivery WHERE project_id = {pid}")]
    assert payloads and all('"string_id":"5000"' in p for p in payloads), payloads
