"""The Finances page draws the service's figures, follows the as-of picker and the runway
scenario, and refuses roles without finance access."""

import json
from datetime import date

from gfj_core.db import session_scope
from gfj_core.services.finance import finance_measures, runway_scenario
from tests.conftest import demo_actor
from tests.ui.apptest import open_page, page_text, run_page_directly

OCT_2026 = date(2026, 10, 1)


def metrics(at) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def test_board_sees_the_measures_as_tiles_with_lights_and_sparklines(demo_db):
    board = demo_actor(demo_db, "board")
    at = open_page(board, "pages/finances.py")
    assert not at.exception
    with session_scope(demo_db) as s:
        m = finance_measures(s, as_of=OCT_2026, actor=board)
    shown = metrics(at)
    assert shown["Months of cash"] == f"{m.months_of_cash:.1f}"
    assert shown["Months of LUNA"] == f"{m.months_of_luna:.1f}"
    assert shown["Founder-dependent gifts"] == f"{m.founder_dependent_gift_share * 100:.0f}%"
    assert shown["Largest funder's share"] == f"{m.top_funder_share * 100:.0f}%"
    assert shown["Cost to raise a dollar"] == f"${m.fundraising_efficiency:.2f}"
    text = page_text(at)
    assert "Oct 2026" in text and "Carmen Perez-Jordan" in text
    assert "Act" in text and "Healthy" in text  # lights carry words
    assert "How these are computed" in [e.label for e in at.expander][-1]
    with_sparkline = [el for el in at.metric if el.proto.chart_data]
    # All but the three runway figures and the three year-end figures of the Form 990 history.
    assert len(with_sparkline) == len(at.metric) - 6


def test_the_charts_are_drawn_with_threshold_bands_and_the_leaders_funders_marked(demo_db):
    at = open_page(demo_actor(demo_db, "board"), "pages/finances.py")
    charts = [json.loads(c.proto.spec) for c in at.get("plotly_chart")]
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
    assert metrics(at)["Months of cash"] == f"{m.months_of_cash:.1f}"
    assert "Apr 2024 to Mar 2025" in page_text(at)


def test_the_runway_panel_follows_the_chosen_scenario(demo_db):
    board = demo_actor(demo_db, "board")
    at = open_page(board, "pages/finances.py")
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


def test_programme_continuity_lists_each_programme_with_lead_and_backup(demo_db):
    at = open_page(demo_actor(demo_db, "treasurer"), "pages/finances.py")
    table = next(d.value for d in at.dataframe if "Programme" in d.value.columns)
    assert set(table["Programme"]) == {
        "Justice League NYC",
        "Justice League CA",
        "Kingian nonviolence training",
        "Youth cultural organizing",
        "Policy and legislative advocacy",
    }
    backups = dict(zip(table["Programme"], table["Backup"], strict=True))
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
