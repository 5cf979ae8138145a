#!/bin/sh
# Parse/write throughput of tolk's XML and JSON formats on generated
# 50,000-unit files, next to Debian's translate-toolkit on the same files
# (median of 3 runs each).  Builds an optimised, unsanitised tree in
# build-bench/ first.
#
#	bench/formats/bench_xml_json.sh [UNITS]
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
units=${1:-50000}
bdir=$root/build-bench
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

cmake -S "$root" -B "$bdir" -G Ninja -DCMAKE_BUILD_TYPE=Release -DTOLK_TESTS=OFF >/dev/null
ninja -C "$bdir" gen_xml_json bench_fmt_driver >/dev/null
"$bdir/gen_xml_json" "$out" "$units"

field() { echo "$1" | tr ' ' '\n' | sed -n "s/^$2=//p"; }

printf '%-8s %8s %7s | %11s %11s | %9s %9s | %7s %7s\n' format units MB \
	"tolk parse" "tolk write" "tt parse" "tt write" "parse x" "write x"
for pair in android:strings.xml xliff:app.xliff resx:Resources.resx qtts:app.ts \
	    json:app.json arb:app_en.arb; do
	fmt=${pair%%:*}
	file=$out/${pair#*:}
	t=$("$bdir/bench_fmt_driver" "$fmt" "$file" 3)
	p=$(/usr/bin/python3 "$root/bench/formats/tt_parse_xml.py" "$fmt" "$file" 3 2>/dev/null ||
	    echo "parse_mbs=0 write_mbs=0")
	awk -v f="$fmt" -v u="$(field "$t" units)" -v b="$(field "$t" bytes)" \
	    -v tp="$(field "$t" parse_mbs)" -v tw="$(field "$t" write_mbs)" \
	    -v pp="$(field "$p" parse_mbs)" -v pw="$(field "$p" write_mbs)" 'BEGIN {
		printf "%-8s %8d %7.1f | %7.1f MB/s %7.1f MB/s | %5.2f MB/s %5.2f MB/s | %6.0fx %6.0fx\n",
			f, u, b / 1e6, tp, tw, pp, pw, (pp > 0 ? tp / pp : 0), (pw > 0 ? tw / pw : 0) }'
done
