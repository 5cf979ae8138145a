#!/bin/sh
# TM index benchmark: build indexes of generated units and answer fuzzy
# queries (top 5, threshold 70), next to the exhaustive scan with the same
# score.  Optimised build without sanitizers in build-bench/.
#
#	bench/tm/run.sh [N...]      (default 1000000; env QUERIES=200, SCAN=QUERIES, TM_THREADS=1)
#
# PG_TRGM=1 answers the same queries through PostgreSQL pg_trgm over the same
# units too (bench/tm/pg_trgm.py; PG_TRGM_ARGS="--threshold 0.3 --index gin").
#
# At 10,000,000 units the scan takes about a second a query: SCAN=50 checks
# the first 50 queries only (near-duplicates and fresh ones alternate).
set -eu
cd "$(dirname "$0")/../.."
cmake -S . -B build-bench -G Ninja -DCMAKE_BUILD_TYPE=Release -DTOLK_TESTS=OFF >/dev/null
ninja -C build-bench bench_tm >build-bench/ninja-tm.log 2>&1 || { cat build-bench/ninja-tm.log; exit 1; }
[ $# -gt 0 ] || set -- 1000000
for n in "$@"; do
	echo "== $n units"
	if [ "${PG_TRGM:-0}" = 1 ]; then
		dump=$(mktemp -d /tmp/tolk-bench-tm-XXXXXX)
		TM_DUMP=$dump build-bench/bench_tm "$n" "${QUERIES:-200}" "${SCAN:-${QUERIES:-200}}"
		/usr/bin/python3 bench/tm/pg_trgm.py $dump ${PG_TRGM_ARGS:-} || { rm -rf "$dump"; exit 1; }
		rm -rf "$dump"
	else
		build-bench/bench_tm "$n" "${QUERIES:-200}" "${SCAN:-${QUERIES:-200}}"
	fi
done
