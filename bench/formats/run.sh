#!/bin/sh
# Parse/write throughput of tolk's format library next to Debian's
# translate-toolkit parsing the same generated file (50,000 units per
# format, median of 3 runs each), as one table.  Optimised build without
# sanitizers in build-bench/.  Usage: bench/formats/run.sh [format...]
# Rows come from rows[] in bench/formats/bench_formats.c.
set -eu
cd "$(dirname "$0")/../.."
cmake -S . -B build-bench -G Ninja -DCMAKE_BUILD_TYPE=Release -DTOLK_TESTS=OFF >/dev/null
ninja -C build-bench bench_formats >build-bench/ninja.log 2>&1 || { cat build-bench/ninja.log; exit 1; }
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
build-bench/bench_formats "$dir" "$@" >"$dir/tolk.tsv"
/usr/bin/python3 bench/formats/tt_parse.py <"$dir/tolk.tsv" >"$dir/tt.tsv"
printf '%-11s %8s %7s %12s %12s %14s %8s\n' format MB units "parse MB/s" "write MB/s" "tt parse MB/s" ratio
awk -F'\t' 'NR == FNR { tt[$1] = $2; next }
{
	ratio = (tt[$1] ~ /^[0-9.]+$/ && tt[$1] > 0) ? sprintf("%.0fx", $5 / tt[$1]) : "-"
	t = tt[$1]; if (t !~ /^[0-9.]+$/) t = "n/a"
	printf "%-11s %8.1f %7d %12s %12s %14s %8s\n", $1, $3 / 1e6, $4, $5, $6, t, ratio
}' "$dir/tt.tsv" "$dir/tolk.tsv"
grep 'n/a' "$dir/tt.tsv" | sed 's/^/  translate-toolkit /' || true
