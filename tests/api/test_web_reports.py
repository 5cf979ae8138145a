"""
The reports page (/app/p/{project}/reports, docs/web.md, docs/reports.md), black-box over HTTP
as a browser sees it: the fields of seed 004's parameters with the currencies and languages the
server accepts, the Reports tab for the roles that may build reports; translators and
proofreaders 403, non-members 404, no session to the sign-in page.  And the v1 calls the page
makes with the session: export (CSRF-checked) and download.  Both backends.
"""
import html
import re

from app_helpers import Browser, signed_in

# seed 004's currencies, in its order (one 'kr'): what the page must offer
CURRENCIES = ["$", "€", "¥", "£", "A$", "C$", "Fr", "CN¥", "kr", "NZ$", "MX$", "S$", "HK$", "₩",
              "₺", "₽", "₹", "R$", "R"]
PO = b'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n' \
     b'msgid "Hello"\nmsgstr ""\n\nmsgid "Good bye now"\nmsgstr ""\n'
PO_FR = PO.replace(b'msgid "Hello"\nmsgstr ""', b'msgid "Hello"\nmsgstr "Bonjour"')


def page(b, path):
    r = b.request("GET", path, allow_redirects=False)
    return r, r.text


def options(text, name):
    """The values of the first <select name=name>'s options."""
    m = re.search(rf'<select name="{re.escape(name)}"[^>]*>(.*?)</select>', text, re.S)
    assert m, name
    return [html.unescape(v) for v in re.findall(r'<option value="([^"]*)"', m.group(1))]


def radios(text, name):
    return re.findall(rf'<input type="radio" name="{name}" value="([^"]*)"', text)


def test_the_page_has_every_parameter_as_a_field(srv, proj):
    b, _, _ = signed_in(srv, "manager", proj)
    r, text = page(b, f"/app/p/{proj.identifier}/reports")
    assert r.status_code == 200, text[:500]
    assert r.headers["Cache-Control"] == "no-store"
    assert "script-src 'self'" in r.headers["Content-Security-Policy"]
    assert "<h1>Reports</h1>" in text
    assert re.search(r'<a href="/app/p/[^"]+/reports" aria-current="page">Reports</a>', text)
    assert re.search(r'<script type="module" src="/app/static/[0-9a-f]{12}/reports\.js">', text)
    assert options(text, "kind") == ["translation-costs", "top-members", "costs-estimation"]
    assert options(text, "unit") == ["strings", "words", "chars", "chars_with_spaces"]
    assert re.search(r'<option value="words" selected>Words</option>', text)
    assert options(text, "currency") == CURRENCIES
    # the language filter (all, or one) and the estimation's language (one): the project's
    assert options(text, "language") == ["", "fr", "de", "uk"]
    estimate = text[text.index("Language to estimate"):]
    assert options(estimate, "language") == ["fr", "de", "uk"]
    assert radios(text, "mode") == ["simple", "fuzzy"]
    assert radios(text, "group_by") == ["user", "language"]
    assert radios(text, "format") == ["xlsx", "csv"]
    for name in ("regular_rates[default]", "regular_rates[tm]", "regular_rates[approval]",
                 "regular_rates[translation]", "regular_rates[perfect]", "regular_rates[matched]",
                 "role_based_costs", "calculate_internal_fuzzy_matches"):
        assert f'name="{name}"' in text, name
    assert re.search(r'<input type="date" name="date_from"', text)
    assert re.search(r'<input type="date" name="date_to"', text)
    # every field has its label: inputs and selects sit inside a <label>
    form = text[text.index('id="report-form"'):text.index("</form>")]
    for field in re.findall(r"<(?:input|select)\b[^>]*>", form):
        before = form[:form.index(field)]
        assert before.rfind("<label") > before.rfind("</label>"), field
    # the ranges and the language rows are added by the page: their rows are templates
    assert 'id="range-row"' in text and 'id="individual-row"' in text
    assert 'data-lang> French (fr)' in text


def test_who_sees_the_tab_and_the_page(srv, proj):
    path = f"/app/p/{proj.identifier}/reports"
    owner, _, _ = signed_in(srv, "owner", proj)
    r, text = page(owner, path)
    assert r.status_code == 200 and "<h1>Reports</h1>" in text
    for role in ("translator", "proofreader", "blocked"):
        b, _, _ = signed_in(srv, role, proj)
        r, text = page(b, path)
        assert r.status_code == 403, (role, r.status_code)
        if role != "blocked":
            r, text = page(b, f"/app/p/{proj.identifier}")
            assert r.status_code == 200 and f'href="{path}"' not in text, role
    b, _, _ = signed_in(srv, "manager", proj)
    _, text = page(b, f"/app/p/{proj.identifier}")
    assert f'<a href="{path}">Reports</a>' in text
    stranger, _, _ = signed_in(srv)
    r, text = page(stranger, path)
    assert r.status_code == 404 and "Page not found" in text
    r, _ = page(Browser(srv), path)
    assert r.status_code == 303 and r.headers["Location"] == f"/app/sign-in?next={path}"


def test_the_v1_calls_the_page_makes_with_the_session(srv, proj):
    b, login, _ = signed_in(srv, "manager", proj)
    base = f"/api/project/{proj.identifier}/reports/translation-costs"
    r = b.request("POST", f"/api/project/{proj.identifier}/add-file?json",
                  files={"files[app.po]": ("app.po", PO)})
    assert r.status_code == 200, r.text
    r = b.request("POST", f"/api/project/{proj.identifier}/upload-translation?json",
                  data={"language": "fr"}, files={"files[app.po]": ("app.po", PO_FR)})
    assert r.status_code == 200, r.text
    params = {"unit": "words", "format": "csv", "regular_rates[default]": "1.50"}
    # without the CSRF header: refused, nothing built
    r = b.request("POST", f"{base}/export?json", data=params, csrf=False)
    assert r.status_code in (401, 403) and "hash" not in r.text, r.text
    r = b.request("POST", f"{base}/export?json", data=params)
    assert r.status_code == 200, r.text
    h = r.json()["hash"]
    assert re.fullmatch(r"[0-9a-f]{32}", h)
    r = b.request("GET", f"{base}/download?json&hash={h}")
    assert r.status_code == 200, r.text
    rows = [line.split(",") for line in r.content.decode().split("\r\n") if line]
    # Hello (1 word) translated by the manager's upload: 1 × 1.50
    assert rows == [["User", "Language", "default (words)", "tm (words)", "approval (words)",
                     "Cost ($)"], [login, "fr", "1", "0", "0", "1.50"],
                    ["Total", "", "1", "0", "0", "1.50"]], rows
    # a wrong value: the v1 error the page shows, naming the field
    r = b.request("POST", f"{base}/export?json", data={"regular_rates[tm]": "1,5"})
    err = r.json()["error"]
    assert err["code"] == 38 and err["details"].startswith('rate of "tm"'), r.text
