"""
Hardening: request parameters.

- Building the parameter tree is linear: a 10 MB unauthenticated form of
  10,000 distinct bracket names is answered at once (it took 5-33 s of CPU
  when every name was looked up in a list), and past LIMIT_PARAMS
  parameters the request is refused with a clear error.
- A NUL byte (%00) in any parameter name or value is refused whole, never
  cut: `key=KEY%00junk` does not authenticate and `name=nul%00tail` stores
  nothing.
"""
import time
import urllib.parse

import pytest
import requests

from lone_helpers import Lone, snapshot
from v1_content_helpers import *  # noqa: F401,F403  (fixtures and helpers)

LIMIT_PARAMS = 10000   # core/limits.h


def form(pairs):
    return "&".join(f"{k}={v}" for k, v in pairs).encode()


def timed_post(url, body, ctype="application/x-www-form-urlencoded"):
    t0 = time.monotonic()
    r = requests.post(url, data=body, headers={"Content-Type": ctype}, timeout=60)
    return r, time.monotonic() - t0


def test_many_distinct_bracket_names_answered_at_once(srv, proj):
    # long names: every comparison of the old list walk read ~1 KB (8-10 s in Release)
    body = form((f"a[{'x' * 990}{i:06d}]", "v") for i in range(LIMIT_PARAMS - 10))
    assert len(body) > 10_000_000
    # unauthenticated: the tree is built before the key is looked at
    r, secs = timed_post(f"{srv.base}/api/project/{proj.identifier}/info?json", body)
    assert r.status_code == 401 and r.json()["error"]["code"] == 3, r.text[:300]
    assert secs < 5, f"{secs:.1f} s for 10,000 names: the parameter tree is not linear"
    # the same under one root name, and at the root
    body = form((f"{'x' * 990}{i:06d}", "v") for i in range(LIMIT_PARAMS - 10))
    r, secs = timed_post(f"{srv.base}/api/{proj.api_token}x/getLanguages", body)
    assert r.status_code == 401 and secs < 5, (r.status_code, secs)


def test_too_many_parameters_refused_clearly(srv, proj):
    body = form((f"k{i}", "1") for i in range(LIMIT_PARAMS + 1))
    r = requests.post(f"{srv.base}/api/project/{proj.identifier}/info?json&key={proj.key}",
                      data=body, headers={"Content-Type": "application/x-www-form-urlencoded"},
                      timeout=60)
    assert r.status_code == 400 and r.json()["error"]["code"] == 27, r.text[:300]
    r = requests.post(f"{srv.base}/api/{proj.api_token}/getLanguages", data=body,
                      headers={"Content-Type": "application/x-www-form-urlencoded"}, timeout=60)
    assert r.status_code == 413 and "Too many parameters" in r.json()["description"]


@pytest.mark.parametrize("where", ["query", "form", "multipart"])
def test_nul_in_key_does_not_authenticate(srv, proj, where):
    url = f"{srv.base}/api/project/{proj.identifier}/info"
    raw = f"key={proj.key}%00junk&json"
    if where == "query":
        r = requests.get(f"{url}?{raw}", timeout=10)
    elif where == "form":
        r = requests.post(url + "?json", data=f"key={proj.key}%00junk", timeout=10,
                          headers={"Content-Type": "application/x-www-form-urlencoded"})
    else:
        r = requests.post(url + "?json", files={"key": (None, proj.key.encode() + b"\0junk")},
                          timeout=10)
    assert r.status_code == 400, r.text
    assert r.json()["success"] is False and r.json()["error"]["code"] == 27


@pytest.mark.parametrize("how", ["query", "form", "name"])
def test_nul_in_value_stores_nothing(content, how):
    url = f"{content.srv.base}/api/project/{content.id}/add-directory?json&key={content.p.key}"
    with content.unchanged(how):
        if how == "query":
            r = requests.post(url + "&name=nul%00tail", timeout=10)
        elif how == "form":
            r = requests.post(url, data="name=nul%00tail", timeout=10,
                              headers={"Content-Type": "application/x-www-form-urlencoded"})
        else:   # %00 inside a parameter name of an urlencoded body
            r = requests.post(url, data="name=d&na%00me=x", timeout=10,
                              headers={"Content-Type": "application/x-www-form-urlencoded"})
        assert r.status_code == 400 and r.json()["error"]["code"] == 27, r.text


@pytest.mark.parametrize("how", ["query", "form", "json"])
def test_lone_nul_refused(srv, proj, how):
    lone = Lone(srv, proj)
    cat = lone.category("C")
    before = snapshot(srv, proj)
    value = "nul\x00tail"
    params = {"category_id": cat, "string_key": value, "default_translation_language":
              lone.lang("en"), "default_translation_value": "x"}
    if how == "query":
        r = requests.post(lone.url("createString") + "?" + urllib.parse.urlencode(params), timeout=10)
    elif how == "form":
        r = requests.post(lone.url("createString"), data=urllib.parse.urlencode(params),
                          headers={"Content-Type": "application/x-www-form-urlencoded"}, timeout=10)
    else:
        r = requests.post(lone.url("createString"), json=params, timeout=10)
    assert r.status_code == 400 and r.json()["ok"] is False, r.text
    assert snapshot(srv, proj) == before


def raw_get(srv, target):
    """One GET of exactly this request target (no client-side re-encoding): (status, body)."""
    import socket
    host, port = srv.base.split("//")[1].split(":")
    with socket.create_connection((host, int(port)), timeout=10) as s:
        s.sendall(f"GET {target} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n".encode())
        data = b""
        while chunk := s.recv(65536):
            data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    return int(head.split(b" ")[1]), body


def test_nul_in_the_path_is_refused_never_cut(srv, proj):
    """A %00 in the path would cut it where libmicrohttpd decodes it: `/editor/fr%00x` would be
    routed as `/editor/fr`, `info%00x` as `info`.  Every route alike: refused whole."""
    ident = proj.identifier
    for target in (f"/api/project/{ident}/info%00x?json&key={proj.key}",
                   f"/api/project/{ident}%00/info?json&key={proj.key}",
                   f"/app/p/{ident}/editor/fr%00x", "/app/api/session%00",
                   f"/api/{proj.api_token}/getLanguages%00", "/app/static/app.css%00.js"):
        status, body = raw_get(srv, target)
        assert status == 400 and b"NUL" in body, (target, status, body[:200])
    # the same calls whole still work, and a %00 in the query stays the handlers' refusal
    assert raw_get(srv, f"/api/project/{ident}/info?json&key={proj.key}")[0] == 200
    status, body = raw_get(srv, f"/api/project/{ident}/info?json&key={proj.key}%00junk")
    assert status == 400 and b'"code":27' in body and b"NUL" not in body, body[:200]
    # a keep-alive connection's next request is not taken for one with a NUL
    import requests as rq
    with rq.Session() as s:
        assert s.get(f"{srv.base}/api/project/{ident}/info?json&key={proj.key}").status_code == 200
        assert s.get(f"{srv.base}/api/project/{ident}/info?json&key={proj.key}").status_code == 200
