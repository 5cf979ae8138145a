"""
Reports (seed 004, crowdin-v1.md §6, docs/reports.md): translation costs counted
from the event history, in CSV and XLSX, built as jobs and kept as artifacts.

The `team` project has three strings of known size and contributions by members
in several roles and languages on three dates, written straight into the event
history (the dates must be known); one test makes its contributions through the
API instead.  Every expected cell below is worked out by hand in the comments.
"""
import csv
import xml.etree.ElementTree as ET
import io
import time

import pytest

from conftest import assert_v1_error, unique
from lone_helpers import Lone

PO = ('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
      'msgid "Hello"\nmsgstr ""\n\nmsgid "Save changes"\nmsgstr ""\n\n'
      'msgid "Open the file now"\nmsgstr ""\n').encode()
# words, chars, chars_with_spaces of each string (the shared ICU counter)
SIZES = {"Hello": (1, 5, 5), "Save changes": (2, 11, 12), "Open the file now": (4, 14, 17)}

D0 = 1767222000   # 2025-12-31T23:00:00Z = 2026-01-01T00:00+01:00
D1 = 1768046400   # 2026-01-10T12:00:00Z
D2 = 1771156800   # 2026-02-15T12:00:00Z
D3 = 1773998400   # 2026-03-20T12:00:00Z

SIMPLE_RATES = [("regular_rates[default]", "1.05"), ("regular_rates[tm]", "0.50"),
                ("regular_rates[approval]", "2.00"),
                ("individual_rates[0][languages][]", "de"),
                ("individual_rates[0][rates][default]", "1.55")]
FUZZY_RATES = [("regular_rates[translation]", "2.05"), ("regular_rates[perfect]", "0.10"),
               ("regular_rates[matched]", "0.25"), ("regular_rates[99-95]", "0.50"),
               ("regular_rates[94-90]", "0.75"), ("regular_rates[89-80]", "1.25"),
               ("regular_rates[aproval]", "3.00")]


class Team:
    pass


def member(srv, p, login, role, languages=None):
    a = srv.account(login)
    args = ["project", "member", "add", "--identifier", p.identifier, "--login", login,
            "--role", role]
    if languages is not None:
        args += ["--languages", languages]
    srv.cli(*args)
    return a


def event(srv, pid, who, lang, sid, created, kind="translation.added", tm=None, approved=0,
          origin="crowdin-v1"):
    aid, lid = srv.account_id(who.login), LANG_IDS[lang]
    srv.sql("INSERT INTO event (project_id, account_id, kind, string_id, language_id, origin, "
            f"detail, created, tm_match, approved) VALUES ({pid}, {aid}, '{kind}', {sid}, {lid}, "
            f"'{origin}', '{{}}', {created}, {'NULL' if tm is None else tm}, {approved})")


LANG_IDS = {}


def add_po(srv, p, body=PO):
    r = srv.v1(f"/api/project/{p.identifier}/add-file", list(p.auth().items()),
               files=[("files[app.po]", ("app.po", body))])
    assert r.status_code == 200, r.text


def one_contribution(srv, p, source):
    """A new translator of the project who translated `source` into French on D1."""
    add_po(srv, p)
    m = member(srv, p, unique("m"), "translator")
    pid = srv.project_id(p.identifier)
    sid = int(srv.sql(f"SELECT id FROM string WHERE project_id = {pid} AND "
                      f"source = '{source}'")[0][0])
    event(srv, pid, m, "fr", sid, D1)
    return m


@pytest.fixture(scope="module")
def team(session_srv, language_ids):
    srv = session_srv
    p = srv.project()
    add_po(srv, p)
    pre = unique("r")
    t = Team()
    t.p, t.pre = p, pre
    t.alice = member(srv, p, f"{pre}-alice", "translator", "fr")
    t.bob = member(srv, p, f"{pre}-bob", "translator")
    t.carol = member(srv, p, f"{pre}-carol", "proofreader", "de")
    t.dave = member(srv, p, f"{pre}-dave", "manager")
    t.erin = member(srv, p, f"{pre}-erin", "translator", "fr")
    t.frank = member(srv, p, f"{pre}-frank", "translator", "de")
    srv.cli("project", "member", "set", "--identifier", p.identifier, "--login", t.erin.login,
            "--role", "blocked")
    pid = srv.project_id(p.identifier)
    t.pid = pid
    s = {src: int(i) for i, src in srv.sql(f"SELECT id, source FROM string WHERE project_id = {pid}")}
    S1, S2, S3 = s["Hello"], s["Save changes"], s["Open the file now"]
    ev = lambda *a, **k: event(srv, pid, *a, **k)  # noqa: E731
    ev(t.alice, "fr", S1, D1)                                       # e1
    ev(t.alice, "fr", S2, D2, tm=101)                               # e2 perfect
    ev(t.alice, "fr", S3, D2, tm=97)                                # e3 99-95
    ev(t.bob, "de", S1, D1, tm=100)                                 # e4 matched
    ev(t.bob, "uk", S3, D3, tm=85)                                  # e5 89-80
    ev(t.bob, "uk", S2, D3, tm=92, approved=1)                      # e6 94-90 + approval
    ev(t.carol, "de", S1, D2, kind="translation.approved", approved=1)  # e7 approval only
    ev(t.carol, "de", S3, D2, approved=1)                           # e8 translation + approval
    ev(t.dave, "fr", S2, D1, kind="translation.approved", approved=1)   # e9
    ev(t.erin, "fr", S3, D1, tm=60)                                 # e10 below the ranges
    ev(t.frank, "fr", S1, D3)                                       # e11 no access to fr
    ev(t.dave, "fr", S3, D1, tm=100, origin="tm")                   # pre-translation: nobody's
    ev(t.dave, "fr", S3, D1, kind="string.added")                   # not a contribution
    ev(t.alice, "fr", S1, D0, kind="translation.updated")           # e14, at the range edge
    return t


@pytest.fixture(scope="module", autouse=True)
def language_ids(session_srv):
    """Crowdin code -> language id, from a project whose languages are known."""
    srv = session_srv
    p = srv.project(languages=("fr", "de", "uk"))
    pid = srv.project_id(p.identifier)
    ids = [int(r[0]) for r in srv.sql("SELECT language_id FROM project_language WHERE "
                                      f"project_id = {pid} ORDER BY position")]
    LANG_IDS.update(dict(zip(("fr", "de", "uk"), ids)))


def export(srv, p, kind="translation-costs", params=(), auth=None, fmt="json"):
    pairs = list((auth or p.auth()).items()) + list(params)
    return srv.v1(f"/api/project/{p.identifier}/reports/{kind}/export", pairs, fmt=fmt)


def download(srv, p, h, kind="translation-costs", auth=None):
    pairs = list((auth or p.auth()).items()) + [("hash", h)]
    return srv.v1(f"/api/project/{p.identifier}/reports/{kind}/download", pairs, fmt=None,
                  method="GET")


def report(srv, p, params=(), kind="translation-costs", auth=None):
    r = export(srv, p, kind, params, auth)
    assert r.status_code == 200, r.text
    h = r.data["hash"]
    assert r.data["success"] is True and len(h) == 32
    d = download(srv, p, h, kind.replace("-", "_"), auth)
    assert d.status_code == 200, d.text
    return d.r


def rows_of(resp):
    assert resp.headers["Content-Type"].startswith("text/csv")
    text = resp.content.decode("utf-8")
    assert text.endswith("\r\n")
    return list(csv.reader(io.StringIO(text, newline="")))


def table(srv, t, params):
    return rows_of(report(srv, t.p, [("format", "csv")] + list(params)))


def login(t, name):
    return f"{t.pre}-{name}"


# ---------------------------------------------------------------- simple mode

def test_simple_words_by_user(srv, team):
    t = team
    got = table(srv, t, SIMPLE_RATES)
    # default 1.05, tm 0.50, approval 2.00; de: default 1.55
    assert got == [
        ["User", "Language", "default (words)", "tm (words)", "approval (words)", "Cost ($)"],
        # e1 1 + e3 4 + e14 1 default, e2 2 tm: 6*1.05 + 2*0.50
        [login(t, "alice"), "fr", "6", "2", "0", "7.30"],
        [login(t, "bob"), "de", "0", "1", "0", "0.50"],            # e4 tm 100
        [login(t, "bob"), "uk", "6", "0", "2", "10.30"],           # e5 4 + e6 2, e6 approved
        [login(t, "carol"), "de", "4", "0", "5", "16.20"],         # 4*1.55 + 5*2.00
        [login(t, "dave"), "fr", "0", "0", "2", "4.00"],
        [login(t, "erin"), "fr", "4", "0", "0", "4.20"],
        [login(t, "frank"), "fr", "1", "0", "0", "1.05"],
        ["Total", "", "21", "3", "9", "43.55"],
    ]


def test_simple_by_language(srv, team):
    got = table(srv, team, SIMPLE_RATES + [("group_by", "language")])
    assert got == [
        ["Language", "default (words)", "tm (words)", "approval (words)", "Cost ($)"],
        ["de", "4", "1", "5", "16.70"],      # bob 0.50 + carol 16.20
        ["fr", "11", "2", "2", "16.55"],     # alice 7.30 + dave 4.00 + erin 4.20 + frank 1.05
        ["uk", "6", "0", "2", "10.30"],
        ["Total", "21", "3", "9", "43.55"],
    ]


def test_language_filter(srv, team):
    # seed 004's PHP example sends language=uk: only that language's contributions
    got = table(srv, team, SIMPLE_RATES + [("language", "uk")])
    assert got[1:] == [[login(team, "bob"), "uk", "6", "0", "2", "10.30"],
                       ["Total", "", "6", "0", "2", "10.30"]]


def test_role_based_costs(srv, team):
    t = team
    got = table(srv, t, SIMPLE_RATES + [("role_based_costs", "1")])
    assert got == [
        ["User", "Language", "default (words)", "tm (words)", "approval (words)", "Cost ($)",
         "Note"],
        [login(t, "alice"), "fr", "6", "2", "0", "7.30", ""],
        [login(t, "bob"), "de", "0", "1", "0", "0.50", ""],
        # a translator's approvals are listed, not paid: 6*1.05
        [login(t, "bob"), "uk", "6", "0", "2", "6.30", "translator: approvals not costed"],
        # a proofreader's translations are listed, not paid: 5*2.00
        [login(t, "carol"), "de", "4", "0", "5", "10.00", "proofreader: translations not costed"],
        [login(t, "dave"), "fr", "0", "0", "2", "0.00", "manager: not costed"],
        [login(t, "erin"), "fr", "4", "0", "0", "0.00", "blocked: not costed"],
        [login(t, "frank"), "fr", "1", "0", "0", "0.00", "no access to the language: not costed"],
        ["Total", "", "21", "3", "9", "24.10", ""],
    ]


def test_units(srv, team):
    got = table(srv, team, [("unit", "chars_with_spaces"), ("group_by", "language"),
                            ("currency", "€")])
    # chars with spaces: Hello 5, Save changes 12, Open the file now 17; no rates: 0
    assert got == [
        ["Language", "default (chars_with_spaces)", "tm (chars_with_spaces)",
         "approval (chars_with_spaces)", "Cost (€)"],
        ["de", "17", "5", "22", "0.00"],
        ["fr", "49", "12", "12", "0.00"],
        ["uk", "29", "0", "12", "0.00"],
        ["Total", "95", "17", "46", "0.00"],
    ]
    got = table(srv, team, [("unit", "strings"), ("group_by", "language"),
                            ("regular_rates[default]", "0.1234")])
    # each member's cost is rounded to cents, a language sums its members' costs
    assert got[1:] == [["de", "1", "1", "2", "0.12"],     # carol 1 * 0.1234
                       ["fr", "5", "1", "1", "0.61"],     # alice 0.3702 -> 0.37, erin, frank 0.12
                       ["uk", "2", "0", "1", "0.25"],     # bob 0.2468
                       ["Total", "8", "2", "4", "0.98"]]  # the rows as shown
    got = table(srv, team, [("unit", "chars"), ("group_by", "language")])
    assert got[1] == ["de", "14", "5", "19", "0.00"]      # e8 14; e4 5; e7 5 + e8 14


# ---------------------------------------------------------------- fuzzy mode

def test_fuzzy_by_user(srv, team):
    t = team
    got = table(srv, t, [("mode", "fuzzy")] + FUZZY_RATES)
    assert got == [
        ["User", "Language", "translation (words)", "perfect (words)", "matched (words)",
         "99-95 (words)", "94-90 (words)", "89-80 (words)", "approval (words)", "Cost ($)"],
        [login(t, "alice"), "fr", "2", "2", "0", "4", "0", "0", "0", "6.30"],
        [login(t, "bob"), "de", "0", "0", "1", "0", "0", "0", "0", "0.25"],
        [login(t, "bob"), "uk", "0", "0", "0", "0", "2", "4", "2", "12.50"],
        [login(t, "carol"), "de", "4", "0", "0", "0", "0", "0", "5", "23.20"],
        [login(t, "dave"), "fr", "0", "0", "0", "0", "0", "0", "2", "6.00"],
        [login(t, "erin"), "fr", "4", "0", "0", "0", "0", "0", "0", "8.20"],   # 60%: no range
        [login(t, "frank"), "fr", "1", "0", "0", "0", "0", "0", "0", "2.05"],
        ["Total", "", "11", "2", "1", "4", "2", "4", "9", "58.50"],
    ]


def test_fuzzy_ranges_in_any_order_and_individual(srv, team):
    # ranges named only by individual rates count too; 80-89 is 89-80
    got = table(srv, team, [("mode", "fuzzy"), ("group_by", "language"),
                            ("individual_rates[0][languages][]", "uk"),
                            ("individual_rates[0][rates][80-89]", "10"),
                            ("individual_rates[0][rates][approval]", "1")])
    assert got == [
        ["Language", "translation (words)", "perfect (words)", "matched (words)",
         "89-80 (words)", "approval (words)", "Cost ($)"],
        ["de", "4", "0", "1", "0", "5", "0.00"],
        ["fr", "11", "2", "0", "0", "2", "0.00"],    # e3's 97% is in no range here
        ["uk", "2", "0", "0", "4", "2", "42.00"],    # e6's 92% neither; 4*10 + 2*1
        ["Total", "17", "2", "1", "4", "9", "42.00"],
    ]


# ---------------------------------------------------------------- dates

def test_date_range(srv, team):
    t = team
    got = table(srv, t, SIMPLE_RATES + [("date_from", "2026-01-01+00:00"),
                                        ("date_to", "2026-02-15+00:00")])
    assert got == [
        ["User", "Language", "default (words)", "tm (words)", "approval (words)", "Cost ($)"],
        [login(t, "alice"), "fr", "5", "2", "0", "6.25"],
        [login(t, "bob"), "de", "0", "1", "0", "0.50"],
        [login(t, "carol"), "de", "4", "0", "5", "16.20"],
        [login(t, "dave"), "fr", "0", "0", "2", "4.00"],
        [login(t, "erin"), "fr", "4", "0", "0", "4.20"],
        ["Total", "", "13", "3", "7", "31.15"],
    ]
    # the offset moves the day: 2026-01-01T00:00+01:00 is e14's instant
    got = table(srv, t, [("date_from", "2026-01-01+01:00"), ("date_to", "2026-01-10T12:00:00Z")])
    assert [r[:5] for r in got[1:]] == [
        [login(t, "alice"), "fr", "2", "0", "0"],     # e14 and e1 (to: inclusive)
        [login(t, "bob"), "de", "0", "1", "0"],
        [login(t, "dave"), "fr", "0", "0", "2"],
        [login(t, "erin"), "fr", "4", "0", "0"],
        ["Total", "", "6", "1", "2"]]
    got = table(srv, t, [("date_from", "2027-01-01")])
    assert got[1:] == [["Total", "", "0", "0", "0", "0.00"]]


# ---------------------------------------------------------------- XLSX

def test_xlsx_cell_by_cell(srv, team):
    openpyxl = pytest.importorskip("openpyxl")
    t = team
    resp = report(srv, t.p, [("mode", "fuzzy"), ("currency", "€"), ("role_based_costs", "1")]
                  + FUZZY_RATES)   # xlsx by default
    assert resp.headers["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    assert 'filename="translation_costs.xlsx"' in resp.headers["Content-Disposition"]
    ws = openpyxl.load_workbook(io.BytesIO(resp.content)).active
    cells = [[c.value for c in row] for row in ws.iter_rows()]
    assert cells == [
        ["User", "Language", "translation (words)", "perfect (words)", "matched (words)",
         "99-95 (words)", "94-90 (words)", "89-80 (words)", "approval (words)", "Cost (€)",
         "Note"],
        [login(t, "alice"), "fr", 2, 2, 0, 4, 0, 0, 0, 6.3, None],      # empty: no cell
        [login(t, "bob"), "de", 0, 0, 1, 0, 0, 0, 0, 0.25, None],
        [login(t, "bob"), "uk", 0, 0, 0, 0, 2, 4, 2, 6.5, "translator: approvals not costed"],
        [login(t, "carol"), "de", 4, 0, 0, 0, 0, 0, 5, 15, "proofreader: translations not costed"],
        [login(t, "dave"), "fr", 0, 0, 0, 0, 0, 0, 2, 0, "manager: not costed"],
        [login(t, "erin"), "fr", 4, 0, 0, 0, 0, 0, 0, 0, "blocked: not costed"],
        [login(t, "frank"), "fr", 1, 0, 0, 0, 0, 0, 0, 0, "no access to the language: not costed"],
        ["Total", None, 11, 2, 1, 4, 2, 4, 9, 28.05, None],
    ]
    assert all(ws.cell(row=1, column=c).font.b for c in range(1, 12))
    assert ws.max_row == 9
    for r in range(2, 10):
        assert "€" in ws.cell(row=r, column=10).number_format
        assert "0.00" in ws.cell(row=r, column=10).number_format


# ---------------------------------------------------------------- files

def test_csv_neutralises_formulas_and_keeps_utf8(srv, proj):
    p = proj
    m = one_contribution(srv, p, "Hello")
    evil = f"=HYPERLINK(\"x\",\"Ünïcode, {unique('q')}\")"
    srv.sql(f"UPDATE account SET login = '{evil.replace(chr(39), chr(39) * 2)}' WHERE login = '{m.login}'")
    resp = report(srv, p, [("format", "csv")])
    raw = resp.content.decode("utf-8")
    assert raw.splitlines()[1].startswith('"\'=HYPERLINK(""x"",""Ünïcode, ')
    assert rows_of(resp)[1][0] == "'" + evil


def test_reports_are_artifacts_any_node_serves(srv, team):
    r = export(srv, team.p, params=[("format", "csv")])
    h = r.data["hash"]
    # the worker builds it; then the stored file is served (the same bytes each time)
    for _ in range(100):
        if srv.sql(f"SELECT COUNT(*) FROM artifact WHERE kind = 'report' AND package = '{h}'")[0][0] != "0":
            break
        time.sleep(0.05)
    one = download(srv, team.p, h).r.content
    assert one == download(srv, team.p, h).r.content
    assert srv.sql(f"SELECT COUNT(*) FROM artifact WHERE kind = 'report' AND package = '{h}'") \
        == [("1",)]
    # XML reply shape of seed 004
    r = export(srv, team.p, fmt="xml")
    assert r.status_code == 200
    assert r.xml.tag == "success" and len(r.xml.find("hash").text) == 32


# ---------------------------------------------------------------- errors

def stored(srv, pid):
    """Jobs and artifacts of the project, once its queued reports are built."""
    for _ in range(200):
        if srv.sql(f"SELECT COUNT(*) FROM job WHERE project_id = {pid} AND state IN "
                   "('queued', 'running')") == [("0",)]:
            break
        time.sleep(0.05)
    return srv.sql(f"SELECT (SELECT COUNT(*) FROM job WHERE project_id = {pid}), "
                   f"(SELECT COUNT(*) FROM artifact WHERE project_id = {pid})")


BAD = [
    ([("unit", "pages")], 38),
    ([("mode", "exact")], 38),
    ([("currency", "USD")], 38),
    ([("format", "pdf")], 38),
    ([("group_by", "file")], 38),
    ([("role_based_costs", "2")], 38),
    ([("regular_rates[default]", "-1")], 38),
    ([("regular_rates[default]", "abc")], 38),
    ([("regular_rates[default]", "1.00001")], 38),
    ([("regular_rates[default]", "100000.0001")], 38),
    ([("regular_rates[default]", "1.")], 38),
    ([("mode", "fuzzy"), ("regular_rates[59-50]", "1")], 38),
    ([("mode", "fuzzy"), ("regular_rates[101-95]", "1")], 38),
    ([("mode", "fuzzy"), ("regular_rates[99-90]", "1"), ("regular_rates[95-85]", "1")], 38),
    ([("mode", "fuzzy"), ("regular_rates[99-95]", "1"), ("regular_rates[94-90]", "1"),
      ("regular_rates[89-85]", "1"), ("regular_rates[84-80]", "1")], 38),
    ([("regular_rates[99-95]", "1")], 27),                       # simple mode has no ranges
    ([("mode", "fuzzy"), ("regular_rates[tm]", "1")], 27),
    ([("regular_rates", "1")], 27),
    ([("individual_rates[0][rates][default]", "1")], 27),        # no languages
    ([("individual_rates[0][languages][]", "xx-nonsense"),
      ("individual_rates[0][rates][default]", "1")], 10),        # no such language
    ([("date_from", "2026-13-01")], 27),
    ([("date_from", "01/02/2026")], 27),
    ([("date_to", "2026-02-30+00:00")], 27),
    ([("date_from", "2026-02-01"), ("date_to", "2026-01-01")], 38),
    ([("format", "csv"), ("format", "xlsx")], 27),               # one value, not two
    ([("unit[]", "words")], 27),
]


@pytest.mark.parametrize("params,code", BAD, ids=[str(p) for p, _ in BAD])
def test_bad_parameters(srv, team, params, code):
    before = stored(srv, team.pid)
    assert_v1_error(export(srv, team.p, params=params), code, 400 if code != 10 else 404)
    assert stored(srv, team.pid) == before


def test_unknown_hash_and_kind(srv, team):
    p = team.p
    before = stored(srv, team.pid)
    for h in ("0" * 32, "nothex", ""):
        assert_v1_error(download(srv, p, h), 27, 400)
    # a hash of another kind, or of another project
    h = export(srv, p, params=[("format", "csv")]).data["hash"]
    assert_v1_error(download(srv, p, h, "top-members"), 27, 400)
    other = srv.project()
    assert_v1_error(download(srv, other, h), 27, 400)
    assert_v1_error(export(srv, p, kind="unknown-report"), 2)
    assert stored(srv, team.pid)[0][0] == str(int(before[0][0]) + 1)


def test_permissions(srv, team):
    t = team
    auth = lambda a: {"login": a.login, "account-key": a.key}  # noqa: E731
    before = stored(srv, t.pid)
    for who in (t.alice, t.carol, t.erin):          # translator, proofreader, blocked
        assert_v1_error(export(srv, t.p, auth=auth(who)), 41, 403)
        assert_v1_error(download(srv, t.p, "0" * 32, auth=auth(who)), 41, 403)
    assert_v1_error(export(srv, t.p, auth=auth(srv.account())), 1, 404)   # not a member
    assert stored(srv, t.pid) == before
    # a manager and the owner may
    assert table(srv, t, [])[0][0] == "User"
    assert rows_of(report(srv, t.p, [("format", "csv")], auth=auth(t.dave)))[0][0] == "User"
    assert rows_of(report(srv, t.p, [("format", "csv")], auth=auth(t.p.owner)))[0][0] == "User"


# ---------------------------------------------------------------- through the API

def api_contributions(srv, p):
    """Contributions made through the API in French: a translator uploads "Hello" and adds
    "Save changes" (3 words); a proofreader adds "Save changes" approved (a translation and
    an approval of 2 words), then approves the same text again (nothing new).  (translator,
    proofreader)."""
    add_po(srv, p)
    pre = unique("api")
    tr = member(srv, p, f"{pre}-t", "translator", "fr")
    pr = member(srv, p, f"{pre}-p", "proofreader", "fr")
    po_fr = PO.replace(b'msgid "Hello"\nmsgstr ""', b'msgid "Hello"\nmsgstr "Bonjour"')
    r = srv.v1(f"/api/project/{p.identifier}/upload-translation",
               [("login", tr.login), ("account-key", tr.key), ("language", "fr")],
               files=[("files[app.po]", ("app.po", po_fr))])
    assert r.status_code == 200, r.text
    lone = Lone(srv, p)
    cat = lone.category("Web")
    sid = lone.string(cat, "save", "Save changes")
    fr = lone.lang("fr")
    lone.ok("addTranslation", string_id=sid, translation_language=fr,
            translation_value="Enregistrer", login=tr.login, **{"account-key": tr.key})
    # the proofreader approves a text of its own: a translation and an approval
    lone.ok("addTranslation", string_id=sid, translation_language=fr,
            translation_value="Enregistrer les modifications", approve=1, login=pr.login,
            **{"account-key": pr.key})
    # and approves the same text again later: nothing new
    lone.ok("addTranslation", string_id=sid, translation_language=fr,
            translation_value="Enregistrer les modifications", approve=1, login=pr.login,
            **{"account-key": pr.key})
    return tr, pr


def test_contributions_made_through_the_api(srv):
    # an owner of its own: a memory no other test's strings are in (they would be TM matches)
    p = srv.project(account=srv.account())
    tr, pr = api_contributions(srv, p)
    got = table(srv, type("T", (), {"p": p})(), [("regular_rates[default]", "1"),
                                                 ("regular_rates[approval]", "0.5")])
    assert got[1:] == [
        [pr.login, "fr", "2", "0", "2", "3.00"],
        [tr.login, "fr", "3", "0", "0", "3.00"],     # Hello 1 + Save changes 2
        ["Total", "", "5", "0", "2", "6.00"],
    ]


# ---------------------------------------------------------------- top members

def test_top_members(srv, team):
    t = team
    got = rows_of(report(srv, t.p, [("format", "csv")], kind="top-members"))
    day = {}
    for who in ("alice", "bob", "carol", "dave", "erin", "frank"):
        joined = srv.sql(f"SELECT m.joined FROM member m JOIN account a ON a.id = m.account_id "
                         f"WHERE a.login = '{login(t, who)}'")[0][0]
        day[who] = time.strftime("%Y-%m-%d", time.gmtime(int(joined)))
    assert got == [
        ["Name", "Languages", "Translated (words)", "Approved (words)", "Votes", "Joined"],
        [login(t, "alice"), "fr", "8", "0", "0", day["alice"]],       # e1 1, e2 2, e3 4, e14 1
        [login(t, "bob"), "de,uk", "7", "2", "0", day["bob"]],        # e4 1, e5 4, e6 2 (+2)
        [login(t, "carol"), "de", "4", "5", "0", day["carol"]],       # e8 4; e7 1 + e8 4
        [login(t, "erin"), "fr", "4", "0", "0", day["erin"]],
        [login(t, "frank"), "fr", "1", "0", "0", day["frank"]],
        [login(t, "dave"), "fr", "0", "2", "0", day["dave"]],         # approvals only
        ["Total", "", "24", "9", "0", ""],
    ]
    got = rows_of(report(srv, t.p, [("format", "csv"), ("language", "de"), ("unit", "strings")],
                         kind="top_members"))
    # one string each: the tie goes by login
    assert [r[:4] for r in got[1:]] == [[login(t, "bob"), "de", "1", "0"],
                                        [login(t, "carol"), "de", "1", "2"],
                                        ["Total", "", "2", "2"]]
    got = rows_of(report(srv, t.p, [("format", "csv"), ("date_from", "2026-03-01")],
                         kind="top-members"))
    assert [r[:4] for r in got[1:]] == [[login(t, "bob"), "uk", "6", "2"],
                                        [login(t, "frank"), "fr", "1", "0"],
                                        ["Total", "", "7", "2"]]
    assert_v1_error(export(srv, t.p, "top-members", [("language", "ja")]), 10)
    assert_v1_error(export(srv, t.p, "top-members", [("unit", "lines")]), 38)


# ---------------------------------------------------------------- costs estimation

APP = ('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
       'msgctxt "greet"\nmsgid "Hello"\nmsgstr "{hello}"\n\nmsgid "Save changes"\nmsgstr "{save}"\n\n'
       'msgid "Open the file now"\nmsgstr ""\n')
B = ('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
     'msgctxt "greet"\nmsgid "Hello"\nmsgstr ""\n\nmsgctxt "menu"\nmsgid "Save changes"\n'
     'msgstr ""\n\nmsgid "Close"\nmsgstr ""\n')


@pytest.fixture(scope="module")
def pending(session_srv):
    """fr: app.po's Hello and Save changes translated and approved; Open the file now and
    b.po's three strings untranslated (b's Hello has app's source and context, b's Save
    changes its source only)."""
    srv = session_srv
    p = srv.project()
    files = [("files[app.po]", ("app.po", APP.format(hello="", save="").encode())),
             ("files[b.po]", ("b.po", B.encode()))]
    assert srv.v1(f"/api/project/{p.identifier}/add-file", list(p.auth().items()),
                  files=files).status_code == 200
    r = srv.v1(f"/api/project/{p.identifier}/upload-translation",
               list(p.auth().items()) + [("language", "fr"), ("auto_approve_imported", "1")],
               files=[("files[app.po]", ("app.po", APP.format(hello="Bonjour",
                                                              save="Enregistrer").encode()))])
    assert r.status_code == 200, r.text
    return p


def test_costs_estimation(srv, pending):
    p = pending
    got = rows_of(report(srv, p, [("format", "csv"), ("language", "fr"),
                                  ("regular_rates[default]", "0.10"),
                                  ("regular_rates[approval]", "0.05")], kind="costs-estimation"))
    assert got == [
        ["Language", "Category", "words", "Rate", "Cost ($)"],
        ["fr", "default", "8", "0.10", "0.80"],     # Open the file now 4, Hello 1, Save changes 2, Close 1
        ["fr", "tm", "0", "0.00", "0.00"],
        ["fr", "approval", "8", "0.05", "0.40"],    # every string not approved
        ["Total", "", "", "", "1.20"],
    ]
    fuzzy = [("format", "csv"), ("language", "fr"), ("mode", "fuzzy"),
             ("regular_rates[translation]", "0.10"), ("regular_rates[perfect]", "0.01"),
             ("regular_rates[matched]", "0.02"), ("regular_rates[99-95]", "0.5"),
             ("regular_rates[approval]", "0.05")]
    got = rows_of(report(srv, p, fuzzy + [("calculate_internal_fuzzy_matches", "1")],
                         kind="costs_estimation"))
    assert got[1:] == [
        ["fr", "translation", "5", "0.10", "0.50"],   # Open the file now 4, Close 1
        ["fr", "perfect", "1", "0.01", "0.01"],       # b's Hello: app's source and context
        ["fr", "matched", "2", "0.02", "0.04"],        # b's Save changes: source only
        ["fr", "99-95", "0", "0.50", "0.00"],
        ["fr", "approval", "8", "0.05", "0.40"],
        ["Total", "", "", "", "0.95"],
    ]
    got = rows_of(report(srv, p, fuzzy, kind="costs-estimation"))
    assert got[1][:3] == ["fr", "translation", "8"] and got[2][:3] == ["fr", "perfect", "0"]
    pid = srv.project_id(p.identifier)
    before = stored(srv, pid)
    assert_v1_error(export(srv, p, "costs-estimation", [("mode", "simple")]), 9)
    assert_v1_error(export(srv, p, "costs-estimation", [("language", "ja")]), 10)
    assert_v1_error(export(srv, p, "costs-estimation", [("language", "fr"), ("mode", "x")]), 38)
    assert stored(srv, pid) == before


# ---------------------------------------------------------------- two nodes

def test_any_node_serves_the_report(srv, team):
    """Node B (no job workers) on the same database: it serves what node A's worker built,
    and builds at once what no worker has built yet (A's worker then finds it done)."""
    from conftest import Server
    b = Server(srv.backend, srv.db_url, srv.tmpdir, srv.pg, log_name="reports-b",
               extra=["--workers", "0"]).start()
    try:
        p = team.p
        h = export(srv, p, params=[("format", "csv")]).data["hash"]
        stored(srv, team.pid)      # A's worker has built it
        assert srv.sql(f"SELECT COUNT(*) FROM artifact WHERE package = '{h}'") == [("1",)]
        on_b = b.v1(f"/api/project/{p.identifier}/reports/translation-costs/download",
                    list(p.auth().items()) + [("hash", h)], fmt=None, method="GET")
        assert on_b.status_code == 200 and on_b.r.content == download(srv, p, h).r.content
        # exported on B, downloaded on B before any worker: built by the download
        r = b.v1(f"/api/project/{p.identifier}/reports/translation-costs/export",
                 list(p.auth().items()) + [("format", "csv"), ("group_by", "language")])
        h2 = r.data["hash"]
        got = b.v1(f"/api/project/{p.identifier}/reports/translation-costs/download",
                   list(p.auth().items()) + [("hash", h2)], fmt=None, method="GET")
        assert got.status_code == 200 and rows_of(got.r)[0][0] == "Language"
        stored(srv, team.pid)      # A's worker: done, nothing built twice (unless it raced B)
        assert srv.sql(f"SELECT COUNT(*) FROM artifact WHERE package = '{h2}'")[0][0] in ("1", "2")
        assert srv.sql(f"SELECT state FROM job WHERE result = '{h2}'") == [("done",)]
    finally:
        b.stop()


def test_former_member_listed_not_costed(srv, proj):
    p = proj
    m = one_contribution(srv, p, "Save changes")
    srv.cli("project", "member", "remove", "--identifier", p.identifier, "--login", m.login)
    rates = [("format", "csv"), ("regular_rates[default]", "1")]
    assert rows_of(report(srv, p, rates))[1] == [m.login, "fr", "2", "0", "0", "2.00"]
    got = rows_of(report(srv, p, rates + [("role_based_costs", "1")]))
    assert got[1:] == [[m.login, "fr", "2", "0", "0", "0.00", "not a member: not costed"],
                       ["Total", "", "2", "0", "0", "0.00", ""]]
    got = rows_of(report(srv, p, [("format", "csv")], kind="top-members"))
    assert got[1] == [m.login, "fr", "2", "0", "0", ""]      # no join date any more


# ---------------------------------------------------------------- seed 004's own examples

SEED_CURL_SIMPLE = [
    ("unit", "chars"), ("mode", "simple"), ("format", "csv"),
    ("regular_rates[default]", "1.05"), ("regular_rates[tm]", "1.00"),
    ("regular_rates[approval]", "2.00"),
    ("individual_rates[0][languages][]", "uk"), ("individual_rates[0][languages][]", "ca"),
    ("individual_rates[0][languages][]", "af"), ("individual_rates[0][languages][]", "fr"),
    ("individual_rates[0][rates][default]", "1.40"), ("individual_rates[0][rates][tm]", "1.10"),
    ("individual_rates[0][rates][approval]", "2.00"),
    ("individual_rates[1][languages][]", "de"), ("individual_rates[1][rates][default]", "1.55"),
    ("individual_rates[1][rates][tm]", "1.20"), ("individual_rates[1][rates][approval]", "2.10"),
]
SEED_CURL_FUZZY = [
    ("unit", "words"), ("mode", "fuzzy"), ("format", "xlsx"),
    ("regular_rates[translation]", "2.05"), ("regular_rates[perfect]", "1.00"),
    ("regular_rates[matched]", "1.00"), ("regular_rates[99-95]", "1.03"),
    ("regular_rates[94-90]", "1.05"), ("regular_rates[89-80]", "1.20"),
    ("regular_rates[approval]", "3.00"),
]


def test_seed_examples_work_as_written(srv, team):
    """The two curl examples (with the owner's login and account-key, languages ca and af that
    the project has not among the rated ones) and the PHP one (mode=words, language=uk)."""
    owner = team.p.owner.auth()
    simple = rows_of(report(srv, team.p, SEED_CURL_SIMPLE, auth=owner))
    assert simple[0] == ["User", "Language", "default (chars)", "tm (chars)",
                         "approval (chars)", "Cost ($)"], simple[0]
    assert simple[-1][0] == "Total" and float(simple[-1][-1]) > 0, simple
    fuzzy = report(srv, team.p, SEED_CURL_FUZZY, auth=owner)
    assert fuzzy.content[:2] == b"PK", fuzzy.content[:20]
    # the PHP example: a GET with everything in the query, mode=words (a unit, not a mode)
    r = srv.v1(f"/api/project/{team.p.identifier}/reports/translation-costs/export",
               list(owner.items()) + [("mode", "words"), ("language", "uk")], fmt=None,
               method="GET")
    assert r.status_code == 200, r.text
    d = download(srv, team.p, ET.fromstring(r.content).findtext("hash"), auth=owner)
    assert d.status_code == 200 and d.content[:2] == b"PK", d.text[:300]
    # taken as unit=words in simple mode: the same report as asking for that
    words = [("language", "uk")]
    assert table(srv, team, [("mode", "words")] + words) == \
        table(srv, team, [("unit", "words"), ("mode", "simple")] + words)
    # a unit name in mode next to a unit of its own is still no mode
    assert_v1_error(export(srv, team.p, params=[("mode", "words"), ("unit", "chars")]), 38, 400)
