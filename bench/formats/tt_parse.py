"""Time translate-toolkit parsing the files bench_formats generated.

Reads bench_formats TSV lines on stdin; for each prints
"format<TAB>MB/s" (median of 3 parses) or "format<TAB>n/a: reason".
"""
import importlib
import statistics
import sys
import time

for line in sys.stdin:
    fmt, path, size, _units, _p, _w, module, cls = line.rstrip("\n").split("\t")
    try:
        store_class = getattr(importlib.import_module(module), cls)
    except Exception as e:  # missing optional dependency (phply, ruamel, iniparse)
        print(f"{fmt}\tn/a: {str(e).splitlines()[0]}")
        continue
    data = open(path, "rb").read()
    runs = []
    for _ in range(3):
        t0 = time.perf_counter()
        store = store_class.parsestring(data)
        runs.append(time.perf_counter() - t0)
    print(f"{fmt}\t{int(size) / 1e6 / statistics.median(runs):.2f}\t{len(store.units)}")
    sys.stdout.flush()
