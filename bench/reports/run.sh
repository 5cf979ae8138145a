#!/bin/sh
# Release build (unless TOLK_BIN names a binary), then bench/reports/run.py "$@"
# (see its docstring: --db sqlite|postgres|both; EVENTS/STRINGS/MEMBERS/REPEAT env).
set -e
cd "$(dirname "$0")/../.."
scripts/install-deps bench >&2
if [ -z "${TOLK_BIN:-}" ]; then
	cmake -S . -B build-release -G Ninja -DCMAKE_BUILD_TYPE=Release -DTOLK_TESTS=OFF >/dev/null
	ninja -C build-release tolk >/dev/null
	TOLK_BIN=$PWD/build-release/tolk
	export TOLK_BIN
fi
exec /usr/bin/python3 bench/reports/run.py "$@"
