"""
Big getTranslations replies are kept as files and sent again while the project is
unchanged (core/filecache.h, src/api/lone/translations.c); every reply has an ETag.
A JSON list is also kept in parts (a big file alone, runs of small nodes), each named by
the export revisions of its nodes, so a change makes only the parts it reached again.

The cache must never serve a stale reply.  Two nodes share one database: one keeps
replies, the other has no cache (--cache-mb 0).  After every kind of change, through
both APIs, the CLI and the settings, both must answer byte for byte alike, in JSON and
in a file format, for the project and for one category, in a target and in the source
language; and an unchanged project's reply must really come from the cache.
"""
import os
import random

import pytest

from conftest import Server, make_db_url
from lone_helpers import Lone, add_label, set_setting
from v1_content_helpers import Content, numbered_po as po

N = 2500    # strings: a JSON reply of ~300 KB, over the 256 KB kept


@pytest.fixture
def nodes(backend_env):
    backend, tmpdir, pg = backend_env
    url = make_db_url(backend, tmpdir, pg)
    cache_dir = os.path.join(tmpdir, f"replies-{os.getpid()}-{random.randrange(1 << 30)}")
    cached = Server(backend, url, tmpdir, pg, log_name="cached",
                    extra=["--cache-dir", cache_dir, "--cache-mb", "64"]).start()
    plain = Server(backend, url, tmpdir, pg, log_name="plain", extra=["--cache-mb", "0"]).start()
    yield cached, plain, cache_dir
    for s in (cached, plain):
        assert s.stop() == 0, s.log_tail()


def kept_files(cache_dir):
    return sorted(n for n in os.listdir(cache_dir) if len(n) == 64)


def test_cached_replies_equal_fresh_ones_after_every_kind_of_change(nodes):
    cached, plain, cache_dir = nodes
    p = cached.project(languages=("fr", "de"))
    v1, lone = Content(cached, p), Lone(cached, p)
    lone_plain = Lone(plain, p)
    for name in ("allow_delete_string", "allow_disapprove_all_translations",
                 "allow_delete_all_suggestions"):
        set_setting(cached, p, name, 1)
    v1.add_dir("d")
    v1.add_files({"a.po": po(range(N)), "d/b.po": po(range(100))})
    # many small files: parts of several nodes, next to the big file's own part
    v1.add_dir("many")
    for first in range(0, 40, 10):
        v1.add_files({f"many/f{i:02}.po": po(range(i, i + 5)) for i in range(first, first + 10)})
    fr, en = lone.lang("fr"), lone.lang("en")
    many = next(int(c["id"]) for c in lone.ok("getCategories").values() if c["name"] == "many")
    cat = lone.category("Lone")
    small = [lone.category(f"Small {i}") for i in range(3)]
    made = [lone.string(cat, f"k{i}", f"Lone string {i}") for i in range(3)]
    rnd = random.Random(4)

    def same(step):
        for args in ({"translation_language": fr}, {"translation_language": fr, "format": "po"},
                     {"translation_language": en}, {"translation_language": fr, "category_id": many}):
            a = lone.call("getTranslations", args, http="GET")
            b = lone_plain.call("getTranslations", args, http="GET")
            gone = "category_id" in args and step == "directory deleted"
            assert a.status_code == b.status_code == (404 if gone else 200), (step, a.text[:200])
            assert a.content == b.content, f"{step}: the cached node answered differently ({args})"
            if gone:
                continue
            # asked again unchanged: the same bytes, now from the kept file
            again = lone.call("getTranslations", args, http="GET")
            assert again.content == a.content and again.headers["ETag"] == a.headers["ETag"], step
        return lone.call("getTranslations", {"translation_language": fr}, http="GET")

    changes = [
        ("upload", lambda: v1.upload("fr", {"a.po": po(range(N), f"FR{rnd.randrange(99)}")})),
        ("upload approved", lambda: v1.upload("fr", {"a.po": po(range(0, N, 2), "OK")},
                                              auto_approve_imported=1)),
        ("update source", lambda: v1.update_files({"a.po": po(range(N), ctx=" (new)")})),
        ("rename file", lambda: v1.update_files({"a.po": po(range(N), ctx=" (new)")},
                                                **{"new_names[a.po]": "renamed.po"})),
        ("addTranslation", lambda: lone.ok("addTranslation", string_id=made[0],
                                           translation_language=fr, translation_value="Salut")),
        ("approve", lambda: lone.ok("addTranslation", string_id=made[1], translation_language=fr,
                                    translation_value="Vu", approve="true")),
        ("disapprove", lambda: lone.ok("disapproveAllTranslations", string_id=made[1])),
        ("suggestions", lambda: lone.ok("deleteAllSuggestions", string_id=made[0])),
        ("one small file translated", lambda: v1.upload("fr", {"many/f07.po": po(range(7, 12), "S")})),
        ("another language", lambda: v1.upload("de", {"many/f08.po": po(range(8, 13), "D")})),
        ("one small file updated", lambda: v1.update_files({"many/f11.po": po(range(11, 19))})),
        ("small file added", lambda: v1.add_files({"many/late.po": po(range(3))})),
        ("small file deleted", lambda: v1.delete_file("many/f20.po")),
        ("string in a small category", lambda: lone.string(small[1], "s1", "Small one")),
        ("duplicate in another category", lambda: lone.string(small[2], "s2", "Lone string 1")),
        ("label added", lambda: add_label(cached, p, "Reviewed", "checkbox", default=1)),
        ("labelled string", lambda: lone.string(small[0], "s0", "Labelled")),
        ("label removed", lambda: cached.cli("project", "label", "remove", "--identifier",
                                             p.identifier, "--label", "Reviewed")),
        ("approved only", lambda: set_setting(cached, p, "export_approved_only", 1)),
        ("all again", lambda: set_setting(cached, p, "export_approved_only", 0)),
        ("deleteString", lambda: lone.ok("deleteString", string_id=made.pop())),
        ("createString", lambda: made.append(lone.string(cat, "late", "Late string"))),
        ("delete file", lambda: v1.delete_file("d/b.po")),
        ("small category translated", lambda: lone.ok("addTranslation", string_id=made[-1],
                                                      translation_language=fr, translation_value="Tard")),
        ("directory deleted", lambda: v1.ok("delete-directory", {"name": "many"})),
    ]
    before = same("start")
    assert kept_files(cache_dir), "a 300 KB reply was not kept"
    for step, change in changes:
        change()
        after = same(step)
        assert after.headers["ETag"] != before.headers["ETag"], f"{step}: the ETag did not move"
        before = after


def test_etag_answers_304_until_the_project_changes(nodes):
    cached, _, _ = nodes
    p = cached.project(languages=("fr",))
    v1, lone = Content(cached, p), Lone(cached, p)
    v1.add_files({"a.po": po(range(10))})
    args = {"translation_language": lone.lang("fr")}
    first = lone.call("getTranslations", args, http="GET")
    etag = first.headers["ETag"]
    assert etag.startswith('"') and etag.endswith('"') and len(etag) == 34, etag
    r = lone.call("getTranslations", args, http="GET", headers={"If-None-Match": etag})
    assert r.status_code == 304 and r.content == b"", (r.status_code, r.text[:200])
    other = lone.call("getTranslations", {**args, "format": "po"}, http="GET",
                      headers={"If-None-Match": etag})
    assert other.status_code == 200, "another format is another reply"
    v1.upload("fr", {"a.po": po(range(10), "FR")})
    r = lone.call("getTranslations", args, http="GET", headers={"If-None-Match": etag})
    assert r.status_code == 200 and r.headers["ETag"] != etag and "FR 3" in r.text


def test_downloads_are_the_stored_zip_after_every_export(nodes):
    """download/all.zip is kept by artifact: a new export is never hidden by the kept file."""
    cached, plain, cache_dir = nodes
    p = cached.project(languages=("fr",))
    a, b = Content(cached, p), Content(plain, p)
    a.add_files({"a.po": po(range(N))})
    seen = set()
    for i in range(3):
        a.upload("fr", {"a.po": po(range(N), f"R{i}")})
        assert a.export() == "built"
        zips = [a.download_raw().content, a.download_raw().content, b.download_raw().content]
        assert zips[0] == zips[1] == zips[2], f"export {i}: the nodes sent different files"
        assert f'msgstr "R{i} 7"'.encode() in a.download()["fr/a.po"]
        seen.add(zips[0])
    assert len(seen) == 3
    assert kept_files(cache_dir)


def test_a_killed_servers_cache_goes_when_the_next_one_starts(backend_env):
    """A server's private cache directory (cache-dir unset) is removed when it stops; one
    killed with SIGKILL cannot, so the next server to start removes it, and only dirs of
    servers that are gone: a running server's stays."""
    backend, tmpdir, pg = backend_env
    url = make_db_url(backend, tmpdir, pg)
    tmp = os.path.join(tmpdir, f"tmp-{random.randrange(1 << 30)}")
    os.mkdir(tmp)
    env = {"TMPDIR": tmp}
    alive = Server(backend, url, tmpdir, pg, log_name="alive", env=env).start()
    killed = Server(backend, url, tmpdir, pg, log_name="killed", env=env).start()
    dirs = {s: [d for d in os.listdir(tmp) if d.startswith(f"tolk-cache-{s.proc.pid}-")]
            for s in (alive, killed)}
    assert all(len(v) == 1 for v in dirs.values()), (os.listdir(tmp), dirs)
    left = os.path.join(tmp, dirs[killed][0])
    with open(os.path.join(left, "0" * 64), "wb") as f:     # an entry it had kept
        f.write(b"x" * 1000)
    killed.proc.kill()
    killed.proc.wait()
    assert os.path.isdir(left)
    after = Server(backend, url, tmpdir, pg, log_name="after", env=env).start()
    try:
        assert not os.path.exists(left), os.listdir(tmp)
        assert os.path.isdir(os.path.join(tmp, dirs[alive][0])), "a running server's cache went"
    finally:
        for s in (alive, after):
            assert s.stop() == 0, s.log_tail()
    assert os.listdir(tmp) == [], "a stopped server left its cache"
