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
