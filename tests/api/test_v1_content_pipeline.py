"""
The CI pipeline end to end, as crowdin-cli runs it: create the directories, upload the
sources with export patterns, upload translations for two languages, export, download
all.zip and one language, and compare every file of the ZIP byte for byte with the
hand-written expected translation (tests/api/data/v1_content/pipeline/expected: the
source's comments, order and layout, with the texts translated; untranslated strings
fall back to the source text, or stay empty msgstr in gettext).
"""
from v1_content_helpers import *  # noqa: F401,F403  (fixtures and helpers)

PIPE = DATA / "pipeline"

# Crowdin path -> export pattern
CURRENT = {
    "app/messages.po": "/locale/%locale_with_underscore%/LC_MESSAGES/%original_file_name%",
    "server/messages.properties": "/server/messages_%locale_with_underscore%.properties",
    "ios/en.lproj/Localizable.strings": "/ios/%osx_code%/%original_file_name%",
}
PENDING = {
    "app/src/main/res/values/strings.xml":
        "/app/src/main/res/values-%android_code%/%original_file_name%",
    "web/i18n/en.json": "/web/i18n/%two_letters_code%.json",
}
DIRS = ["app/src/main/res/values", "server", "web/i18n", "ios/en.lproj"]
LANGS = ("fr", "de")


def expected_entries(sources):
    """ZIP entry -> expected bytes, for the given source files."""
    out = {}
    for f in sorted((PIPE / "expected").rglob("*")):
        if f.is_file():
            out[str(f.relative_to(PIPE / "expected"))] = f.read_bytes()
    # keep only the entries of the formats in this run
    kinds = {p.rsplit(".", 1)[-1] for p in sources}
    return {k: v for k, v in out.items() if k.rsplit(".", 1)[-1] in kinds}


def run_pipeline(c, files):
    for d in DIRS:
        c.add_dir(d, recursive=1)
    # one add-file call, every file with its pattern (what the Ruby/Java CLIs send)
    params = {f"export_patterns[{p}]": pat for p, pat in files.items()}
    sources = {p: (PIPE / "sources" / p).read_bytes() for p in files}
    stats = c.add_files(sources, **params)
    assert sorted(stats) == sorted(files)
    assert all(s["strings"] > 0 for s in stats.values()), stats
    # fr: one call with every file; de: one call per file, the crowdin-cli-py way ("/path")
    r = c.upload("fr", {p: (PIPE / "translations/fr" / p).read_bytes() for p in files},
                 import_duplicates=0, import_eq_suggestions=0, auto_approve_imported=0)
    assert r == {p: "uploaded" for p in files}
    for p in files:
        r = c.upload("de", {"/" + p: (PIPE / "translations/de" / p).read_bytes()},
                     auto_approve_imported=1)
        assert r == {"/" + p: "uploaded"}
    assert c.export() == "built"
    want = expected_entries(files)
    assert len(want) == len(files) * len(LANGS)

    z = c.download()
    assert sorted(z) == sorted(want)
    mismatched = [name for name in want if z[name] != want[name]]
    for name in mismatched:
        print(f"--- {name} expected\n{want[name].decode()}\n--- got\n{z[name].decode()}")
    assert not mismatched, f"ZIP entries differing from the expected files: {mismatched}"

    entry = {(p, lang): _entry(pat, p, lang) for p, pat in files.items() for lang in LANGS}
    assert sorted(entry.values()) == sorted(want)
    zfr = c.download("fr")
    assert sorted(zfr) == sorted(entry[p, "fr"] for p in files)
    assert all(zfr[n] == want[n] for n in zfr)

    # the ZIP is what the project holds: uploading it back adds nothing, changes nothing
    for lang in LANGS:
        back = {p: z[entry[p, lang]] for p in files}
        assert c.upload(lang, back) == {p: "skipped" for p in files}, lang
    assert c.export() == "skipped"
    return c


LOCALE = {"fr": ("fr_FR", "fr-rFR", "fr.lproj", "fr"), "de": ("de_DE", "de-rDE", "de.lproj", "de")}


def _entry(pattern, path, lang):
    us, android, osx, two = LOCALE[lang]
    return (pattern.replace("%locale_with_underscore%", us).replace("%android_code%", android)
            .replace("%osx_code%", osx).replace("%two_letters_code%", two)
            .replace("%original_file_name%", path.rsplit("/", 1)[-1]).lstrip("/"))


def test_pipeline_po_properties_strings(content_factory):
    c = content_factory(languages=LANGS)
    run_pipeline(c, CURRENT)
    # counts after the pipeline: de approved everything it uploaded
    st = c.status()
    assert st["fr"]["approved"] == "0" and int(st["fr"]["translated"]) > 0
    assert st["de"]["approved"] == st["de"]["translated"]


def test_v1_content_formats_pending_pipeline_all_five_formats(content_factory):
    """The full pipeline with strings.xml (android) and .json as well."""
    c = content_factory(languages=LANGS)
    run_pipeline(c, {**CURRENT, **PENDING})
