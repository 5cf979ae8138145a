#!/bin/sh
# localization.one bench: requests/s of getTranslations (JSON, 5,000 strings) and
# addTranslation with 16 concurrent clients (wrk), next to the HTTP layer's
# ceiling (GET /nonexistent -> plain 404, no database) measured in the same run,
# and the delay from addTranslation to webhook arrival (median, p99).
# Usage: bench/lone/run.sh [sqlite|postgres-url]   (default: SQLite in a temp dir)
set -eu
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
BUILD=${RELEASE:-$ROOT/build-release}
"$ROOT/scripts/install-deps" bench >&2	# wrk
N=${N_STRINGS:-5000}
DURATION=${DURATION:-10s}
CALLS=${LATENCY_CALLS:-200}
PY=/usr/bin/python3

cmake -S "$ROOT" -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=Release -DTOLK_TESTS=OFF >/dev/null
ninja -C "$BUILD" tolk >/dev/null
TOLK=$BUILD/tolk

TMP=$(mktemp -d /tmp/tolk-bench-lone.XXXXXX)
DB=${1:-sqlite:$TMP/bench.db}
[ "$DB" = sqlite ] && DB=sqlite:$TMP/bench.db
PORT=$($PY -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
BASE=http://127.0.0.1:$PORT
PID=
cleanup() { [ -n "$PID" ] && kill -TERM "$PID" 2>/dev/null && wait "$PID" 2>/dev/null; rm -rf "$TMP"; }
trap cleanup EXIT INT TERM

$TOLK account create --login bench --email bench@example.com --db "$DB" >/dev/null
$TOLK project create --account bench --identifier bench-lone --name Bench --source-language en \
	--languages fr,de --db "$DB" >"$TMP/project"
TOKEN=$(awk '/^api_token:/ {print $2}' "$TMP/project")
$TOLK serve --listen 127.0.0.1:$PORT --db "$DB" --access-log 0 --log-level warn \
	--webhook-allow 127.0.0.0/8 >"$TMP/server.log" 2>&1 &
PID=$!
for i in $(seq 100); do curl -s -o /dev/null "$BASE/api/supported-languages" && break; sleep 0.05; done

echo "seeding $N strings with a French translation each ..."
set -- $($PY "$ROOT/bench/lone/seed.py" "$BASE" "$TOKEN" "$N")
FIRST=$1 LANG_ID=$2

rps() { awk '/Requests\/sec/ {print $2}'; }
echo "== $(nproc) cores, wrk -t2 -c16 -d$DURATION, database ${DB%%:*}"
CEIL=$(wrk -t2 -c16 -d"$DURATION" "$BASE/nonexistent" | rps)
echo "HTTP ceiling (GET /nonexistent, plain 404, no DB):   $CEIL req/s"
GT=$(wrk -t2 -c16 -d"$DURATION" --latency \
	"$BASE/api/$TOKEN/getTranslations?translation_language=$LANG_ID" | tee "$TMP/gt" | rps)
BYTES=$(curl -s "$BASE/api/$TOKEN/getTranslations?translation_language=$LANG_ID" | wc -c)
echo "getTranslations (JSON, $N strings, $BYTES bytes):   $GT req/s  (p99 $(awk '/ 99%/ {print $2}' "$TMP/gt"))"
AT=$(N_STRINGS=$N FIRST_ID=$FIRST LANG_ID=$LANG_ID wrk -t2 -c16 -d"$DURATION" --latency \
	-s "$ROOT/bench/lone/add.lua" "$BASE/api/$TOKEN/addTranslation" | tee "$TMP/at" | rps)
echo "addTranslation (POST, new value each call):        $AT req/s  (p99 $(awk '/ 99%/ {print $2}' "$TMP/at"); $(grep non-2xx "$TMP/at"))"
$PY "$ROOT/bench/lone/latency.py" "$BASE" "$TOKEN" "$TOLK" "$DB" bench-lone "$FIRST" "$LANG_ID" "$CALLS"
