"""The supporter's Portfolio page (issue 20): the organisations that share with it, side by side,
most red lights first; one organisation's aggregate scorecard; a revoke gone at the next click;
an organisation that does not share is never shown; nothing but aggregates on the page."""

from __future__ import annotations

from sqlalchemy import select

from gfj_core.db import session_scope
from gfj_core.models import Person
from tests.markers import ALLOWED
from tests.portfolio import revoke
from tests.ui.apptest import app_as, nav_titles, page_text


def _rows(at) -> list[str]:
    return list(at.dataframe[0].value["Organization"])


def test_the_supporter_sees_the_sharing_organisations_most_red_lights_first(portfolio):
    at = app_as(portfolio.fellow)
    assert not at.exception
    assert nav_titles(at) == ["Portfolio"]
    names = portfolio.names
    assert _rows(at) == [names["second"], names["default"]]
    frame = at.dataframe[0].value
    assert list(frame["Red lights"]) == sorted(frame["Red lights"], reverse=True)
    assert frame["Red lights"][0] == frame["Red lights"][1] + 1  # second's months of cash
    cell = list(frame["Months of cash"][0])  # one label, tinted with its light
    assert len(cell) == 1 and cell[0].startswith("0.4 · Act")
    assert names["third"] not in page_text(at)


def test_choosing_an_organisation_opens_its_aggregate_scorecard(portfolio):
    at = app_as(portfolio.fellow)
    at.selectbox(key="portfolio_open").select("second").run()
    assert not at.exception
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Months of cash"] == "0.4"
    assert "Succession readiness index" in metrics


def test_a_revoke_takes_the_organisation_off_at_the_next_click(portfolio):
    at = app_as(portfolio.fellow)
    assert portfolio.names["second"] in _rows(at)
    revoke(portfolio.engines["second"])
    at.run()
    assert not at.exception
    assert _rows(at) == [portfolio.names["default"]]


def test_the_page_shows_no_marker_no_persons_name_and_no_free_text(marked, portfolio):
    at = app_as(portfolio.fellow)
    at.selectbox(key="portfolio_open").select("default").run()
    text = page_text(at)
    with session_scope(portfolio.engines["default"]) as s:
        people = list(s.scalars(select(Person.full_name)))
    assert [p for p in people if p in text] == []
    assert [m for m in ALLOWED if m in text] == []


def test_without_any_share_the_page_says_so(demo_db, portfolio):
    revoke(portfolio.engines["default"])
    revoke(portfolio.engines["second"])
    at = app_as(portfolio.fellow)
    assert "No organization shares its figures with you yet." in page_text(at)
