"""Leaders: the board sees every leader, the KPIs and the talent grid; a mentor sees only their
own mentees; private session notes never reach the page; other roles are refused."""

from datetime import date

from sqlalchemy import select

from gfj_core.db import session_scope
from gfj_core.models import MentoringSession
from gfj_core.services.leader_kpis import leaders_overview
from tests.conftest import demo_actor
from tests.ui.apptest import open_page, page_text, run_page_directly, shown_tiles
from ui.leadership import PROFILE_KEY

PAGE = "pages/leaders.py"
# data/demo/leaders.yaml: seven leaders; the demo mentor (Yvette Sandoval) mentors three.
ALL_LEADERS = {
    "Jamal Whitaker",
    "Elena Marquez",
    "Darius Coleman",
    "Sofia Benitez",
    "Kiara Thompson",
    "Malik Hassan",
    "Rosa Delgado",
}
YVETTE_MENTEES = {"Elena Marquez", "Jamal Whitaker", "Sofia Benitez"}


def _private_notes(engine) -> list[str]:
    with session_scope(engine) as s:
        return list(
            s.scalars(
                select(MentoringSession.private_notes).where(
                    MentoringSession.private_notes.is_not(None)
                )
            )
        )


def _everything_drawn(at) -> str:
    """The page's text plus every chart's JSON (labels, hover text, annotations)."""
    return page_text(at) + "".join(c.proto.spec for c in at.get("plotly_chart"))


def ov_rows(engine):
    with session_scope(engine) as s:
        return leaders_overview(s, today=date.today(), actor=demo_actor(engine, "board")).rows


def _table(at):
    return next(d.value for d in at.dataframe if "Leader" in d.value.columns)


def test_the_board_sees_every_leader_the_kpis_and_the_grid(demo_db):
    board = demo_actor(demo_db, "board")
    at = open_page(board, PAGE)
    assert not at.exception
    with session_scope(demo_db) as s:
        ov = leaders_overview(s, today=date.today(), actor=board)
    k = ov.kpis
    metrics = {label: t.figure for label, t in shown_tiles(at).items()}
    assert metrics["Completed program"] == f"{k.completed_mentorship_and_training} of 7"
    assert metrics["Ready now"] == str(k.ready_now)
    assert metrics["Competency gain"] == f"{k.average_competency_gain:+.2f}"
    assert metrics["Sessions a month"] == f"{k.sessions_per_leader_per_month:.1f}"
    assert metrics["Placed in new roles"] == str(k.placements)
    assert metrics["Preparedness"] == f"{k.average_preparedness:.1f} / 5"
    tiles = shown_tiles(at)  # one grid, each figure's definition folded under it
    assert tiles["Completed program"].help == " ".join(k.completion_definition.split())
    text = page_text(at)
    assert "showing every emerging leader" in text
    # The completion definition is stated on the page, not only in a tooltip.
    assert k.completion_definition in text

    table = _table(at)
    assert set(table["Leader"]) == ALL_LEADERS
    by_name = {r.name: r for r in ov.rows}
    for _, row in table.iterrows():
        r = by_name[row["Leader"]]
        assert row["Sessions, 90 days"] == r.sessions_90_days
        assert row["Core training"] == f"{r.training_done} of {r.training_core_total}"
        assert row["Competency"] == f"{r.avg_competency:.2f}"
    # A stale relationship is named in the warning above the table and marked on its mentor in
    # the leader's row; a leader with no recent session at all is flagged on "Last session".
    for s in ov.stale_mentorships:
        assert f"{s.leader_name} with {s.mentor_name}" in text.replace("**", "")
        mentors = table.loc[table["Leader"] == s.leader_name, "Mentors"].item().split(", ")
        assert f"⚠ {s.mentor_name.split()[-1]}" in mentors
    for r in ov.rows:
        last = table.loc[table["Leader"] == r.name, "Last session"].item()
        assert last.startswith("⚠") == r.stale
    assert any(r.stale for r in ov.rows), (
        "the demo should hold a stale leader for this to mean anything"
    )

    assert len(at.get("plotly_chart")) == 1  # the trend; the talent grid is text
    cells = _talent_cells(at)
    assert len(cells) == 9
    # Each cell names the leaders the service puts there, and every active leader sits in
    # exactly one cell of the 3x3 grid.
    expected = {(c.readiness, c.band): sorted(c.leaders) for c in ov.grid}
    for (level, band), names in cells.items():
        assert sorted(names) == expected.get((level, band), []), (level, band)
    placed = [n for names in cells.values() for n in names]
    assert sorted(placed) == sorted(ALL_LEADERS)


def _talent_cells(at) -> dict[tuple[str, str], list[str]]:
    """(readiness, band) -> the names in that cell of the talent grid, read from its HTML (the
    cells come row by row, ready now first, each band left to right)."""
    import re
    from html import unescape

    from gfj_core.metrics.leadership import COMPETENCY_BANDS
    from gfj_core.schemas.leadership import READINESS_LEVELS

    (body,) = [h.proto.body for h in at.get("html") if "gfj-talent" in h.proto.body]
    cells = re.findall(
        r'class="gfj-talent-cell"[^>]*>((?:<div>.*?</div>)*|<span[^>]*>none</span>)', body
    )
    names = [[unescape(n) for n in re.findall(r"<div>(.*?)</div>", c)] for c in cells]
    keys = [(level, band) for level in READINESS_LEVELS for band in COMPETENCY_BANDS]
    return dict(zip(keys, names, strict=True))


def test_the_board_never_sees_a_private_note_on_the_page(demo_db):
    notes = _private_notes(demo_db)
    assert notes, "the demo should hold private notes for this test to mean anything"
    drawn = _everything_drawn(open_page(demo_actor(demo_db, "board"), PAGE))
    for note in notes:
        assert note not in drawn


def test_a_mentor_sees_only_their_own_mentees(demo_db):
    mentor = demo_actor(demo_db, "mentor")
    at = open_page(mentor, PAGE)
    assert not at.exception
    assert set(_table(at)["Leader"]) == YVETTE_MENTEES
    drawn = _everything_drawn(at)
    assert "showing your mentees" in drawn
    for other in ALL_LEADERS - YVETTE_MENTEES:
        assert other not in drawn
    metrics = {label: t.figure for label, t in shown_tiles(at).items()}
    with session_scope(demo_db) as s:
        k = leaders_overview(s, today=date.today(), actor=mentor).kpis
    assert metrics["Completed program"] == f"{k.completed_mentorship_and_training} of 3"
    assert set(at.selectbox(key="leaders_pick").options) == YVETTE_MENTEES


def test_open_profile_goes_to_the_chosen_leader(demo_db):
    at = open_page(demo_actor(demo_db, "board"), PAGE)
    malik = next(r.leader_id for r in ov_rows(demo_db) if r.name == "Malik Hassan")
    at.selectbox(key="leaders_pick").set_value(malik).run()
    next(b for b in at.button if b.label == "Open profile").click().run()
    assert not at.exception
    assert at.session_state[PROFILE_KEY] == malik
    assert [t.value for t in at.title] == ["Malik Hassan"]


def test_staff_and_the_treasurer_are_refused_when_running_the_page_directly(demo_db):
    for role in ("staff", "treasurer"):
        refused = run_page_directly(demo_actor(demo_db, role), PAGE)
        assert f"“Leaders” is not available to your role ({role})." in page_text(refused)
        assert not refused.dataframe and not shown_tiles(refused)


def test_a_mentors_home_page_shows_their_week(demo_db):
    from gfj_core.services.due_items import due_this_week

    mentor = demo_actor(demo_db, "mentor")
    with session_scope(demo_db) as s:
        week = due_this_week(s, today=date.today(), actor=mentor)
    at = open_page(mentor, "pages/leaders.py")
    assert not at.exception
    text = page_text(at)
    assert "Due this week" in text
    for s_ in week.sessions:
        assert f"Mentoring session with {s_.leader_name}" in text
