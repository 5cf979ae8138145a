"""
Fidelity (issue "Fidelity", points 5 and 6): a team moving to tolk sees no noise in its git
diff.

Round trips: a source file is added, a translation written in the source's style (its
optional escapes, hex case, quoting) is uploaded with upload-translation, and export-file
and the download ZIP give the uploaded bytes back, for every format.

Plurals: an exported file holds exactly the categories the translation has plus those the
target runtime needs (docs/plurals.md), for French, Russian, Arabic and Japanese in every
plural-capable format.
"""
import json
import re

import pytest

from v1_content_helpers import *  # noqa: F401,F403  (fixtures and helpers)


def roundtrip(content, path, source, translation, lang="fr", **params):
    """Add `source` at `path`, upload `translation` for `lang`; both exports must give it back."""
    if "/" in path:
        content.add_dir(path.rsplit("/", 1)[0], recursive=1)
    content.add_files({path: source}, **params)
    assert content.upload(lang, {path: translation}) == {path: "uploaded"}
    r = content.export_file(path, lang)
    assert r.status_code == 200, r.text
    assert r.content.decode("utf-8", "replace") == translation.decode("utf-8", "replace")
    assert r.content == translation
    z = content.download(lang)
    assert z[f"{lang}/{path}"] == translation


# ---- .properties ---------------------------------------------------------------------------

PROPERTIES = rb"""# Checkout
checkout.title=Caf\u00e9 \u00e0 la carte\!
checkout.hint=Step\: one \#1
checkout.url=https\://example.com/a\=b
checkout.plain=Hello world
"""
PROPERTIES_FR = rb"""# Checkout
checkout.title=Caf\u00e9 cr\u00e8me br\u00fbl\u00e9e\!
checkout.hint=\u00c9tape\: une \#1
checkout.url=https\://example.fr/a\=b
checkout.plain=Bonjour \u00e0 tous
"""


def test_fidelity_roundtrip_properties(content):
    roundtrip(content, "messages.properties", PROPERTIES, PROPERTIES_FR)


# ---- Android strings.xml -------------------------------------------------------------------

ANDROID = rb"""<?xml version="1.0" encoding="utf-8"?>
<resources>
    <string name="ask">Why\? Really\?</string>
    <string name="quote">"It's here"</string>
    <string name="at">\@home</string>
    <string name="esc">Caf\u00e9 cr\u00e8me &#169;</string>
    <plurals name="files">
        <item quantity="one">%d file</item>
        <item quantity="other">%d files</item>
    </plurals>
    <string-array name="days">
        <item>Monday</item>
    </string-array>
</resources>
"""
ANDROID_FR = rb"""<?xml version="1.0" encoding="utf-8"?>
<resources>
    <string name="ask">Pourquoi\? Vraiment\?</string>
    <string name="quote">"C'est ici"</string>
    <string name="at">\@maison</string>
    <string name="esc">Cr\u00e8me br\u00fbl\u00e9e &#169;</string>
    <plurals name="files">
        <item quantity="one">%d fichier</item>
        <item quantity="other">%d fichiers</item>
    </plurals>
    <string-array name="days">
        <item>Lundi\?</item>
    </string-array>
</resources>
"""


def test_fidelity_roundtrip_android(content):
    roundtrip(content, "res/values/strings.xml", ANDROID, ANDROID_FR)


# ---- JSON (i18next), Chrome, ARB -----------------------------------------------------------

JSON = rb"""{
  "title": "Caf\u00e9 cr\u00e8me",
  "url": "http:\/\/example.com\/a",
  "files_one": "{{count}} file",
  "files_other": "{{count}} files",
  "menu": {"open": "Open \u2014 now"}
}
"""
JSON_FR = rb"""{
  "title": "Cr\u00e8me br\u00fbl\u00e9e",
  "url": "http:\/\/example.fr\/a",
  "files_one": "{{count}} fichier",
  "files_other": "{{count}} fichiers",
  "menu": {"open": "Ouvrir \u2014 maintenant"}
}
"""

CHROME = rb"""{
  "appName": {"message": "My \u00e9xtension", "description": "Name"},
  "greeting": {"message": "Hello <b>$USER$<\/b>"}
}
"""
CHROME_FR = rb"""{
  "appName": {"message": "Mon \u00e9xtension", "description": "Name"},
  "greeting": {"message": "Bonjour <b>$USER$<\/b>"}
}
"""

ARB = rb"""{
  "@@locale": "en",
  "hello": "Hello\u0021",
  "@hello": {"description": "Greeting"},
  "files": "{count,plural, =0 {No files} one {# file} other {# files}}"
}
"""
ARB_FR = rb"""{
  "@@locale": "fr",
  "hello": "Bonjour\u00a0\u0021",
  "@hello": {"description": "Greeting"},
  "files": "{count,plural, =0 {Aucun fichier} one {# fichier} other {# fichiers}}"
}
"""


def test_fidelity_roundtrip_json(content):
    roundtrip(content, "locales/en.json", JSON, JSON_FR)


def test_fidelity_roundtrip_chrome(content):
    roundtrip(content, "_locales/en/messages.json", CHROME, CHROME_FR, type="chrome")


def test_fidelity_roundtrip_arb(content):
    roundtrip(content, "lib/l10n/app_en.arb", ARB, ARB_FR)


# ---- Apple .strings, .stringsdict ----------------------------------------------------------

STRINGS = rb"""/* Greeting */
"hello" = "Hello \U00E0 all";
"quote" = "Don\'t";
"multi" = "one
two";
"""
STRINGS_FR = rb"""/* Greeting */
"hello" = "Bonjour \U00E0 tous";
"quote" = "N\'importe";
"multi" = "un
deux";
"""


def test_fidelity_roundtrip_strings(content):
    roundtrip(content, "en.lproj/Localizable.strings", STRINGS, STRINGS_FR)


def test_fidelity_roundtrip_strings_utf16(content):
    roundtrip(content, "en.lproj/InfoPlist.strings", b"\xff\xfe" + STRINGS.decode().encode("utf-16-le"),
              b"\xff\xfe" + STRINGS_FR.decode().encode("utf-16-le"))


def stringsdict(forms):
    body = "".join(f"      <key>{c}</key>\n      <string>{t}</string>\n" for c, t in forms)
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
<plist version="1.0">
<dict>
  <key>%d files</key>
  <dict>
    <key>NSStringLocalizedFormatKey</key>
    <string>%#@files@</string>
    <key>files</key>
    <dict>
      <key>NSStringFormatSpecTypeKey</key>
      <string>NSStringPluralRuleType</string>
      <key>NSStringFormatValueTypeKey</key>
      <string>d</string>
{body}    </dict>
  </dict>
</dict>
</plist>
""".encode()


STRINGSDICT = stringsdict([("one", "%d file"), ("other", "%d files")])


def test_fidelity_roundtrip_stringsdict(content):
    roundtrip(content, "en.lproj/Localizable.stringsdict", STRINGSDICT,
              stringsdict([("one", "%d fichier &gt; &#233;"), ("other", "%d fichiers &apos;x&apos;")]))


# ---- Rails YAML ----------------------------------------------------------------------------

YAML = b"""en:
  greeting: 'Hello'
  title: "Caf\\u00E9 cr\\u00E8me"
  help: |
    Line one
    Line two
  files:
    one: '%{count} file'
    other: '%{count} files'
"""
YAML_FR = """fr:
  greeting: 'Bonjour l''ami'
  title: "Cr\\u00E8me br\\u00FBl\\u00E9e"
  help: |
    Ligne un
    Ligne deux
  files:
    one: '%{count} fichier'
    other: "%{count} fichiers"
""".encode()


def test_fidelity_roundtrip_yaml(content):
    roundtrip(content, "config/locales/en.yml", YAML, YAML_FR)


# ---- plural categories (docs/plurals.md) ---------------------------------------------------

# What a translator writes for each language: CLDR's categories for whole numbers (French
# "many" is for 1000000 and the like: a translation may have it, most do not).
FORMS = {
    "fr": ("one", "other"),
    "ru": ("one", "few", "many", "other"),
    "ar": ("zero", "one", "two", "few", "many", "other"),
    "ja": ("other",),
}


def plural_project(content_factory):
    return content_factory(languages=("fr", "ru", "ar", "ja"))


def check_plurals(c, path, make, cats_of, extra=None):
    """
    For each language, upload make(lang, forms) and export it: the categories written are
    the uploaded ones (and the file comes back as uploaded).  extra: (lang, forms, expected
    categories) for a translation with categories beyond the usual ones.
    """
    if "/" in path:
        c.add_dir(path.rsplit("/", 1)[0], recursive=1)
    c.add_files({path: make("en", ("one", "other"))})
    for lang, forms in FORMS.items():
        body = make(lang, forms)
        assert c.upload(lang, {path: body}) == {path: "uploaded"}
        out = c.export_file(path, lang).content
        assert cats_of(out) == list(forms), (lang, out.decode())
        assert out == body, lang
    for lang, forms, want in extra or ():
        assert c.upload(lang, {path: make(lang, forms)}, import_duplicates=1) == \
            {path: "uploaded"}
        out = c.export_file(path, lang).content
        assert cats_of(out) == list(want), (lang, out.decode())


def android_plurals(lang, forms):
    items = "".join(f'        <item quantity="{f}">{lang} {f} %d</item>\n' for f in forms)
    return f"""<?xml version="1.0" encoding="utf-8"?>
<resources>
    <plurals name="files">
{items}    </plurals>
</resources>
""".encode()


def test_fidelity_plurals_android(content_factory):
    check_plurals(plural_project(content_factory), "res/values/strings.xml", android_plurals,
                  lambda b: [q.decode() for q in re.findall(rb'quantity="(\w+)"', b)],
                  extra=[("fr", ("one", "many", "other"), ("one", "many", "other"))])


def i18next_plurals(lang, forms):
    members = ",\n".join(f'  "files_{f}": "{lang} {f} {{{{count}}}}"' for f in forms)
    return ("{\n" + members + "\n}\n").encode()


def test_fidelity_plurals_i18next(content_factory):
    check_plurals(plural_project(content_factory), "locales/en.json", i18next_plurals,
                  lambda b: [k.split("_", 1)[1] for k in json.loads(b)],
                  extra=[("fr", ("one", "many", "other"), ("one", "many", "other"))])


def rails_plurals(lang, forms):
    lines = "".join(f"    {f}: '{lang} {f} %{{count}}'\n" for f in forms)
    return f"{lang}:\n  files:\n{lines}".encode()


def test_fidelity_plurals_rails(content_factory):
    # rails-i18n's French rule has one and other only: a "many" form goes nowhere
    check_plurals(plural_project(content_factory), "config/locales/en.yml", rails_plurals,
                  lambda b: [m.decode() for m in re.findall(rb"^    (\w+):", b, re.M)],
                  extra=[("fr", ("one", "many", "other"), ("one", "other"))])


def stringsdict_plurals(lang, forms):
    return stringsdict([(f, f"{lang} {f} %d") for f in forms])


def test_fidelity_plurals_stringsdict(content_factory):
    # Apple applies "zero" to 0 in every language: written when the translation has it
    check_plurals(plural_project(content_factory), "en.lproj/Localizable.stringsdict",
                  stringsdict_plurals,
                  lambda b: [m.decode() for m in re.findall(rb"<key>(zero|one|two|few|many|other)"
                                                             rb"</key>", b)],
                  extra=[("fr", ("one", "many", "other"), ("one", "many", "other")),
                         ("ja", ("zero", "other"), ("zero", "other"))])


def arb_plurals(lang, forms):
    sel = " ".join(f"{f}{{{lang} {f} #}}" for f in forms)
    return f'{{\n  "files": "{{count, plural, {sel}}}"\n}}\n'.encode()


def test_fidelity_plurals_arb(content_factory):
    # an ICU message needs "other" alone; the rest are the translation's
    check_plurals(plural_project(content_factory), "lib/l10n/app_en.arb", arb_plurals,
                  lambda b: re.findall(r"(zero|one|two|few|many|other)\{",
                                       json.loads(b)["files"]),
                  extra=[("ru", ("one", "other"), ("one", "other")),
                         ("fr", ("one", "many", "other"), ("one", "many", "other"))])
