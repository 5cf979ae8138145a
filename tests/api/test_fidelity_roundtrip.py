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


# ---- gettext -------------------------------------------------------------------------------

def po(lang, plural_forms, entries):
    head = ('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
            f'"Language: {lang}\\n"\n"Plural-Forms: {plural_forms}\\n"\n')
    return (head + "".join("\n" + e for e in entries)).encode()


LONG_EN = "A sentence long enough that msgcat would wrap it at seventy-nine columns, twice over."
POT = po("en", "nplurals=2; plural=(n != 1);", [
    f'msgid "{LONG_EN}"\nmsgstr ""\n',
    'msgid "Save"\nmsgstr ""\n',
    'msgid "%d file"\nmsgid_plural "%d files"\nmsgstr[0] ""\nmsgstr[1] ""\n',
])
# --no-wrap, and escapes msgcat would not write (\' \x21)
PO_FR = po("fr", "nplurals=2; plural=(n > 1);", [
    f'msgid "{LONG_EN}"\n'
    'msgstr "Une phrase assez longue pour que msgcat la coupe à soixante-dix-neuf colonnes."\n',
    'msgid "Save"\nmsgstr "Enregistrer l\\\'objet\\x21"\n',
    'msgid "%d file"\nmsgid_plural "%d files"\nmsgstr[0] ""\n"%d fichier"\nmsgstr[1] "%d fichiers"\n',
])


def test_fidelity_roundtrip_gettext(content):
    roundtrip(content, "po/app.pot", POT, PO_FR)


# ---- XLIFF, .resx, Qt .ts ------------------------------------------------------------------

def xliff(target_lang, targets):
    units = "".join(f"""      <trans-unit id="{k}">
        <source>{src}</source>{tgt}
      </trans-unit>
""" for k, src, tgt in targets)
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">
  <file original="app" source-language="en" target-language="{target_lang}" datatype="plaintext">
    <body>
{units}    </body>
  </file>
</xliff>
""".encode()


XLIFF = xliff("en", [("hello", "Say &quot;hi&quot;", ""), ("bye", "Bye &gt; now", "")])
XLIFF_FR = xliff("fr", [
    ("hello", "Say &quot;hi&quot;",
     '\n        <target state="translated">Dis &#x22;salut&#x22; &apos;toi&apos;</target>'),
    ("bye", "Bye &gt; now", '\n        <target state="translated">Salut > maintenant</target>')])


def test_fidelity_roundtrip_xliff(content):
    roundtrip(content, "app.xliff", XLIFF, XLIFF_FR)


def resx(values):
    data = "".join(f"""  <data name="{k}" xml:space="preserve">
    <value>{v}</value>
  </data>
""" for k, v in values)
    return f"""<?xml version="1.0" encoding="utf-8"?>
<root>
  <resheader name="resmimetype">
    <value>text/microsoft-resx</value>
  </resheader>
{data}</root>
""".encode()


def test_fidelity_roundtrip_resx(content):
    roundtrip(content, "Resources.resx", resx([("Hello", "Say &quot;hi&quot;"), ("Bye", "Bye")]),
              resx([("Hello", "Dis &quot;salut&quot; &#233;"), ("Bye", "Salut &apos;x&apos;")]))


def ts(lang, messages):
    body = "".join(f"""    <message{' numerus="yes"' if numerus else ''}>
        <source>{src}</source>
        {tr}
    </message>
""" for src, tr, numerus in messages)
    return f"""<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="{lang}">
<context>
    <name>Main</name>
{body}</context>
</TS>
""".encode()


def test_fidelity_roundtrip_qtts(content):
    roundtrip(content, "app_en.ts",
              ts("en", [("Hello", '<translation type="unfinished"></translation>', False)]),
              ts("fr_FR", [("Hello", "<translation>All&#244; &apos;toi&apos;</translation>",
                            False)]))


# ---- PHP, CSV, INI -------------------------------------------------------------------------

PHP = b"""<?php

return [
    'path' => 'C:\\dir',
    'price' => "$ 5",
    'plain' => 'Hello',
];
"""
PHP_FR = b"""<?php

return [
    'path' => 'D:\\dossier\\\\',
    'price' => "\\$ 6 \\x21",
    'plain' => "Bonjour",
];
"""


def test_fidelity_roundtrip_php(content):
    roundtrip(content, "lang/en/messages.php", PHP, PHP_FR)


def test_fidelity_roundtrip_csv(content):
    roundtrip(content, "strings.csv", b'"key","source","translation"\r\n"a","Hello",""\r\n'
              b'"b","Bye",""\r\n',
              b'"key","source","translation"\r\n"a","Hello","Bonjour"\r\n'
              b'"b","Bye","Au ""revoir"""\r\n', scheme="identifier,source_phrase,translation",
              first_line_contains_header=1)


def test_fidelity_roundtrip_ini(content):
    roundtrip(content, "en-GB.com_demo.ini",
              b'COM_DEMO="Demo"\nCOM_DEMO_HELP="Use "_QQ_"quotes"_QQ_""\nCOM_DEMO_BARE=Plain\n',
              b'COM_DEMO=D\xc3\xa9mo\nCOM_DEMO_HELP="Utilisez "_QQ_"guillemets"_QQ_""\n'
              b'COM_DEMO_BARE="Simple"\n')


# gettext and Qt count forms, not categories: Plural-Forms' nplurals, Qt's own table
PLURAL_FORMS = {
    "fr": "nplurals=2; plural=(n > 1);",
    "ru": "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && "
          "(n%100<10 || n%100>=20) ? 1 : 2);",
    "ar": "nplurals=6; plural=(n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && n%100<=10 ? 3 : "
          "n%100>=11 ? 4 : 5);",
    "ja": "nplurals=1; plural=0;",
}
NFORMS = {"fr": 2, "ru": 3, "ar": 6, "ja": 1}


def gettext_plurals(lang, n):
    # --no-wrap (the long line): the header is rewritten one field a line
    forms = "".join(f'msgstr[{i}] "{lang} {i} \\x25d"\n' for i in range(n)) if lang != "en" else \
        'msgstr[0] ""\nmsgstr[1] ""\n'
    return po(lang, PLURAL_FORMS.get(lang, "nplurals=2; plural=(n != 1);"), [
        f'msgid "{LONG_EN}"\nmsgstr ""\n',
        f'msgid "%d file"\nmsgid_plural "%d files"\n{forms}'])


def test_fidelity_plurals_gettext(content_factory):
    c = plural_project(content_factory)
    c.add_files({"app.pot": gettext_plurals("en", 2)})
    for lang, n in NFORMS.items():
        body = gettext_plurals(lang, n)
        assert c.upload(lang, {"app.pot": body}) == {"app.pot": "uploaded"}
        out = c.export_file("app.pot", lang).content
        assert re.findall(rb"^msgstr\[(\d)\]", out, re.M) == [str(i).encode() for i in range(n)]
        assert out == body, lang


def qt_plurals(lang, n):
    locale = {"en": "en_US", "fr": "fr_FR", "ru": "ru_RU", "ar": "ar_SA", "ja": "ja_JP"}[lang]
    if lang == "en":
        tr = ('<translation type="unfinished">\n            <numerusform></numerusform>\n'
              '        </translation>')
    else:
        tr = "<translation>" + "".join(f"\n            <numerusform>{lang} {i} &apos;%n&apos;"
                                       "</numerusform>" for i in range(n)) + \
            "\n        </translation>"
    return ts(locale, [("%n file(s)", tr, True)])


def test_fidelity_plurals_qtts(content_factory):
    c = plural_project(content_factory)
    c.add_files({"app_en.ts": qt_plurals("en", 1)})
    for lang, n in NFORMS.items():
        body = qt_plurals(lang, n)
        assert c.upload(lang, {"app_en.ts": body}) == {"app_en.ts": "uploaded"}
        out = c.export_file("app_en.ts", lang).content
        assert out.count(b"<numerusform>") == n, (lang, out.decode())
        assert out == body, lang


def test_fidelity_roundtrip_respelled(content):
    """The same texts uploaded again in another spelling: the export follows the new file."""
    roundtrip(content, "messages.properties", PROPERTIES, PROPERTIES_FR)
    upper = re.sub(rb"\\u([0-9a-f]{4})", lambda m: b"\\u" + m.group(1).upper(), PROPERTIES_FR)
    assert upper != PROPERTIES_FR
    assert content.upload("fr", {"messages.properties": upper}) == \
        {"messages.properties": "skipped"}
    assert content.export_file("messages.properties", "fr").content == upper
    assert content.export("fr") == "built"    # the file changed: a new build
    assert content.download("fr")["fr/messages.properties"] == upper
