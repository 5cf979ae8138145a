"""
A project's webhooks page calls (docs/web.md "The project calls"): the five webhook URLs (all or
nothing, the delivery's own URL checks, private addresses only with --webhook-allow), a test
delivery through the real queue (the receiver sees what a real event sends: X-Localization
signature, the v1 query and body), the delivery log (newest first, paginated, secrets masked,
only this project's rows), redelivery as a new row, roles, CSRF and pruning of old deliveries.
Both backends; receivers are local HTTP servers.
"""
import hashlib
import hmac
import json
import time

import pytest

from app_helpers import error, signed_in
from lone_helpers import Receiver, rcv, start_server, wsrv  # noqa: F401 (fixtures)

HOOKS = ("webhook_url", "webhook_file_translated", "webhook_file_proofread",
         "webhook_project_translated", "webhook_project_proofread")


def base(project):
    return f"/app/api/projects/{project.identifier}/webhooks"


def manager(s, project):
    return signed_in(s, "manager", project)[0]


def put(b, project, **urls):
    return b.request("PUT", base(project), urls)


def send_test(b, project, kind):
    r = b.request("POST", base(project) + "/test", {"kind": kind})
    assert r.status_code == 202, r.text
    return r.json()["id"]


def log(b, project, **params):
    r = b.request("GET", base(project) + "/deliveries", params=params)
    assert r.status_code == 200, r.text
    return r.json()


def wait_row(b, project, id_, done=lambda d: d["state"] != "pending", timeout=20):
    deadline = time.time() + timeout
    while True:
        rows = {d["id"]: d for d in log(b, project, limit=100)["deliveries"]}
        if id_ in rows and done(rows[id_]):
            return rows[id_]
        assert time.time() < deadline, rows.get(id_)
        time.sleep(0.1)


def signature(url, token):
    return hmac.new(url.encode(), token.encode(), hashlib.sha256).hexdigest()


# ---------------------------------------------------------------- the URLs

def test_urls_set_read_and_cleared(wsrv):
    proj = wsrv.project()
    b = manager(wsrv, proj)
    r = b.request("GET", base(proj))
    assert r.status_code == 200 and r.json() == {h: "" for h in HOOKS}, r.text
    urls = {h: f"https://hooks.example.com/{h}?n={i}" for i, h in enumerate(HOOKS)}
    r = put(b, proj, **urls)
    assert r.status_code == 200 and r.json() == urls, r.text
    row = wsrv.project_row(proj.identifier)
    assert {h: row[h] for h in HOOKS} == urls
    # fields left out stay; "" clears
    r = put(b, proj, webhook_url="")
    assert r.status_code == 200 and r.json() == {**urls, "webhook_url": ""}, r.text
    assert b.request("GET", base(proj)).json() == {**urls, "webhook_url": ""}


@pytest.mark.parametrize("bad, why", [
    ("ftp://example.com/hook", "http"),
    ("example.com/hook", "http"),
    ("https://user:pw@example.com/hook", "user info"),
    ("https://exa mple.com/hook", "invalid URL"),
    ("https://" + "a" * 2050 + ".com/", "2048"),
])
def test_bad_url_changes_nothing(wsrv, bad, why):
    proj = wsrv.project()
    b = manager(wsrv, proj)
    good = {"webhook_url": "https://ok.example.com/a"}
    assert put(b, proj, **good).status_code == 200
    before = wsrv.project_row(proj.identifier)
    # a good change and a bad one: neither is made
    msg = error(put(b, proj, webhook_url="https://changed.example.com/",
                    webhook_project_translated=bad), 400, "invalid")
    assert "webhook_project_translated" in msg and why in msg, msg
    assert wsrv.project_row(proj.identifier) == before


def test_bad_bodies(wsrv):
    proj = wsrv.project()
    b = manager(wsrv, proj)
    before = wsrv.project_row(proj.identifier)
    assert "unknown field" in error(put(b, proj, webhook_url="https://a.example.com/",
                                        name="x"), 400, "invalid")
    error(b.request("PUT", base(proj), {"webhook_url": 5}), 400, "invalid")
    error(b.request("PUT", base(proj), data="{", headers={"Content-Type": "application/json"}),
          400, "bad_json")
    assert wsrv.project_row(proj.identifier) == before


def test_private_address_refused_without_allow(srv, wsrv):
    proj = srv.project()
    b = manager(srv, proj)
    for url, why in (("http://127.0.0.1:9/hook", "loopback"), ("http://10.1.2.3/hook", "private"),
                     ("http://169.254.169.254/latest", "link-local"), ("http://[::1]/", "loopback")):
        msg = error(put(b, proj, webhook_url=url), 400, "invalid")
        assert why in msg and "webhook-allow" in msg, msg
    assert srv.project_row(proj.identifier)["webhook_url"] == ""
    # the server that allows 127.0.0.0/8 takes it
    proj2 = wsrv.project()
    r = put(manager(wsrv, proj2), proj2, webhook_url="http://127.0.0.1:9/hook")
    assert r.status_code == 200, r.text


# ---------------------------------------------------------------- test deliveries and the log

def test_send_test_lone_signed_and_logged(wsrv, rcv):
    proj = wsrv.project()
    b = manager(wsrv, proj)
    assert put(b, proj, webhook_url=rcv.url).status_code == 200
    id_ = send_test(b, proj, "lone")
    reqs = rcv.wait(1)
    assert len(reqs) == 1
    req = reqs[0]
    assert req["path"] == "/hook"
    assert req["headers"]["X-Localization"] == signature(rcv.url, proj.api_token)
    assert req["headers"]["Content-Type"] == "application/json"
    events = json.loads(req["body"])
    assert len(events) == 1
    e = events[0]
    assert e["type"] == "translation_update" and e["test"] is True
    assert set(e) == {"type", "language", "date", "string_id", "category_id", "test"}
    assert abs(e["date"] - time.time()) < 60 and e["language"].isdigit()
    d = wait_row(b, proj, id_)
    assert (d["state"], d["last_status"], d["attempts"], d["last_error"]) == ("sent", 200, 1, "")
    assert (d["kind"], d["event"], d["test"], d["redelivery_of"]) == \
        ("lone", "translation_update", True, None)
    assert d["url"] == rcv.url and d["next_attempt_at"] is None
    assert d["sent_at"] >= d["created"] > 0
    assert json.loads(d["payload"]) == events
    assert "X-Localization" not in json.dumps(d) and signature(rcv.url, proj.api_token) \
        not in json.dumps(d)


def test_send_test_v1_file_event_and_masked_url(wsrv, rcv):
    proj = wsrv.project()
    b = manager(wsrv, proj)
    url = rcv.url + "?token=s3cr3t-value&keep=also-secret"
    assert put(b, proj, webhook_file_translated=url).status_code == 200
    id_ = send_test(b, proj, "file_translated")
    req = rcv.wait(1)[0]
    path, _, query = req["path"].partition("?")
    assert path == "/hook"
    q = dict(p.split("=", 1) for p in query.split("&"))
    assert q["token"] == "s3cr3t-value" and q["project"] == proj.identifier
    assert q["test"] == "1" and q["language"] == "fr" and q["file"] == "sample.json"
    body = json.loads(req["body"])
    assert body["event"] == "file.translated" and body["test"] is True
    assert (body["project"], body["language"], body["file"]) == (proj.identifier, "fr",
                                                                 "sample.json")
    assert "X-Localization" not in req["headers"]
    d = wait_row(b, proj, id_)
    assert (d["kind"], d["event"], d["state"], d["last_status"]) == \
        ("file_translated", "file.translated", "sent", 200)
    assert "s3cr3t" not in d["url"] and "also-secret" not in d["url"], d["url"]
    assert d["url"].startswith(rcv.url + "?token=…&keep=…&project=" + proj.identifier), d["url"]
    # a project event has no file
    assert put(b, proj, webhook_project_proofread=rcv.url).status_code == 200
    send_test(b, proj, "project_proofread")
    body = json.loads(rcv.wait(2)[1]["body"])
    assert body["event"] == "project.proofread" and "file" not in body


def test_test_needs_a_url_and_a_kind(wsrv):
    proj = wsrv.project()
    b = manager(wsrv, proj)
    error(b.request("POST", base(proj) + "/test", {"kind": "lone"}), 409, "no_url")
    error(b.request("POST", base(proj) + "/test", {"kind": "nope"}), 400, "invalid")
    error(b.request("POST", base(proj) + "/test", {}), 400, "invalid")
    assert log(b, proj)["deliveries"] == []


def test_failing_receiver_shows_retrying_then_redeliver(wsrv):
    rcv = Receiver(statuses=[500] * 2)
    try:
        proj = wsrv.project()
        b = manager(wsrv, proj)
        assert put(b, proj, webhook_url=rcv.url).status_code == 200
        id_ = send_test(b, proj, "lone")
        d = wait_row(b, proj, id_, done=lambda d: d["attempts"] >= 1)
        assert (d["state"], d["last_status"], d["last_error"]) == ("pending", 500, "HTTP 500")
        assert d["next_attempt_at"] >= d["created"]
        # still being sent: no redelivery beside it
        error(b.request("POST", f"{base(proj)}/deliveries/{id_}/redeliver"), 409, "pending")
        # the retries reach 200 (backoff about 1 s, then 5 s: the third try gets 200)
        d = wait_row(b, proj, id_, timeout=30)
        assert (d["state"], d["last_status"], d["attempts"]) == ("sent", 200, 3), d
        # redelivery: a new row with the same payload, the old one kept
        r = b.request("POST", f"{base(proj)}/deliveries/{id_}/redeliver")
        assert r.status_code == 202, r.text
        new = r.json()
        assert new["redelivery_of"] == id_ and new["id"] > id_
        reqs = rcv.wait(4)
        assert len(reqs) == 4
        assert reqs[3]["body"] == reqs[0]["body"]
        assert reqs[3]["headers"]["X-Localization"] == reqs[0]["headers"]["X-Localization"]
        d2 = wait_row(b, proj, new["id"])
        assert (d2["state"], d2["redelivery_of"], d2["attempts"]) == ("sent", id_, 1)
        rows = log(b, proj)["deliveries"]
        assert [r["id"] for r in rows] == [new["id"], id_]
        assert rows[1]["state"] == "sent"
    finally:
        rcv.close()


def test_redeliver_unknown_ids(wsrv):
    proj = wsrv.project()
    b = manager(wsrv, proj)
    for bad in ("999999999", "0", "-1", "abc", "1e3", "99999999999999999999999"):
        error(b.request("POST", f"{base(proj)}/deliveries/{bad}/redeliver"), 404, "not_found")


def test_log_pages_newest_first(wsrv, rcv):
    proj = wsrv.project()
    b = manager(wsrv, proj)
    assert put(b, proj, webhook_url=rcv.url, webhook_project_translated=rcv.url).status_code == 200
    ids = [send_test(b, proj, k) for k in ("lone", "project_translated") * 3]
    seen, before = [], None
    while True:
        page = log(b, proj, limit=4, **({"before": before} if before else {}))
        assert len(page["deliveries"]) <= 4
        seen += [d["id"] for d in page["deliveries"]]
        before = page["next_before"]
        if before is None:
            break
        assert before == seen[-1]
    assert seen == sorted(ids, reverse=True)
    for params in ({"limit": 0}, {"limit": 101}, {"limit": "x"}, {"before": "-3"},
                   {"before": "1.5"}, {"limit": "4294967297"}):
        error(b.request("GET", base(proj) + "/deliveries", params=params), 400, "invalid")


# ---------------------------------------------------------------- who may

def test_translator_is_refused(wsrv):
    proj = wsrv.project()
    b = signed_in(wsrv, "translator", proj, "fr")[0]
    error(b.request("GET", base(proj)), 403, "forbidden")
    error(put(b, proj, webhook_url="https://a.example.com/"), 403, "forbidden")
    error(b.request("POST", base(proj) + "/test", {"kind": "lone"}), 403, "forbidden")
    error(b.request("GET", base(proj) + "/deliveries"), 403, "forbidden")
    error(b.request("POST", base(proj) + "/deliveries/1/redeliver"), 403, "forbidden")
    r = b.request("GET", f"/app/p/{proj.identifier}/webhooks")
    assert r.status_code == 403 and "Webhooks" not in r.text.split("<main")[1][:200]
    assert wsrv.project_row(proj.identifier)["webhook_url"] == ""


def test_other_projects_manager_sees_nothing(wsrv, rcv):
    mine, theirs = wsrv.project(), wsrv.project()
    b = manager(wsrv, mine)
    assert put(b, mine, webhook_url=rcv.url).status_code == 200
    id_ = send_test(b, mine, "lone")
    wait_row(b, mine, id_)
    other = manager(wsrv, theirs)
    # not a member of mine: its calls and page do not exist for them
    error(other.request("GET", base(mine) + "/deliveries"), 404, "not_found")
    error(other.request("POST", f"{base(mine)}/deliveries/{id_}/redeliver"), 404, "not_found")
    error(other.request("POST", base(mine) + "/test", {"kind": "lone"}), 404, "not_found")
    error(put(other, mine, webhook_url="https://evil.example.com/"), 404, "not_found")
    assert other.request("GET", f"/app/p/{mine.identifier}/webhooks").status_code == 404
    # through their own project: the delivery is not theirs
    error(other.request("POST", f"{base(theirs)}/deliveries/{id_}/redeliver"), 404, "not_found")
    assert log(other, theirs)["deliveries"] == []
    assert len(rcv.wait(2, timeout=2)) == 1
    assert [d["id"] for d in log(b, mine)["deliveries"]] == [id_]


def test_no_csrf_token_refused(wsrv, rcv):
    proj = wsrv.project()
    b = manager(wsrv, proj)
    assert put(b, proj, webhook_url=rcv.url).status_code == 200
    error(b.request("PUT", base(proj), {"webhook_url": "https://x.example.com/"}, csrf=False),
          403, "csrf")
    error(b.request("POST", base(proj) + "/test", {"kind": "lone"}, csrf=False), 403, "csrf")
    id_ = send_test(b, proj, "lone")
    wait_row(b, proj, id_)
    error(b.request("POST", f"{base(proj)}/deliveries/{id_}/redeliver", csrf=False), 403, "csrf")
    error(b.request("POST", base(proj) + "/test", {"kind": "lone"},
                    headers={"Origin": "https://evil.example.com"}), 403, "cross_origin")
    assert wsrv.project_row(proj.identifier)["webhook_url"] == rcv.url
    assert len(rcv.wait(2, timeout=2)) == 1


def test_page_shows_the_urls(wsrv):
    proj = wsrv.project()
    b = manager(wsrv, proj)
    assert put(b, proj, webhook_url="https://hooks.example.com/a?x=1&y=2").status_code == 200
    r = b.request("GET", f"/app/p/{proj.identifier}/webhooks")
    assert r.status_code == 200, r.text
    assert 'value="https://hooks.example.com/a?x=1&amp;y=2"' in r.text
    assert 'aria-current="page">Webhooks' in r.text
    assert "/webhooks.js" in r.text


# ---------------------------------------------------------------- the log's end

def test_old_finished_deliveries_pruned(backend_env):
    s = start_server(backend_env, ["--webhook-keep", "1d"], log_name="app-wh-keep")
    try:
        proj = s.project()
        pid = s.project_id(proj.identifier)
        now, old = int(time.time()), int(time.time()) - 2 * 86400
        for state, created, tag in (("sent", old, "old-sent"), ("failed", old, "old-failed"),
                                    ("pending", old, "old-pending"), ("sent", now, "new-sent")):
            s.sql("INSERT INTO webhook_delivery (project_id, url, payload, state, "
                  f"next_attempt_at, created) VALUES ({pid}, 'https://{tag}.example.com/', '{{}}', "
                  f"'{state}', {now + 86400}, {created})")
        s.stop()
        s.restart()   # the worker prunes as it starts, then every minute
        deadline = time.time() + 15
        while True:
            left = sorted(r[0] for r in s.sql("SELECT url FROM webhook_delivery"))
            if len(left) == 2 or time.time() > deadline:
                break
            time.sleep(0.1)
        assert left == ["https://new-sent.example.com/", "https://old-pending.example.com/"]
    finally:
        assert s.stop() == 0, s.log_tail()
