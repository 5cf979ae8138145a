"""Crowdin v1 project webhooks (edit-project webhook_*): fired through the shared delivery queue
when an upload completes a file or the project for a language, and only then."""
import json
import urllib.parse

import pytest

from lone_helpers import rcv, wsrv  # noqa: F401 (fixtures)

SOURCE = b"hello=Hello\nbye=Goodbye\n"
HALF = b"hello=Bonjour\n"
FULL = b"hello=Bonjour\nbye=Au revoir\n"


def call(srv, proj, action, params=None, files=None):
    r = srv.v1(f"/api/project/{proj.identifier}/{action}", [("key", proj.key)] + list(params or []),
               files=files)
    assert r.status_code == 200 and r.data.get("success") is not False, r.text
    return r.data


def upload(srv, proj, body, lang="fr", approve=False):
    params = [("language", lang)] + ([("auto_approve_imported", "1")] if approve else [])
    return call(srv, proj, "upload-translation", params,
                files=[("files[m.properties]", ("m.properties", body))])


def events(rcv):
    out = []
    for r in rcv.requests:
        q = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(r["path"]).query))
        body = json.loads(r["body"])
        fields = {k: v for k, v in q.items() if k != "t"}   # "t" is the receiver URL's own
        assert fields == {k: str(v) for k, v in body.items() if k != "event"}, (fields, body)
        out.append(body)
    return out


def test_file_and_project_translated_fire_once_on_completion(wsrv, rcv):
    proj = wsrv.project(languages=("fr", "de"))
    call(wsrv, proj, "add-file", files=[("files[m.properties]", ("m.properties", SOURCE))])
    call(wsrv, proj, "edit-project", [("webhook_file_translated", rcv.url + "?t=file"),
                                      ("webhook_project_translated", rcv.url + "?t=project")])
    upload(wsrv, proj, HALF)           # half done: nothing fires
    upload(wsrv, proj, FULL)           # completes file and project for fr
    got = rcv.wait(2)
    ev = sorted(events(rcv), key=lambda e: e["event"])
    assert [e["event"] for e in ev] == ["file.translated", "project.translated"], ev
    f = ev[0]
    assert f["project"] == proj.identifier and f["language"] == "fr" and f["file"] == "m.properties"
    assert "file_id" in f and "file" not in ev[1]
    assert all(r["path"].startswith("/hook?t=") for r in got)
    upload(wsrv, proj, FULL + b"\n", lang="fr")   # still complete: no new event
    assert len(rcv.wait(3, timeout=2)) == 2


def test_proofread_fires_when_approvals_complete(wsrv, rcv):
    proj = wsrv.project(languages=("fr",))
    call(wsrv, proj, "add-file", files=[("files[m.properties]", ("m.properties", SOURCE))])
    call(wsrv, proj, "edit-project", [("webhook_file_proofread", rcv.url)])
    upload(wsrv, proj, FULL)                      # translated, not approved: nothing
    assert rcv.wait(1, timeout=2) == []
    upload(wsrv, proj, b"hello=Salut\nbye=Ciao\n", approve=True)
    rcv.wait(1)
    assert [e["event"] for e in events(rcv)] == ["file.proofread"]


def test_no_webhook_without_url(wsrv, rcv):
    proj = wsrv.project(languages=("fr",))
    call(wsrv, proj, "add-file", files=[("files[m.properties]", ("m.properties", SOURCE))])
    upload(wsrv, proj, FULL)
    pid = wsrv.project_id(proj.identifier)
    assert wsrv.sql(f"SELECT COUNT(*) FROM webhook_delivery WHERE project_id = {pid}") == [("0",)]
