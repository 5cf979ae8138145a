#!/bin/sh
# Release build (make release, unless TOLK_BIN names a binary), then bench/editor/run.py "$@":
# the editor's open / next / save steps on a 200,000-string project on SQLite and PostgreSQL
# (a throwaway cluster), next to GET /app/api/session (see run.py's docstring for the knobs).
set -e
cd "$(dirname "$0")/../.."
scripts/install-deps bench >&2
if [ -z "${TOLK_BIN:-}" ]; then
	make release >&2
	TOLK_BIN=$PWD/build-release/tolk
	export TOLK_BIN
fi
exec /usr/bin/python3 bench/editor/run.py "$@"
