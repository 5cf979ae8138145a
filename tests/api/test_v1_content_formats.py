"""
The formats of the 'fmt-xml' branch through the v1 API: android (strings.xml), json,
xliff, chrome and arb (crowdin-v1.md §5).  Every test here is named
test_v1_content_formats_pending_* (they were written before those formats landed).
"""
import json
import xml.etree.ElementTree as ET

from v1_content_helpers import *  # noqa: F401,F403  (fixtures and helpers)

ANDROID = b"""<?xml version="1.0" encoding="utf-8"?>
<resources>
    <!-- Greeting -->
    <string name="hello">Hello world</string>
    <string name="apos">Don\\'t stop</string>
    <string name="url" translatable="false">https://example.com</string>
    <plurals name="files">
        <item quantity="one">%d file</item>
        <item quantity="other">%d files</item>
    </plurals>
    <string-array name="days">
        <item>Monday</item>
        <item>Tuesday</item>
    </string-array>
</resources>
"""
ANDROID_DE_UPLOAD = """<?xml version="1.0" encoding="utf-8"?>
<resources>
    <string name="days_unknown">Nope</string>
    <string name="hello">Hallo Welt</string>
    <string name="apos">Hör nicht auf, \\'jetzt\\'</string>
    <plurals name="files">
        <item quantity="one">%d Datei</item>
        <item quantity="other">%d Dateien</item>
    </plurals>
    <string-array name="days">
        <item>Montag</item>
    </string-array>
</resources>
""".encode()
ANDROID_DE = """<?xml version="1.0" encoding="utf-8"?>
<resources>
    <!-- Greeting -->
    <string name="hello">Hallo Welt</string>
    <string name="apos">Hör nicht auf, \\'jetzt\\'</string>
    <plurals name="files">
        <item quantity="one">%d Datei</item>
        <item quantity="other">%d Dateien</item>
    </plurals>
    <string-array name="days">
        <item>Montag</item>
        <item>Tuesday</item>
    </string-array>
</resources>
""".encode()

JSON = b"""{
  "title": "Hello world",
  "menu": {
    "open": "Open file",
    "items": ["First", "Second"]
  },
  "count": 3,
  "enabled": true
}
"""
JSON_FR = b"""{
  "title": "Bonjour le monde",
  "menu": {
    "open": "Ouvrir le fichier",
    "items": ["Premier", "Second"]
  },
  "count": 3,
  "enabled": true
}
"""

XLIFF = b"""<?xml version="1.0" encoding="UTF-8"?>
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">
  <file original="app" source-language="en" datatype="plaintext">
    <body>
      <trans-unit id="hello">
        <source>Hello world</source>
        <note>Greeting</note>
      </trans-unit>
      <trans-unit id="bye">
        <source>Goodbye</source>
      </trans-unit>
    </body>
  </file>
</xliff>
"""
XLIFF_FR_UPLOAD = XLIFF.replace(b'source-language="en"', b'source-language="en" target-language="fr"') \
    .replace(b"<source>Hello world</source>",
             b"<source>Hello world</source>\n        <target>Bonjour le monde</target>")
XNS = "{urn:oasis:names:tc:xliff:document:1.2}"

CHROME = b"""{
  "appName": {
    "message": "My extension",
    "description": "The name of the extension"
  },
  "greeting": {
    "message": "Hello $USER$",
    "description": "Greets the user",
    "placeholders": {
      "user": {"content": "$1", "example": "Bob"}
    }
  }
}
"""
CHROME_FR = CHROME.replace(b'"My extension"', b'"Mon extension"') \
    .replace(b'"Hello $USER$"', b'"Bonjour $USER$"')

ARB = b"""{
  "@@locale": "en",
  "helloWorld": "Hello World!",
  "@helloWorld": {
    "description": "The conventional newborn programmer greeting"
  },
  "itemCount": "{count, plural, =0{No items} one{1 item} other{{count} items}}",
  "@itemCount": {
    "placeholders": {
      "count": {"type": "int"}
    }
  }
}
"""
ARB_DE = ARB.replace(b'"@@locale": "en"', b'"@@locale": "de"') \
    .replace(b'"Hello World!"', b'"Hallo Welt!"') \
    .replace(b"=0{No items} one{1 item} other{{count} items}",
             b"=0{Keine Elemente} one{1 Element} other{{count} Elemente}")


def test_v1_content_formats_pending_android(content):
    content.add_dir("res/values", recursive=1)
    stats = content.add_files({"res/values/strings.xml": ANDROID})
    # hello, apos, files (one plural string), days[0], days[1]; url is not translatable
    assert stats["res/values/strings.xml"]["strings"] == 5
    r = content.upload("de", {"res/values/strings.xml": ANDROID_DE_UPLOAD})
    assert r == {"res/values/strings.xml": "uploaded"}
    assert content.status()["de"]["translated"] == "4"
    r = content.export_file("res/values/strings.xml", "de")
    assert r.status_code == 200, r.text
    assert r.content == ANDROID_DE
    # untranslated: valid XML with the source texts
    root = ET.fromstring(content.export_file("res/values/strings.xml", "fr").content)
    assert root.find("string[@name='hello']").text == "Hello world"
    z = content.download("de", **{})
    assert z["de/res/values/strings.xml"] == ANDROID_DE
    # update-file: a string removed, one added
    new = ANDROID.replace(b'    <string name="hello">Hello world</string>\n',
                          b'    <string name="bye">Goodbye</string>\n')
    assert content.update_files({"res/values/strings.xml": new}) == \
        {"res/values/strings.xml": "updated"}
    st = content.status()["de"]
    assert (st["phrases"], st["translated"]) == ("5", "3")


def test_v1_content_formats_pending_json(content):
    stats = content.add_files({"en.json": JSON})
    assert stats["en.json"]["strings"] == 4
    r = content.upload("fr", {"en.json": b'{"menu": {"items": ["Premier"], "open": '
                                         b'"Ouvrir le fichier"}, "title": "Bonjour le monde"}'})
    assert r == {"en.json": "uploaded"}
    assert content.status()["fr"]["translated"] == "3"
    assert content.export_file("en.json", "fr").content == JSON_FR
    assert content.export_file("en.json", "de").content == JSON
    assert content.download("fr")["fr/en.json"] == JSON_FR


def test_v1_content_formats_pending_xliff(content):
    stats = content.add_files({"app.xliff": XLIFF, "other.xlf": XLIFF})
    assert stats["app.xliff"]["strings"] == 2 and stats["other.xlf"]["strings"] == 2
    assert content.upload("fr", {"app.xliff": XLIFF_FR_UPLOAD}) == {"app.xliff": "uploaded"}
    assert content.status()["fr"]["translated"] == "1"
    out = content.export_file("app.xliff", "fr").content
    root = ET.fromstring(out)
    f = root.find(f"{XNS}file")
    assert f.get("target-language") in ("fr", "fr-FR"), out
    units = {u.get("id"): u for u in f.iter(f"{XNS}trans-unit")}
    assert units["hello"].findtext(f"{XNS}target") == "Bonjour le monde"
    assert units["hello"].findtext(f"{XNS}note") == "Greeting"
    assert units["bye"].find(f"{XNS}target") is None or \
        units["bye"].findtext(f"{XNS}target") == "Goodbye"
    # the rest of the file is the source's
    assert out.startswith(b'<?xml version="1.0" encoding="UTF-8"?>\n<xliff version="1.2"')


def test_v1_content_formats_pending_chrome(content):
    content.add_dir("_locales/en", recursive=1)
    # .json is generic json unless the type says chrome
    stats = content.add_files({"_locales/en/messages.json": CHROME}, type="chrome",
                              **{"export_patterns[_locales/en/messages.json]":
                                 "/_locales/%osx_locale%/%original_file_name%"})
    assert stats["_locales/en/messages.json"]["strings"] == 2
    stats = content.add_files({"generic.json": CHROME})
    assert stats["generic.json"]["strings"] > 2
    r = content.upload("fr", {"_locales/en/messages.json":
                              b'{"appName": {"message": "Mon extension"}, '
                              b'"greeting": {"message": "Bonjour $USER$"}}'})
    assert r == {"_locales/en/messages.json": "uploaded"}
    z = content.download("fr")
    assert z["_locales/fr/messages.json"] == CHROME_FR
    assert json.loads(z["_locales/fr/messages.json"])["greeting"]["placeholders"] == \
        {"user": {"content": "$1", "example": "Bob"}}


def test_v1_content_formats_pending_arb(content):
    content.add_dir("lib/l10n", recursive=1)
    stats = content.add_files({"lib/l10n/app_en.arb": ARB},
                              **{"export_patterns[lib/l10n/app_en.arb]":
                                 "/lib/l10n/app_%locale_with_underscore%.arb"})
    assert stats["lib/l10n/app_en.arb"]["strings"] == 2
    r = content.upload("de", {"lib/l10n/app_en.arb": ARB_DE})
    assert r == {"lib/l10n/app_en.arb": "uploaded"}
    z = content.download()
    assert z["lib/l10n/app_de_DE.arb"] == ARB_DE
    # untranslated: @@locale still names the target language
    fr = json.loads(z["lib/l10n/app_fr_FR.arb"])
    assert fr["@@locale"] in ("fr", "fr_FR") and fr["helloWorld"] == "Hello World!"


def test_v1_content_formats_pending_type_detection(content):
    stats = content.add_files({"a.xml": ANDROID, "b.json": JSON, "c.xliff": XLIFF,
                               "d.xlf": XLIFF, "e.arb": ARB})
    assert [stats[n]["strings"] for n in ("a.xml", "b.json", "c.xliff", "d.xlf", "e.arb")] == \
        [5, 4, 2, 2, 2]
    for t, body, n in (("android", ANDROID, 5), ("json", JSON, 4), ("xliff", XLIFF, 2),
                       ("chrome", CHROME, 2), ("arb", ARB, 2)):
        stats = content.add_files({f"as-{t}.txt": body}, type=t)
        assert stats[f"as-{t}.txt"]["strings"] == n, t
    # a parse error names the line
    _, why = content.err_details(6, "add-file",
                                 files={"bad.xml": b"<resources>\n<string name='a'>x\n"})
    assert "bad.xml" in why
    _, why = content.err_details(6, "add-file", files={"bad.json": b'{\n  "a": "x",\n  "b": \n}\n'})
    assert "line" in why
