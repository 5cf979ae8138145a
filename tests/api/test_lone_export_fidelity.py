"""
getTranslations file formats 1..8: every file is read back by its ecosystem's own
tool where Debian packages one (msgfmt, php, aapt, GNUstep's sfparse/pl, java) and
always by a strict reader here, and must give back exactly the keys and texts.

Key rule (docs/localization-one.md, "File exports"): a key stays as it is when no
other string of the export has the same (format-spelled) key; colliding keys are
qualified with their category path ("App/Screens/save"), then with "#<string_id>".

A tool test skips, naming the package, when the tool is missing
(`scripts/install-deps test` installs them all).
"""
import csv
import io
import json
import re
import shutil
import subprocess

import pytest

from lone_helpers import Lone

JAVA_KEYWORDS = set("""abstract assert boolean break byte case catch char class const continue
    default do double else enum extends final finally float for goto if implements import
    instanceof int interface long native new package private protected public return short
    static strictfp super switch synchronized this throw throws transient try void volatile
    while true false null""".split())
DART_RESERVED = set("""assert break case catch class const continue default do else enum
    extends false final finally for if in is new null rethrow return super switch this throw
    true try var void while with""".split())

# ---------------------------------------------------------------- fixtures

LONG_WORDS = " ".join(f"word{i}" for i in range(12000))
HOSTILE_TEXTS = [
    'He said "hi" & left \'now\'',
    'back\\slash \\n \\u0041 \\\\ end\\',
    "line1\nline2\r\nline3\ttab",
    "a < b && c > d </x> <y &amp; &#65;",
    "100% of %s and %d, %1$s %% $HOME ${x} {0} {{name}} {count, plural, one{#} other{#}}",
    "ctl \x01\x02\x07\x08\x0b\x0c\x1b\x1f\x7f end",
    "emoji \U0001F600 \U0001F44D\U0001F3FD \U0001D11E \U0001F1EB\U0001F1F7",
    "RTL \u05e9\u05dc\u05d5\u05dd \u0645\u0631\u062d\u0628\u0627 \u200f\u202e mixed",
    "  padded  double  spaces  ",
    "@start",
    "?start",
    "#hash !bang",
    "=SUM(A1:A2)",
    "+33 phone",
    "-1",
    "'quoted",
    "semi;colon=eq:colon, comma",
    "*/ --> ?> <!-- /* ]]>",
    "uni \u2028 ls \u0085 nel \u00a0 nbsp \ufeff bom",
    "x" * 70000,
    LONG_WORDS,
]
HOSTILE_KEYS = [
    'he said "hi"', "apos'key", "back\\slash", "new\nline key", "tab\tkey", "sp ace key",
    " lead space", "a.b.c", "eq=key:colon", "#hash", "!bang", "<tag>&amp;", "%s $x {0}",
    "\U0001F600 emoji", "\u00fcn\u00efc\u00f8d\u00e9", "\u05e9\u05dc\u05d5\u05dd", "ctl\x01key",
    "@@locale", "@meta", "1digit", "class", "_under", "k" * 1000,
]
HOSTILE_CONTEXT = 'ctx */ --> ?> \x01 "q" \\ <b>&amp;\nsecond line\rthird \U0001F600'


def hostile_strings():
    """(key, text) pairs: every hostile text under a plain key, every hostile key
    with a plain text."""
    pairs = [(f"text_{i}", t) for i, t in enumerate(HOSTILE_TEXTS)]
    pairs += [(k, f"value {i}") for i, k in enumerate(HOSTILE_KEYS)]
    return pairs


@pytest.fixture
def hostile(srv):
    """A project whose strings have hostile keys and texts, translated into fr
    (translation = source, so msgid and msgstr are both hostile)."""
    lone = Lone(srv, srv.project())
    cat = lone.category("Hostile")
    fr = lone.lang("fr")
    expected = {}
    for i, (key, text) in enumerate(hostile_strings()):
        kw = {"string_context": HOSTILE_CONTEXT} if i % 7 == 0 else {}
        sid = lone.string(cat, key, text, **kw)
        lone.ok("addTranslation", string_id=sid, translation_language=fr,
                translation_value=text, approve=1)
        expected[key] = text

    def get(fmt):
        return lone.ok("getTranslations", translation_language=fr, format=fmt)
    return get, expected


@pytest.fixture
def dups(srv):
    """Same keys in several categories, same source texts under several keys, a
    string with an empty source text, keys that only collide once spelled for
    Android/ARB.  Returns get(fmt, **params), the expected {key: text} of a whole
    export for formats that keep keys, the Settings category id and the ids of
    "a.b" and "a b"."""
    lone = Lone(srv, srv.project())
    fr = lone.lang("fr")
    app = lone.category("App")
    settings = lone.category("Settings")
    screens = lone.category("Screens", parent_id=app)

    def add(cat, key, source, tr):
        sid = lone.string(cat, key, source)
        if tr is not None:
            lone.ok("addTranslation", string_id=sid, translation_language=fr,
                    translation_value=tr, approve=1)
        return sid
    add(app, "save", "Save", "Enregistrer")
    add(app, "save_button", "Save", "Bouton enregistrer")
    add(app, "hello", "Hello", "Bonjour")
    add(app, "later", "Later", None)
    ids = {"a.b": add(app, "a.b", "Dot", "point"), "a b": add(app, "a b", "Space", "espace")}
    lone.ok("createString", category_id=app, string_key="empty_source",
            default_translation_language=fr, default_translation_value="Vide")
    add(settings, "save", "Save", "Sauvegarder")
    add(settings, "later", "Later", "Plus tard")
    add(screens, "save", "Save", "Enregistrer l'\u00e9cran")
    expected = {
        "App/save": "Enregistrer", "save_button": "Bouton enregistrer", "hello": "Bonjour",
        "a.b": "point", "a b": "espace", "empty_source": "Vide",
        "Settings/save": "Sauvegarder", "Settings/later": "Plus tard",
        "App/Screens/save": "Enregistrer l'\u00e9cran",
    }

    def get(fmt, **params):
        return lone.ok("getTranslations", translation_language=fr, format=fmt, **params)
    return get, expected, settings, ids


def need(tool, package):
    path = shutil.which(tool)
    if not path:
        pytest.skip(f"{tool} not installed (Debian package {package}; "
                    f"scripts/install-deps test installs it)")
    return path


def run(args, **kw):
    p = subprocess.run(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=120, **kw)
    assert p.returncode == 0, (args, p.returncode, p.stderr.decode(errors="replace")[-3000:])
    return p


def no_dups(pairs):
    keys = [k for k, _ in pairs]
    assert len(keys) == len(set(keys)), [k for k in keys if keys.count(k) > 1]
    return dict(pairs)

# ---------------------------------------------------------------- gettext


def po_catalog(tmp_path, text):
    """msgfmt -c, then Python's own .mo reader: {(msgctxt, msgid): msgstr}."""
    import gettext
    need("msgfmt", "gettext")
    po, mo = tmp_path / "f.po", tmp_path / "f.mo"
    po.write_text(text, encoding="utf-8")
    run(["msgfmt", "-c", "-o", str(mo), str(po)])
    with open(mo, "rb") as f:
        cat = gettext.GNUTranslations(f)._catalog
    out = {}
    for k, v in cat.items():
        if k == "":
            continue
        assert "\x04" in k, f"entry without msgctxt: {k!r}"
        ctx, msgid = k.split("\x04", 1)
        assert msgid != "", f"empty msgid for {ctx!r}"
        out[ctx] = (msgid, v)
    return out


def test_lone_fidelity_po_duplicates(dups, tmp_path):
    get, expected, _, _ = dups
    text = get("po")
    assert text.count('msgid ""\n') == 1 and text.startswith('msgid ""\n'), text
    cat = po_catalog(tmp_path, text)
    assert {k: v for k, (_, v) in cat.items()} == expected
    assert cat["App/save"][0] == "Save" and cat["save_button"][0] == "Save"
    # no source text: the key stands in for the msgid
    assert cat["empty_source"] == ("empty_source", "Vide")


def test_lone_fidelity_po_hostile(hostile, tmp_path):
    get, expected = hostile
    cat = po_catalog(tmp_path, get("po"))
    assert {k: v for k, (_, v) in cat.items()} == expected
    assert all(msgid == expected[k] for k, (msgid, _) in cat.items())


def test_lone_fidelity_po_eot(srv, proj, tmp_path):
    """U+0004 is gettext's context separator: msgfmt refuses it anywhere, so po
    files carry U+2404 (the symbol for it) instead."""
    lone = Lone(srv, proj)
    cat = lone.category("C")
    fr = lone.lang("fr")
    sid = lone.string(cat, "k\x04ey", "a\x04b")
    lone.ok("addTranslation", string_id=sid, translation_language=fr,
            translation_value="c\x04d", approve=1)
    got = po_catalog(tmp_path, lone.ok("getTranslations", translation_language=fr, format="po"))
    assert got == {"k\u2404ey": ("a\u2404b", "c\u2404d")}

# ---------------------------------------------------------------- android

ANDROID_ESCAPES = {"n": "\n", "t": "\t", "'": "'", '"': '"', "\\": "\\", "@": "@", "?": "?"}


def android_text(el):
    """A <string>'s text as Android reads it, strictly: whitespace that Android
    would collapse, unescaped apostrophes and leading references are errors."""
    assert len(el) == 0, f"markup in {el.get('name')}"
    raw = el.text or ""
    out, quoted, i = [], False, 0
    assert raw[:1] not in ("@", "?"), f"unescaped reference: {raw[:20]!r}"
    while i < len(raw):
        c = raw[i]
        if c == "\\":
            e = raw[i + 1]
            if e == "u":
                out.append(chr(int(raw[i + 2:i + 6], 16)))
                i += 6
                continue
            assert e in ANDROID_ESCAPES, f"unknown escape \\{e}"
            out.append(ANDROID_ESCAPES[e])
            i += 2
            continue
        if c == '"':
            quoted = not quoted
        elif c == "'" and not quoted:
            raise AssertionError(f"unescaped apostrophe in {raw[:40]!r}")
        elif c in " \t\n\r" and not quoted:
            assert c == " " and raw[i + 1:i + 2] not in (" ", "") and i > 0, \
                f"whitespace Android collapses in {raw[:40]!r}"
            out.append(c)
        else:
            out.append(c)
        i += 1
    assert not quoted, "unbalanced quote"
    # surrogate pairs from \uXXXX escapes
    return "".join(out).encode("utf-16", "surrogatepass").decode("utf-16")


def android_read(text):
    import xml.etree.ElementTree as ET
    root = ET.fromstring(text.encode("utf-8"))
    assert root.tag == "resources"
    pairs = []
    for el in root:
        assert el.tag == "string", el.tag
        name = el.get("name")
        assert re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name), f"invalid resource name {name!r}"
        assert name not in JAVA_KEYWORDS, name
        pairs.append((name, android_text(el)))
    return no_dups(pairs)


def aapt_values(tmp_path, text):
    """aapt packages the file (duplicates, bad names and bad strings fail) and
    dumps every string: {name: text}."""
    need("aapt", "aapt")
    res = tmp_path / "res" / "values"
    res.mkdir(parents=True)
    (res / "strings.xml").write_text(text, encoding="utf-8")
    (tmp_path / "AndroidManifest.xml").write_text(
        '<manifest xmlns:android="http://schemas.android.com/apk/res/android" '
        'package="org.tolk.check"/>\n')
    apk = tmp_path / "out.apk"
    run(["aapt", "package", "-f", "-M", str(tmp_path / "AndroidManifest.xml"),
         "-S", str(tmp_path / "res"), "-F", str(apk)])
    dump = run(["aapt", "dump", "--values", "resources", str(apk)]).stdout.decode("utf-8")
    lines = dump.split("\n")
    out = {}
    for i, line in enumerate(lines):
        m = re.search(r"^\s+resource 0x\w+ org\.tolk\.check:string/(\S+): t=0x03", line)
        if m:
            v = re.match(r'^\s+\(string\d+\) "(.*)"$', lines[i + 1], re.S).group(1)
            out[m.group(1)] = re.sub(r'\\(.)', lambda e: {"n": "\n"}.get(e.group(1), e.group(1)), v)
    return out


def test_lone_fidelity_android_duplicates(dups):
    get, _, _, ids = dups
    got = android_read(get("xml-android"))
    want = {"App_save": "Enregistrer", "save_button": "Bouton enregistrer", "hello": "Bonjour",
            "empty_source": "Vide", "Settings_save": "Sauvegarder",
            "Settings_later": "Plus tard", "App_Screens_save": "Enregistrer l'\u00e9cran",
            f"App_a_b_{ids['a.b']}": "point", f"App_a_b_{ids['a b']}": "espace"}
    assert got == want


def test_lone_fidelity_android_hostile(hostile):
    get, expected = hostile
    got = android_read(get("xml-android"))
    assert sorted(got.values()) == sorted(expected.values())
    assert got["text_0"] == expected["text_0"] and got["a_b_c"] == "value 7"
    assert got["_1digit"] == "value 19" and got["class_"] == "value 20"


def test_lone_fidelity_android_aapt(hostile, dups, tmp_path):
    for i, get in enumerate((hostile[0], dups[0])):
        text = get("xml-android")
        assert aapt_values(tmp_path / str(i), text) == android_read(text)

# ---------------------------------------------------------------- iOS .strings

STRINGS_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\", "a": "\a", "b": "\b",
                   "f": "\f", "v": "\v", "'": "'"}


def strings_read(text):
    """A strict .strings reader: "key" = "value"; entries, /* */ comments."""
    pos, pairs = 0, []

    def ws():
        nonlocal pos
        while True:
            m = re.match(r"\s+|/\*.*?\*/", text[pos:], re.S)
            if not m or not m.group(0):
                return
            pos += m.end()

    def quoted():
        nonlocal pos
        assert text[pos] == '"', f"expected a quoted string at {pos}: {text[pos:pos + 30]!r}"
        pos += 1
        out = []
        while text[pos] != '"':
            c = text[pos]
            if c == "\\":
                e = text[pos + 1]
                if e == "U":
                    out.append(chr(int(text[pos + 2:pos + 6], 16)))
                    pos += 6
                    continue
                assert e in STRINGS_ESCAPES, f"unknown escape \\{e}"
                out.append(STRINGS_ESCAPES[e])
                pos += 2
                continue
            out.append(c)
            pos += 1
        pos += 1
        return "".join(out).encode("utf-16", "surrogatepass").decode("utf-16")

    ws()
    while pos < len(text):
        k = quoted()
        ws()
        assert text[pos] == "=", text[pos:pos + 30]
        pos += 1
        ws()
        v = quoted()
        ws()
        assert text[pos] == ";", text[pos:pos + 30]
        pos += 1
        ws()
        pairs.append((k, v))
    return no_dups(pairs)


def gnustep_read(tmp_path, text):
    """GNUstep's own parser: sfparse checks the file as a strings file and counts
    its entries (a duplicate key counts once); pldes prints the same entries,
    wrapped in { } as a property list, in GNUstep's ASCII form (its `pl`, which
    reads strings files from stdin, fails on some lengths)."""
    need("sfparse", "gnustep-base-runtime")
    f, w = tmp_path / "f.strings", tmp_path / "f.plist"
    f.write_text(text, encoding="utf-8")
    w.write_text("{\n" + text + "\n}\n", encoding="utf-8")
    p = run(["sfparse", str(f)])
    out = p.stdout.decode() + p.stderr.decode()
    n = int(re.search(r"seems ok \((\d+) entries\)", out).group(1))
    d = pl_parse(run(["pldes", str(w)]).stdout.decode("utf-8"))
    assert len(d) == n
    return d


def pl_parse(s):
    """GNUstep's ASCII property list output: { key = value; ... }, \\UXXXX
    UTF-16 units, \\ooo octal."""
    pos = 0

    def tok():
        nonlocal pos
        while s[pos] in " \t\n\r":
            pos += 1
        if s[pos] in "{}=;":
            pos += 1
            return s[pos - 1]
        if s[pos] != '"':
            m = re.match(r"[^\s{}=;\"]+", s[pos:])
            pos += m.end()
            return ("str", m.group(0))
        pos += 1
        units = []
        while s[pos] != '"':
            c = s[pos]
            if c == "\\":
                e = s[pos + 1]
                if e == "U":
                    units.append(int(s[pos + 2:pos + 6], 16))
                    pos += 6
                    continue
                m = re.match(r"[0-7]{1,3}", s[pos + 1:])
                if m:
                    units.append(int(m.group(0), 8))
                    pos += 1 + m.end()
                    continue
                units.append(ord(STRINGS_ESCAPES.get(e, e)))
                pos += 2
                continue
            b = c.encode("utf-16-le", "surrogatepass")
            units.extend(int.from_bytes(b[j:j + 2], "little") for j in range(0, len(b), 2))
            pos += 1
        pos += 1
        b = b"".join(u.to_bytes(2, "little") for u in units)
        return ("str", b.decode("utf-16-le", "surrogatepass").encode(
            "utf-16", "surrogatepass").decode("utf-16"))

    assert tok() == "{"
    out = {}
    while True:
        t = tok()
        if t == "}":
            return out
        assert tok() == "="
        v = tok()
        assert tok() == ";"
        assert t[1] not in out
        out[t[1]] = v[1]


def test_lone_fidelity_strings(hostile, dups):
    get, expected = hostile
    assert strings_read(get("ios-strings")) == expected
    assert strings_read(dups[0]("ios-strings")) == dups[1]


def test_lone_fidelity_strings_gnustep(hostile, dups, tmp_path):
    get, expected = hostile
    assert gnustep_read(tmp_path, get("ios-strings")) == expected
    assert gnustep_read(tmp_path, dups[0]("ios-strings")) == dups[1]

# ---------------------------------------------------------------- JSON, ARB


def json_read(text):
    return json.loads(text, object_pairs_hook=no_dups)


def test_lone_fidelity_json_clean(hostile, dups):
    get, expected = hostile
    assert json_read(get("json-clean")) == expected
    assert json_read(dups[0]("json-clean")) == dups[1]


def arb_messages(text):
    d = json_read(text)
    assert d.pop("@@locale") == "fr"
    meta = {k: d.pop(k) for k in [k for k in d if k.startswith("@")]}
    for k in d:
        # Flutter gen-l10n: resource names are Dart method names
        assert re.fullmatch(r"[a-z][A-Za-z0-9_]*", k) and k not in DART_RESERVED, k
    assert all(m[1:] in d and set(v) == {"description"} for m, v in meta.items()), meta
    return d, meta


def test_lone_fidelity_arb(hostile, dups):
    get, expected = hostile
    got, meta = arb_messages(get("arb"))
    assert sorted(got.values()) == sorted(expected.values())
    assert got["text_0"] == expected["text_0"] and got["aBC"] == "value 7"
    assert got["key1digit"] == "value 19" and got["class_"] == "value 20"
    assert all(v == {"description": HOSTILE_CONTEXT} for v in meta.values()) and meta
    got, _ = arb_messages(dups[0]("arb"))
    get2, _, _, ids = dups
    assert got == {"appSave": "Enregistrer", "save_button": "Bouton enregistrer",
                   "hello": "Bonjour", "empty_source": "Vide", "settingsSave": "Sauvegarder",
                   "settingsLater": "Plus tard", "appScreensSave": "Enregistrer l'\u00e9cran",
                   f"appAB{ids['a.b']}": "point", f"appAB{ids['a b']}": "espace"}

# ---------------------------------------------------------------- PHP


def php_read(text):
    """The emitter's shape, strictly: <?php return [ 'k' => 'v', ... ];"""
    assert text.startswith("<?php\n"), text[:40]
    pos, pairs = 5, []

    def skip():
        nonlocal pos
        while True:
            m = re.match(r"\s+|/\*.*?\*/", text[pos:], re.S)
            if not m or not m.group(0):
                return
            pos += m.end()

    def expect(t):
        nonlocal pos
        skip()
        assert text.startswith(t, pos), (t, text[pos:pos + 40])
        pos += len(t)

    def lit():
        nonlocal pos
        skip()
        m = re.match(r"'((?:[^'\\]|\\.)*)'", text[pos:], re.S)
        assert m, text[pos:pos + 40]
        pos += m.end()
        return re.sub(r"\\([\\'])", r"\1", m.group(1))

    expect("return")
    expect("[")
    while True:
        skip()
        if text.startswith("]", pos):
            break
        k = lit()
        expect("=>")
        pairs.append((k, lit()))
        expect(",")
    expect("]")
    expect(";")
    skip()
    assert pos == len(text)
    return no_dups(pairs)


def php_eval(tmp_path, text):
    need("php", "php-cli")
    f = tmp_path / "f.php"
    f.write_text(text, encoding="utf-8")
    run(["php", "-l", str(f)])
    out = run(["php", "-r", "echo json_encode(require $argv[1], "
               "JSON_FORCE_OBJECT | JSON_UNESCAPED_UNICODE | JSON_THROW_ON_ERROR);",
               str(f)]).stdout
    return json.loads(out)


def test_lone_fidelity_php(hostile, dups):
    get, expected = hostile
    assert php_read(get("php-array")) == expected
    assert php_read(dups[0]("php-array")) == dups[1]


def test_lone_fidelity_php_cli(hostile, dups, tmp_path):
    get, expected = hostile
    assert php_eval(tmp_path, get("php-array")) == expected
    assert php_eval(tmp_path, dups[0]("php-array")) == dups[1]

# ---------------------------------------------------------------- CSV


def csv_read(text):
    """RFC 4180 with a UTF-8 BOM: CRLF records, quoted fields where needed."""
    assert text.startswith("\ufeff"), "no UTF-8 BOM"
    body = text[1:]
    assert body.endswith("\r\n")
    rows = list(csv.reader(io.StringIO(body, newline=""), strict=True))
    assert rows[0] == ["Key", "Translation"]
    assert all(len(r) == 2 for r in rows)
    # outside quoted fields, records end with CRLF only
    unquoted = re.sub(r'"(?:[^"]|"")*"', "", body)
    assert "\n" not in unquoted.replace("\r\n", "") and "\r" not in unquoted.replace("\r\n", "")
    return no_dups([tuple(r) for r in rows[1:]])


def test_lone_fidelity_csv(hostile, dups):
    get, expected = hostile
    got = csv_read(get("csv"))
    assert got == expected
    assert got["text_13"] == "+33 phone" and got["text_12"] == "=SUM(A1:A2)"
    assert csv_read(dups[0]("csv")) == dups[1]

# ---------------------------------------------------------------- properties


def props_read(text):
    """java.util.Properties.load, followed rule by rule (logical lines, comments,
    separators, escapes).  The file must be ASCII (ISO 8859-1 readers)."""
    assert all(ord(c) < 0x80 for c in text), "not ASCII"
    pairs = []
    # Properties ends lines at \n, \r or \r\n
    lines = re.split(r"\r\n|\r|\n", text)
    i = 0
    while i < len(lines):
        line = lines[i].lstrip(" \t\f")
        i += 1
        if not line or line[0] in "#!":
            continue
        while len(line) - len(line.rstrip("\\")) & 1:   # odd backslashes: continued
            line = line[:-1] + lines[i].lstrip(" \t\f")
            i += 1
        key, j = [], 0
        while j < len(line) and line[j] not in "=: \t\f":
            n = 2 if line[j] == "\\" else 1
            key.append(line[j:j + n])
            j += n
        while j < len(line) and line[j] in " \t\f":
            j += 1
        if j < len(line) and line[j] in "=:":
            j += 1
        while j < len(line) and line[j] in " \t\f":
            j += 1
        pairs.append((props_unescape("".join(key)), props_unescape(line[j:])))
    return no_dups(pairs)


def props_unescape(s):
    out, i = [], 0
    while i < len(s):
        if s[i] == "\\":
            e = s[i + 1]
            if e == "u":
                out.append(chr(int(s[i + 2:i + 6], 16)))
                i += 6
                continue
            out.append({"t": "\t", "n": "\n", "r": "\r", "f": "\f"}.get(e, e))
            i += 2
            continue
        out.append(s[i])
        i += 1
    return "".join(out).encode("utf-16", "surrogatepass").decode("utf-16")


JAVA_DUMP = r"""
import java.io.*; import java.util.*;
public class Dump {
  public static void main(String[] a) throws Exception {
    Properties p = new Properties();
    try (InputStream in = new FileInputStream(a[0])) { p.load(in); }
    StringBuilder sb = new StringBuilder("{");
    for (String k : p.stringPropertyNames()) {
      if (sb.length() > 1) sb.append(',');
      q(sb, k); sb.append(':'); q(sb, p.getProperty(k));
    }
    System.out.print(sb.append('}'));
  }
  static void q(StringBuilder sb, String s) {
    sb.append('"');
    for (char c : s.toCharArray())
      if (c == '"' || c == '\\' || c < 0x20 || c > 0x7e) sb.append(String.format("\\u%04x", (int) c));
      else sb.append(c);
    sb.append('"');
  }
}
"""


def java_props(tmp_path, text):
    need("java", "openjdk-17-jdk-headless")
    (tmp_path / "Dump.java").write_text(JAVA_DUMP)
    f = tmp_path / "f.properties"
    f.write_text(text, encoding="ascii")
    out = run(["java", str(tmp_path / "Dump.java"), str(f)]).stdout.decode("ascii")
    d = json.loads(out)
    assert len(d) == len(props_read(text))   # Properties keeps the last of duplicates
    return d


def test_lone_fidelity_properties(hostile, dups):
    get, expected = hostile
    assert props_read(get("properties")) == expected
    assert props_read(dups[0]("properties")) == dups[1]


def test_lone_fidelity_properties_java(hostile, dups, tmp_path):
    get, expected = hostile
    assert java_props(tmp_path, get("properties")) == expected
    assert java_props(tmp_path, dups[0]("properties")) == dups[1]

# ---------------------------------------------------------------- key rule


def test_lone_fidelity_keys_unique_in_export(dups):
    """A key is qualified only when it collides inside the export asked for."""
    get, _, settings, _ = dups
    assert json_read(get("json-clean", category_id=settings)) == {
        "save": "Sauvegarder", "later": "Plus tard"}
    # untranslated strings count: the names do not depend on the language's progress
    assert "Settings/later" in json_read(get("json-clean"))
