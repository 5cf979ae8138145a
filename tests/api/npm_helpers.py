"""Pinned npm packages for the tests that drive node scripts (tests/clients/npm: published
Crowdin clients; tests/web: playwright-core for the browser tests).

node_with(dir, what) gives the node binary once dir's packages are installed: `npm ci` into
its git-ignored node_modules/, again only when package.json or package-lock.json change.
Skipped, saying why, only when node/npm are missing or npm's registry cannot be reached and
TOLK_REQUIRE_NPM is not 1 (`make check` sets it under CI, which reaches the registry).
"""
import fcntl
import hashlib
import os
import shutil
import subprocess
import tempfile

import pytest

NPM_NET = ["--fetch-timeout=30000", "--fetch-retries=1"]


def unavailable(what, why, require="TOLK_REQUIRE_NPM"):
    if os.environ.get(require) == "1":
        pytest.fail(f"{what} not tested: {why}; {require}=1 requires them", pytrace=False)
    pytest.skip(f"{what} not tested: {why}")


def _install(npm, where, what):
    """npm ci; an unreachable registry skips (or fails under TOLK_REQUIRE_NPM=1)."""
    try:
        p = subprocess.run([npm, "ci", "--no-audit", "--no-fund", "--ignore-scripts", *NPM_NET],
                           cwd=where, capture_output=True, text=True, timeout=600)
        if p.returncode == 0:
            return
        failure = f"npm ci exit {p.returncode}:\n{p.stdout[-2000:]}\n{p.stderr[-2000:]}"
    except subprocess.TimeoutExpired:
        failure = "npm ci did not finish in 600 s"
    try:
        ping = subprocess.run([npm, "ping", *NPM_NET], cwd=where, capture_output=True,
                              text=True, timeout=120)
        reachable = ping.returncode == 0
    except subprocess.TimeoutExpired:
        reachable = False
    if not reachable:
        unavailable(what, "npm's registry is unreachable (npm ping failed)")
    pytest.fail(failure, pytrace=False)


def node_with(where, what):
    """The node binary, with the packages pinned in `where` installed."""
    node, npm = shutil.which("node"), shutil.which("npm")
    if not node or not npm:
        unavailable(what, "node or npm is not installed (scripts/install-deps test installs them)")
    want = hashlib.sha256((where / "package.json").read_bytes() +
                          (where / "package-lock.json").read_bytes()).hexdigest()
    stamp = where / "node_modules" / ".tolk-installed"
    lock = os.path.join(tempfile.gettempdir(),
                        "tolk-npm-" + hashlib.sha256(bytes(where)).hexdigest()[:16] + ".lock")
    with open(lock, "w") as lf:
        fcntl.flock(lf, fcntl.LOCK_EX)     # another checkout's run may be installing
        if not (stamp.exists() and stamp.read_text() == want):
            _install(npm, where, what)
            stamp.write_text(want)
    return node
