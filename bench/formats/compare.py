"""Side by side: tolk's format library and Debian's translate-toolkit on the
same generated files.  Called by bench/formats/run.sh.

    /usr/bin/python3 compare.py BENCH_FORMATS ROUNDS <"format<TAB>path" lines

A parse is the same job on both sides: the file in, every unit's key,
source text (all plural forms) and notes out.  translate-toolkit's XML
stores decode a unit only when it is read, so its parse is timed together
with reading those fields from every unit.

For each format, ROUNDS rounds alternate `bench_formats time` (median of 3
runs) and translate-toolkit (median of 3 parses and serializations) so that
both see the same machine load; the table shows the median over the rounds.
Both writes are the same job: every unit translated (the same German text
as bench_formats uses), then the file serialized.  translate-toolkit's
target setters do the escaping that tolk's writers do, so they are timed
with the serialization.
"""
import contextlib
import gc
import importlib
import io
import statistics
import subprocess
import sys
import time

from translate.misc.multistring import multistring

# translate-toolkit's reader for each tolk format
TT_CLASS = {
    "gettext": ("translate.storage.pypo", "pofile"),
    "properties": ("translate.storage.properties", "javafile"),
    "macosx": ("translate.storage.properties", "stringsutf8file"),
    "csv": ("translate.storage.csvl10n", "csvfile"),
    "php": ("translate.storage.php", "phpfile"),
    "yaml": ("translate.storage.yaml", "RubyYAMLFile"),
    "ini": ("translate.storage.ini", "inifile"),
    "android": ("translate.storage.aresource", "AndroidResourceFile"),
    "xliff": ("translate.storage.xliff", "xlifffile"),
    "resx": ("translate.storage.resx", "RESXFile"),
    "qtts": ("translate.storage.ts2", "tsfile"),
    "json": ("translate.storage.jsonl10n", "I18NextV4File"),
    "arb": ("translate.storage.jsonl10n", "ARBJsonFile"),
}


def tolk_round(bench, fmt, path):
    out = subprocess.run([bench, "time", fmt, path, "3"], check=True, capture_output=True,
                         text=True).stdout
    return {k: float(v) for k, v in (f.split("=") for f in out.split())}


TEXT = "Nachricht: der schnelle braune Fuchs springt über den faulen Hund, \"fertig\""
PLURAL = multistring(["%d Datei im Ordner", "%d Dateien im Ordner"])


def read_units(store):
    """What tolk's parse hands over: each unit's key, source forms and notes."""
    with contextlib.redirect_stdout(io.StringIO()):  # some getters print debugging output
        for unit in store.units:
            unit.getid(), unit.source, unit.getnotes()


def translate(store):
    # some translate-toolkit setters print debugging output; keep the table clean
    with contextlib.redirect_stdout(io.StringIO()):
        set_targets(store)


def set_targets(store):
    for unit in store.units:
        if unit.isheader():
            continue
        unit.target = PLURAL if unit.hasplural() else TEXT


def tt_round(store_class, data):
    parse, write, units = [], [], 0
    store = None
    for _ in range(3):
        # the last store alive during a parse makes Python's collector walk
        # it too: up to 5x slower, depending on when the collector runs
        store = None
        gc.collect()
        t0 = time.perf_counter()
        store = store_class.parsestring(data)
        read_units(store)
        parse.append(len(data) / 1e6 / (time.perf_counter() - t0))
        t0 = time.perf_counter()
        translate(store)
        written = bytes(store)
        write.append(len(written) / 1e6 / (time.perf_counter() - t0))
        units = len(store.units)
    return {"parse_mbs": statistics.median(parse), "write_mbs": statistics.median(write),
            "units": units}


def tt_reader(fmt):
    module, cls = TT_CLASS[fmt]
    try:
        return getattr(importlib.import_module(module), cls), None
    except Exception as e:  # an optional dependency missing
        return None, str(e).splitlines()[0]


def median_of(rounds, key):
    values = [r[key] for r in rounds if key in r]
    return statistics.median(values) if values else None


def main():
    bench, nrounds = sys.argv[1], int(sys.argv[2])
    print("%-10s %6s %7s | %10s %10s %10s | %9s %9s | %7s %7s" % (
        "format", "MB", "units", "parse MB/s", "write MB/s", "libxml2", "tt parse", "tt write",
        "parse x", "write x"))
    notes = []
    for line in sys.stdin:
        fmt, path = line.rstrip("\n").split("\t")
        reader, why = tt_reader(fmt)
        data = open(path, "rb").read()
        ours, theirs = [], []
        for _ in range(nrounds):
            ours.append(tolk_round(bench, fmt, path))
            if reader:
                theirs.append(tt_round(reader, data))
        p, w = median_of(ours, "parse_mbs"), median_of(ours, "write_mbs")
        x = median_of(ours, "xml_check_mbs")
        tp, tw = median_of(theirs, "parse_mbs"), median_of(theirs, "write_mbs")
        print("%-10s %6.1f %7d | %10.1f %10.1f %10s | %9s %9s | %7s %7s" % (
            fmt, len(data) / 1e6, ours[0]["units"], p, w, "%.1f" % x if x else "-",
            "%.2f" % tp if tp else "n/a", "%.2f" % tw if tw else "n/a",
            "%.1fx" % (p / tp) if tp else "-", "%.1fx" % (w / tw) if tw else "-"))
        sys.stdout.flush()
        if why:
            notes.append("  %s: translate-toolkit cannot read it here (%s)" % (fmt, why))
    print("\n".join(notes + [
        "  libxml2: libxml2 alone reading the file with xmlutil's check settings, the floor",
        "  of every XML parse; medians over %d rounds of 3 runs each" % nrounds]))


main()
