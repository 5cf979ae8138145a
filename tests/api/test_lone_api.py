"""localization.one method API (seed 003): every method and its error paths, on both backends."""
import json

import pytest

from lone_helpers import Lone, add_label, set_setting, snapshot

OPT_IN = {
    "deleteString": "allow_delete_string",
    "updateTranslation": "allow_update_translation",
    "disapproveAllTranslations": "allow_disapprove_all_translations",
    "deleteAllSuggestions": "allow_delete_all_suggestions",
}


@pytest.fixture
def lone(srv, proj):
    return Lone(srv, proj)


def iid(lone, public_id):
    """The internal key of the string clients call `public_id` (string ids are per project)."""
    pid = lone.srv.project_id(lone.project.identifier)
    return int(lone.srv.sql(f"SELECT id FROM string WHERE public_id = {public_id} "
                            f"AND project_id = {pid}")[0][0])


@pytest.fixture
def seeded(lone):
    """A category with two strings (source text set)."""
    cat = lone.category("Website")
    s1 = lone.string(cat, "hello", "Hello world")
    s2 = lone.string(cat, "bye", "Good bye")
    return lone, cat, s1, s2


# ---------------------------------------------------------------- transport / envelope

def test_lone_envelope_get_post_json_multipart(lone):
    for how, http in (("query", "GET"), ("form", "POST"), ("json", "POST"), ("multipart", "POST")):
        r = lone.call("getLanguages", {}, how=how, http=http)
        d = lone.envelope(r)
        assert r.status_code == 200 and d["ok"] is True and isinstance(d["result"], list)


def test_lone_unknown_token_401(srv, proj):
    bad = Lone(srv, proj, token="0" * 48)
    assert "token" in bad.err("getLanguages", 401).lower()
    assert bad.err("createCategory", 401, name="x")
    # an unknown token also wins over an unknown method
    bad.err("noSuchMethod", 401)


def test_lone_unknown_method_404(lone):
    d = lone.err("getEverything", 404)
    assert "getEverything" in d
    lone.err("getlanguages", 404)          # names are case-sensitive


def test_lone_other_http_method_405(lone):
    r = lone.call("getLanguages", http="PUT")
    lone.check_err(r, 405)


def test_lone_json_body_not_object(srv, proj, lone):
    before = snapshot(srv, proj)
    for body in ("[1,2]", "{bad json", '"str"', "42"):
        r = lone.call("createCategory", data=body, headers={"Content-Type": "application/json"})
        assert "JSON" in lone.check_err(r, 400)
    assert snapshot(srv, proj) == before


def test_lone_invalid_utf8_rejected(srv, proj, lone):
    before = snapshot(srv, proj)
    r = lone.call("createCategory", data=b"name=%ff%fe", headers={
        "Content-Type": "application/x-www-form-urlencoded"})
    assert "UTF-8" in lone.check_err(r, 400)
    assert snapshot(srv, proj) == before


def test_lone_token_not_logged(srv, lone):
    lone.ok("getLanguages")
    with open(srv.log_path, "rb") as f:
        assert lone.token.encode() not in f.read()


# ---------------------------------------------------------------- getLanguages

def test_lone_get_languages(srv, proj, lone):
    langs = lone.ok("getLanguages")
    codes = [l["code"] for l in langs]
    assert codes[0] == "en" and set(codes) == {"en", "fr", "de", "uk"}
    for l in langs:
        assert set(l) == {"id", "name", "localized_name", "code", "translated_percent",
                          "translated_strings", "emoji"}
        assert isinstance(l["id"], str) and l["id"].isdigit()
        assert l["translated_percent"] == "0" and l["translated_strings"] == "0"
    uk = next(l for l in langs if l["code"] == "uk")
    assert uk["name"] == "Ukrainian" and uk["localized_name"] and uk["emoji"] == "🇺🇦"


def test_lone_languages_counts_follow_translations(seeded):
    lone, cat, s1, s2 = seeded
    fr = lone.lang("fr")
    lone.ok("addTranslation", string_id=s1, translation_language=fr, translation_value="Bonjour")
    langs = {l["code"]: l for l in lone.ok("getLanguages")}
    assert langs["fr"]["translated_strings"] == "1" and langs["fr"]["translated_percent"] == "50"
    assert langs["de"]["translated_strings"] == "0"
    assert langs["en"]["translated_strings"] == "2" and langs["en"]["translated_percent"] == "100"


# ---------------------------------------------------------------- categories

def test_lone_create_category_and_tree(lone):
    web = lone.category("Website")
    assert isinstance(web, int)
    header = lone.category("Header", parent_id=web, description="Top of page")
    menu = lone.category("Menu", parent_id=header)
    for i in range(3):
        lone.string(menu, f"k{i}")
    cats = lone.ok("getCategories")
    assert set(cats) >= {str(web), str(header), str(menu)}
    assert cats[str(web)] == {"id": str(web), "parent_id": "0", "name": "Website",
                              "description": "", "strings": "3"}
    assert cats[str(header)]["parent_id"] == str(web)
    assert cats[str(header)]["description"] == "Top of page"
    assert cats[str(header)]["strings"] == "3" and cats[str(menu)]["strings"] == "3"


def test_lone_create_category_errors_change_nothing(srv, proj, lone):
    web = lone.category("Website")
    before = snapshot(srv, proj)
    assert "already exists" in lone.err("createCategory", 400, name="Website")
    assert "already exists" in lone.err("createCategory", 400, name="Website", parent_id=0)
    assert "required" in lone.err("createCategory", 400)
    lone.err("createCategory", 400, name="")
    lone.err("createCategory", 400, name="a/b")
    lone.err("createCategory", 400, name="..")
    lone.err("createCategory", 404, name="x", parent_id=999999)
    lone.err("createCategory", 400, name="x", parent_id="abc")
    lone.err("createCategory", 400, name="x", parent_id="-1")
    lone.err("createCategory", 413, name="x" * 300)
    lone.err("createCategory", 413, name="x", description="d" * (65 * 1024))
    assert snapshot(srv, proj) == before
    # same name under another parent is fine
    assert lone.category("Website", parent_id=web)


def test_lone_get_categories_shows_crowdin_file_nodes(srv, proj, lone):
    """A file node (as Crowdin v1 add-file creates it) is a category with its strings."""
    pid = srv.project_id(proj.identifier)
    srv.sql(f"INSERT INTO node (project_id, parent_id, kind, name, created, updated) "
            f"VALUES ({pid}, NULL, 'file', 'app.po', 0, 0)")
    fid = int(srv.sql(f"SELECT id FROM node WHERE project_id = {pid} AND name = 'app.po'")[0][0])
    srv.sql(f"INSERT INTO string (project_id, public_id, node_id, skey, source, created, updated) "
            f"VALUES ({pid}, 1, {fid}, 'greeting', 'Hi', 0, 0)")
    srv.recount()
    cats = lone.ok("getCategories")
    assert cats[str(fid)]["name"] == "app.po" and cats[str(fid)]["strings"] == "1"
    # and files cannot hold categories
    assert "file" in lone.err("createCategory", 400, name="sub", parent_id=fid)


# ---------------------------------------------------------------- createString

def test_lone_create_string_source_language(srv, proj, lone):
    cat = lone.category("C")
    info0 = srv.info_data(proj)
    res = lone.ok("createString", category_id=cat, string_key="test-key",
                  default_translation_language=lone.lang("en"),
                  default_translation_value="Save all changes",
                  string_context="button label in the document editor toolbar")
    assert res["string_key"] == "test-key" and isinstance(res["string_id"], int)
    tr = lone.ok("getTranslations", translation_language=lone.lang("en"), string_id=res["string_id"])
    assert tr == [{"string_id": str(res["string_id"]), "string_key": "test-key",
                   "category_id": str(cat), "translation": "Save all changes",
                   "string_context": "button label in the document editor toolbar",
                   "labels": []}]
    # the Crowdin v1 view of the same project counts it
    info = srv.info_data(proj)
    d0, d1 = info0["details"], info["details"]
    assert int(d1["total_strings_count"]) == int(d0["total_strings_count"]) + 1
    assert int(d1["total_words_count"]) == int(d0["total_words_count"]) + 3


def test_lone_create_string_other_language_is_approved_translation(lone):
    cat = lone.category("C")
    sid = lone.string(cat, "k", "Bonjour", lang="fr")
    fr = lone.ok("getTranslations", translation_language=lone.lang("fr"), string_id=sid)
    assert fr[0]["translation"] == "Bonjour"
    en = lone.ok("getTranslations", translation_language=lone.lang("en"), string_id=sid)
    assert en[0]["translation"] == ""           # no source text yet
    # approved: updateTranslation (when enabled) can fix it
    langs = {l["code"]: l for l in lone.ok("getLanguages")}
    assert langs["fr"]["translated_strings"] == "1"


def test_lone_create_string_explicit_id(srv, proj, lone):
    cat = lone.category("C")
    res = lone.ok("createString", string_id=900001, category_id=cat, string_key="a",
                  default_translation_language=lone.lang("en"), default_translation_value="A")
    assert res["string_id"] == 900001
    assert "already taken" in lone.err("createString", 400, string_id=900001, category_id=cat,
                                       string_key="b", default_translation_language=lone.lang("en"),
                                       default_translation_value="B")
    # automatic ids keep working after an explicit one (PostgreSQL sequence)
    sid = lone.string(cat, "c")
    assert sid != 900001


def test_lone_create_string_copy_translations(lone):
    cat = lone.category("C")
    src = lone.string(cat, "orig", "Hello")
    fr, de = lone.lang("fr"), lone.lang("de")
    lone.ok("addTranslation", string_id=src, translation_language=fr, translation_value="Bonjour",
            approve="true")
    lone.ok("addTranslation", string_id=src, translation_language=de, translation_value="Hallo")
    res = lone.ok("createString", category_id=cat, string_key="copy", copy_translations_from=src)
    new = res["string_id"]
    assert lone.ok("getTranslations", translation_language=fr, string_id=new)[0]["translation"] == "Bonjour"
    assert lone.ok("getTranslations", translation_language=de, string_id=new)[0]["translation"] == "Hallo"
    assert lone.ok("getTranslations", translation_language=lone.lang("en"),
                   string_id=new)[0]["translation"] == "Hello"
    lone.err("createString", 404, category_id=cat, string_key="x", copy_translations_from=99999999)


def test_lone_create_string_errors_change_nothing(srv, proj, lone):
    cat = lone.category("C")
    lone.string(cat, "dup")
    en = lone.lang("en")
    before = snapshot(srv, proj)
    base = dict(category_id=cat, string_key="new", default_translation_language=en,
                default_translation_value="v")
    cases = [
        (400, dict(base, category_id=None)),
        (400, dict(base, string_key=None)),
        (400, dict(base, string_key="")),
        (400, dict(base, default_translation_language=None)),
        (400, dict(base, default_translation_value=None)),
        (400, dict(base, string_key="dup")),
        (404, dict(base, category_id=987654321)),
        (400, dict(base, category_id="x1")),
        (404, dict(base, default_translation_language=1)),      # not a project language
        (400, dict(base, string_id="abc")),
        (413, dict(base, string_key="k" * 2000)),
    ]
    for status, params in cases:
        params = {k: v for k, v in params.items() if v is not None}
        lone.err("createString", status, **params)
    assert snapshot(srv, proj) == before


def test_lone_string_context_limit(srv, proj, lone):
    cat = lone.category("C")
    en = lone.lang("en")
    # 2500 characters (multi-byte) are fine: the limit counts characters, not bytes
    ok = lone.ok("createString", category_id=cat, string_key="ok", default_translation_language=en,
                 default_translation_value="v", string_context="é" * 2500)
    assert ok["string_id"]
    before = snapshot(srv, proj)
    d = lone.err("createString", 400, category_id=cat, string_key="long",
                 default_translation_language=en, default_translation_value="v",
                 string_context="x" * 2501)
    assert d.startswith("string_context exceeds the 2500-character limit")
    assert snapshot(srv, proj) == before


# ---------------------------------------------------------------- labels

@pytest.fixture
def labelled(srv, proj, lone):
    ids = {
        "cb1": add_label(srv, proj, "Checkbox Label 1", "checkbox", default=1),
        "cb2": add_label(srv, proj, "Checkbox Label 2", "checkbox", default=0),
        "sel": add_label(srv, proj, "Select Label", "select",
                         options=["Option 1=option_1_value", "Option 2=option_2_value"]),
        "inp": add_label(srv, proj, "Input Label", "input", default="Input value"),
    }
    return lone, ids


def labels_of(lone, sid):
    tr = lone.ok("getTranslations", translation_language=lone.lang("en"), string_id=sid)
    return {l["name"]: l["value"] for l in tr[0]["labels"]}


def test_lone_get_labels(labelled):
    lone, ids = labelled
    labels = lone.ok("getLabels")
    assert [l["label_name"] for l in labels] == ["Checkbox Label 1", "Checkbox Label 2",
                                                 "Select Label", "Input Label"]
    by = {l["label_name"]: l for l in labels}
    assert by["Checkbox Label 1"] == {"label_name": "Checkbox Label 1", "label_id": ids["cb1"],
                                      "type": "checkbox", "default_value": 1}
    assert by["Checkbox Label 2"]["default_value"] == 0
    assert by["Select Label"]["options"] == [
        {"option_name": "Option 1", "option_value": "option_1_value"},
        {"option_name": "Option 2", "option_value": "option_2_value"}]
    assert by["Input Label"]["default_value"] == "Input value"
    for l in labels:
        assert len(l["label_id"]) == 32 and all(c in "0123456789abcdef" for c in l["label_id"])


def test_lone_label_ids_stable_and_cli(srv, proj, labelled):
    lone, ids = labelled
    out = srv.cli("project", "label", "list", "--identifier", proj.identifier).stdout
    assert ids["sel"] in out and "option_1_value" in out
    srv.cli("project", "label", "remove", "--identifier", proj.identifier, "--label", ids["inp"])
    assert ids["inp"] not in [l["label_id"] for l in lone.ok("getLabels")]
    again = add_label(srv, proj, "Input Label", "input", default="Input value")
    assert again == ids["inp"]          # md5(project id, name): stable
    p = srv.cli("project", "label", "add", "--identifier", proj.identifier, "--name", "Input Label",
                "--type", "input", check=False)
    assert p.returncode != 0
    for bad in (["--type", "radio"], ["--type", "checkbox", "--default", "2"],
                ["--type", "select"], ["--type", "select", "--option", "a=b", "--default", "c"]):
        p = srv.cli("project", "label", "add", "--identifier", proj.identifier, "--name",
                    "New", *bad, check=False)
        assert p.returncode != 0, bad


def test_lone_labels_defaults(labelled):
    lone, ids = labelled
    cat = lone.category("C")
    sid = lone.string(cat, "k")
    assert labels_of(lone, sid) == {"Checkbox Label 1": "1", "Checkbox Label 2": "0",
                                    "Input Label": "Input value"}


@pytest.mark.parametrize("shape", ["form-map", "json-list", "json-map", "body-list", "body-map",
                                   "body-list-string"])
def test_lone_labels_shapes(labelled, shape):
    lone, ids = labelled
    cat = lone.category("C")
    en = lone.lang("en")
    want = {ids["cb1"]: "0", ids["sel"]: "option_2_value", ids["inp"]: "custom"}
    base = dict(category_id=cat, string_key="k", default_translation_language=en,
                default_translation_value="v")
    how = "form"
    if shape == "form-map":
        params = dict(base, **{f"labels[{k}]": v for k, v in want.items()})
    elif shape == "json-list":
        params = dict(base, labels=json.dumps([{"label_id": k, "label_value": v}
                                               for k, v in want.items()]))
    elif shape == "json-map":
        params = dict(base, labels=json.dumps(want))
    elif shape == "body-list":
        how = "json"
        params = dict(base, labels=[{"label_id": ids["cb1"], "label_value": 0},
                                    {"label_id": ids["sel"], "label_value": "option_2_value"},
                                    {"label_id": ids["inp"], "label_value": "custom"}])
    elif shape == "body-map":
        how = "json"
        params = dict(base, labels={ids["cb1"]: 0, ids["sel"]: "option_2_value",
                                    ids["inp"]: "custom"})
    else:
        how = "json"
        params = dict(base, labels=json.dumps([{"label_id": k, "label_value": v}
                                               for k, v in want.items()]))
    sid = lone.ok("createString", how=how, **params)["string_id"]
    assert labels_of(lone, sid) == {"Checkbox Label 1": "0", "Checkbox Label 2": "0",
                                    "Select Label": "option_2_value", "Input Label": "custom"}


def test_lone_labels_invalid_change_nothing(srv, proj, labelled):
    lone, ids = labelled
    cat = lone.category("C")
    en = lone.lang("en")
    base = dict(category_id=cat, string_key="k", default_translation_language=en,
                default_translation_value="v")
    before = snapshot(srv, proj)
    lone.err("createString", 400, **base, **{f"labels[{ids['cb1']}]": "2"})
    lone.err("createString", 400, **base, **{f"labels[{ids['sel']}]": "nope"})
    lone.err("createString", 404, **base, **{"labels[0123456789abcdef0123456789abcdef]": "1"})
    lone.err("createString", 400, **base, labels="not json")
    lone.err("createString", 400, **base, labels="[1,2]")
    lone.err("createString", 400, **base, labels=json.dumps([{"label_value": "1"}]))
    assert snapshot(srv, proj) == before


# ---------------------------------------------------------------- addTranslation

def test_lone_add_translation_idempotent(srv, proj, seeded):
    lone, cat, s1, s2 = seeded
    fr = lone.lang("fr")
    t1 = lone.ok("addTranslation", string_id=s1, translation_language=fr, translation_value="Salut")
    assert isinstance(t1, int)
    t2 = lone.ok("addTranslation", string_id=s1, translation_language=fr, translation_value="Bonjour")
    assert t2 == t1
    pid = srv.project_id(proj.identifier)
    rows = srv.sql(f"SELECT text, approved, author_kind FROM translation WHERE string_id = {iid(lone, s1)}")
    assert rows == [("Bonjour", "0", "api-bot")]
    ev = snapshot(srv, proj)["event"]
    lone.ok("addTranslation", string_id=s1, translation_language=fr, translation_value="Bonjour")
    assert snapshot(srv, proj)["event"] == ev           # no change, no event
    assert pid


def test_lone_add_translation_approve_replaces_other_approval(srv, proj, seeded):
    lone, cat, s1, s2 = seeded
    fr = lone.lang("fr")
    # a human's approved translation
    srv.sql(f"INSERT INTO translation (string_id, language_id, text, approved, created, updated) "
            f"VALUES ({iid(lone, s1)}, {fr}, 'Humain', 1, 0, 0)")
    assert lone.ok("getTranslations", translation_language=fr, string_id=s1)[0]["translation"] == "Humain"
    tid = lone.ok("addTranslation", string_id=s1, translation_language=fr,
                  translation_value="Robot", approve="true")
    rows = dict(srv.sql(f"SELECT text, approved FROM translation WHERE string_id = {iid(lone, s1)}"))
    assert rows == {"Humain": "0", "Robot": "1"}
    assert lone.ok("getTranslations", translation_language=fr, string_id=s1)[0]["translation"] == "Robot"
    assert tid


def test_lone_add_translation_errors_change_nothing(srv, proj, seeded):
    lone, cat, s1, s2 = seeded
    fr = lone.lang("fr")
    before = snapshot(srv, proj)
    lone.err("addTranslation", 400, translation_language=fr, translation_value="x")
    lone.err("addTranslation", 400, string_id=s1, translation_value="x")
    lone.err("addTranslation", 400, string_id=s1, translation_language=fr)
    lone.err("addTranslation", 400, string_id=s1, translation_language=fr, translation_value="")
    lone.err("addTranslation", 404, string_id=99999999, translation_language=fr, translation_value="x")
    lone.err("addTranslation", 404, string_id=s1, translation_language=1, translation_value="x")
    lone.err("addTranslation", 400, string_id=s1, translation_language=lone.lang("en"),
             translation_value="x")
    lone.err("addTranslation", 400, string_id=s1, translation_language=fr, translation_value="x",
             approve="maybe")
    lone.err("addTranslation", 413, string_id=s1, translation_language=fr,
             translation_value="x" * (1024 * 1024 + 1))
    assert snapshot(srv, proj) == before


def test_lone_string_of_other_project_is_404(srv, proj, seeded):
    lone, cat, s1, s2 = seeded
    other = Lone(srv, srv.project())
    other.err("addTranslation", 404, string_id=s1, translation_language=other.lang("fr"),
              translation_value="x")
    other.err("getTranslations", 404, translation_language=other.lang("fr"), string_id=s1)
    other.err("getTranslations", 404, translation_language=other.lang("fr"), category_id=cat)


# ---------------------------------------------------------------- opt-in methods

@pytest.mark.parametrize("method", list(OPT_IN))
def test_lone_opt_in_refused_by_default(srv, proj, seeded, method):
    lone, cat, s1, s2 = seeded
    fr = lone.lang("fr")
    lone.ok("addTranslation", string_id=s1, translation_language=fr, translation_value="Bonjour",
            approve=1)
    lone.ok("addTranslation", string_id=s2, translation_language=fr, translation_value="Salut")
    before = snapshot(srv, proj)
    d = lone.err(method, 403, string_id=s1, translation_language=fr, translation_value="z")
    assert d.startswith(f"API method '{method}' is disabled for this project. ")
    assert f'"Allow {method} via API"' in d and "Project Settings > API and webhook" in d
    # even with bad parameters the refusal comes first
    assert lone.err(method, 403).startswith(f"API method '{method}' is disabled")
    assert snapshot(srv, proj) == before


def test_lone_delete_string(srv, proj, seeded):
    lone, cat, s1, s2 = seeded
    set_setting(srv, proj, "allow_delete_string", 1)
    fr = lone.lang("fr")
    lone.ok("addTranslation", string_id=s1, translation_language=fr, translation_value="Bonjour")
    internal = iid(lone, s1)
    assert lone.ok("deleteString", string_id=s1) == {"string_id": s1}
    assert srv.sql(f"SELECT COUNT(*) FROM translation WHERE string_id = {internal}") == [("0",)]
    assert [t["string_id"] for t in lone.ok("getTranslations", translation_language=fr)] == [str(s2)]
    assert lone.ok("getCategories")[str(cat)]["strings"] == "1"
    lone.err("deleteString", 404, string_id=s1)
    lone.err("deleteString", 400)


def test_lone_update_translation(srv, proj, seeded):
    lone, cat, s1, s2 = seeded
    set_setting(srv, proj, "allow_update_translation", 1)
    fr = lone.lang("fr")
    before = snapshot(srv, proj)
    assert "addTranslation" in lone.err("updateTranslation", 404, string_id=s1,
                                        translation_language=fr, translation_value="x")
    assert snapshot(srv, proj) == before
    srv.sql(f"INSERT INTO translation (string_id, language_id, text, approved, author_kind, "
            f"created, updated) VALUES ({iid(lone, s1)}, {fr}, 'Bonjuor', 1, 'user', 0, 0)")
    tid = int(srv.sql(f"SELECT id FROM translation WHERE string_id = {iid(lone, s1)}")[0][0])
    assert lone.ok("updateTranslation", string_id=s1, translation_language=fr,
                   translation_value="Bonjour") == tid
    assert srv.sql(f"SELECT text, approved, author_kind FROM translation WHERE id = {tid}") == \
        [("Bonjour", "1", "user")]


def test_lone_disapprove_all_and_delete_suggestions(srv, proj, seeded):
    lone, cat, s1, s2 = seeded
    set_setting(srv, proj, "allow_disapprove_all_translations", 1)
    set_setting(srv, proj, "allow_delete_all_suggestions", 1)
    fr, de, uk = lone.lang("fr"), lone.lang("de"), lone.lang("uk")
    for lang in (fr, de):
        lone.ok("addTranslation", string_id=s1, translation_language=lang, translation_value="A",
                approve="true")
    lone.ok("addTranslation", string_id=s1, translation_language=uk, translation_value="S")
    lone.ok("addTranslation", string_id=s2, translation_language=fr, translation_value="other",
            approve=1)
    assert lone.ok("deleteAllSuggestions", string_id=s1) == {"string_id": s1, "deleted": 1}
    assert lone.ok("disapproveAllTranslations", string_id=s1) == {"string_id": s1, "disapproved": 2}
    assert lone.ok("disapproveAllTranslations", string_id=s1) == {"string_id": s1, "disapproved": 0}
    # other strings untouched
    assert srv.sql(f"SELECT approved FROM translation WHERE string_id = {iid(lone, s2)}") == [("1",)]
    assert lone.ok("deleteAllSuggestions", string_id=s1) == {"string_id": s1, "deleted": 2}
    assert srv.sql(f"SELECT COUNT(*) FROM translation WHERE string_id = {iid(lone, s1)}") == [("0",)]
    lone.err("deleteAllSuggestions", 404, string_id=99999999)
    lone.err("disapproveAllTranslations", 404, string_id=99999999)


# ---------------------------------------------------------------- getTranslations

def test_lone_get_translations_filters(srv, proj, lone):
    web = lone.category("Website")
    header = lone.category("Header", parent_id=web)
    other = lone.category("Other")
    a = lone.string(web, "a", "A")
    b = lone.string(header, "b", "B")
    c = lone.string(other, "c", "C")
    fr = lone.lang("fr")
    lone.ok("addTranslation", string_id=b, translation_language=fr, translation_value="Bé")
    allfr = lone.ok("getTranslations", translation_language=fr)
    assert {t["string_id"]: t["translation"] for t in allfr} == {str(a): "", str(b): "Bé", str(c): ""}
    sub = lone.ok("getTranslations", translation_language=fr, category_id=web)
    assert sorted(t["string_key"] for t in sub) == ["a", "b"]          # descendants included
    assert [t["string_key"] for t in lone.ok("getTranslations", translation_language=fr,
                                            category_id=header)] == ["b"]
    one = lone.ok("getTranslations", translation_language=fr, string_id=b, how="query", http="GET")
    assert one[0]["translation"] == "Bé" and one[0]["category_id"] == str(header)
    assert lone.ok("getTranslations", translation_language=fr, string_id=a, category_id=other) == []
    assert lone.ok("getTranslations", translation_language=fr, format="json") == allfr
    assert lone.ok("getTranslations", translation_language=fr, format="0") == allfr
    lone.err("getTranslations", 400)
    lone.err("getTranslations", 404, translation_language=1)
    lone.err("getTranslations", 404, translation_language=fr, category_id=99999999)
    lone.err("getTranslations", 404, translation_language=fr, string_id=99999999)
    assert "format" in lone.err("getTranslations", 400, translation_language=fr, format="docx")
    lone.err("getTranslations", 400, translation_language=fr, format="9")


def test_lone_get_translations_prefers_approved(srv, proj, seeded):
    lone, cat, s1, s2 = seeded
    fr = lone.lang("fr")
    srv.sql(f"INSERT INTO translation (string_id, language_id, text, approved, created, updated) "
            f"VALUES ({iid(lone, s1)}, {fr}, 'approved one', 1, 0, 0)")
    lone.ok("addTranslation", string_id=s1, translation_language=fr, translation_value="newer")
    assert lone.ok("getTranslations", translation_language=fr, string_id=s1)[0]["translation"] == \
        "approved one"
