#!/bin/sh
# localization.one bench: getTranslations and addTranslation requests/s (wrk, 16 clients) as a
# ratio to the HTTP layer's ceiling measured in the same run, and the webhook delay.
# Release build (unless TOLK_BIN names a binary), then bench/lone/run.py "$@":
#   bench/lone/run.sh [--db sqlite|postgres|both|postgresql://URL]
#   env: N_STRINGS=5000 DURATION=5 RUNS=3 LATENCY_CALLS=200
set -eu
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
BUILD=${RELEASE:-$ROOT/build-release}
"$ROOT/scripts/install-deps" bench >&2	# wrk
if [ -z "${TOLK_BIN:-}" ]; then
	cmake -S "$ROOT" -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=Release -DTOLK_TESTS=OFF >/dev/null
	ninja -C "$BUILD" tolk >/dev/null
	TOLK_BIN=$BUILD/tolk
	export TOLK_BIN
fi
exec /usr/bin/python3 "$ROOT/bench/lone/run.py" "$@"
