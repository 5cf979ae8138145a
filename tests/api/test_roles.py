"""
Members and roles (docs/roles.md): one permission table for both APIs.

A v1 call with login + account-key, and a localization.one call that names an
account beside the token, act as that member: its role's rights, in its
languages, and what it changes is recorded as its work.  The project key and
the API token act as the project (an owner).  `tolk project member ...` is the
operator's way to manage members.
"""
import pytest

from conftest import assert_v1_error, unique
from lone_helpers import Lone, snapshot

PO = b'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n' \
     b'msgid "Hello"\nmsgstr ""\n\nmsgid "Bye"\nmsgstr ""\n'
PO_FR = PO.replace(b'msgid "Hello"\nmsgstr ""', b'msgid "Hello"\nmsgstr "Bonjour"')
PO_DE = PO.replace(b'msgid "Hello"\nmsgstr ""', b'msgid "Hello"\nmsgstr "Hallo"')


def member(srv, project, role, languages=None):
    a = srv.account()
    args = ["project", "member", "add", "--identifier", project.identifier, "--login", a.login,
            "--role", role]
    if languages is not None:
        args += ["--languages", languages]
    srv.cli(*args)
    return a


def v1(srv, project, action, auth, params=None, files=None, fmt="json"):
    items = params.items() if isinstance(params, dict) else params or []
    pairs = list(auth.items()) + list(items)
    return srv.v1(f"/api/project/{project.identifier}/{action}", pairs, fmt=fmt, files=files)


def upload(srv, project, auth, language, body, **params):
    return v1(srv, project, "upload-translation", auth, dict(language=language, **params),
              files=[("files[app.po]", ("app.po", body))])


def as_member(a):
    return {"login": a.login, "account-key": a.key}


@pytest.fixture
def site(srv):
    """A project with app.po (Hello, Bye) and a localization.one string."""
    p = srv.project()
    r = v1(srv, p, "add-file", p.auth(), files=[("files[app.po]", ("app.po", PO))])
    assert r.status_code == 200, r.text
    lone = Lone(srv, p)
    cat = lone.category("Web")
    sid = lone.string(cat, "greeting", "Good morning")
    return p, lone, sid


def translations(srv, project, lang_code):
    pid = srv.project_id(project.identifier)
    return srv.sql(
        "SELECT t.text, t.approved, COALESCE(a.login, '') FROM translation t "
        "JOIN string s ON s.id = t.string_id LEFT JOIN account a ON a.id = t.author_id "
        f"WHERE s.project_id = {pid} AND t.language_id = {lang_id(srv, project, lang_code)} "
        "ORDER BY t.id")


def lang_id(srv, project, code):
    return int(Lone(srv, project).lang(code))


def events(srv, project, kind_prefix):
    pid = srv.project_id(project.identifier)
    return srv.sql("SELECT e.kind, COALESCE(a.login, '') FROM event e LEFT JOIN account a "
                   f"ON a.id = e.account_id WHERE e.project_id = {pid} AND e.kind LIKE "
                   f"'{kind_prefix}%' ORDER BY e.id")


# ------------------------------------------------------------------ translators

def test_translator_uploads_in_its_languages_only(srv, site):
    p, lone, _ = site
    t = member(srv, p, "translator", "fr")
    r = upload(srv, p, as_member(t), "fr", PO_FR)
    assert r.status_code == 200, r.text
    assert ("Bonjour", "0", t.login) in translations(srv, p, "fr")
    before = snapshot(srv, p)
    for fmt in ("xml", "json"):
        r = v1(srv, p, "upload-translation", as_member(t), dict(language="de"),
               files=[("files[app.po]", ("app.po", PO_DE))], fmt=fmt)
        assert assert_v1_error(r, 41, 403) == "This action is forbidden for you"
    assert "German" in r.details()
    assert snapshot(srv, p) == before


def test_translator_may_not_auto_approve(srv, site):
    p, _, _ = site
    t = member(srv, p, "translator", "fr")
    before = snapshot(srv, p)
    assert_v1_error(upload(srv, p, as_member(t), "fr", PO_FR, auto_approve_imported=1), 41, 403)
    assert snapshot(srv, p) == before


def test_translator_adds_lone_translations_in_its_languages_only(srv, site):
    p, lone, sid = site
    t = member(srv, p, "translator", "fr,uk")
    auth = as_member(t)
    fr, de = lone.lang("fr"), lone.lang("de")
    tid = lone.ok("addTranslation", string_id=sid, translation_language=fr,
                  translation_value="Bonjour", **auth)
    assert isinstance(tid, int)
    before = snapshot(srv, p)
    d = lone.err("addTranslation", 403, string_id=sid, translation_language=de,
                 translation_value="Guten Morgen", **auth)
    assert "translator" in d and "German" in d
    d = lone.err("addTranslation", 403, string_id=sid, translation_language=fr,
                 translation_value="Bonjour !", approve=1, **auth)
    assert "approve" in d
    assert snapshot(srv, p) == before


def test_translator_cannot_change_settings_or_delete_files(srv, site):
    p, lone, sid = site
    t = member(srv, p, "translator")
    before = snapshot(srv, p), srv.project_row(p.identifier)
    assert_v1_error(v1(srv, p, "edit-project", as_member(t), {"name": "Mine"}), 41, 403)
    assert_v1_error(v1(srv, p, "delete-file", as_member(t), {"file": "app.po"}), 41, 403)
    assert_v1_error(v1(srv, p, "add-directory", as_member(t), {"name": "x"}), 41, 403)
    assert_v1_error(v1(srv, p, "pre-translate", as_member(t),
                       {"languages[]": "fr", "files[]": "app.po"}), 41, 403)
    lone.err("createCategory", 403, name="Mine", **as_member(t))
    srv.cli("project", "set", "--identifier", p.identifier, "--setting", "allow_delete_string",
            "--value", "1")
    before = snapshot(srv, p), srv.project_row(p.identifier)
    lone.err("deleteString", 403, string_id=sid, **as_member(t))
    assert (snapshot(srv, p), srv.project_row(p.identifier)) == before


def test_translator_reads_and_exports(srv, site):
    p, lone, _ = site
    t = member(srv, p, "translator", "fr")
    for action in ("status", "export"):
        r = v1(srv, p, action, as_member(t))
        assert r.status_code == 200, r.text
    assert lone.ok("getLanguages", **as_member(t))
    r = lone.call("getTranslations", dict(translation_language=lone.lang("fr"),
                                          **as_member(t)))
    assert r.status_code == 200, r.text


def test_info_shows_what_a_member_may_do_per_language(srv, site):
    p, _, _ = site
    t = member(srv, p, "translator", "fr")
    pr = member(srv, p, "proofreader", "de")
    langs = {l["code"]: l for l in v1(srv, p, "info", as_member(t)).data["languages"]}
    assert {c: (l["can_translate"], l["can_approve"]) for c, l in langs.items()} == \
        {"fr": (1, 0), "de": (0, 0), "uk": (0, 0)}
    langs = {l["code"]: l for l in v1(srv, p, "info", as_member(pr)).data["languages"]}
    assert {c: (l["can_translate"], l["can_approve"]) for c, l in langs.items()} == \
        {"fr": (0, 0), "de": (1, 1), "uk": (0, 0)}
    # the project key still sees everything (a cached info must not leak the member's view)
    langs = v1(srv, p, "info", p.auth()).data["languages"]
    assert all((l["can_translate"], l["can_approve"]) == (1, 1) for l in langs)


# ------------------------------------------------------------------ proofreaders

def test_proofreader_approves_in_its_languages_only(srv, site):
    p, lone, sid = site
    pr = member(srv, p, "proofreader", "fr")
    r = upload(srv, p, as_member(pr), "fr", PO_FR, auto_approve_imported=1)
    assert r.status_code == 200, r.text
    assert ("Bonjour", "1", pr.login) in translations(srv, p, "fr")
    lone.ok("addTranslation", string_id=sid, translation_language=lone.lang("fr"),
            translation_value="Bonjour", approve=1, **as_member(pr))
    pid = srv.project_id(p.identifier)
    assert srv.sql("SELECT a.login FROM translation t JOIN string s ON s.id = t.string_id "
                   "JOIN account a ON a.id = t.approver_id WHERE s.project_id = "
                   f"{pid} AND s.public_id = {sid}") == [(pr.login,)]
    before = snapshot(srv, p)
    assert_v1_error(upload(srv, p, as_member(pr), "de", PO_DE, auto_approve_imported=1), 41, 403)
    lone.err("addTranslation", 403, string_id=sid, translation_language=lone.lang("de"),
             translation_value="Hallo", approve=1, **as_member(pr))
    # a mass operation touches every language: beyond a member held to some
    srv.cli("project", "set", "--identifier", p.identifier, "--setting",
            "allow_disapprove_all_translations", "--value", "1")
    before = snapshot(srv, p)
    lone.err("disapproveAllTranslations", 403, string_id=sid, **as_member(pr))
    assert snapshot(srv, p) == before


def test_proofreader_without_languages_approves_everywhere(srv, site):
    p, lone, sid = site
    pr = member(srv, p, "proofreader")
    assert upload(srv, p, as_member(pr), "de", PO_DE, auto_approve_imported=1).status_code == 200
    srv.cli("project", "set", "--identifier", p.identifier, "--setting",
            "allow_disapprove_all_translations", "--value", "1")
    lone.ok("disapproveAllTranslations", string_id=sid, **as_member(pr))


# ------------------------------------------------------------------ managers

def test_manager_edits_settings_and_works_in_every_language(srv, site):
    p, lone, sid = site
    m = member(srv, p, "manager")
    r = v1(srv, p, "edit-project", as_member(m), {"name": "By manager"})
    assert r.status_code == 200, r.text
    assert srv.info_data(p)["details"]["name"] == "By manager"
    assert upload(srv, p, as_member(m), "de", PO_DE, auto_approve_imported=1).status_code == 200
    r = v1(srv, p, "add-file", as_member(m), files=[("files[b.po]", ("b.po", PO))])
    assert r.status_code == 200, r.text
    lone.ok("createCategory", name="Manager's", **as_member(m))
    # deleting the project stays the owner's
    assert_v1_error(v1(srv, p, "delete-project", as_member(m)), 41, 403)


def test_manager_languages_are_refused(srv, site):
    p, _, _ = site
    a = srv.account()
    r = srv.cli("project", "member", "add", "--identifier", p.identifier, "--login", a.login,
                "--role", "manager", "--languages", "fr", check=False)
    assert r.returncode == 2 and "translators and proofreaders" in r.stderr


# ------------------------------------------------------------------ blocked, strangers

def test_blocked_member_may_do_nothing(srv, site):
    p, lone, sid = site
    b = member(srv, p, "translator", "fr")
    srv.cli("project", "member", "set", "--identifier", p.identifier, "--login", b.login,
            "--role", "blocked")
    before = snapshot(srv, p)
    auth = as_member(b)
    for action in ("info", "status", "export", "no-such-action"):
        for fmt in ("json", "xml"):
            assert_v1_error(v1(srv, p, action, auth, fmt=fmt), 41, 403)
    assert_v1_error(upload(srv, p, auth, "fr", PO_FR), 41, 403)
    assert_v1_error(v1(srv, p, "edit-project", auth, {"name": "x"}), 41, 403)
    assert_v1_error(v1(srv, p, f"download/all.zip", auth), 41, 403)
    for method, params in (("getLanguages", {}), ("getCategories", {}),
                           ("getTranslations", {"translation_language": lone.lang("fr")}),
                           ("addTranslation", {"string_id": sid, "translation_language":
                                               lone.lang("fr"), "translation_value": "x"}),
                           ("createCategory", {"name": "x"})):
        d = lone.err(method, 403, **params, **auth)
        assert "blocked" in d
    assert snapshot(srv, p) == before
    # unblocked, the account works again
    srv.cli("project", "member", "set", "--identifier", p.identifier, "--login", b.login,
            "--role", "translator")
    assert v1(srv, p, "info", auth).status_code == 200


def test_non_member_is_refused(srv, site):
    p, lone, sid = site
    stranger = srv.account()
    before = snapshot(srv, p)
    # as a wrong key: the project's existence is not revealed
    assert_v1_error(v1(srv, p, "info", as_member(stranger)), 1, 404)
    assert_v1_error(upload(srv, p, as_member(stranger), "fr", PO_FR), 1, 404)
    d = lone.err("addTranslation", 403, string_id=sid, translation_language=lone.lang("fr"),
                 translation_value="x", **as_member(stranger))
    assert "not a member" in d
    assert snapshot(srv, p) == before


def test_lone_account_credentials_are_checked(srv, site):
    p, lone, _ = site
    t = member(srv, p, "translator")
    lone.err("getLanguages", 401, login=t.login)
    lone.err("getLanguages", 401, **{"account-key": t.key})
    lone.err("getLanguages", 401, login=t.login, **{"account-key": "0" * 32})
    lone.err("getLanguages", 401, login=unique("ghost"), **{"account-key": t.key})
    # empty values are absent: the token alone
    assert lone.ok("getLanguages", login="", **{"account-key": ""})


# ------------------------------------------------------------------ the project's own credentials

def test_project_key_and_token_act_as_the_project(srv, site):
    p, lone, sid = site
    assert upload(srv, p, p.auth(), "de", PO_DE, auto_approve_imported=1).status_code == 200
    assert ("Hallo", "1", "") in translations(srv, p, "de")
    assert v1(srv, p, "edit-project", p.auth(), {"name": "By key"}).status_code == 200
    assert v1(srv, p, "delete-file", p.auth(), {"file": "app.po"}).status_code == 200
    tid = lone.ok("addTranslation", string_id=sid, translation_language=lone.lang("uk"),
                  translation_value="Добрий ранок", approve=1)
    assert isinstance(tid, int)
    assert events(srv, p, "translation.added")[-1] == ("translation.added", "")


def test_owner_account_acts_as_owner(srv, site):
    p, lone, sid = site
    auth = as_member(p.owner)
    assert upload(srv, p, auth, "uk", PO_FR, auto_approve_imported=1).status_code == 200
    lone.ok("addTranslation", string_id=sid, translation_language=lone.lang("uk"),
            translation_value="Добрий ранок", approve=1, **auth)
    assert events(srv, p, "translation.added")[-1] == ("translation.added", p.owner.login)


# ------------------------------------------------------------------ contributions

def test_events_and_translations_record_the_member(srv, site):
    p, lone, sid = site
    t = member(srv, p, "translator", "fr")
    assert upload(srv, p, as_member(t), "fr", PO_FR).status_code == 200
    lone.ok("addTranslation", string_id=sid, translation_language=lone.lang("fr"),
            translation_value="Bonjour", **as_member(t))
    evs = events(srv, p, "translation.")
    assert evs and all(who == t.login for _, who in evs), evs
    assert {who for _, _, who in translations(srv, p, "fr")} == {t.login}
    # the token and another member write suggestions of their own: the member's stays its
    lone.ok("addTranslation", string_id=sid, translation_language=lone.lang("fr"),
            translation_value="Salut")
    t2 = member(srv, p, "translator", "fr")
    lone.ok("addTranslation", string_id=sid, translation_language=lone.lang("fr"),
            translation_value="Coucou", **as_member(t2))
    lone.ok("addTranslation", string_id=sid, translation_language=lone.lang("fr"),
            translation_value="Bonjour !", **as_member(t))
    got = translations(srv, p, "fr")
    assert [x for x in got if x[0] in ("Bonjour !", "Salut", "Coucou", "Good morning")] == [
        ("Bonjour !", "0", t.login), ("Salut", "0", ""), ("Coucou", "0", t2.login)]
    assert events(srv, p, "translation.")[-3:] == [
        ("translation.added", ""), ("translation.added", t2.login),
        ("translation.updated", t.login)]


# ------------------------------------------------------------------ tolk project member

def cli_members(srv, project):
    out = srv.cli("project", "member", "list", "--identifier", project.identifier).stdout
    return [tuple(l.split()) for l in out.splitlines()[1:]]


def test_cli_add_list_set_remove(srv, proj):
    a, b = srv.account(), srv.account()
    srv.cli("project", "member", "add", "--identifier", proj.identifier, "--login", a.login)
    srv.cli("project", "member", "add", "--identifier", proj.identifier, "--login", b.login,
            "--role", "proofreader", "--languages", "de,fr,de")
    assert sorted(cli_members(srv, proj)) == sorted([
        (proj.owner.login, "owner", "all"), (a.login, "translator", "all"),
        (b.login, "proofreader", "de,fr")])
    srv.cli("project", "member", "set", "--identifier", proj.identifier, "--login", a.login,
            "--languages", "uk")
    srv.cli("project", "member", "set", "--identifier", proj.identifier, "--login", b.login,
            "--role", "manager")
    srv.cli("project", "member", "set", "--identifier", proj.identifier, "--login", b.login,
            "--role", "owner")
    assert (a.login, "translator", "uk") in cli_members(srv, proj)
    assert (b.login, "owner", "all") in cli_members(srv, proj)
    # with another owner, the first may step down and leave
    srv.cli("project", "member", "set", "--identifier", proj.identifier, "--login",
            proj.owner.login, "--role", "manager")
    srv.cli("project", "member", "remove", "--identifier", proj.identifier, "--login",
            proj.owner.login)
    srv.cli("project", "member", "remove", "--identifier", proj.identifier, "--login", a.login)
    assert cli_members(srv, proj) == [(b.login, "owner", "all")]
    kinds = [k for k, _ in events(srv, proj, "member.")]
    assert kinds == ["member.added"] * 2 + ["member.changed"] * 4 + ["member.removed"] * 2
    pid = srv.project_id(proj.identifier)
    detail = srv.sql(f"SELECT detail FROM event WHERE project_id = {pid} AND kind = "
                     "'member.changed' ORDER BY id")[1][0]
    assert '"role":"manager"' in detail and '"previous_role":"proofreader"' in detail


def test_cli_last_owner_stays(srv, proj):
    before = cli_members(srv, proj)
    for args in (("set", "--role", "manager"), ("set", "--role", "blocked"), ("remove",)):
        r = srv.cli("project", "member", args[0], "--identifier", proj.identifier, "--login",
                    proj.owner.login, *args[1:], check=False)
        assert r.returncode == 1 and "no other owner" in r.stderr, r.stderr
    assert cli_members(srv, proj) == before
    assert events(srv, proj, "member.") == []


@pytest.mark.parametrize("case", ["unknown-login", "bad-role", "unknown-language",
                                  "not-a-project-language", "empty-language", "already-member",
                                  "set-non-member", "remove-non-member", "set-nothing",
                                  "no-login", "unknown-project"])
def test_cli_bad_input_changes_nothing(srv, proj, case):
    t, other = srv.account(), srv.account()
    srv.cli("project", "member", "add", "--identifier", proj.identifier, "--login", t.login,
            "--languages", "fr")
    before = cli_members(srv, proj), events(srv, proj, "member.")
    ident = ["--identifier", proj.identifier]
    args, want = {
        "unknown-login": (["add", *ident, "--login", unique("ghost")], "no account"),
        "bad-role": (["set", *ident, "--login", t.login, "--role", "boss"], "unknown role"),
        "unknown-language": (["set", *ident, "--login", t.login, "--languages", "fr,xx"],
                             "unknown language 'xx'"),
        "not-a-project-language": (["add", *ident, "--login", other.login, "--languages",
                                    "es-ES"], "not one of the project's languages"),
        "empty-language": (["set", *ident, "--login", t.login, "--languages", "fr,,de"],
                           "empty language"),
        "already-member": (["add", *ident, "--login", t.login, "--role", "manager"],
                           "already a member"),
        "set-non-member": (["set", *ident, "--login", other.login, "--role", "manager"],
                           "not a member"),
        "remove-non-member": (["remove", *ident, "--login", other.login], "not a member"),
        "set-nothing": (["set", *ident, "--login", t.login], "--role or --languages"),
        "no-login": (["add", *ident, "--role", "manager"], "login is required"),
        "unknown-project": (["add", "--identifier", unique("nope"), "--login", t.login],
                            "no project"),
    }[case]
    r = srv.cli("project", "member", *args, check=False)
    assert r.returncode != 0 and want in r.stderr, (r.returncode, r.stderr)
    assert (cli_members(srv, proj), events(srv, proj, "member.")) == before


# ------------------------------------------------------------------ member calls (tolk calls)

def members_of(srv, project, auth):
    r = v1(srv, project, "members", auth)
    assert r.status_code == 200, r.text
    return {m["login"]: (m["role"], m["languages"]) for m in r.data["members"]}


def test_manager_manages_members(srv, site):
    p, lone, _ = site
    m = member(srv, p, "manager")
    a = srv.account()
    r = v1(srv, p, "add-member", as_member(m), [("member", a.login), ("role", "translator"),
                                               ("languages[]", "fr"), ("languages[]", "uk")])
    assert r.status_code == 200, r.text
    assert r.data == {"success": True, "member": {"login": a.login, "role": "translator",
                                                  "languages": ["fr", "uk"]}}
    r = v1(srv, p, "edit-member", as_member(m), {"member": a.login, "role": "proofreader"})
    assert r.data["member"] == {"login": a.login, "role": "proofreader", "languages": ["fr", "uk"]}
    # the new member works at once, with its rights
    lone.ok("addTranslation", string_id=site[2], translation_language=lone.lang("uk"),
            translation_value="Добрий ранок", approve=1, **as_member(a))
    r = v1(srv, p, "edit-member", as_member(m), [("member", a.login), ("languages[]", "")])
    assert r.data["member"]["languages"] == []
    assert members_of(srv, p, as_member(m))[a.login] == ("proofreader", [])
    r = v1(srv, p, "members", as_member(m), fmt="xml")
    assert r.status_code == 200 and r.xml.tag == "success"
    assert {x.findtext("login") for x in r.xml.find("members")} == {p.owner.login, m.login, a.login}
    r = v1(srv, p, "remove-member", as_member(m), {"member": a.login})
    assert r.status_code == 200 and r.data == {"success": True}
    assert a.login not in members_of(srv, p, p.auth())
    # recorded as the manager's doing
    assert events(srv, p, "member.")[-3:] == [
        ("member.changed", m.login), ("member.changed", m.login), ("member.removed", m.login)]
    assert_v1_error(v1(srv, p, "info", as_member(a)), 1, 404)


def test_only_owners_touch_owners(srv, site):
    p, _, _ = site
    m, t = member(srv, p, "manager"), member(srv, p, "translator")
    pid = srv.project_id(p.identifier)
    before = srv.sql(f"SELECT account_id, role, languages FROM member WHERE project_id = {pid} "
                     "ORDER BY account_id")
    for action, params in (("edit-member", {"member": t.login, "role": "owner"}),
                           ("edit-member", {"member": p.owner.login, "role": "blocked"}),
                           ("remove-member", {"member": p.owner.login})):
        r = v1(srv, p, action, as_member(m), params)
        assert_v1_error(r, 41, 403)
        assert "owner" in r.details()
    assert srv.sql(f"SELECT account_id, role, languages FROM member WHERE project_id = {pid} "
                   "ORDER BY account_id") == before
    # the owner (or the project key) may
    r = v1(srv, p, "edit-member", as_member(p.owner), {"member": t.login, "role": "owner"})
    assert r.status_code == 200, r.text
    r = v1(srv, p, "edit-member", p.auth(), {"member": t.login, "role": "manager"})
    assert r.status_code == 200, r.text


def test_member_calls_refuse_bad_input(srv, site):
    p, _, _ = site
    t, stranger = member(srv, p, "translator", "fr"), srv.account()
    pid = srv.project_id(p.identifier)
    q = f"SELECT account_id, role, languages FROM member WHERE project_id = {pid} ORDER BY 1"
    before = srv.sql(q), events(srv, p, "member.")
    cases = [
        ("add-member", {"role": "translator"}, 37),
        ("add-member", {"member": unique("ghost")}, 20),
        ("add-member", {"member": t.login}, 19),
        ("add-member", {"member": stranger.login, "role": "boss"}, 27),
        ("add-member", [("member", stranger.login), ("languages[]", "xx")], 27),
        ("add-member", [("member", stranger.login), ("languages", "fr")], 24),
        ("edit-member", {"member": stranger.login, "role": "manager"}, 20),
        ("edit-member", {"member": t.login}, 27),
        ("edit-member", [("member", t.login), ("languages[]", "es-ES")], 27),
        ("remove-member", {"member": p.owner.login}, 49),
        ("remove-member", {"member": stranger.login}, 20),
    ]
    for action, params, code in cases:
        assert_v1_error(v1(srv, p, action, p.auth(), params), code)
    assert (srv.sql(q), events(srv, p, "member.")) == before


@pytest.mark.parametrize("role", ["translator", "proofreader", "blocked"])
def test_members_calls_need_manage_members(srv, site, role):
    p, _, _ = site
    x, a = member(srv, p, role), srv.account()
    assert_v1_error(v1(srv, p, "members", as_member(x)), 41, 403)
    assert_v1_error(v1(srv, p, "add-member", as_member(x), {"member": a.login}), 41, 403)
    assert_v1_error(v1(srv, p, "edit-member", as_member(x),
                       {"member": x.login, "role": "manager"}), 41, 403)
    assert a.login not in members_of(srv, p, p.auth())
    assert members_of(srv, p, p.auth())[x.login][0] == role


# ------------------------------------------------------------------ migration 13

OLD_ROLES = "('owner','manager','proofreader','translator')"


def test_migration_13_lets_a_database_of_before_block_members(new_server):
    """A database made before migration 13 (its member table's CHECK without 'blocked')
    keeps its members and may block them once migrated (SQLite rebuilds the table)."""
    s = new_server(start=False)
    s.cli("migrate")
    p = s.project()
    t = s.account()
    s.cli("project", "member", "add", "--identifier", p.identifier, "--login", t.login,
          "--languages", "fr,de")
    if s.backend == "sqlite":
        s.sql("CREATE TABLE m_old (project_id BIGINT NOT NULL REFERENCES project(id) ON DELETE "
              "CASCADE, account_id BIGINT NOT NULL REFERENCES account(id) ON DELETE CASCADE, "
              f"role TEXT NOT NULL CHECK (role IN {OLD_ROLES}), languages TEXT NOT NULL "
              "DEFAULT '', joined BIGINT NOT NULL, PRIMARY KEY (project_id, account_id))")
        s.sql("INSERT INTO m_old SELECT * FROM member")
        s.sql("DROP TABLE member")
        s.sql("ALTER TABLE m_old RENAME TO member")
    else:
        s.sql("ALTER TABLE member DROP CONSTRAINT member_role_check")
        s.sql(f"ALTER TABLE member ADD CONSTRAINT member_role_check CHECK (role IN {OLD_ROLES})")
    s.sql("DELETE FROM schema_migration WHERE version = 13")
    check = ("SELECT sql FROM sqlite_master WHERE name = 'member'" if s.backend == "sqlite" else
             "SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conname = "
             "'member_role_check'")
    assert "blocked" not in s.sql(check)[0][0]
    rows = "SELECT project_id, account_id, role, languages, joined FROM member ORDER BY 1, 2"
    before = s.sql(rows)
    s.cli("migrate")    # (any command would: each migrates first)
    assert "blocked" in s.sql(check)[0][0]
    assert s.sql(rows) == before
    assert s.sql("SELECT COUNT(*) FROM schema_migration WHERE version = 13") == [("1",)]
    s.cli("project", "member", "set", "--identifier", p.identifier, "--login", t.login,
          "--role", "blocked")
    assert (t.login, "blocked", "all") in cli_members(s, p)
    if s.backend == "sqlite":
        assert s.sql("PRAGMA foreign_key_check") == []
        assert s.sql("PRAGMA integrity_check") == [("ok",)]
