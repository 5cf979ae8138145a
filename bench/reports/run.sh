#!/bin/sh
# bench/reports/run.py "$@" (see its docstring: --db sqlite|postgres|both; EVENTS, STRINGS,
# MEMBERS, REPEAT env).  Without TOLK_BIN, bench/lib/tolkbench.py builds build-release.
set -e
cd "$(dirname "$0")/../.."
scripts/install-deps bench >&2
exec /usr/bin/python3 bench/reports/run.py "$@"
