"""Times Debian translate-toolkit on one file: prints "parse_mbs=P write_mbs=W units=U".

Usage: /usr/bin/python3 tt_parse.py CLASS FILE [REPEATS]
CLASS is one of: android xliff resx qtts json arb (median of REPEATS runs).
"""
import statistics
import sys
import time

from translate.storage import aresource, jsonl10n, resx, ts2, xliff

CLASSES = {
    "android": aresource.AndroidResourceFile,
    "xliff": xliff.xlifffile,
    "resx": resx.RESXFile,
    "qtts": ts2.tsfile,
    "json": jsonl10n.I18NextV4File,
    "arb": jsonl10n.ARBJsonFile,
}


def main():
    cls = CLASSES[sys.argv[1]]
    data = open(sys.argv[2], "rb").read()
    repeats = int(sys.argv[3]) if len(sys.argv) > 3 else 3
    tp, tw, units = [], [], 0
    for _ in range(repeats):
        t0 = time.perf_counter()
        store = cls.parsestring(data)
        t1 = time.perf_counter()
        bytes(store)
        t2 = time.perf_counter()
        tp.append(t1 - t0)
        tw.append(t2 - t1)
        units = len(store.units)
    mb = len(data) / 1e6
    print("units=%d parse_mbs=%.2f write_mbs=%.2f" % (units, mb / statistics.median(tp),
                                                      mb / statistics.median(tw)))


main()
