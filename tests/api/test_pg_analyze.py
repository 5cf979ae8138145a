"""
PostgreSQL: bulk writes that grow the content tables by a tenth or more get them
analyzed by the jobs worker within a second or two (store/db_pg.c, pg_maintain), so
the planner knows their size before autovacuum comes round a minute later.  SQLite
keeps no such statistics: nothing to check there.
"""
import time

import pytest

from conftest import Server, make_db_url
from v1_content_helpers import Content, numbered_po as po


def planner_rows(pg, url, table):
    return float(pg.psql(url, f"SELECT reltuples FROM pg_class WHERE relname = '{table}'")[0][0])


def analyzed(pg, url, table, rows, within=15):
    """Whether the planner takes `table` for `rows` rows within `within` seconds (else what
    it takes, for the assertion's message)."""
    end = time.time() + within
    while planner_rows(pg, url, table) != rows:
        if time.time() > end:
            return pg.psql(url, "SELECT c.reltuples, c.relpages, pg_relation_size(c.oid), "
                           "s.n_live_tup, s.last_analyze, s.last_autoanalyze FROM pg_class c "
                           f"JOIN pg_stat_user_tables s ON s.relid = c.oid WHERE c.relname = '{table}'")
        time.sleep(0.1)
    return True


def last_analyze(pg, url, table):
    return pg.psql(url, f"SELECT last_analyze FROM pg_stat_user_tables WHERE relname = '{table}'")[0][0]


def test_an_import_leaves_the_planner_knowing_the_table_sizes(backend_env):
    backend, tmpdir, pg = backend_env
    if backend != "postgres":
        pytest.skip("PostgreSQL planner statistics")
    url = make_db_url(backend, tmpdir, pg)
    srv = Server(backend, url, tmpdir, pg, log_name="analyze").start()
    try:
        p = srv.project(languages=("fr",))
        v1 = Content(srv, p)
        assert planner_rows(pg, url, "string") <= 0     # never analyzed: an empty guess
        v1.add_files({"a.po": po(range(3000))})
        assert analyzed(pg, url, "string", 3000) is True
        when = last_analyze(pg, url, "string")
        v1.upload("fr", {"a.po": po(range(3000), prefix="FR")})
        assert analyzed(pg, url, "translation", 3000) is True
        # the memory's units come from a job: that table is analyzed, the strings are not again
        assert analyzed(pg, url, "tm_unit", 3000) is True
        assert last_analyze(pg, url, "string") == when
        # 600 strings more grow the table by a fifth: analyzed again
        v1.add_files({"b.po": po(range(600), ctx=" in b")})
        assert analyzed(pg, url, "string", 3600) is True
    finally:
        assert srv.stop() == 0, srv.log_tail()
