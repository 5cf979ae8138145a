"""
A project's dashboard (/app/p/{project}) and "Create a project" (/app/new), black-box over HTTP
as a browser sees them (docs/web.md): the languages a member may see with their progress, the
file tree with per-file progress, the upload and download controls the role allows; non-members
404, blocked members 403, no session to the sign-in page; a project made through the session
path of v1 create-project.  Both backends.
"""
import html
import re

from app_helpers import Browser, signed_in

PO = b'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n' \
     b'msgid "Hello"\nmsgstr ""\n\nmsgid "Good bye now"\nmsgstr ""\n'
PO_FR = PO.replace(b'msgid "Hello"\nmsgstr ""', b'msgid "Hello"\nmsgstr "Bonjour"')


def v1(b, project, action, **kw):
    r = b.request("POST", f"/api/project/{project.identifier}/{action}?json", **kw)
    assert r.status_code == 200 and r.json().get("success") is not False, r.text
    return r.json()


def with_files(srv, proj):
    """A manager's browser, with locale/app.po (fr: 1 of 2 translated) and top.po."""
    b, _, _ = signed_in(srv, "manager", proj)
    v1(b, proj, "add-directory", data={"name": "locale"})
    v1(b, proj, "add-file", files={"files[locale/app.po]": ("app.po", PO)})
    v1(b, proj, "add-file", files={"files[top.po]": ("top.po", PO)})
    v1(b, proj, "upload-translation", data={"language": "fr"},
       files={"files[locale/app.po]": ("app.po", PO_FR)})
    return b


def page(b, path):
    r = b.request("GET", path, allow_redirects=False)
    return r, r.text


def languages_shown(text):
    return re.findall(r'<p class="lang-name"><strong>[^<]*</strong> <code>([^<]*)</code>', text)


def test_manager_sees_every_language_the_tree_and_the_controls(srv, proj):
    b = with_files(srv, proj)
    r, text = page(b, f"/app/p/{proj.identifier}")
    assert r.status_code == 200, text[:500]
    assert r.headers["Cache-Control"] == "no-store"
    assert "script-src 'self'" in r.headers["Content-Security-Policy"]
    assert languages_shown(text) == ["fr", "de", "uk"]
    # fr: 1 of the project's 4 phrases translated (25%), nothing approved; words 1 of 8
    fr = text[text.index("<code>fr</code>"):text.index("<code>de</code>")]
    assert 'value="25"' in fr and "1 / 4 phrases" in fr and "1 / 8 words" in fr, fr
    assert "Approved 0%" in fr
    # the tree: the directory (collapsible) holds app.po; per-file progress in fr (the first)
    tree = text[text.index('id="tree"'):text.index("</section>", text.index('id="tree"'))]
    assert "<details" in tree and "locale/</span>" in tree
    assert tree.index("app.po") < tree.index("</details>") < tree.index("top.po")
    assert 'aria-label="app.po: translated">50%' in tree
    assert 'aria-label="top.po: translated">0%' in tree
    assert "export-file?file=locale/app.po&amp;language=fr" in tree
    # uploads of sources and translations, with approval (the manager may approve)
    assert 'id="upload-source"' in text and 'id="upload-translation"' in text
    assert 'name="auto_approve_imported"' in text
    assert 'data-export="all"' in text and 'data-export="uk"' in text
    # another language for the tree: ?lang=de
    _, text = page(b, f"/app/p/{proj.identifier}?lang=de")
    assert '<option value="de" selected>' in text
    assert 'aria-label="app.po: translated">0%' in text
    assert "language=de" in text and "language=fr" not in text


def test_translator_sees_only_their_languages(srv, proj):
    with_files(srv, proj)
    b, _, _ = signed_in(srv, "translator", proj, "fr")
    r, text = page(b, f"/app/p/{proj.identifier}")
    assert r.status_code == 200, text[:500]
    assert languages_shown(text) == ["fr"]
    assert "German" not in text and "Ukrainian" not in text and "<code>de</code>" not in text
    # asking for another language's tree gives theirs
    _, text2 = page(b, f"/app/p/{proj.identifier}?lang=de")
    assert "language=de" not in text2 and "language=fr" in text2
    # translations yes (no approving), sources no
    assert 'id="upload-translation"' in text and 'id="upload-source"' not in text
    assert 'name="auto_approve_imported"' not in text
    assert "Settings</a>" not in text


def test_proofreader_sees_their_two_languages_and_may_approve(srv, proj):
    with_files(srv, proj)
    b, _, _ = signed_in(srv, "proofreader", proj, "fr,uk")
    _, text = page(b, f"/app/p/{proj.identifier}")
    assert languages_shown(text) == ["fr", "uk"]
    assert 'name="auto_approve_imported"' in text and 'id="upload-source"' not in text


def test_names_are_escaped(srv):
    b, login, _ = signed_in(srv)
    r = b.request("POST", "/api/account/create-project?json",
                  data={"name": "<b>bold</b> & co", "identifier": "esc-" + login[-8:].lower(),
                        "source_language": "en", "languages[]": ["fr"], "join_policy": "open"})
    assert r.json().get("success") is not False, r.text
    ident = "esc-" + login[-8:].lower()
    _, text = page(b, f"/app/p/{ident}")
    assert "<b>bold</b>" not in text and "&lt;b&gt;bold&lt;/b&gt; &amp; co" in text


def test_not_a_member_blocked_and_no_session(srv, proj):
    b, _, _ = signed_in(srv)
    r, text = page(b, f"/app/p/{proj.identifier}")
    assert r.status_code == 404 and "Page not found" in text
    r2, text2 = page(b, "/app/p/no-such-project-x")
    assert r2.status_code == 404
    assert text.replace(proj.identifier, "X") == text2.replace("no-such-project-x", "X")
    blocked, _, _ = signed_in(srv, "blocked", proj)
    r, _ = page(blocked, f"/app/p/{proj.identifier}")
    assert r.status_code == 403
    for path in (f"/app/p/{proj.identifier}", "/app/new"):
        r, _ = page(Browser(srv), path)
        assert r.status_code == 303 and r.headers["Location"] == f"/app/sign-in?next={path}", path


def test_new_project_page_and_create_through_the_session(srv):
    b, login, _ = signed_in(srv)
    r, text = page(b, "/app/new")
    assert r.status_code == 200
    assert '<option value="en" selected>' in text
    assert 'name="languages[]" value="fr"' in text and 'name="join_policy" value="open"' in text
    assert 'id="lang-filter"' in text
    # the projects list links it
    _, home = page(b, "/app/")
    assert 'href="/app/new"' in home
    ident = "made-" + login[-8:].lower()
    form = {"name": "Made here", "identifier": ident, "source_language": "en",
            "languages[]": ["fr", "uk"], "join_policy": "private"}
    # without the CSRF token: refused, nothing made
    r = b.request("POST", "/api/account/create-project?json", data=form, csrf=False)
    assert r.json()["error"]["code"] == 41, r.text
    assert srv.sql(f"SELECT identifier FROM project WHERE identifier = '{ident}'") == []
    # the v1 rules and messages: a missing field
    r = b.request("POST", "/api/account/create-project?json", data={**form, "name": ""})
    assert r.json()["success"] is False and r.json()["error"]["code"] == 27, r.text
    r = b.request("POST", "/api/account/create-project?json", data=form)
    assert r.status_code == 200 and r.json().get("success") is not False, r.text
    r, text = page(b, f"/app/p/{ident}")
    assert r.status_code == 200 and "Made here" in html.unescape(text)
    assert languages_shown(text) == ["fr", "uk"]
    assert '<span class="role">owner</span>' in text
    # the same identifier again: the v1 error
    r = b.request("POST", "/api/account/create-project?json", data=form)
    assert r.json()["success"] is False and r.json()["error"]["message"], r.text


def test_a_project_with_no_files(srv, proj):
    b, _, _ = signed_in(srv, "owner", proj)
    r, text = page(b, f"/app/p/{proj.identifier}")
    assert r.status_code == 200
    assert "No files yet." in text and 'id="upload-source"' in text
    assert 'id="upload-translation"' not in text     # nothing to translate yet


def test_download_link_of_an_odd_file_name_works(srv, proj):
    b, _, _ = signed_in(srv, "manager", proj)
    v1(b, proj, "add-file", files={"files[a b&c#.po]": ("x.po", PO)})
    _, text = page(b, f"/app/p/{proj.identifier}")
    m = re.search(r'href="(/api/project/[^"]*/export-file\?[^"]*)"', text)
    assert m and "file=a%20b%26c%23.po&amp;language=fr" in m.group(1), text[-3000:]
    r = b.request("GET", html.unescape(m.group(1)))
    assert r.status_code == 200 and b'msgid "Hello"' in r.content, r.text[:300]
