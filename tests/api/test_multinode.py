"""
Scale: several `tolk serve` nodes on one database (docs/deployment.md).

Two nodes, A and B, share one database and are driven alternately, as a load
balancer would: what one node writes, the other exports and downloads; an async
export queued on one node is built by whichever worker claims it (also when the
queueing node stops at once, or never builds); a localization.one webhook is
delivered once although both nodes run webhook workers; the progress counts
agree on both nodes; and SIGKILL of a node in the middle of a build or of a
write loses nothing.

PostgreSQL is the multi-node backend.  SQLite allows several processes on one
database file on one host (WAL, BEGIN IMMEDIATE, busy timeout), so every test
runs there too.
"""
import concurrent.futures
import json
import signal
import socket
import threading
import time

import pytest
import requests

from app_helpers import signed_in
from conftest import PgCluster, Server, find_pg_bin, make_db_url
from lone_helpers import Lone, Receiver, set_setting
from v1_content_helpers import Content


# ---------------------------------------------------------------- helpers

def po(keys, prefix=None):
    """A .po file with one message per key; msgstr "<prefix> <key>" when prefix is given."""
    out = ['msgid ""', 'msgstr ""', '"Content-Type: text/plain; charset=UTF-8\\n"', ""]
    for k in keys:
        out += [f'msgid "Source string {k} to translate"',
                f'msgstr "{prefix} {k}"' if prefix else 'msgstr ""', ""]
    return "\n".join(out).encode()


def node_id(s):
    """The lease holder name of a node (src/jobs/jobs.c: host and listen address)."""
    return f"{socket.gethostname()}/127.0.0.1:{s.port}"


class Cluster:
    """Nodes on one database; each a conftest.Server on its own port."""

    def __init__(self, backend_env, extra=()):
        self.backend, self.tmpdir, self.pg = backend_env
        self.db_url = make_db_url(self.backend, self.tmpdir, self.pg)
        self.extra = list(extra)
        self.nodes = []

    def node(self, name, extra=(), start=True):
        s = Server(self.backend, self.db_url, self.tmpdir, self.pg, log_name=f"mn-{name}",
                   extra=self.extra + list(extra))
        self.nodes.append(s)
        return s.start() if start else s

    def close(self):
        bad = []
        for s in self.nodes:
            if s.proc is not None and s.proc.poll() is None:
                rc = s.stop()
                if rc != 0:
                    bad.append(f"{s.base}: exit {rc}\n{s.log_tail()}")
        assert not bad, "\n".join(bad)


@pytest.fixture
def cluster(backend_env):
    # what a deployment gives every node alike: the links in replies (invite_url) name
    # the public address, so one node's info equals another's only with the same one
    c = Cluster(backend_env, ["--webhook-allow", "127.0.0.0/8",
                              "--public-url", "https://tolk.example.com"])
    yield c
    c.close()


def kill9(s):
    s.proc.send_signal(signal.SIGKILL)
    s.proc.wait(10)
    s.log.close()


def settle_after_kill(s):
    """PostgreSQL may still be running what a killed node had sent (its COMMIT among it):
    wait until no session is busy before reading what the kill left."""
    if s.backend != "postgres":
        return
    busy = ("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND "
            "pid <> pg_backend_pid() AND state IN ('active', 'idle in transaction')")
    wait_until("the killed node's last statements", lambda: s.sql(busy)[0][0] == "0",
               timeout=15)


def restart_same_node(s):
    """Start a stopped node again on its own port: the same node for the job leases."""
    s.http = requests.Session()
    return s.start()


def job_rows(s, pid):
    return s.sql(f"SELECT id, state, locked_by FROM job WHERE project_id = {pid} AND kind = 'export' "
                 "ORDER BY id")


def wait_until(what, pred, timeout, step=0.05):
    deadline = time.time() + timeout
    while True:
        got = pred()
        if got:
            return got
        if time.time() > deadline:
            raise AssertionError(f"{what}: not reached within {timeout} s")
        time.sleep(step)


def export_status(c):
    d = c.ok("export-status").data
    assert d["success"] is True, d
    return d


def wait_export_finished(c, timeout=20):
    """export-status says finished (a failed job too: the callers check the job row)."""
    wait_until(f"export-status finished on {c.srv.base}",
               lambda: export_status(c)["status"] == "finished", timeout, step=0.1)


def entry(zipped, suffix):
    names = [n for n in zipped if n.endswith(suffix)]
    assert len(names) == 1, (suffix, sorted(zipped))
    return zipped[names[0]].decode()


def counts(c):
    """What status, language-status and info say about progress, on one node."""
    status = c.status()
    return {"status": status,
            "language-status": {l: c.lang_status(l) for l in c.p.languages},
            "info": c.info()}


# ---------------------------------------------------------------- tests

def test_nodes_started_together_on_a_new_database(cluster):
    """A first deployment (or a rolling upgrade with a new migration) starts its nodes at
    once: they migrate one after the other, and every node serves."""
    nodes = [cluster.node(name, start=False) for name in "abc"]
    with concurrent.futures.ThreadPoolExecutor(len(nodes)) as ex:
        errors = [f.exception() for f in [ex.submit(s.start) for s in nodes]]
    assert errors == [None] * len(nodes), errors
    p = nodes[0].project()
    Content(nodes[1], p).add_files({"app.po": po(range(2))})
    assert Content(nodes[2], p).tree() == {"app.po": "file"}
    versions = nodes[0].sql("SELECT COUNT(*), COUNT(DISTINCT version) FROM schema_migration")
    assert versions[0][0] == versions[0][1], versions


def test_files_added_on_one_node_are_exported_on_the_other(cluster):
    a, b = cluster.node("a"), cluster.node("b")
    p = a.project()
    ca, cb = Content(a, p), Content(b, p)
    info_b = cb.info()                      # B caches an empty info reply
    ca.add_files({"app.po": po(range(3))})
    cb.add_dir("d")
    cb.add_files({"d/lib.po": po(range(10, 12))})
    cb.upload("fr", {"app.po": po(range(3), "FR")})
    ca.upload("de", {"d/lib.po": po(range(10, 12), "DE")})
    # a write through A is seen by B's info at once (its cache is keyed by the revision)
    assert cb.info() != info_b
    assert cb.tree() == ca.tree() == {"app.po": "file", "d": "directory", "d/lib.po": "file"}
    assert cb.info() == ca.info()

    assert cb.export() == "built"
    assert ca.export() == "skipped"         # the artifact B built is A's too
    z = ca.download()
    assert 'msgstr "FR 2"' in entry(z, "fr/app.po")
    assert 'msgstr "DE 11"' in entry(z, "de/d/lib.po")
    assert 'msgstr "FR' not in entry(z, "fr/d/lib.po")

    # a change on A, built on A, downloaded from B
    ca.upload("fr", {"app.po": po(range(3), "FR2")})
    assert ca.export() == "built"
    assert cb.export() == "skipped"
    assert 'msgstr "FR2 1"' in entry(cb.download(), "fr/app.po")


def test_async_export_is_built_by_whichever_node_claims_it(cluster):
    a, b = cluster.node("a"), cluster.node("b")
    p = a.project()
    ca, cb = Content(a, p), Content(b, p)
    pid = a.project_id(p.identifier)
    cb.add_files({"app.po": po(range(50))})
    ca.upload("fr", {"app.po": po(range(50), "FR")})

    # queued on A, A stopped right after: whoever claimed it, the job is done
    assert ca.export(**{"async": 1}) == "in-progress"
    assert a.stop() == 0
    wait_export_finished(cb)
    jobs = job_rows(b, pid)
    assert [j[1] for j in jobs] == ["done"], jobs
    assert jobs[0][2] in (node_id(a), node_id(b)), jobs
    assert 'msgstr "FR 49"' in entry(cb.download(), "fr/app.po")
    assert cb.export() == "skipped"

    # queued on a node that runs no worker: B's worker builds it
    c = cluster.node("c", ["--workers", "0"])
    cc = Content(c, p)
    cb.upload("fr", {"app.po": po(range(50), "FR3")})
    assert cc.export(**{"async": 1}) == "in-progress"
    wait_export_finished(cc)
    jobs = job_rows(b, pid)
    assert [j[1] for j in jobs] == ["done", "done"], jobs
    assert jobs[1][2] == node_id(b), jobs
    assert 'msgstr "FR3 0"' in entry(cc.download(), "fr/app.po")
    assert 'msgstr "FR3 0"' in entry(cb.download(), "fr/app.po")
    # A restarts on its own address: it takes nothing back (nothing of its is running)
    restart_same_node(a)
    assert export_status(Content(a, p))["status"] == "finished"
    assert [j[1] for j in job_rows(a, pid)] == ["done", "done"]


def test_webhook_delivered_once_with_two_webhook_workers(cluster):
    a, b = cluster.node("a"), cluster.node("b")
    rcv = Receiver()
    try:
        p = a.project()
        la, lb = Lone(a, p), Lone(b, p)
        cat = la.category("Website")
        sids = [(la if i % 2 else lb).string(cat, f"k{i}", f"Hello {i}") for i in range(8)]
        set_setting(a, p, "webhook_url", rcv.url)
        langs = [la.lang(code) for code in ("fr", "de")]
        calls = [(la if i % 2 else lb, sid, lang) for i, sid in enumerate(sids) for lang in langs]

        def add(call):
            lone, sid, lang = call
            lone.ok("addTranslation", string_id=sid, translation_language=lang,
                    translation_value=f"T {sid} {lang}")

        # both nodes write at once, so both kick their webhook threads while the other
        # one polls
        with concurrent.futures.ThreadPoolExecutor(4) as ex:
            list(ex.map(add, calls))
        want = {(str(sid), str(lang)) for _, sid, lang in calls}
        wait_until("every event delivered",
                   lambda: len(rcv.delivered_events()) >= len(want), timeout=15)
        time.sleep(3)                       # three poll periods of both nodes
        got = [(e["string_id"], e["language"]) for e in rcv.delivered_events()
               if e["type"] == "translation_update"]
        assert sorted(got) == sorted(want), f"{len(got)} events for {len(want)} changes"
        pid = a.project_id(p.identifier)
        rows = a.sql(f"SELECT state, attempts, COUNT(*) FROM webhook_delivery "
                     f"WHERE project_id = {pid} GROUP BY state, attempts")
        assert [r[:2] for r in rows] == [("sent", "1")], rows
        assert all(r["status"] == 200 for r in rcv.requests)
    finally:
        rcv.close()


def test_progress_counts_agree_on_both_nodes(cluster):
    a, b = cluster.node("a"), cluster.node("b")
    p = a.project()
    ca, cb = Content(a, p), Content(b, p)
    la, lb = Lone(a, p), Lone(b, p)
    set_setting(a, p, "allow_disapprove_all_translations", 1)
    made = {}

    def lone_string():
        made["sid"] = lb.string(lb.category("Lone"), "extra", "One more string")

    steps = [
        lambda: ca.add_files({"app.po": po(range(20))}),
        lambda: cb.add_files({"lib.po": po(range(100, 110))}),
        lambda: cb.upload("fr", {"app.po": po(range(0, 20, 2), "FR")}),
        lambda: ca.upload("de", {"lib.po": po(range(100, 105), "DE")},
                          auto_approve_imported=1),
        lone_string,
        lambda: la.ok("addTranslation", string_id=made["sid"], translation_language=la.lang("uk"),
                      translation_value="UK", approve=1),
        lambda: ca.update_files({"app.po": po(range(5, 25))}),
        lambda: lb.ok("disapproveAllTranslations", string_id=made["sid"]),
        lambda: cb.upload("uk", {"app.po": po(range(5, 25), "UK")}),
    ]
    for i, step in enumerate(steps):
        step()
        ka, kb = counts(ca), counts(cb)
        assert ka == kb, f"after step {i}: A {json.dumps(ka)[:800]}\nB {json.dumps(kb)[:800]}"
        assert la.ok("getLanguages") == lb.ok("getLanguages")
    st = cb.status()
    assert int(st["fr"]["translated"]) == 7 and int(st["uk"]["translated"]) == 21, st
    assert int(st["de"]["approved"]) == 5 and int(st["uk"]["approved"]) == 0, st
    out = a.cli("doctor", "--identifier", p.identifier).stdout
    assert "counts: 0 node(s) differed" in out, out


def big_project(node, n):
    p = node.project()
    c = Content(node, p)
    c.add_files({"big.po": po(range(n))})
    c.upload("fr", {"big.po": po(range(n), "FR")})
    return p


BIG = 6000


def test_sigkill_in_the_middle_of_a_build_loses_nothing(cluster):
    a, b = cluster.node("a"), cluster.node("b")
    p = big_project(a, BIG)
    pid = a.project_id(p.identifier)
    assert Content(a, p).export(**{"async": 1}) == "in-progress"
    running = wait_until("the build running", lambda: [
        j for j in job_rows(a, pid) if j[1] == "running"], timeout=10, step=0.01)
    holder, other = (a, b) if running[0][2] == node_id(a) else (b, a)
    assert running[0][2] == node_id(holder), running
    kill9(holder)
    jobs = job_rows(other, pid)
    assert jobs[0][1] == "running" and jobs[0][2] == node_id(holder), \
        f"the build ended before the kill ({jobs}): make BIG larger"
    co = Content(other, p)
    assert export_status(co)["status"] == "in-progress"
    # the dead node's lease (60 s, renewed while it builds) runs out: stand in for the
    # wait by moving its end to the past
    other.sql(f"UPDATE job SET locked_until = {int(time.time()) - 1} WHERE id = {jobs[0][0]}")
    wait_export_finished(co, timeout=30)
    jobs = job_rows(other, pid)
    assert [(j[1], j[2]) for j in jobs] == [("done", node_id(other))], jobs
    z = co.download()
    fr = entry(z, "fr/big.po")
    assert fr.count('msgstr "FR ') == BIG and f'msgstr "FR {BIG - 1}"' in fr

    # the killed node comes back on its address: nothing to take back, same answers
    restart_same_node(holder)
    ch = Content(holder, p)
    assert export_status(ch)["status"] == "finished"
    assert ch.export() == "skipped"
    assert ch.download() == z
    assert [j[1] for j in job_rows(holder, pid)] == ["done"]


def test_restarted_node_finishes_the_build_it_was_killed_in(cluster):
    a, b = cluster.node("a"), cluster.node("b", ["--workers", "0"])
    p = big_project(b, BIG)
    pid = a.project_id(p.identifier)
    assert Content(b, p).export(**{"async": 1}) == "in-progress"
    wait_until("A building", lambda: [j for j in job_rows(a, pid)
                                      if j[1] == "running" and j[2] == node_id(a)],
               timeout=10, step=0.01)
    kill9(a)
    assert [j[1] for j in job_rows(b, pid)] == ["running"], "the build ended before the kill"
    t0 = time.time()
    restart_same_node(a)                     # takes its own job back at once, no lease wait
    wait_export_finished(Content(b, p), timeout=30)
    assert time.time() - t0 < 30
    assert [(j[1], j[2]) for j in job_rows(b, pid)] == [("done", node_id(a))]
    fr = entry(Content(b, p).download(), "fr/big.po")
    assert fr.count('msgstr "FR ') == BIG


def test_sigkill_during_a_write_commits_all_or_nothing(cluster):
    a, b = cluster.node("a"), cluster.node("b")
    n = BIG
    p = a.project(languages=("fr", "de", "uk", "it"))
    ca, cb = Content(a, p), Content(b, p)
    cb.add_files({"big.po": po(range(n))})
    # how long one upload takes here, to kill the next ones part-way
    t0 = time.time()
    ca.upload("de", {"big.po": po(range(n), "DE")})
    took = time.time() - t0
    outcomes = []
    for i, (lang, frac) in enumerate([("fr", 0.4), ("uk", 0.8), ("it", 1.05)]):
        result = {}

        def upload():
            try:
                r = ca.call("upload-translation", {"language": lang},
                            files={"big.po": po(range(n), f"{lang.upper()}{i}")})
                result["status"] = r.status_code
            except requests.RequestException as e:
                result["error"] = type(e).__name__

        t = threading.Thread(target=upload)
        t.start()
        time.sleep(took * frac)
        kill9(a)
        t.join(30)
        settle_after_kill(b)
        # through B: the upload is there completely or not at all
        st = cb.status()[lang]
        assert int(st["translated"]) in (0, n), (lang, frac, st, result)
        prefix = f"{lang.upper()}{i}"
        assert cb.export() in ("built", "skipped")
        z = cb.download()
        text = entry(z, f"{lang}/big.po")
        mine = text.count(f'msgstr "{prefix} ')
        assert mine in (0, n) and mine == int(st["translated"]), (lang, frac, mine, st, result)
        if "status" in result:
            assert result["status"] == 200 and mine == n, (result, mine)
        outcomes.append(("committed" if mine == n else "rolled back", result))
        out = b.cli("doctor", "--identifier", p.identifier).stdout
        assert "counts: 0 node(s) differed" in out, out
        restart_same_node(a)
        ca = Content(a, p)
    print(f"upload {took:.2f} s; kills:", outcomes)
    # at least one kill landed while the request was in flight
    assert any("error" in r for _, r in outcomes), outcomes


def test_nodes_reconnect_after_postgresql_restarts(backend_env, tmp_path):
    """PostgreSQL restarted (an upgrade, a failover): the nodes' pooled connections are
    dropped; each is reopened when a transaction begins on it, so the nodes answer again
    without a restart of their own."""
    backend, _, _ = backend_env
    if backend != "postgres":
        pytest.skip("PostgreSQL only: an SQLite database is a file, there is no server to restart")
    pg = PgCluster(find_pg_bin())           # a private cluster: the suite's keeps running
    try:
        pg.start()
        c = Cluster((backend, str(tmp_path), pg), ["--public-url", "https://tolk.example.com"])
        try:
            a, b = c.node("a"), c.node("b")
            p = a.project()
            Content(a, p).add_files({"app.po": po(range(3))})
            pg._pg("pg_ctl", "-D", pg.data, "-m", "fast", "-w", "stop")
            r = b.get("/api/supported-languages?json")
            assert r.status_code == 500, r.text   # the health check sees the database gone
            opts = f"-k {pg.dir} -c listen_addresses=127.0.0.1 -p {pg.port} -c fsync=off"
            pg._pg("pg_ctl", "-D", pg.data, "-o", opts, "-l", f"{pg.dir}/log2", "-w", "start")
            # more requests than pooled connections: every one is answered
            for i in range(12):
                node = (a, b)[i % 2]
                assert node.get("/api/supported-languages?json").status_code == 200
            ca, cb = Content(a, p), Content(b, p)
            cb.upload("fr", {"app.po": po(range(3), "FR")})
            assert int(ca.status()["fr"]["translated"]) == 3
            assert ca.export() == "built"
            assert 'msgstr "FR 2"' in entry(cb.download(), "fr/app.po")
        finally:
            c.close()
    finally:
        pg.stop()


@pytest.fixture
def plain_cluster(backend_env):
    """Nodes reached over plain http, as the tests' browsers are (a public https address
    would make the session cookie Secure)."""
    c = Cluster(backend_env)
    yield c
    c.close()


def test_the_editor_sees_changes_made_through_another_node(plain_cluster):
    """Two translators behind a load balancer: one on each node.  The changes feed and the
    conflict check read the database, so what B saved shows on A at once."""
    a, b = plain_cluster.node("a"), plain_cluster.node("b")
    p = a.project()
    Content(a, p).add_files({"app.po": po(range(2))})
    x, _, _ = signed_in(a, "translator", p)
    y, login_y, _ = signed_in(b, "translator", p)
    base = f"/app/api/projects/{p.identifier}/editor/fr"
    r = x.request("GET", base + "/changes")
    assert r.status_code == 200, r.text
    cursor = r.json()["cursor"]
    sid = x.request("GET", base + "/strings").json()["strings"][0]["id"]
    seen = x.request("GET", f"{base}/strings/{sid}").json()["version"]
    r = y.request("POST", f"{base}/strings/{sid}/translations", {"text": "Chaîne 0",
                                                                  "version": seen})
    assert r.status_code == 200, r.text
    ch = x.request("GET", base + "/changes", params={"after": cursor}).json()["changes"]
    assert [(c["id"], c["kind"], c["by"]) for c in ch] == [(sid, "translation.added", login_y)]
    r = x.request("POST", f"{base}/strings/{sid}/translations", {"text": "Texte 0",
                                                                  "version": seen})
    assert r.status_code == 409, r.text
    assert r.json()["error"]["string"]["translations"][0]["text"] == "Chaîne 0"
