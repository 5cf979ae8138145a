"""The ZIP layout: export patterns, directory patterns, defaults, export flags (crowdin-v1.md §3)."""
from v1_content_helpers import *  # noqa: F401,F403  (fixtures and helpers)

PROPS = b"# Greetings\na=Apple pie\nb=Banana split\nc=Cherry\n"
STRINGS = b'/* Title */\n"title" = "My nice app";\n\n"ok" = "OK";\n'
PO = (b'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
      b'#. the title\nmsgid "Hello world"\nmsgstr ""\n\nmsgid "Bye"\nmsgstr ""\n')

EVERY = ("/%language%/%two_letters_code%/%three_letters_code%/%locale%/%locale_with_underscore%"
         "/%android_code%/%osx_code%/%osx_locale%/%original_path%"
         "/%file_name%--%file_extension%--%original_file_name%")


def expand(pattern, lang, file_name, original_path):
    base, _, ext = file_name.rpartition(".")
    values = {
        "%language%": lang["name"], "%two_letters_code%": lang["iso_639_1"],
        "%three_letters_code%": lang["iso_639_3"], "%locale%": lang["locale"],
        "%locale_with_underscore%": lang["locale"].replace("-", "_"),
        "%android_code%": lang["android_code"], "%osx_code%": lang["osx_code"],
        "%osx_locale%": lang["osx_locale"], "%original_file_name%": file_name,
        "%file_name%": base, "%file_extension%": ext, "%original_path%": original_path,
    }
    for k in sorted(values, key=len, reverse=True):
        pattern = pattern.replace(k, values[k])
    return pattern.lstrip("/")


def test_pattern_every_placeholder(content_factory, supported):
    c = content_factory(languages=("uk", "pt-BR", "zh-CN"))
    # the spec's example values, so the expectation is not only derived from the server
    uk = supported["uk"]
    assert (uk["name"], uk["iso_639_1"], uk["iso_639_3"], uk["locale"], uk["android_code"],
            uk["osx_locale"]) == ("Ukrainian", "uk", "ukr", "uk-UA", "uk-rUA", "uk")
    c.add_dir("app/res", recursive=1)
    c.add_files({"app/res/main.strings.properties": PROPS},
                **{"export_patterns[app/res/main.strings.properties]": EVERY})
    z = c.download()
    want = {expand(EVERY, supported[l], "main.strings.properties", "app/res")
            for l in ("uk", "pt-BR", "zh-CN")}
    assert set(z) == want
    assert "Ukrainian/uk/ukr/uk-UA/uk_UA/uk-rUA/uk.lproj/uk/app/res/" \
           "main.strings--properties--main.strings.properties" in z
    assert all(body == PROPS for body in z.values())
    # one language package: the same names for that language
    assert set(c.download("pt-BR")) == {expand(EVERY, supported["pt-BR"],
                                               "main.strings.properties", "app/res")}


def test_pattern_leading_slash_vs_relative(content, supported):
    content.add_dir("a/b", recursive=1)
    content.add_files({"a/b/x.properties": PROPS, "a/b/y.properties": PROPS,
                       "z.properties": PROPS, "r.properties": PROPS, "n.properties": PROPS},
                      **{"export_patterns[a/b/x.properties]": "%two_letters_code%/x.properties",
                         "export_patterns[a/b/y.properties]": "/%two_letters_code%/y.properties",
                         "export_patterns[z.properties]": "l10n/%locale%.properties",
                         "export_patterns[r.properties]":
                             "/%original_path%/%two_letters_code%/%original_file_name%",
                         "export_patterns[n.properties]": "/i18n/**/%locale%/n.properties"})
    z = content.download("fr")
    assert sorted(z) == sorted([
        "a/b/fr/x.properties",        # relative: below the file's own directory
        "fr/y.properties",            # leading slash: from the archive root
        "l10n/fr-FR.properties",
        "fr/r.properties",            # %original_path% is "" at the root, no "//"
        "i18n/fr-FR/n.properties",    # a literal ** is dropped
    ])


def test_default_layout(content_factory):
    c = content_factory(languages=("fr", "pt-BR", "es-ES"))
    c.add_dir("a/b", recursive=1)
    c.add_files({"a/b/x.properties": PROPS, "top.strings": STRINGS, "a/m.po": PO})
    z = c.download()
    assert sorted(z) == sorted(f"{code}/{path}" for code in ("fr", "pt-BR", "es-ES")
                               for path in ("a/b/x.properties", "top.strings", "a/m.po"))
    assert sorted(c.download("es-ES")) == ["es-ES/a/b/x.properties", "es-ES/a/m.po",
                                           "es-ES/top.strings"]


def test_directory_export_pattern(content):
    content.add_dir("android", export_pattern="/res/values-%android_code%")
    content.add_dir("android/sub")
    content.add_dir("web/i18n", recursive=1)
    content.ok("change-directory", {"name": "web/i18n", "export_pattern": "locales/%locale%"})
    content.add_files({"android/strings.properties": PROPS, "android/sub/x.properties": PROPS,
                       "android/own.properties": PROPS, "web/i18n/m.properties": PROPS,
                       "plain.properties": PROPS},
                      **{"export_patterns[android/own.properties]":
                         "/own/%two_letters_code%/own.properties"})
    z = content.download("fr")
    assert sorted(z) == sorted([
        "res/values-fr-rFR/strings.properties",   # the directory's pattern names the folder
        "res/values-fr-rFR/sub/x.properties",     # ... of everything below it
        "own/fr/own.properties",                  # a file pattern wins
        "web/locales/fr-FR/m.properties",         # relative: where the directory was
        "fr/plain.properties",
    ])
    # change-directory changes the layout of the next build
    content.ok("change-directory", {"name": "android", "export_pattern": "/res2/%osx_code%"})
    assert content.export() == "built"
    z = content.download()
    assert "res2/fr.lproj/strings.properties" in z and "res2/de.lproj/sub/x.properties" in z
    assert "res/values-fr-rFR/strings.properties" not in z


def test_branch_patterns_are_relative_to_the_branch(content):
    content.add_dir("v2", is_branch=1)
    content.add_dir("res", branch="v2")
    content.add_files({"res/a.properties": PROPS, "res/b.properties": PROPS}, branch="v2",
                      **{"export_patterns[res/a.properties]":
                         "/%original_path%/%two_letters_code%/a.properties"})
    assert sorted(content.download("fr", branch="v2")) == ["fr/res/b.properties",
                                                           "res/fr/a.properties"]
    assert sorted(content.download("fr")) == ["v2/fr/res/b.properties", "v2/res/fr/a.properties"]


def test_fallback_to_source_text(content):
    content.add_files({"a.properties": PROPS, "s.strings": STRINGS, "m.po": PO})
    content.upload("fr", {"a.properties": b"b=Banane\n", "s.strings": b'"ok" = "D\'accord";\n',
                          "m.po": b'msgid "Bye"\nmsgstr "Salut"\n'})
    z = content.download()
    assert z["fr/a.properties"] == b"# Greetings\na=Apple pie\nb=Banane\nc=Cherry\n"
    assert z["fr/s.strings"] == b'/* Title */\n"title" = "My nice app";\n\n"ok" = "D\'accord";\n'
    # gettext: an untranslated msgstr stays empty (gettext shows the msgid)
    assert z["fr/m.po"] == (
        b'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
        b'"Language: fr\\n"\n"Plural-Forms: nplurals=2; plural=(n > 1);\\n"\n\n'
        b'#. the title\nmsgid "Hello world"\nmsgstr ""\n\nmsgid "Bye"\nmsgstr "Salut"\n')
    # a language with no translations at all still gets every file
    assert z["uk/a.properties"] == PROPS and z["uk/s.strings"] == STRINGS


def test_project_export_flags(content):
    content.add_files({"a.properties": PROPS, "s.strings": STRINGS})
    content.upload("fr", {"a.properties": b"a=Tarte\n", "s.strings": b'"title" = "Mon appli";\n'})
    content.upload("fr", {"a.properties": b"b=Banane\n"}, auto_approve_imported=1)

    def build(i, **flags):
        content.edit(**flags)
        content.add_dir(f"bump{i}")   # a content change, so the next export builds
        assert content.export() == "built"
        z = content.download()
        return parse_properties(z["fr/a.properties"]), z["fr/s.strings"], z["uk/a.properties"]

    props, strings, uk = build(1, export_translated_only=1)
    assert props == {"a": "Tarte", "b": "Banane"}
    assert strings == b'/* Title */\n"title" = "Mon appli";\n\n'
    assert uk == b"# Greetings\n"
    props, strings, _ = build(2, export_approved_only=1)
    assert props == {"b": "Banane"}
    assert b'"title"' not in strings and b'"ok"' not in strings
    props, strings, uk = build(3, export_translated_only=0)
    # approved only, untranslated kept: unapproved translations fall back to the source
    assert props == {"a": "Apple pie", "b": "Banane", "c": "Cherry"}
    assert strings == STRINGS and uk == PROPS
    props, _, _ = build(4, export_approved_only=0)
    assert props == {"a": "Tarte", "b": "Banane", "c": "Cherry"}
