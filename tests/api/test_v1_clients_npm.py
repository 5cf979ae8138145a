"""
Published npm Crowdin v1 clients, unmodified, against the real binary (the "Fidelity" issue:
they must work exactly as on crowdin.com).

tests/clients/npm/ pins crowdin-api@4.0.0 and crowdin-cli@0.3.0 (package.json and
package-lock.json, committed); `npm ci` installs them once into its git-ignored node_modules/
and again only when those two files change.  A node script per client
(tests/clients/npm/*_flow.js) runs its upload/translate/download flow against the session
server; this test checks what the client returned and the files it wrote.

Skipped, saying why, only when node/npm are missing or npm's registry cannot be reached and
TOLK_REQUIRE_NPM is not 1 (`make check` sets it under CI, which reaches the registry).
"""
import json
import subprocess

import pytest

from conftest import REPO
from npm_helpers import node_with
from v1_content_helpers import *  # noqa: F401,F403  (fixtures and helpers)

NPM_DIR = REPO / "tests" / "clients" / "npm"
FR = {"name": "French", "crowdin_code": "fr", "editor_code": "fr", "iso_639_1": "fr",
      "iso_639_3": "fra", "locale": "fr-FR", "android_code": "fr-rFR", "osx_code": "fr.lproj",
      "osx_locale": "fr"}

PO = b'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n' \
     b'msgid "Hello"\nmsgstr ""\n\nmsgid "Bye"\nmsgstr ""\n'
PO2 = PO + b'\nmsgid "Later"\nmsgstr ""\n'
PO_FR = b'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n' \
        b'msgid "Hello"\nmsgstr "Bonjour"\n\nmsgid "Bye"\nmsgstr "Au revoir"\n'
PROPS = b"hello=Hello\nbye=Bye\n"
PROPS_FR = b"hello=Bonjour\nbye=Au revoir\n"


@pytest.fixture(scope="session")
def node():
    """The node binary, with the pinned clients installed in tests/clients/npm/node_modules."""
    return node_with(NPM_DIR, "npm clients")


def run_flow(node, script, srv, project, work):
    p = subprocess.run([node, str(NPM_DIR / script), srv.base, project.identifier, project.key,
                        str(work)], capture_output=True, text=True, timeout=180)
    assert p.returncode == 0, f"{script} exit {p.returncode}\nstdout: {p.stdout[-3000:]}\n" \
                              f"stderr: {p.stderr[-3000:]}\nserver log:\n{srv.log_tail()}"
    return json.loads(p.stdout.strip().splitlines()[-1])


def put(work, rel, data):
    f = work / rel
    f.parent.mkdir(parents=True, exist_ok=True)
    f.write_bytes(data)


def test_crowdin_api_4_flow(node, srv, content, tmp_path):
    for rel, data in (("src/messages.po", PO), ("src/messages2.po", PO2),
                      ("src/notes.properties", PROPS), ("fr/messages.po", PO_FR)):
        put(tmp_path, rel, data)
    out = run_flow(node, "crowdin_api_flow.js", srv, content.p, tmp_path)

    assert out["fr"] == FR
    assert sorted(f["name"] for f in out["added"]) == ["docs/notes.properties",
                                                       "locale/messages.po"]
    assert out["duplicate"] == "Error code 5: File with such name is already uploaded"
    assert out["updated"] == {"locale/messages.po": "updated"}
    assert out["info_files"] == [["directory", "locale", ["messages.po"]],
                                 ["directory", "docs", ["notes.properties"]]]
    assert out["source_language"] == "en"
    assert out["uploaded"] == {"locale/messages.po": "uploaded"}
    st = out["status_fr"]
    assert (st["phrases"], st["translated"], st["approved"]) == ("5", "2", "2")
    assert out["language_status"] == [["directory", "locale"], ["directory", "docs"]]
    assert out["export"] == "built" and out["export_status"] == "finished"

    every = unzip((tmp_path / "all.zip").read_bytes())
    assert sorted(every) == sorted(f"{l}/{p}" for l in ("fr", "de", "uk")
                                   for p in ("locale/messages.po", "docs/notes.properties"))
    fr_po = every["fr/locale/messages.po"]
    assert b'msgstr "Bonjour"' in fr_po and b'msgstr "Au revoir"' in fr_po
    fr = unzip((tmp_path / "fr.zip").read_bytes())
    assert sorted(fr) == ["fr/docs/notes.properties", "fr/locale/messages.po"]
    assert fr["fr/locale/messages.po"] == fr_po
    assert (tmp_path / "messages.fr.po").read_bytes() == fr_po

    assert out["missing_file"] == "Error code 8: File was not found"
    assert out["missing_dir"] == "Error code 26: Directory or path does not exist"
    assert out["pretranslate"] is True
    assert out["pretranslate_missing"] == "Error code 8: File was not found"
    assert content.tree() == {"locale": "directory", "locale/messages.po": "file"}
    assert content.info()["details"]["name"] == "Renamed by crowdin-api"


def test_crowdin_cli_0_3_flow(node, srv, content, tmp_path):
    put(tmp_path, "src/values/strings.properties", PROPS)
    put(tmp_path, "fr/values/strings.properties", PROPS_FR)
    out = run_flow(node, "crowdin_cli_flow.js", srv, content.p, tmp_path)

    assert out["supported"] > 100
    assert [f["name"] for f in out["added"]] == ["values/strings.properties"]
    assert out["updated"] == {"values/strings.properties": "updated"}
    assert out["uploaded"] == {"values/strings.properties": "uploaded"}
    st = {row["code"]: row for row in out["status"]}
    assert (st["fr"]["phrases"], st["fr"]["translated"]) == ("3", "2")
    assert out["info"] == [["directory", "values"]]
    assert out["export"] == "built"
    assert out["all.zip_status"] == 200 and out["fr.zip_status"] == 200
    every = unzip((tmp_path / "all.zip").read_bytes())
    assert sorted(every) == [f"{l}/values/strings.properties" for l in ("de", "fr", "uk")]
    got = parse_properties(every["fr/values/strings.properties"])
    assert got == {"hello": "Bonjour", "bye": "Au revoir", "later": "Later"}
    fr = unzip((tmp_path / "fr.zip").read_bytes())
    assert fr == {"fr/values/strings.properties": every["fr/values/strings.properties"]}
    assert out["info_after"] == [["directory", "values"]]
    assert content.tree() == {"values": "directory"}
    assert content.info()["details"]["name"] == "Renamed by crowdin-cli"
