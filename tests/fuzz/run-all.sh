#!/bin/sh
# Build every libFuzzer target (tests/fuzz/fuzz_*.c) into build-fuzz/ with
# clang-14 and run each for FUZZ_SECONDS (default 10) on a copy of its seed
# corpus tests/fuzz/corpus/<name>/ (fuzz_fmt_<name>); new inputs and crash
# files go to tests/fuzz/out/<name>/ (git-ignored).  Exits non-zero when
# any target fails.
set -eu
cd "$(dirname "$0")/../.."
secs=${FUZZ_SECONDS:-10}
cmake -S . -B build-fuzz -G Ninja -DTOLK_FUZZ=ON -DTOLK_TESTS=OFF \
	-DCMAKE_C_COMPILER=clang-14 -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
ninja -C build-fuzz >build-fuzz/ninja.log 2>&1 || { cat build-fuzz/ninja.log; exit 1; }
status=0
for bin in build-fuzz/fuzz_*; do
	[ -x "$bin" ] || continue
	target=$(basename "$bin")
	name=${target#fuzz_fmt_}
	name=${name#fuzz_}
	out=tests/fuzz/out/$name
	mkdir -p "$out/corpus"
	[ -d "tests/fuzz/corpus/$name" ] && cp -n tests/fuzz/corpus/"$name"/* "$out/corpus/" 2>/dev/null || true
	printf '%-24s ' "$target"
	if "$bin" -max_total_time="$secs" -rss_limit_mb=2048 -timeout=10 \
		-artifact_prefix="$out/" "$out/corpus" >"$out/log" 2>&1; then
		tail -n 3 "$out/log" | grep -o 'Done [0-9]* runs in [0-9]* second(s)' || echo ok
	else
		status=1
		echo "FAILED (see $out/log)"
		grep -m 3 -E 'ERROR|SUMMARY|abort' "$out/log" || true
	fi
done
exit $status
