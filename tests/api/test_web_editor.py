"""
The translation editor's page, /app/p/{project}/editor/{lang} (docs/editor.md "The page"),
black-box over HTTP as a browser sees it: who may open it for which language (the calls' rule:
a target language of the project, one the member may see), what the frame carries (the filters'
files and labels, the rights its buttons need), and the dashboard's "Translate" links.  The
page in a real browser: tests/web/editor.mjs (test_web_pages.py).  Both backends.
"""
import html
import re

from app_helpers import Browser, signed_in
from lone_helpers import add_label

PO = b'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n' \
     b'msgid "Hello"\nmsgstr ""\n'


def path(proj, lang):
    return f"/app/p/{proj.identifier}/editor/{lang}"


def get(b, p):
    return b.request("GET", p, allow_redirects=False)


def test_a_member_opens_the_editor_of_a_language(srv, proj):
    b, login, _ = signed_in(srv, "translator", proj)
    r = get(b, path(proj, "de"))
    assert r.status_code == 200, r.text[:500]
    assert r.headers["Cache-Control"] == "no-store"
    assert "script-src 'self'" in r.headers["Content-Security-Policy"]
    t = r.text
    assert "<title>Translate into German · tolk</title>" in t
    assert 'data-project="%s"' % proj.identifier in t and 'data-lang="de"' in t
    assert 'data-me="%s"' % login in t
    assert re.search(r'<script type="module" src="/app/static/[0-9a-f]{12}/editor.js">', t)
    # a translator: no approving, no string management
    assert "data-approve" not in t and "data-manage" not in t and 'id="ed-approve"' not in t
    # every input has its label
    for m in re.finditer(r'<(input|select|textarea)\b[^>]*>', t):
        tag = m.group(0)
        if 'type="checkbox"' in tag:
            continue
        ident = re.search(r'\bid="([^"]+)"', tag)
        inside = t.rfind("<label", 0, m.start()) > t.rfind("</label>", 0, m.start())
        assert inside or (ident and f'for="{ident.group(1)}"' in t), tag


def test_language_codes_are_crowdin_codes_any_case(srv):
    p = srv.project(languages=("pt-BR", "ru"))
    b, _, _ = signed_in(srv, "translator", p)
    assert get(b, path(p, "pt-BR")).status_code == 200
    assert get(b, path(p, "ru")).status_code == 200


def test_a_language_limited_translator_gets_403_for_the_others(srv, proj):
    b, _, _ = signed_in(srv, "translator", proj, "fr")
    assert get(b, path(proj, "fr")).status_code == 200
    for lang in ("de", "uk"):
        r = get(b, path(proj, lang))
        assert r.status_code == 403, (lang, r.status_code)
        assert "does not cover" in html.unescape(r.text)
        assert 'id="editor"' not in r.text


def test_a_language_that_is_no_target_is_404(srv, proj):
    b, _, _ = signed_in(srv, "manager", proj)
    for lang in ("ru", "en", "xx", "%3Cb%3E"):
        r = get(b, path(proj, lang))
        assert r.status_code == 404, (lang, r.status_code)
        assert "Page not found" in r.text and 'id="editor"' not in r.text
        assert "<b>" not in r.text


def test_non_members_and_blocked_members(srv, proj):
    stranger, _, _ = signed_in(srv)
    r = get(stranger, path(proj, "fr"))
    assert r.status_code == 404 and 'id="editor"' not in r.text
    blocked, _, _ = signed_in(srv, "blocked", proj)
    assert get(blocked, path(proj, "fr")).status_code == 403
    # an unknown project too
    assert get(stranger, f"/app/p/no-such-project/editor/fr").status_code == 404


def test_no_session_goes_to_sign_in_and_back(srv, proj):
    r = get(Browser(srv), path(proj, "fr"))
    assert r.status_code == 303
    assert r.headers["Location"] == f"/app/sign-in?next={path(proj, 'fr')}"


def test_the_frame_lists_files_and_labels_and_the_rights_of_a_manager(srv, proj):
    b, _, _ = signed_in(srv, "manager", proj)
    d = b.request("POST", f"/api/project/{proj.identifier}/add-directory?json", data={"name": "ui"})
    assert d.status_code == 200, d.text
    for name in ("ui/app.po", "top.po"):
        r = b.request("POST", f"/api/project/{proj.identifier}/add-file?json",
                      files={f"files[{name}]": (name.split("/")[-1], PO)})
        assert r.status_code == 200, r.text
    add_label(srv, proj, "urgent <b>", "checkbox", default="0")
    t = get(b, path(proj, "fr")).text
    files = re.findall(r'<option value="(\d+)">([^<]*)</option>', t)
    assert [name for _, name in files] == ["top.po", "ui/", "ui/app.po"], files
    assert "urgent &lt;b&gt;" in t and "urgent <b>" not in t
    assert 'data-approve="1"' in t and 'data-manage="1"' in t and 'id="ed-approve"' in t
    # the dashboard links each language to its editor
    dash = get(b, f"/app/p/{proj.identifier}").text
    for lang in ("fr", "de", "uk"):
        assert f'href="{path(proj, lang)}"' in dash


def test_dashboard_links_only_the_languages_a_member_sees(srv, proj):
    b, _, _ = signed_in(srv, "translator", proj, "de")
    dash = get(b, f"/app/p/{proj.identifier}").text
    assert f'href="{path(proj, "de")}"' in dash
    assert f'href="{path(proj, "fr")}"' not in dash
