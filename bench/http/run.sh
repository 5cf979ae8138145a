#!/usr/bin/env bash
# HTTP benchmark: requests/second of the v1 `info` call (JSON) against the ceiling of
# the same HTTP layer with no handler work, measured interleaved in one run.
#
#   bench/http/run.sh [--db sqlite|postgres|both] [--bin PATH]   build build-release/ and measure
#   TOLK_BIN=path/to/tolk bench/http/run.sh
#
# --db postgres runs the same measurement on a throwaway PostgreSQL 15 cluster in a temp dir
# (bench/lib/pg.py; fsync off, said in the output); --db both sets up both servers, interleaves
# their runs and adds the PostgreSQL / SQLite ratio of info requests/s.
#
# Knobs (environment): DURATION=5 (seconds per wrk run), THREADS=2, CONNECTIONS=32, RUNS=3,
# STRINGS=2000, BUILD_DIR=build-release, KEEP_WORK=1 (keep the temp dir: DB, wrk output, log).  Prints figures only; always exits 0 once measured.
#
# The project: 3 directories, 20 files, STRINGS strings.  Content goes in through
# the v1 API (add-directory, add-file) when the server has those calls; otherwise rows are
# inserted straight into the node and string tables (sqlite3 CLI or python3's sqlite3; psql).
#
# A third row, `info` on an empty project, is context: it shows how much of the gap is the
# per-call cost (v1 prelude, auth, DB transaction) and how much grows with the content.
#
# CONNECTIONS must stay within the server's per-address limit (--per-ip-connections, 32):
# wrk connects from one address, and connections past the limit are refused.
# bench/http/slowloris.py measures what a normal client gets while slow clients hold
# hundreds of connections (request read deadlines).
#
# Ceiling: `GET /nonexistent`, the dispatcher's plain-text 404.  It runs the same HTTP layer
# (libmicrohttpd, request setup, routing, response) but no v1 prelude and no database, so
# it bounds what any handler can reach.
set -euo pipefail

cd "$(dirname "$0")/../.."
REPO=$PWD
DURATION=${DURATION:-5}
THREADS=${THREADS:-2}
CONNECTIONS=${CONNECTIONS:-32}
RUNS=${RUNS:-3}
STRINGS=${STRINGS:-2000}
BUILD_DIR=${BUILD_DIR:-build-release}

say() { printf '%s\n' "$*" >&2; }
die() { say "bench: $*"; exit 1; }

DBS=sqlite
while [ $# -gt 0 ]; do
	case $1 in
	--db) DBS=${2:-}; shift 2 ;;
	--db=*) DBS=${1#--db=}; shift ;;
	--bin) TOLK_BIN=${2:-}; shift 2 ;;
	--bin=*) TOLK_BIN=${1#--bin=}; shift ;;
	-h | --help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
	*) die "unknown argument: $1 (see --help)" ;;
	esac
done
case $DBS in
sqlite | postgres) BACKENDS=("$DBS") ;;
both) BACKENDS=(sqlite postgres) ;;
*) die "--db: sqlite, postgres or both" ;;
esac

scripts/install-deps bench >&2
command -v wrk >/dev/null || die "wrk not found (apt-get install wrk)"
command -v curl >/dev/null || die "curl not found"
command -v python3 >/dev/null || die "python3 not found"

if [ -z "${TOLK_BIN:-}" ]; then
	say "bench: building $BUILD_DIR (Release)"
	cmake -S . -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=Release -DTOLK_TESTS=OFF >/dev/null
	ninja -C "$BUILD_DIR" tolk >/dev/null
	TOLK_BIN=$REPO/$BUILD_DIR/tolk
fi
[ -x "$TOLK_BIN" ] || die "no tolk binary at $TOLK_BIN"

WORK=$(mktemp -d "${TMPDIR:-/tmp}/tolk-bench.XXXXXX")
PGDIR=""	# the PostgreSQL cluster's own temp dir (owned by the postgres user)
declare -A PID DB BASE IDENT KEY INFO_URL EMPTY_URL CEIL_URL DESC
cleanup() {
	for b in "${!PID[@]}"; do
		if kill -0 "${PID[$b]}" 2>/dev/null; then
			kill -TERM "${PID[$b]}" 2>/dev/null || true
			wait "${PID[$b]}" 2>/dev/null || true
		fi
	done
	if [ -n "$PGDIR" ]; then python3 "$REPO/bench/lib/pg.py" stop "$PGDIR"; fi
	if [ -n "${KEEP_WORK:-}" ]; then say "bench: kept $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT

PG_NOTE=""
for b in "${BACKENDS[@]}"; do
	if [ "$b" = sqlite ]; then
		DB[$b]="sqlite:$WORK/bench.db"
	else
		PGDIR=$(mktemp -d "${TMPDIR:-/tmp}/tolk-bench-pg.XXXXXX")
		DB[$b]=$(python3 "$REPO/bench/lib/pg.py" start "$PGDIR" 2>"$WORK/pg-note") ||
			{ cat "$WORK/pg-note" >&2; die "the PostgreSQL cluster did not start"; }
		PG_NOTE=$(cat "$WORK/pg-note")
	fi
done

# ---- one server per backend: account, projects, `tolk serve` ----------------------------
start_server() {	# backend
	local b=$1 port empty_key
	port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
	BASE[$b]="http://127.0.0.1:$port"
	IDENT[$b]=bench-$$
	"$TOLK_BIN" account create --login bench --email bench@example.com --db "${DB[$b]}" >"$WORK/account-$b.txt"
	"$TOLK_BIN" project create --account bench --identifier "${IDENT[$b]}" --name "Benchmark project" \
		--source-language en --languages fr,de,uk,es-ES,pt-BR --db "${DB[$b]}" >"$WORK/project-$b.txt"
	KEY[$b]=$(sed -n 's/^project_key: //p' "$WORK/project-$b.txt")
	[ -n "${KEY[$b]}" ] || die "no project key from tolk project create"
	# the same call on an empty project: separates the per-call cost from the content cost
	"$TOLK_BIN" project create --account bench --identifier "${IDENT[$b]}-empty" --name "Empty project" \
		--source-language en --languages fr,de,uk,es-ES,pt-BR --db "${DB[$b]}" >"$WORK/project-empty-$b.txt"
	empty_key=$(sed -n 's/^project_key: //p' "$WORK/project-empty-$b.txt")
	INFO_URL[$b]="${BASE[$b]}/api/project/${IDENT[$b]}/info?key=${KEY[$b]}&json"
	CEIL_URL[$b]="${BASE[$b]}/nonexistent"
	EMPTY_URL[$b]="${BASE[$b]}/api/project/${IDENT[$b]}-empty/info?key=$empty_key&json"

	"$TOLK_BIN" serve --listen "127.0.0.1:$port" --db "${DB[$b]}" --access-log 0 --log-level warn \
		>"$WORK/server-$b.log" 2>&1 &
	PID[$b]=$!
	for _ in $(seq 100); do
		curl -fsS -o /dev/null "${BASE[$b]}/api/supported-languages" 2>/dev/null && break
		kill -0 "${PID[$b]}" 2>/dev/null || { cat "$WORK/server-$b.log" >&2; die "server exited"; }
		sleep 0.1
	done
}

# ---- content: 3 directories, 20 files, $STRINGS strings -------------------------------
DIRS=(app lib docs)
NFILES=20
PER_FILE=$((STRINGS / NFILES))
file_path() { echo "${DIRS[$(($1 % 3))]}/strings_$(printf %02d "$1").properties"; }

mkdir -p "$WORK/files"
for ((f = 0; f < NFILES; f++)); do
	python3 - "$WORK/files/f$f.properties" "$f" "$PER_FILE" <<'EOF'
import sys
path, f, n = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
words = ("open save close file edit view window help about settings account project "
         "delete the selected item before you continue with this new version").split()
with open(path, "w") as out:
    for i in range(n):
        if i % 10 == 0:
            # one string in ten repeats across files, as real projects do (duplicates)
            seed, length = i, 2 + i % 3
        else:
            seed, length = f * 7919 + i * 104729, 3 + (f + i) % 9
        text = " ".join(words[(seed // (j + 1) + j * 5) % len(words)] for j in range(length))
        if i % 10:
            text += f" ({f}.{i})"
        out.write(f"# comment {i}\nkey.{f}.{i}={text.capitalize()}\n")
EOF
done

load_content() {	# backend: v1 add-directory + add-file, else rows straight into the tables
	local b=$1 loaded=api d code
	v1() { curl -sS -X POST "${BASE[$b]}/api/project/${IDENT[$b]}/$1?key=${KEY[$b]}&json" "${@:2}"; }
	for d in "${DIRS[@]}"; do
		if ! v1 add-directory -F "name=$d" | grep -q '"success":true'; then
			loaded=sql
			break
		fi
	done
	if [ "$loaded" = api ]; then
		local args=()
		for ((f = 0; f < NFILES; f++)); do
			args+=(-F "files[$(file_path "$f")]=@$WORK/files/f$f.properties")
		done
		v1 add-file "${args[@]}" >"$WORK/add-file-$b.json"
		grep -q '"success":true' "$WORK/add-file-$b.json" || { cat "$WORK/add-file-$b.json" >&2; loaded=sql; }
	fi
	if [ "$loaded" = sql ]; then
		# no content API (or it refused): rows straight into node and string
		python3 - "$WORK" "${IDENT[$b]}" "$NFILES" "$PER_FILE" "${DIRS[@]}" >"$WORK/load.sql" <<'EOF'
import sys, time, os
work, ident, nfiles, per = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
dirs = sys.argv[5:]
now = int(time.time())
q = lambda s: "'" + s.replace("'", "''") + "'"
pid = f"(SELECT id FROM project WHERE identifier = {q(ident)})"
print("BEGIN;")
for d in dirs:
    print(f"INSERT INTO node (project_id, kind, name, created, updated) VALUES ({pid}, 'directory', {q(d)}, {now}, {now});")
for f in range(nfiles):
    d = dirs[f % 3]
    name = f"strings_{f:02d}.properties"
    parent = f"(SELECT id FROM node WHERE project_id = {pid} AND parent_id IS NULL AND name = {q(d)})"
    print(f"INSERT INTO node (project_id, parent_id, kind, name, file_type, revision, created, updated) "
          f"VALUES ({pid}, {parent}, 'file', {q(name)}, 'properties', 1, {now}, {now});")
    node = f"(SELECT id FROM node WHERE project_id = {pid} AND parent_id = {parent} AND name = {q(name)})"
    for i, line in enumerate(l for l in open(os.path.join(work, "files", f"f{f}.properties")) if "=" in l):
        key, text = line.rstrip("\n").split("=", 1)
        print(f"INSERT INTO string (project_id, node_id, skey, source, position, words, chars, chars_with_spaces, created, updated) "
              f"VALUES ({pid}, {node}, {q(key)}, {q(text)}, {i}, {len(text.split())}, {len(text.replace(' ', ''))}, {len(text)}, {now}, {now});")
print("COMMIT;")
EOF
		if [ "$b" = postgres ]; then
			/usr/lib/postgresql/15/bin/psql -q -X -v ON_ERROR_STOP=1 "${DB[$b]}" -f "$WORK/load.sql" >/dev/null
		elif command -v sqlite3 >/dev/null; then
			sqlite3 "${DB[$b]#sqlite:}" <"$WORK/load.sql"
		else
			python3 -c 'import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.executescript(open(sys.argv[2]).read()); c.close()' \
				"${DB[$b]#sqlite:}" "$WORK/load.sql"
		fi
	fi

	curl -fsS "${INFO_URL[$b]}" >"$WORK/info-$b.json" || die "info failed: $(cat "$WORK/info-$b.json")"
	DESC[$b]=$(python3 - "$WORK/info-$b.json" "$loaded" <<'EOF'
import json, os, sys
d = json.load(open(sys.argv[1]))
def walk(items, acc):
    for it in items:
        acc[it["node_type"]] = acc.get(it["node_type"], 0) + 1
        walk(it.get("files", []), acc)
    return acc
acc = walk(d["files"], {})
print(f"{acc.get('directory', 0)} directories, {acc.get('file', 0)} files, "
      f"{d['details']['total_strings_count']} strings, {d['details']['total_words_count']} words "
      f"(loaded via {sys.argv[2]}); info JSON reply {os.path.getsize(sys.argv[1])} bytes")
EOF
)
	code=$(curl -s -o /dev/null -w '%{http_code}' "${CEIL_URL[$b]}")
	[ "$code" = 404 ] || die "ceiling URL answered $code, expected 404"
}

for b in "${BACKENDS[@]}"; do
	start_server "$b"
	load_content "$b"
done

# ---- measure --------------------------------------------------------------------------
run_wrk() {	# backend name url run -> appends "backend name req/s p50ms p99ms errors" to results
	local out="$WORK/wrk-$1-$2-$4.txt"
	wrk -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --latency "$3" >"$out" 2>&1 || true
	python3 - "$1" "$2" "$out" >>"$WORK/results" <<'EOF'
import re, sys
backend, name, text = sys.argv[1], sys.argv[2], open(sys.argv[3]).read()
def ms(v):
    m = re.match(r"([\d.]+)(us|ms|s|m)$", v)
    return float(m.group(1)) * {"us": 0.001, "ms": 1, "s": 1000, "m": 60000}[m.group(2)]
rps = re.search(r"Requests/sec:\s+([\d.]+)", text)
p50 = re.search(r"^\s+50%\s+(\S+)", text, re.M)
p99 = re.search(r"^\s+99%\s+(\S+)", text, re.M)
err = re.search(r"Socket errors: (.*)", text)
errs = 0
if err:
    errs = sum(int(n) for n in re.findall(r"\d+", err.group(1)))
if not (rps and p50 and p99):
    sys.stderr.write(f"bench: could not parse wrk output for {name}:\n{text}\n")
    print(backend, name, 0, 0, 0, -1)
else:
    print(backend, name, rps.group(1), ms(p50.group(1)), ms(p99.group(1)), errs)
EOF
}

: >"$WORK/results"
say "bench: $RUNS x (info, ceiling, info on an empty project) on ${BACKENDS[*]}, ${DURATION}s each, $THREADS threads, $CONNECTIONS connections"
for ((r = 1; r <= RUNS; r++)); do
	for b in "${BACKENDS[@]}"; do
		run_wrk "$b" info "${INFO_URL[$b]}" "$r"
		run_wrk "$b" ceiling "${CEIL_URL[$b]}" "$r"
		run_wrk "$b" info_empty "${EMPTY_URL[$b]}" "$r"
	done
done
for b in "${BACKENDS[@]}"; do
	kill -0 "${PID[$b]}" 2>/dev/null || { cat "$WORK/server-$b.log" >&2; die "the $b server died during the runs"; }
done

TITLE="tolk HTTP benchmark: $TOLK_BIN ($("$TOLK_BIN" --version 2>/dev/null || echo 'version ?')), $(nproc) CPUs, wrk -t$THREADS -c$CONNECTIONS -d${DURATION}s, $RUNS interleaved runs, medians"
TITLE="$TITLE" PG_NOTE="$PG_NOTE" DESC_sqlite="${DESC[sqlite]:-}" DESC_postgres="${DESC[postgres]:-}" \
	python3 - "$WORK/results" "${BACKENDS[@]}" <<'EOF'
import os, statistics, sys
rows = {}
for line in open(sys.argv[1]):
    b, name, rps, p50, p99, errs = line.split()
    rows.setdefault((b, name), []).append((float(rps), float(p50), float(p99), int(errs)))
def med(b, name, i):
    return statistics.median(r[i] for r in rows[b, name])
backends = sys.argv[2:]
label = {"sqlite": "SQLite", "postgres": "PostgreSQL"}
print()
print(os.environ["TITLE"])
for b in backends:
    print(f"project on {label[b]}: {os.environ['DESC_' + b]}")
if "postgres" in backends:
    print(os.environ["PG_NOTE"])
print()
print(f"{'endpoint':<47} {'backend':<10} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8}   runs (req/s)")
labels = {"info": "info (JSON, key auth)",
          "ceiling": "ceiling: GET /nonexistent (404, no handler/DB)",
          "info_empty": "info on an empty project (context only)"}
for b in backends:
    for name in ("info", "ceiling", "info_empty"):
        runs = " ".join(f"{r[0]:.0f}" for r in rows[b, name])
        errs = sum(r[3] for r in rows[b, name])
        extra = f"   socket errors: {errs}" if errs else ""
        print(f"{labels[name]:<47} {label[b]:<10} {med(b, name, 0):>8.0f} {med(b, name, 1):>8.2f} "
              f"{med(b, name, 2):>8.2f}   {runs}{extra}")
print()
for b in backends:
    ceil = med(b, "ceiling", 0)
    if ceil:
        print(f"{label[b]}: info / ceiling = {med(b, 'info', 0) / ceil:.2f}   (target >= 0.50);"
              f"  info on an empty project / ceiling = {med(b, 'info_empty', 0) / ceil:.2f}")
if len(backends) == 2 and med("sqlite", "info", 0) and med("sqlite", "info_empty", 0):
    print(f"PostgreSQL / SQLite: info req/s {med('postgres', 'info', 0) / med('sqlite', 'info', 0):.2f}, "
          f"info on an empty project {med('postgres', 'info_empty', 0) / med('sqlite', 'info_empty', 0):.2f}")
EOF
