"""Delay from an addTranslation call to the webhook's arrival at a local receiver.
Sequential: each call waits for its delivery before the next.  Prints median and p99."""
import statistics
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import requests

base, token, tolk, db, ident, first, lang, calls = sys.argv[1:9]
first, calls = int(first), int(calls)
arrived = threading.Event()
stamp = [0.0]


class H(BaseHTTPRequestHandler):
    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        stamp[0] = time.perf_counter()
        arrived.set()
        self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *a):
        pass


httpd = ThreadingHTTPServer(("127.0.0.1", 0), H)
threading.Thread(target=httpd.serve_forever, daemon=True).start()
url = f"http://127.0.0.1:{httpd.server_address[1]}/hook"
subprocess.run([tolk, "project", "set", "--identifier", ident, "--setting", "webhook_url",
                "--value", url, "--db", db], check=True, stdout=subprocess.DEVNULL)
s = requests.Session()
lat, api = [], []
for i in range(calls):
    arrived.clear()
    t0 = time.perf_counter()
    r = s.post(f"{base}/api/{token}/addTranslation", timeout=30,
               data={"string_id": first + i, "translation_language": lang,
                     "translation_value": f"latency {i} {t0}"})
    t1 = time.perf_counter()
    assert r.json()["ok"], r.text
    if not arrived.wait(15):
        sys.exit(f"webhook {i} did not arrive")
    api.append((t1 - t0) * 1000)
    lat.append((stamp[0] - t0) * 1000)
lat.sort()
api.sort()
p99 = lat[max(0, int(len(lat) * 0.99) - 1)]
print(f"webhook delay over {calls} calls: median {statistics.median(lat):.1f} ms, "
      f"p99 {p99:.1f} ms, max {lat[-1]:.1f} ms "
      f"(batch window 200 ms; the API call itself: median {statistics.median(api):.2f} ms)")
httpd.shutdown()
