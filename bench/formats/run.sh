#!/bin/sh
# Parse/write throughput of every tolk format that translate-toolkit also
# reads, next to Debian's translate-toolkit on the same generated file
# (50,000 units per format), as one table.  Optimised build without
# sanitizers in build-bench/.
#
#	bench/formats/run.sh [format...]     (env: UNITS=50000 ROUNDS=3)
#
# Files come from rows[] in bench/formats/bench_formats.c; translate-toolkit's
# reader for each format is TT_CLASS in bench/formats/compare.py.
set -eu
cd "$(dirname "$0")/../.."
scripts/install-deps bench	# translate-toolkit and the readers it needs
cmake -S . -B build-bench -G Ninja -DCMAKE_BUILD_TYPE=Release -DTOLK_TESTS=OFF >/dev/null
ninja -C build-bench bench_formats >build-bench/ninja.log 2>&1 || { cat build-bench/ninja.log; exit 1; }
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
build-bench/bench_formats gen "$dir" "${UNITS:-50000}" >"$dir/files.tsv"
if [ $# -gt 0 ]; then
	pattern=$(printf '^%s\t|' "$@")
	grep -E "${pattern%|}" "$dir/files.tsv" >"$dir/wanted.tsv" || true
	mv "$dir/wanted.tsv" "$dir/files.tsv"
fi
/usr/bin/python3 bench/formats/compare.py build-bench/bench_formats "${ROUNDS:-3}" <"$dir/files.tsv"
