"""localization.one webhooks: payload, X-Localization signature, batching, retries, restarts, SSRF guard."""
import hashlib
import hmac
import json
import time

import pytest

from conftest import Server
from lone_helpers import Lone, Receiver, rcv, set_setting, start_server, wsrv  # noqa: F401


def setup_project(srv, receiver=None):
    proj = srv.project()
    lone = Lone(srv, proj)
    cat = lone.category("Website")
    sid = lone.string(cat, "hello", "Hello")
    if receiver:
        set_setting(srv, proj, "webhook_url", receiver.url)
    return proj, lone, cat, sid


def signature(url, token):
    return hmac.new(url.encode(), token.encode(), hashlib.sha256).hexdigest()


def wait_sql(srv, sql, want, timeout=15):
    deadline = time.time() + timeout
    got = None
    while time.time() < deadline:
        got = srv.sql(sql)
        if got == want:
            return got
        time.sleep(0.1)
    raise AssertionError(f"{sql}: {got} != {want}")


def test_lone_webhook_payload_and_signature(wsrv, rcv):
    proj, lone, cat, sid = setup_project(wsrv, rcv)
    fr = lone.lang("fr")
    t0 = time.time()
    lone.ok("addTranslation", string_id=sid, translation_language=fr, translation_value="Bonjour")
    assert time.time() - t0 < 2
    reqs = rcv.wait(1)
    assert len(reqs) == 1
    r = reqs[0]
    assert r["path"] == "/hook"
    assert r["headers"]["Content-Type"] == "application/json"
    assert r["headers"]["X-Localization"] == signature(rcv.url, proj.api_token)
    body = json.loads(r["body"])
    assert body == [{"type": "translation_update", "language": str(fr),
                     "date": body[0]["date"], "string_id": str(sid), "category_id": str(cat)}]
    assert isinstance(body[0]["date"], int) and abs(body[0]["date"] - t0) < 5
    pid = wsrv.project_id(proj.identifier)
    wait_sql(wsrv, f"SELECT state, attempts FROM webhook_delivery WHERE project_id = {pid}",
             [("sent", "1")])


def test_lone_webhook_batches_one_call(wsrv, rcv):
    proj, lone, cat, sid = setup_project(wsrv)
    set_setting(wsrv, proj, "allow_disapprove_all_translations", 1)
    langs = [lone.lang(c) for c in ("fr", "de", "uk")]
    for lang in langs:
        lone.ok("addTranslation", string_id=sid, translation_language=lang, translation_value="x",
                approve=1)
    set_setting(wsrv, proj, "webhook_url", rcv.url)
    assert lone.ok("disapproveAllTranslations", string_id=sid)["disapproved"] == 3
    reqs = rcv.wait(1)
    time.sleep(0.5)
    assert len(rcv.requests) == 1
    events = json.loads(reqs[0]["body"])
    assert sorted(e["language"] for e in events) == sorted(str(l) for l in langs)
    assert all(e["string_id"] == str(sid) for e in events)


def test_lone_webhook_batches_close_calls(wsrv, rcv):
    proj, lone, cat, sid = setup_project(wsrv, rcv)
    langs = [lone.lang(c) for c in ("fr", "de", "uk")]
    for lang in langs:
        lone.ok("addTranslation", string_id=sid, translation_language=lang, translation_value="y")
    deadline = time.time() + 15
    while len(rcv.delivered_events()) < 3 and time.time() < deadline:
        time.sleep(0.05)
    time.sleep(0.5)
    assert sorted(e["language"] for e in rcv.delivered_events()) == sorted(str(l) for l in langs)
    # three calls within the 200 ms collection window travel together
    assert len(rcv.requests) < 3


def test_lone_webhook_every_change_kind(wsrv, rcv):
    proj, lone, cat, sid = setup_project(wsrv)
    for s in ("allow_delete_string", "allow_update_translation",
              "allow_disapprove_all_translations", "allow_delete_all_suggestions"):
        set_setting(wsrv, proj, s, 1)
    fr, de = lone.lang("fr"), lone.lang("de")
    set_setting(wsrv, proj, "webhook_url", rcv.url)
    steps = [
        ("addTranslation", dict(string_id=sid, translation_language=fr, translation_value="a", approve=1)),
        ("updateTranslation", dict(string_id=sid, translation_language=fr, translation_value="b")),
        ("addTranslation", dict(string_id=sid, translation_language=de, translation_value="c")),
        ("deleteAllSuggestions", dict(string_id=sid)),
        ("disapproveAllTranslations", dict(string_id=sid)),
        ("deleteString", dict(string_id=sid)),
    ]
    for i, (m, p) in enumerate(steps):
        lone.ok(m, **p)
        rcv.wait(i + 1)
        time.sleep(0.05)
    events = rcv.delivered_events()
    assert len(rcv.requests) >= len(steps)
    langs = [e["language"] for e in events]
    assert langs[:5] == [str(fr), str(fr), str(de), str(de), str(fr)]
    assert str(lone.lang("en")) in langs[5:] and str(fr) in langs[5:]
    assert all(e["string_id"] == str(sid) and e["category_id"] == str(cat) for e in events)


def test_lone_webhook_retry_after_failure(wsrv):
    rcv = Receiver(statuses=[500])
    try:
        proj, lone, cat, sid = setup_project(wsrv, rcv)
        lone.ok("addTranslation", string_id=sid, translation_language=lone.lang("fr"),
                translation_value="Bonjour")
        reqs = rcv.wait(2, timeout=20)
        assert [r["status"] for r in reqs[:2]] == [500, 200]
        assert reqs[0]["body"] == reqs[1]["body"]
        assert reqs[1]["time"] - reqs[0]["time"] >= 0.5          # backoff, not a hot loop
        pid = wsrv.project_id(proj.identifier)
        wait_sql(wsrv, f"SELECT state, attempts, last_status FROM webhook_delivery "
                       f"WHERE project_id = {pid}", [("sent", "2", "200")])
    finally:
        rcv.close()


def test_lone_webhook_survives_restart(backend_env):
    s = start_server(backend_env, ["--webhook-allow", "127.0.0.0/8"], log_name="lone-restart")
    rcv = Receiver(statuses=[500])
    try:
        proj, lone, cat, sid = setup_project(s, rcv)
        lone.ok("addTranslation", string_id=sid, translation_language=lone.lang("fr"),
                translation_value="Bonjour")
        rcv.wait(1)
        assert s.stop() == 0, s.log_tail()          # before the retry succeeded
        pid = s.project_id(proj.identifier)
        assert s.sql(f"SELECT state FROM webhook_delivery WHERE project_id = {pid}") == [("pending",)]
        backend, tmpdir, pg = backend_env
        s2 = Server(backend, s.db_url, tmpdir, pg, log_name="lone-restart2",
                    extra=["--webhook-allow", "127.0.0.0/8"]).start()
        try:
            reqs = rcv.wait(2, timeout=20)
            assert [r["status"] for r in reqs] == [500, 200]
            wait_sql(s2, f"SELECT state FROM webhook_delivery WHERE project_id = {pid}", [("sent",)])
        finally:
            assert s2.stop() == 0, s2.log_tail()
    finally:
        rcv.close()
        s.stop()


def test_lone_webhook_loopback_blocked_without_allow_list(srv, rcv):
    """The default server has no --webhook-allow: loopback is never contacted."""
    proj, lone, cat, sid = setup_project(srv, rcv)
    lone.ok("addTranslation", string_id=sid, translation_language=lone.lang("fr"),
            translation_value="Bonjour")
    pid = srv.project_id(proj.identifier)
    deadline = time.time() + 15
    rows = None
    while time.time() < deadline:
        rows = srv.sql(f"SELECT state, last_error FROM webhook_delivery WHERE project_id = {pid}")
        if rows and rows[0][0] == "failed":
            break
        time.sleep(0.1)
    assert rows and rows[0][0] == "failed" and rows[0][1].startswith("blocked"), rows
    time.sleep(0.3)
    assert rcv.requests == []


def test_lone_webhook_not_queued_without_url(srv):
    proj, lone, cat, sid = setup_project(srv)
    lone.ok("addTranslation", string_id=sid, translation_language=lone.lang("fr"),
            translation_value="Bonjour")
    pid = srv.project_id(proj.identifier)
    assert srv.sql(f"SELECT COUNT(*) FROM webhook_delivery WHERE project_id = {pid}") == [("0",)]
