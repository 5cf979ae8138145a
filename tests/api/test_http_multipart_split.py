"""
A multipart upload whose bytes arrive in two pieces, split anywhere around the start of a file
part's content (a slow network does it), is the same upload: libmicrohttpd then starts the part
twice at offset 0 (empty, then with its bytes), which once read as two files of the same name
(v1 error 27) or, counted twice, as too many files (45).  Both backends.
"""
import socket
import time
import urllib.parse

import pytest

PO = b'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\nmsgid "Hello"\nmsgstr ""\n'
BOUNDARY = b"tolkSplitBoundary"


def send_in_two(srv, path, body, cut):
    u = urllib.parse.urlparse(srv.base)
    head = (f"POST {path} HTTP/1.1\r\nHost: {u.netloc}\r\nContent-Type: multipart/form-data; "
            f"boundary={BOUNDARY.decode()}\r\nContent-Length: {len(body)}\r\nConnection: close\r\n\r\n").encode()
    with socket.create_connection((u.hostname, u.port), timeout=30) as s:
        s.sendall(head + body[:cut])
        time.sleep(0.15)
        s.sendall(body[cut:])
        data = b""
        while chunk := s.recv(65536):
            data += chunk
    status = int(data.split(b" ", 2)[1])
    return status, data.split(b"\r\n\r\n", 1)[1]


@pytest.mark.parametrize("delta", [-2, 0, 1, 2, 3])
def test_file_part_split_after_its_headers(srv, proj, delta):
    r = srv.v1(f"/api/project/{proj.identifier}/add-file", proj.auth(), files=[("files[a.po]", ("a.po", PO))])
    assert r.status_code == 200, r.text
    fr = PO.replace(b'msgid "Hello"\nmsgstr ""', b'msgid "Hello"\nmsgstr "Salut %d"' % (delta + 10))
    parts = (b"--" + BOUNDARY + b'\r\nContent-Disposition: form-data; name="language"\r\n\r\nfr\r\n'
             b"--" + BOUNDARY + b'\r\nContent-Disposition: form-data; name="files[a.po]"; filename="a.po"\r\n\r\n')
    body = parts + fr + b"\r\n--" + BOUNDARY + b"--\r\n"
    status, reply = send_in_two(srv, f"/api/project/{proj.identifier}/upload-translation?json&key={proj.key}",
                                body, len(parts) + delta)
    assert status == 200 and b'"a.po":"uploaded"' in reply, reply[:300]
    r = srv.v1(f"/api/project/{proj.identifier}/export-file", {**proj.auth(), "file": "a.po", "language": "fr"},
               fmt=None, method="GET")
    assert b'msgstr "Salut %d"' % (delta + 10) in r.content, r.content[:300]


def test_an_empty_part_and_another_file_of_the_same_name_stay_two(srv, proj):
    """Only the same part started twice is one: an empty file part followed by another file under
    the same field name (another filename) is still two files of one name (v1 27)."""
    r = srv.v1(f"/api/project/{proj.identifier}/add-file", proj.auth(), files=[("files[a.po]", ("a.po", PO))])
    assert r.status_code == 200, r.text
    part = lambda fn: (b"--" + BOUNDARY + b'\r\nContent-Disposition: form-data; name="files[a.po]"; '  # noqa: E731
                       b'filename="' + fn + b'"\r\n\r\n')
    first = b"--" + BOUNDARY + b'\r\nContent-Disposition: form-data; name="language"\r\n\r\nfr\r\n' + part(b"a.po")
    body = first + b"\r\n" + part(b"b.po") + PO + b"\r\n--" + BOUNDARY + b"--\r\n"
    status, reply = send_in_two(srv, f"/api/project/{proj.identifier}/upload-translation?json&key={proj.key}",
                                body, len(first))
    assert b'"code":27' in reply, (status, reply[:300])
