#!/bin/sh
# Release build (unless TOLK_BIN names a binary), then bench/scale/run.py "$@"
# (see its docstring: --db both|sqlite|postgres, --quick, --rounds, --only, --budget).
set -e
cd "$(dirname "$0")/../.."
scripts/install-deps bench >&2
if [ -z "${TOLK_BIN:-}" ]; then
	cmake -S . -B build-release -G Ninja -DCMAKE_BUILD_TYPE=Release -DTOLK_TESTS=OFF >/dev/null
	ninja -C build-release tolk >/dev/null
	TOLK_BIN=$PWD/build-release/tolk
	export TOLK_BIN
fi
exec /usr/bin/python3 bench/scale/run.py "$@"
