"""The Finances page draws the service's figures, follows the as-of picker and the runway
scenario, and refuses roles without finance access."""

import json
import re
from datetime import date

from gfj_core.db import session_scope
from gfj_core.measures import FINANCE_TILE_ROWS
from gfj_core.services.finance_measures import finance_measures
from gfj_core.services.finance_scenarios import runway_scenario
from tests.conftest import demo_actor
from tests.ui.apptest import (
    html_tables,
    open_expander,
    open_page,
    open_tab,
    page_text,
    run_page_directly,
    shown_tiles,
)

OCT_2026 = date(2026, 10, 1)
TABS = "fin_tab"


def finances(actor, tab: str | None = None):
    """The Finances page as `actor` opens it, on `tab` when one is named."""
    at = open_page(actor, "pages/finances.py")
    return open_tab(at, TABS, tab) if tab else at


def metrics(at) -> dict[str, str]:
    """Every figure shown: the measures' tiles (one HTML grid per row) and the st.metric ones."""
    return {m.label: m.value for m in at.metric} | {
        label: t.figure for label, t in shown_tiles(at).items()
    }


def test_board_sees_the_measures_as_tiles_with_lights_and_sparklines(demo_db):
    board = demo_actor(demo_db, "board")
    at = open_page(board, "pages/finances.py")
    assert not at.exception
    with session_scope(demo_db) as s:
        m = finance_measures(s, as_of=OCT_2026, actor=board)
    shown = metrics(at)
    # Every figure with its unit (issue 22): "5.2 months", not "5.2".
    assert shown["Months of cash"] == f"{m.months_of_cash:.1f} months"
    assert shown["Months of LUNA (liquid unrestricted net assets)"] == (
        f"{m.months_of_luna:.1f} months"
    )
    assert shown["Defensive interval"] == f"{m.defensive_interval_months:.1f} months"
    assert shown["Founder-dependent share of gifts"] == (
        f"{m.founder_dependent_gift_share * 100:.0f}%"
    )
    assert shown["Largest funder's share of gifts"] == f"{m.top_funder_share * 100:.0f}%"
    assert shown["Cost to raise a dollar"] == f"${m.fundraising_efficiency:.2f}"
    assert shown["Funder concentration (Herfindahl index, HHI)"] == f"{m.funder_hhi:.2f} of 1"
    text = page_text(at)
    assert "Oct 2026" in text and "Carmen Perez-Jordan" in text
    assert "Act" in text and "Healthy" in text  # lights carry words
    assert "How these are computed" in [e.label for e in at.expander]
    # Every measure's tile has its sparkline, drawn as SVG (no Vega chart per tile), and the
    # tiles are the only figures until a tab is opened: the runway's three st.metric figures
    # are on their own tab.
    tiles = shown_tiles(at)
    assert len(tiles) == sum(len(keys) for _, keys in FINANCE_TILE_ROWS)
    assert all(t.sparkline for t in tiles.values())
    assert not at.metric
    open_tab(at, TABS, "Funders and runway")
    assert not any(el.proto.chart_data for el in at.metric) and len(at.metric) == 3


def _charts(at) -> list[dict]:
    return [json.loads(c.proto.spec) for c in at.get("plotly_chart")]


def test_the_charts_are_drawn_with_threshold_bands_and_the_leaders_funders_marked(demo_db):
    at = open_page(demo_actor(demo_db, "board"), "pages/finances.py")
    assert [t.label for t in at.tabs][0] == "Statements"
    assert not _charts(at)  # the tabs not open draw nothing
    charts = []
    for tab, drawn in (
        ("Cover and history", 3),
        ("Money in and out", 3),
        ("Funders and runway", 2),
    ):
        shown = _charts(open_tab(at, TABS, tab))
        assert len(shown) == drawn, tab  # only the open tab's charts
        charts += shown
    assert len(charts) == 8  # seven monthly charts and the Form 990 history
    cash_trend = charts[0]
    zone_labels = [a["text"] for a in cash_trend["layout"]["annotations"]]
    assert zone_labels == ["Act: under 1", "Watch: under 3", "Healthy"]
    funders = next(
        c
        for c in charts
        if c["layout"]["xaxis"].get("title", {}).get("text", "").startswith("Share")
    )
    held = next(t for t in funders["data"] if t["name"].startswith("Held by Carmen"))
    assert "Hollis Park Foundation" in held["y"]
    assert any("not started" in t for t in held["text"])


def test_choosing_an_earlier_month_redraws_the_figures_for_it(demo_db):
    board = demo_actor(demo_db, "board")
    at = open_page(board, "pages/finances.py")
    at.selectbox(key="fin_as_of").set_value(date(2025, 3, 1)).run()
    assert not at.exception
    with session_scope(demo_db) as s:
        m = finance_measures(s, as_of=date(2025, 3, 1), actor=board)
    assert metrics(at)["Months of cash"] == f"{m.months_of_cash:.1f} months"
    assert "Apr 2024 to Mar 2025" in page_text(at)


def test_the_runway_panel_follows_the_chosen_scenario(demo_db):
    board = demo_actor(demo_db, "board")
    at = finances(board, "Funders and runway")
    with session_scope(demo_db) as s:
        top = runway_scenario(s, as_of=OCT_2026, lapse_top_funder=True, actor=board)
        founder = runway_scenario(s, as_of=OCT_2026, lapse_founder_dependent=True, actor=board)
        two = runway_scenario(
            s, as_of=OCT_2026, lapse=["Dolores Hart", "Brightline Media Group"], actor=board
        )
    assert metrics(at)["Runway if they lapse"] == f"{top.runway_months:.1f} months"
    at.radio(key="fin_lapse_mode").set_value("founder").run()
    assert metrics(at)["Runway if they lapse"] == f"{founder.runway_months:.1f} months"
    at.radio(key="fin_lapse_mode").set_value("chosen").run()
    at.pills(key="fin_lapse_chosen").set_value(["Dolores Hart", "Brightline Media Group"]).run()
    assert not at.exception
    assert metrics(at)["Runway if they lapse"] == f"{two.runway_months:.1f} months"


def test_program_continuity_lists_each_program_with_lead_and_backup(demo_db):
    at = finances(demo_actor(demo_db, "treasurer"), "Programs")
    table = next(d.value for d in at.dataframe if "Program" in d.value.columns)
    assert set(table["Program"]) == {
        "Justice League NYC",
        "Justice League CA",
        "Kingian nonviolence training",
        "Youth cultural organizing",
        "Policy and legislative advocacy",
    }
    backups = dict(zip(table["Program"], table["Backup"], strict=True))
    assert backups["Kingian nonviolence training"] == "⚠ none named"
    assert backups["Policy and legislative advocacy"] == "Carmen Perez-Jordan ⚠ departing"
    shares = list(table["Share secured"])
    assert shares == sorted(shares)  # worst funded first


def test_staff_and_mentors_are_refused_even_when_run_directly(demo_db):
    for user in ("staff", "mentor"):
        at = run_page_directly(demo_actor(demo_db, user), "pages/finances.py")
        assert "not available to your role" in page_text(at)
        assert not at.metric


def test_without_accounts_the_page_says_how_to_import_them(empty_db):
    from gfj_core.access import Role
    from tests.conftest import bare_actor

    at = open_page(bare_actor(Role.admin), "pages/finances.py")
    assert not at.exception
    assert "No monthly accounts have been imported yet" in page_text(at)


def test_every_finance_tile_says_what_the_measure_catalogue_says(demo_db):
    """Name, figure and help of each tile come from the catalogue: a tile written by hand, or a
    catalogue entry the page forgot, fails here."""
    from gfj_core.measures import FINANCE, FINANCE_TILE_ROWS
    from gfj_core.services.org_settings import load_org_settings

    board = demo_actor(demo_db, "board")
    at = open_page(board, "pages/finances.py")
    with session_scope(demo_db) as s:
        m = finance_measures(s, as_of=OCT_2026, actor=board)
        bands = load_org_settings(s).thresholds
    tiles = shown_tiles(at)
    for _, keys in FINANCE_TILE_ROWS:
        for key in keys:
            measure = FINANCE[key]
            assert measure.name in tiles, measure.name
            tile = tiles[measure.name]
            assert tile.figure == measure.text(getattr(m, key))
            band = bands.get(measure.band) if measure.band else None
            assert tile.help == " ".join(measure.help_text(band).split())
            assert measure.formula in tile.help
            # A measure with a threshold shows its light as a word; one without shows none.
            assert (tile.light != "") == (key in m.lights)
    # A judged measure's help states the organisation's own thresholds.
    assert "Healthy at 3 months or more; Act below 1 months." in tiles["Months of cash"].help


# --- the five-year history from the Form 990s (issue 17) ------------------------------------------


def _history_tables(at):
    frames = [d.value for d in at.dataframe]
    # A styled table arrives as a pandas Styler: read its data.
    frames = [getattr(f, "data", f) for f in frames]
    history = next(v for v in frames if "Program expense ratio" in v.columns)
    beside = next(v for v in frames if "Revenue, months" in v.columns)
    return history, beside


def _history_tables_one(at):
    frames = [getattr(d.value, "data", d.value) for d in at.dataframe]
    return next(v for v in frames if "Program expense ratio" in v.columns)


def test_the_history_section_draws_the_returns_with_lights_and_the_months_beside_them(demo_db):
    from gfj_core.services.financial_history import financial_history

    board = demo_actor(demo_db, "board")
    at = finances(board, "Cover and history")
    assert not at.exception
    with session_scope(demo_db) as s:
        years = financial_history(s, actor=board).years
    text = page_text(at)
    assert "Five-year history from the Form 990s" in text
    assert "These returns are fictional demo data." in text
    history, beside = _history_tables(at)
    assert list(history["Year"]) == ["2025", "2024", "2023"]  # newest first
    newest = history.iloc[0]
    assert newest["Revenue"] == f"${years[-1].total_revenue:,}"
    assert newest["Surplus"] == f"−${abs(years[-1].surplus):,}"  # 2025 ran a deficit
    # One share format on the page (issue 22): whole percent, as on the tiles.
    assert newest["Program expense ratio"] == f"{years[-1].program_expense_ratio * 100:.0f}%"
    assert newest["Program light"] == "✓ Healthy" and newest["Cash light"] == "✓ Healthy"
    assert list(beside["Months on file"]) == ["12 of 12", "12 of 12", "2 of 12"]
    assert list(beside["Revenue difference"])[:2] == ["$0", "$0"]
    assert beside.iloc[2]["Revenue, months"] == "partial"
    chart = next(
        json.loads(c.proto.spec)
        for c in at.get("plotly_chart")
        if json.loads(c.proto.spec)["layout"]["yaxis"].get("title", {}).get("text")
        == "Per fiscal year"
    )
    bars = [t for t in chart["data"] if t["type"] == "bar"]
    assert [t["name"] for t in bars] == ["Revenue", "Expenses"]
    assert bars[0]["x"] == ["2023", "2024", "2025"]
    (labels,) = [t for t in chart["data"] if t.get("mode") == "text"]
    assert labels["text"][-1] == "−$34k<br>deficit"  # words and sign, not colour alone
    shown = metrics(at)
    assert shown["Months of cash, end of 2025"] == f"{years[-1].months_of_cash_eoy:.1f} months"


def test_the_board_sees_the_departing_leaders_pay_but_not_in_presenter_privacy_mode(demo_db):
    board = demo_actor(demo_db, "board")
    at = finances(board, "Cover and history")
    # Names and titles are user data, drawn inert (Markdown escaped); page_text reads them as
    # a person sees them, the escapes gone.
    text = page_text(at).replace("**", "")
    assert "Transition budget baseline: Carmen Perez" in text
    assert "(President & CEO) reported compensation" in text
    assert "$168,400" in page_text(at)
    at.session_state["presenter_privacy"] = True
    at.run()
    text = page_text(at)
    assert "$168,400" not in text
    assert "hidden while presenter privacy mode is on" in text


def test_the_ceo_and_admin_see_the_history_but_not_the_pay(demo_db):
    for user in ("ceo", "admin"):
        at = finances(demo_actor(demo_db, user), "Cover and history")
        text = page_text(at)
        assert "Five-year history from the Form 990s" in text
        assert "$168,400" not in text and "Transition budget baseline" not in text


def test_without_accounts_the_history_from_the_returns_still_shows(empty_db):
    from gfj_core.access import Role
    from gfj_core.services.financial_history import import_form990
    from tests.conftest import bare_actor
    from tests.services.test_financial_history import files

    admin = bare_actor(Role.admin)
    with session_scope(empty_db, write=True, actor=admin) as s:
        import_form990(s, files=files("990_2011_legacy.xml", "990_2019_modern.xml"), actor=admin)
    at = open_page(admin, "pages/finances.py")
    assert not at.exception
    text = page_text(at)
    assert "No monthly accounts have been imported yet" in text
    assert "Fiscal years 2011 to 2019 as filed" in text
    history = _history_tables_one(at)
    assert list(history["Program light"]) == ["✓ Healthy", "! Watch"]  # 77.1%, 71.0%


# --- the treasurer's view (issue 22 item 10) ----------------------------------------------------


def _table_with(at, column: str):
    """The plain (HTML) table with `column`, as a frame of the texts it shows."""
    import pandas as pd

    tables = [pd.DataFrame(t[1:], columns=t[0]) for t in html_tables(at) if column in t[0]]
    return tables[0]


def test_the_treasurer_sees_the_statement_of_activities_and_the_balance_sheet(demo_db):
    from gfj_core.formatting import money, variance
    from gfj_core.services.finance_statements import financial_statements

    treasurer = demo_actor(demo_db, "treasurer")
    at = open_page(treasurer, "pages/finances.py")  # the first tab, open by default
    assert not at.exception
    with session_scope(demo_db) as s:
        st = financial_statements(s, as_of=OCT_2026, actor=treasurer)
    text = page_text(at)
    assert "Statement of activities" in text and "Balance sheet summary" in text
    statement = _table_with(at, "Budget to date")
    lines = dict(zip(statement["Line"].str.strip(), statement["Year to date"], strict=True))
    by_key = {r.key: r for r in st.activities}
    assert lines["Program services"] == money(by_key["expense_program"].ytd)
    assert lines["Total expenses"] == money(by_key["total_expenses"].ytd)
    expenses = statement[statement["Line"].str.strip() == "Total expenses"].iloc[0]
    total = by_key["total_expenses"]
    assert expenses["Against budget"].startswith(
        f"{money(total.ytd_variance)} ({variance(total.ytd_variance_share)})"
    )
    if total.ytd_variance_share and total.ytd_variance_share > 0:
        assert "Healthy" not in expenses["Against budget"]  # overspending is never green
    balance = _table_with(at, "Change")
    rows = dict(zip(balance["Line"].str.strip(), balance["End of Oct 2026"], strict=True))
    sheet = {r.key: r for r in st.balance_sheet}
    assert rows["Total assets"] == money(sheet["total_assets"].now)
    assert rows["Total liabilities and net assets"] == rows["Total assets"]
    assert "End of Dec 2025" in balance.columns  # the last fiscal year's end beside it
    # Headings and totals are marked for the eye (bold), amounts right-aligned.
    (body,) = [h.proto.body for h in at.get("html") if "Budget to date" in h.proto.body]
    assert re.search(r'<tr class="gfj-heading"><td data-label="Line"[^>]*>Revenue</td>', body)
    assert re.search(r'<tr class="gfj-total"><td data-label="Line"[^>]*>Total expenses<', body)
    assert '<th scope="col" class="gfj-num">Year to date</th>' in body


def test_runway_and_months_of_cash_say_what_they_assume_on_the_page(demo_db):
    board = demo_actor(demo_db, "board")
    at = finances(board, "Funders and runway")
    with session_scope(demo_db) as s:
        top = runway_scenario(s, as_of=OCT_2026, lapse_top_funder=True, actor=board)
    text = page_text(at)
    assert "What these assume" in text
    assert top.months_of_cash_assumes in text and top.baseline_assumes in text
    assert top.scenario_assumes in text


def test_the_finance_page_says_program_not_programme(demo_db):
    at = open_page(demo_actor(demo_db, "treasurer"), "pages/finances.py")
    text = " ".join(t.label for t in at.tabs)
    for tab in [t.label for t in at.tabs]:  # every tab's words, each drawn in turn
        open_tab(at, TABS, tab)
        text += page_text(at) + " ".join(e.label for e in at.expander)
        for frame in (d.value for d in at.dataframe):
            frame = frame.data if hasattr(frame, "data") else frame
            text += " ".join(map(str, frame.columns))
    # A setting's key (thresholds.programme_funding_secured) is an identifier and may stay.
    words = __import__("re").sub(r"[\w.]*programme_\w*", "", text.lower())
    assert "programme" not in words


# --- Corrections (issue 15) --------------------------------------------------------------------


def _click(at, label: str):
    next(b for b in at.button if b.label == label).click()
    return at.run()


def test_the_board_sees_no_corrections_and_the_treasurer_does(demo_db):
    board = open_page(demo_actor(demo_db, "board"), "pages/finances.py")
    assert "Correct the records" not in [t.label for t in board.tabs]
    treasurer = open_page(demo_actor(demo_db, "treasurer"), "pages/finances.py")
    assert not treasurer.exception
    assert "Correct the records" in [t.label for t in treasurer.tabs]
    # The corrections are drawn even while their tab is closed, so unsaved edits in the grids
    # survive a look at another tab.
    assert "Save funder changes" in [b.label for b in treasurer.button]


def test_removing_a_month_of_accounts_changes_the_tiles_at_the_next_read(demo_db):
    treasurer = demo_actor(demo_db, "treasurer")
    at = finances(treasurer, "Correct the records")
    before = metrics(at)["Months of cash"]
    assert at.selectbox(key="fin_as_of").value == OCT_2026
    at.selectbox(key="fr_month_pick").set_value(OCT_2026).run()
    at = _click(at, "Remove this month…")
    assert "This removes the accounts of Oct 2026" in page_text(at)
    at = _click(at, "Cancel")  # cancelling keeps the month
    assert at.selectbox(key="fin_as_of").options[0] == "Oct 2026"
    at.selectbox(key="fr_month_pick").set_value(OCT_2026).run()
    at = _click(at, "Remove this month…")
    at = _click(at, "Yes, remove it")
    assert not at.exception
    assert "Removed the accounts of Oct 2026" in page_text(at)
    assert at.selectbox(key="fin_as_of").value == date(2026, 9, 1)
    with session_scope(demo_db) as s:
        m = finance_measures(s, as_of=date(2026, 9, 1), actor=treasurer)
    after = metrics(at)["Months of cash"]
    assert after == f"{m.months_of_cash:.1f} months" and after != before


def test_archiving_a_funder_in_the_table_hides_it_until_shown(demo_db):
    at = finances(demo_actor(demo_db, "ceo"), "Correct the records")
    grid = next(e for e in at.data_editor if "Archived" in e.value.columns)
    row = grid.value["Funder"].tolist().index("Hollis Park Foundation")
    at.session_state["fr_funders_0"] = {
        "edited_rows": {row: {"Archived": True}},
        "added_rows": [],
        "deleted_rows": [],
    }
    at.run()
    at.button(key="fr_funders_save").click().run()
    assert not at.exception
    assert "Saved 1 funder(s)." in page_text(at)
    grid = next(e for e in at.data_editor if "Archived" in e.value.columns)
    assert "Hollis Park Foundation" not in grid.value["Funder"].tolist()
    at.toggle(key="fr_show_archived").set_value(True).run()
    grid = next(e for e in at.data_editor if "Archived" in e.value.columns)
    assert "Hollis Park Foundation" in grid.value["Funder"].tolist()


def test_a_funder_renamed_to_another_funders_name_is_refused_and_the_edit_kept(demo_db):
    at = finances(demo_actor(demo_db, "treasurer"), "Correct the records")
    grid = next(e for e in at.data_editor if "Archived" in e.value.columns)
    row = grid.value["Funder"].tolist().index("Sojourner Freedom Fund")
    at.session_state["fr_funders_0"] = {
        "edited_rows": {row: {"Funder": "Hollis Park Foundation"}},
        "added_rows": [],
        "deleted_rows": [],
    }
    at.run()
    at.button(key="fr_funders_save").click().run()
    assert "Another funder is already called" in page_text(at)
    assert at.session_state["fr_funders_0"]["edited_rows"]


def test_removing_a_gift_asks_first_then_confirms(demo_db):
    from gfj_core.services.finance_records import finance_records

    admin = demo_actor(demo_db, "admin")
    with session_scope(demo_db) as s:
        gift = finance_records(s, actor=admin).gifts[0]
    at = finances(admin, "Correct the records")
    at.selectbox(key="fr_gift_pick").set_value(gift.id).run()
    at = _click(at, "Remove this gift…")
    assert f"“{gift.reference}”" in page_text(at)
    at = _click(at, "Yes, remove it")
    assert not at.exception
    assert "Removed the" in page_text(at)
    with session_scope(demo_db) as s:
        assert gift.id not in {g.id for g in finance_records(s, actor=admin).gifts}


def test_the_closed_expanders_draw_their_tables_only_once_opened(demo_db):
    """A closed expander costs the browser nothing (ui.widgets.lazy_expander): the list of every
    funder and the thresholds appear when their expander is opened, and stay."""
    from gfj_core.services.finance_measures import finance_dashboard

    board = demo_actor(demo_db, "board")
    with session_scope(demo_db) as s:
        d = finance_dashboard(s, as_of=OCT_2026, actor=board)
    at = finances(board, "Funders and runway")
    funders = [e for e in at.expander if e.label == f"All {len(d.funders)} funders in this window"]
    assert funders and not funders[0].children
    tables = len(at.dataframe)
    open_expander(at, "fin_funders_open")
    assert not at.exception
    assert len(at.dataframe) == tables + 1
    assert any(len(t.value) == len(d.funders) for t in at.dataframe)
    open_expander(at, "fin_how_open")
    assert "Thresholds" in page_text(at)
    assert len(at.dataframe) == tables + 2
