#!/bin/sh
# Release build, then bench/export/run.py (see its docstring; LANGS/STRINGS/FILES/REPEAT env).
set -e
cd "$(dirname "$0")/../.."
scripts/install-deps bench
cmake -S . -B build-release -G Ninja -DCMAKE_BUILD_TYPE=Release -DTOLK_TESTS=OFF >/dev/null
ninja -C build-release tolk >/dev/null
exec /usr/bin/python3 bench/export/run.py
