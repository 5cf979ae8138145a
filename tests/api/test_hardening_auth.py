"""
Hardening: failed authentications are limited per client address, and the
count lives in the database, so every node of a cluster enforces it.
"""
import time

import requests

from lone_helpers import start_server

LIMIT = ["--auth-fail-limit", "5", "--auth-fail-window", "4"]


def v1_info(s, project, key):
    return requests.get(f"{s.base}/api/project/{project.identifier}/info",
                        params={"key": key, "json": ""}, timeout=10)


def test_failed_authentications_get_429_until_the_window_ends(backend_env):
    s = start_server(backend_env, LIMIT, log_name="auth")
    try:
        p = s.project()
        assert v1_info(s, p, p.key).status_code == 200
        for _ in range(5):
            r = v1_info(s, p, "0" * 32)
            assert r.status_code == 404 and r.json()["error"]["code"] == 1
        r = v1_info(s, p, p.key)          # even the right key: the address is blocked
        assert r.status_code == 429, r.text
        assert 1 <= int(r.headers["Retry-After"]) <= 4
        err = r.json()["error"]
        assert err["code"] == 13 and "failed authentications" in err["details"]
        r = requests.get(f"{s.base}/api/{p.api_token}x/getLanguages", timeout=10)
        assert r.status_code == 429 and r.json()["ok"] is False
        # public calls are not authentication
        assert requests.get(f"{s.base}/api/supported-languages?json", timeout=10).status_code == 200
        time.sleep(int(r.headers["Retry-After"]) + 1)
        assert v1_info(s, p, p.key).status_code == 200
        # localization.one tokens and v1 account keys count too
        for _ in range(5):
            assert requests.get(f"{s.base}/api/{'a' * 48}/getLanguages", timeout=10).status_code == 401
        assert requests.get(f"{s.base}/api/{p.api_token}/getLanguages", timeout=10).status_code == 429
    finally:
        s.stop()


def test_block_is_shared_by_nodes_on_one_database(backend_env):
    a = start_server(backend_env, LIMIT, log_name="auth-a")
    b = start_server(backend_env, LIMIT, db_url=a.db_url, log_name="auth-b")
    try:
        p = a.project()
        assert v1_info(b, p, p.key).status_code == 200
        for _ in range(5):
            assert v1_info(a, p, "f" * 32).status_code == 404
        deadline = time.time() + 3
        while v1_info(b, p, p.key).status_code != 429:
            assert time.time() < deadline, "node b never saw node a's block"
            time.sleep(0.1)
    finally:
        a.stop()
        b.stop()
