"""The board overview page draws the service's figures."""

import re
from datetime import date

from sqlalchemy import select

from gfj_core.db import session_scope
from gfj_core.models import BoardMeeting
from gfj_core.scorecard import MAX_TILES
from gfj_core.services.overview import board_overview
from tests.conftest import demo_actor
from tests.ui.apptest import (
    app_as,
    html_tables,
    open_page,
    page_text,
    run_page_directly,
    tile_figures,
)


def test_overview_shows_the_services_figures(demo_db):
    board = demo_actor(demo_db, "board")
    at = open_page(board, "pages/overview.py")
    assert not at.exception
    with session_scope(demo_db) as s:
        ov = board_overview(s, today=date.today(), actor=board)
    metrics = {m.label: m.value for m in at.metric}
    metrics |= {label: figure for label, (figure, _) in tile_figures(at).items()}
    assert metrics["Milestones done"] == f"{ov.milestones.done} of {ov.milestones.total}"
    assert metrics["Leaders ready now"] == str(ov.readiness.ready_now)
    assert metrics["Days to planned handover"] == f"{ov.days_to_handover:,}"
    text = page_text(at)
    assert "Search and select" in text or ov.phase.name in text
    assert "fictional" in text
    # The two charts are HTML (ui/svg.py), not plotly: plotly cost ~1.6 s per visit in Chromium.
    charts = [h.proto.body for h in at.get("html") if 'class="gfj-hb"' in h.proto.body]
    charts += [h.proto.body for h in at.get("html") if 'class="gfj-vb"' in h.proto.body]
    assert len(charts) == 2
    assert not at.get("plotly_chart")


def test_overview_refuses_a_mentor_even_when_run_directly(demo_db):
    at = run_page_directly(demo_actor(demo_db, "mentor"), "pages/overview.py")
    assert "not available to your role (mentor)" in page_text(at)
    assert not at.metric and not tile_figures(at)


def test_overview_refuses_a_stranger_run_directly(demo_db):
    at = run_page_directly(None, "pages/overview.py")
    assert "Please sign in" in page_text(at)
    assert not at.metric and not tile_figures(at)


# --- The scorecard (issue 6) ----------------------------------------------------------------

from gfj_core.services.overview import board_scorecard  # noqa: E402


def test_overview_draws_every_scorecard_tile_with_its_figure_and_light(demo_db):
    board = demo_actor(demo_db, "board")
    at = open_page(board, "pages/overview.py")
    assert not at.exception
    with session_scope(demo_db) as s:
        card = board_scorecard(s, today=date.today(), actor=board)
    tiles = tile_figures(at)
    assert 1 <= len(card.tiles) <= MAX_TILES
    assert list(tiles) == [t.label for t in card.tiles]  # every tile, in the card's order
    for tile in card.tiles:
        assert tiles[tile.label] == (tile.value_text, tile.light.word)
    text = page_text(at)
    assert "Tiles from: Transition plan" in text
    # The formula is shown on demand, in a dialog, with each component's rule and inputs.
    assert card.index.formula not in text
    at.button(key="index_how").click().run()
    text = page_text(at)
    assert card.index.formula in text
    for c in card.index.components:
        assert c.label in text
        assert (c.formula if c.included else c.reason) in text


def test_board_members_see_what_changed_since_the_last_meeting_and_open_actions(demo_db):
    at = open_page(demo_actor(demo_db, "board"), "pages/overview.py")
    text = page_text(at)
    assert "Since the last board meeting" in text
    assert "Board meeting, October 2026" in text
    assert "Open action items (" in text
    assert any(b.label == "Download board packet" for b in at.button)
    assert "Needs your attention" in text and "Next board meeting" in text


def test_staff_see_the_scorecard_without_meeting_business_or_the_packet(demo_db):
    at = open_page(demo_actor(demo_db, "staff"), "pages/overview.py")
    assert not at.exception
    text = page_text(at)
    assert "Scorecard" in text
    assert "Since the last board meeting" not in text and "Open action items" not in text
    assert not any(b.label == "Download board packet" for b in at.button)


def test_preparing_the_packet_offers_both_downloads(demo_db):
    at = open_page(demo_actor(demo_db, "treasurer"), "pages/overview.py")
    assert [d.proto.label for d in at.get("download_button")] == []
    at.button(key="prepare_packet").click()
    at.run(timeout=180)
    assert not at.exception
    labels = [d.proto.label for d in at.get("download_button")]
    assert labels == ["Download board packet", "Figures behind it (Excel)"]
    assert "made again only when the data changes" in page_text(at)
    # Made once for these figures: the next visit offers the download straight away.
    at.run()
    assert [d.proto.label for d in at.get("download_button")][0] == "Download board packet"
    assert not [b for b in at.button if b.key == "prepare_packet"]


def test_the_present_url_parameter_opens_presenter_mode(demo_db):
    at = app_as(demo_actor(demo_db, "board"))
    at.query_params["present"] = "1"
    at.switch_page("pages/overview.py")
    at.run()
    assert not at.exception
    text = page_text(at)
    assert "privacy mode on: aggregates only" in text
    assert "1 / " in text


def test_the_work_done_and_readiness_charts_carry_the_services_figures_as_text(demo_db):
    board = demo_actor(demo_db, "board")
    at = open_page(board, "pages/overview.py")
    with session_scope(demo_db) as s:
        ov = board_overview(s, today=date.today(), actor=board)
    bodies = [h.proto.body for h in at.get("html")]
    work = next(b for b in bodies if 'class="gfj-hb"' in b)
    m, c = ov.milestones, ov.checklist
    for label, share in (
        ("Milestones done", m.done_share),
        ("Exit checklist done", c.done_share),
        ("Authority transfers done", c.authority_done_share),
    ):
        assert f">{label}</div>" in work
        assert f">{share * 100:.0f}%</span>" in work
    assert f"Time elapsed {ov.transition_elapsed_share * 100:.0f}%" in work
    ready = next(b for b in bodies if 'class="gfj-vb"' in b)
    r = ov.readiness
    for label, n in (
        ("Ready now", r.ready_now),
        ("Ready in 1-2 years", r.ready_1_2_years),
        ("Ready in 3+ years", r.ready_3_plus_years),
    ):
        # The count is written above its bar with the level for a screen reader.
        assert f'<span class="gfj-sr">{label}: </span>{n}</span>' in ready


def test_every_tile_with_a_trend_has_a_sparkline_that_reads_out_its_points(demo_db):
    """Drawn as inline SVG (a Vega chart per tile cost the browser ~40 ms each); its aria-label
    and <title> give what each point is and the points, oldest first, so it is not a picture
    only."""
    board = demo_actor(demo_db, "board")
    at = open_page(board, "pages/overview.py")
    with session_scope(demo_db) as s:
        card = board_scorecard(s, today=date.today(), actor=board)
    grid = next(m.value for m in at.markdown if 'class="gfj-tiles"' in m.value)
    svgs = re.findall(r'<svg class="gfj-spark".*?</svg>', grid, re.S)
    trended = [t for t in card.tiles if len(t.trend) > 1]
    assert trended and len(svgs) == len(trended)
    for t, svg in zip(trended, svgs, strict=True):
        points = ", ".join(f"{v:,.1f}".removesuffix(".0") for v in t.trend)
        assert 'role="img"' in svg
        assert f'aria-label="Trend ({t.trend_label}), oldest to newest: {points}"' in svg
        assert f"<title>Trend ({t.trend_label}), oldest to newest: {points}</title>" in svg


def test_the_home_page_shows_due_this_week_for_the_signed_in_person(demo_db):
    from gfj_core.services.due_items import due_this_week

    ceo = demo_actor(demo_db, "ceo")
    with session_scope(demo_db) as s:
        week = due_this_week(s, today=date.today(), actor=ceo)
    at = open_page(ceo, "pages/overview.py")
    assert not at.exception
    text = page_text(at)
    assert "Due this week" in text
    for item in week.items:
        assert item.title in text
    if week.empty:
        assert "Nothing of yours falls due this week." in text


def test_a_tile_picked_under_the_grid_opens_its_drill_down_and_its_page(demo_db):
    """The grid is text; what is behind each tile is one pick away, and the pick does not stay
    chosen, so the same tile opens again."""
    from ui.board import DRILL_PICK

    board = demo_actor(demo_db, "board")
    at = open_page(board, "pages/overview.py")
    with session_scope(demo_db) as s:
        card = board_scorecard(s, today=date.today(), actor=board)
    tile = next(t for t in card.tiles if t.drill and t.page_key)
    picker = at.pills(key=DRILL_PICK)
    assert tile.key in picker.options or tile.label in picker.options
    for _ in range(2):
        at.pills(key=DRILL_PICK).set_value(tile.key).run()
        assert not at.exception
        text = page_text(at)
        for d in tile.drill:
            assert d.title in text
        assert any(p.proto.label == "Open the page behind it" for p in at.get("page_link"))
        assert at.pills(key=DRILL_PICK).value is None


def test_due_this_week_lists_the_first_items_and_says_how_many_more(demo_db):
    """However much a person owns, the box stays a screen long: the soonest items, then how many
    more; the pages behind it list every one."""
    from gfj_core.models import Milestone, UserAccount
    from gfj_core.schemas.auth import SYSTEM
    from gfj_core.services.due_items import due_this_week
    from ui.due import DUE_SHOWN

    today = date.today()
    with session_scope(demo_db, write=True, actor=SYSTEM) as s:
        ceo = s.scalar(select(UserAccount.person_id).where(UserAccount.username == "ceo"))
        open_ones = s.scalars(select(Milestone).where(Milestone.status != "done")).all()
        for n, m in enumerate(open_ones[: DUE_SHOWN + 4]):
            m.owner_person_id, m.forecast_finish, m.title = ceo, today, f"Due-cap milestone {n:02d}"
    actor = demo_actor(demo_db, "ceo")
    with session_scope(demo_db) as s:
        week = due_this_week(s, today=today, actor=actor)
    assert len(week.items) >= DUE_SHOWN + 4
    text = page_text(open_page(actor, "pages/overview.py"))
    for item in week.items[:DUE_SHOWN]:
        assert item.title in text
    for item in week.items[DUE_SHOWN:]:
        assert item.title not in text
    assert f"and {len(week.items) - DUE_SHOWN} more" in text
    for m in week.meetings:
        assert m.title in text


def test_the_overview_shows_the_soonest_open_actions_as_text_and_counts_the_rest(demo_db):
    from gfj_core.schemas.board import ActionItemCreate
    from gfj_core.services.board_meetings import add_action_item, open_action_items
    from ui.board import ACTIONS_SHOWN

    today = date.today()
    board = demo_actor(demo_db, "board")
    with session_scope(demo_db) as s:
        held = s.scalar(
            select(BoardMeeting.id)
            .where(BoardMeeting.status == "held")
            .order_by(BoardMeeting.held_on.desc())
        )
    with session_scope(demo_db, write=True, actor=board) as s:
        for n in range(ACTIONS_SHOWN + 3):
            add_action_item(
                s, held, ActionItemCreate(title=f"Cap action {n}", due_date=today), actor=board,
                today=today,
            )  # fmt: skip
    with session_scope(demo_db) as s:
        actions = open_action_items(s, as_of=today, actor=board)
    at = open_page(board, "pages/overview.py")
    assert not at.exception
    # A plain table (text a projector shows whole), not a scrolling grid.
    [table] = [t for t in html_tables(at) if "Carried over" in t[0]]
    assert table[0] == ["Action", "Owner", "Due", "Raised", "Carried over", "Flag"]
    assert [row[0] for row in table[1:]] == [a.title for a in actions[:ACTIONS_SHOWN]]
    assert f"{len(actions) - ACTIONS_SHOWN} more on Board meetings" in page_text(at)
    assert not at.dataframe and not at.table
