"""
One tenant cannot slow another down by taking the database pool: a burst of
uploads into project A leaves connections for project B (src/api/gate.h).

The server runs with a pool of 2.  Before the gate, four parallel uploads into A
held both connections most of the time, and each `info` on B waited for an
upload to finish.  Now A's requests together hold at most one, and B's calls
take about what they take without the uploads.
"""
import statistics
import threading
import time

import pytest

from conftest import Server, make_db_url
from v1_content_helpers import Content, numbered_po

N_STRINGS = 6000
UPLOADS = 4


@pytest.fixture
def small_pool(backend_env):
    backend, tmpdir, pg = backend_env
    s = Server(backend, make_db_url(backend, tmpdir, pg), tmpdir, pg, log_name="pool2",
               extra=["--db-pool", "2"]).start()
    yield s
    assert s.stop() == 0, s.log_tail()


def test_uploads_into_one_project_leave_the_pool_to_others(small_pool):
    s = small_pool
    a = Content(s, s.project(languages=("fr", "de", "uk", "it")))
    b = Content(s, s.project())
    a.add_files({"big.po": numbered_po(range(N_STRINGS))})
    b.add_files({"small.po": numbered_po(range(20))})

    def info_ms():
        t0 = time.perf_counter()
        assert b.info()
        return (time.perf_counter() - t0) * 1000

    idle = sorted(info_ms() for _ in range(20))

    upload_s = []

    def upload(lang):
        t0 = time.perf_counter()
        a.upload(lang, {"big.po": numbered_po(range(N_STRINGS), lang.upper())})
        upload_s.append(time.perf_counter() - t0)

    threads = [threading.Thread(target=upload, args=(l,)) for l in a.p.languages]
    for t in threads:
        t.start()
    busy = []
    while any(t.is_alive() for t in threads):
        busy.append(info_ms())
    for t in threads:
        t.join()
    assert len(upload_s) == UPLOADS
    # every upload landed
    status = a.status()
    assert all(int(status[l]["translated"]) == N_STRINGS for l in a.p.languages), status
    shortest_upload_ms = min(upload_s) * 1000
    median_busy = statistics.median(busy)
    # B is not queued behind A: its typical call is far shorter than one upload of A
    # (before the gate it waited for one), and it got many calls in meanwhile
    assert median_busy < shortest_upload_ms / 4, (median_busy, shortest_upload_ms, idle[10])
    assert len(busy) >= 10, (len(busy), upload_s)
