#!/bin/sh
# Release build (unless TOLK_BIN names a binary), then bench/web/run.py "$@": the dashboard
# page of a 200,000-string, 20-language project on SQLite and PostgreSQL (a throwaway cluster),
# next to v1 status of the same project (see run.py's docstring for the knobs).
set -e
cd "$(dirname "$0")/../.."
scripts/install-deps bench >&2
if [ -z "${TOLK_BIN:-}" ]; then
	cmake -S . -B build-release -G Ninja -DCMAKE_BUILD_TYPE=Release -DTOLK_TESTS=OFF >/dev/null
	ninja -C build-release tolk >/dev/null
	TOLK_BIN=$PWD/build-release/tolk
	export TOLK_BIN
fi
exec /usr/bin/python3 bench/web/run.py "$@"
