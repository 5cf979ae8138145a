"""
Hardening: background jobs survive a node's death.

An async export whose node was killed must not stay "in-progress" for a long
lease: the node takes its own jobs back as soon as it starts again, and the
other nodes take a dead node's job once its short lease (renewed while the
job runs) has run out.
"""
import socket
import time

from v1_content_helpers import export_status_of

PO = b'msgid "Hello"\nmsgstr ""\n'


def add_po(srv, project):
    r = srv.v1(f"/api/project/{project.identifier}/add-file", list(project.auth().items()),
               files=[("files[a.po]", ("a.po", PO))])
    assert r.status_code == 200, r.text


def insert_running_job(srv, project, locked_by, locked_until):
    pid = srv.project_id(project.identifier)
    now = int(time.time())
    srv.sql("INSERT INTO job (project_id, kind, state, params, locked_by, locked_until, created, "
            f"updated) VALUES ({pid}, 'export', 'running', '{{\"branch_id\":0,\"package\":\"all\"}}', "
            f"'{locked_by}', {locked_until}, {now}, {now})")


def wait_finished(srv, project, timeout):
    deadline = time.time() + timeout
    while time.time() < deadline:
        d = srv.v1(f"/api/project/{project.identifier}/export-status", project.auth()).data
        if d["status"] == "finished":
            return time.time()
        time.sleep(0.2)
    raise AssertionError(f"export still {d} after {timeout} s")


def test_restarted_node_recovers_its_own_job_at_once(new_server):
    s = new_server()
    p = s.project()
    add_po(s, p)
    port = s.port
    assert s.stop() == 0
    # what a kill -9 mid-build leaves: a running job, leased far into the future
    me = f"{socket.gethostname()}/127.0.0.1:{port}"
    insert_running_job(s, p, me, int(time.time()) + 3600)
    t0 = time.time()
    s.start()            # same host, same listen address: the same node
    wait_finished(s, p, timeout=10)
    assert time.time() - t0 < 10
    r = s.v1(f"/api/project/{p.identifier}/download/all.zip", p.auth(), fmt=None)
    assert r.status_code == 200 and r.content[:2] == b"PK"


def test_dead_nodes_job_taken_when_its_lease_expires(new_server):
    s = new_server()
    p = s.project()
    add_po(s, p)
    insert_running_job(s, p, "gone-host/10.0.0.9:8080", int(time.time()) - 1)
    wait_finished(s, p, timeout=10)
    # another node's live lease is respected
    insert_running_job(s, p, "busy-host/10.0.0.8:8080", int(time.time()) + 3600)
    time.sleep(2.5)
    d = s.v1(f"/api/project/{p.identifier}/export-status", p.auth()).data
    assert d["status"] == "in-progress", d
    assert export_status_of(s.v1(f"/api/project/{p.identifier}/export", p.auth())) in \
        ("built", "skipped")
