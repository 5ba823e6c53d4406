"""Programs: each form keeps what was typed when refused, and a good save clears it and
confirms; a closed program leaves the table until shown; a funding line is deleted only with
the box ticked; the board, staff and mentors are refused the page."""

from datetime import date

from sqlalchemy import select

from gfj_core.db import session_scope
from gfj_core.models.finance import Programme, ProgrammeFunding
from tests.conftest import demo_actor
from tests.ui.apptest import open_page, page_text, run_page_directly

PAGE = "pages/programmes.py"


def _button(at, label: str):
    return next(b for b in at.button if b.label == label)


def _widget(at, kind: str, label: str):
    """A form widget by its label: its key changes after each successful save."""
    return next(w for w in getattr(at, kind) if w.label == label)


def _programme(engine, name: str) -> Programme | None:
    with session_scope(engine) as s:
        p = s.scalar(select(Programme).where(Programme.name == name))
        if p is not None:
            s.expunge(p)
        return p


def test_the_treasurer_sees_every_open_program_with_its_secured_share_and_the_kpi(demo_db):
    at = open_page(demo_actor(demo_db, "treasurer"), PAGE)
    assert not at.exception
    with session_scope(demo_db) as s:
        names = s.scalars(select(Programme.name).order_by(Programme.name)).all()
    table = at.data_editor[0].value
    assert list(table["Program"]) == list(names)
    assert all(v.endswith("%") for v in table["Secured next 12 months"])
    assert "Programs maintained or expanded during the transition" in [m.label for m in at.metric]


def test_adding_a_program_refused_keeps_the_input_and_a_good_save_clears_and_confirms(demo_db):
    at = open_page(demo_actor(demo_db, "ceo"), PAGE)
    _widget(at, "text_input", "Name").input("Family voices")
    _button(at, "Add program").click().run()
    assert not at.exception
    assert "This is required." in page_text(at)
    assert _programme(demo_db, "Family voices") is None
    assert _widget(at, "text_input", "Name").value == "Family voices"

    _widget(at, "number_input", "Annual cost ($)").set_value(45000)
    _button(at, "Add program").click().run()
    assert not at.exception
    # Said under the form, in its tab (issue 22), not at the top of the page.
    programs = next(t for t in at.tabs if t.label == "Programs")
    assert any(m.value.startswith("Added the program “Family voices”") for m in programs.success)
    assert _widget(at, "text_input", "Name").value == ""
    saved = _programme(demo_db, "Family voices")
    assert (saved.annual_cost_cents, saved.status) == (4500000, "maintained")
    assert "Family voices" in list(at.data_editor[0].value["Program"])


def test_closing_a_program_in_the_table_hides_it_until_closed_ones_are_shown(demo_db):
    at = open_page(demo_actor(demo_db, "ceo"), PAGE)
    name = at.data_editor[0].value["Program"][0]
    at.session_state["pg_programmes_0"] = {
        "edited_rows": {0: {"Status": "Closed"}},
        "added_rows": [],
        "deleted_rows": [],
    }
    _button(at, "Save program changes").click().run()
    assert not at.exception
    assert "Saved 1 program(s)." in page_text(at)
    assert name not in list(at.data_editor[0].value["Program"])
    assert _programme(demo_db, name).status == "closed"
    at.toggle(key="pg_show_closed").set_value(True).run()
    assert name in list(at.data_editor[0].value["Program"])


def test_adding_a_funding_line_refused_keeps_the_input_then_saves(demo_db):
    at = open_page(demo_actor(demo_db, "treasurer"), PAGE)
    pid = at.selectbox(key="pg_fund_programme").value
    with session_scope(demo_db) as s:
        before = len(
            s.scalars(select(ProgrammeFunding).where(ProgrammeFunding.programme_id == pid)).all()
        )
    _widget(at, "number_input", "Amount ($)").set_value(12000)
    _widget(at, "date_input", "From").set_value(date(2027, 1, 1))
    _widget(at, "date_input", "To").set_value(date(2027, 12, 31))
    _button(at, "Add funding line").click().run()
    assert not at.exception
    assert "choose a funder, or name another source" in page_text(at)
    assert _widget(at, "number_input", "Amount ($)").value == 12000
    assert _widget(at, "date_input", "To").value == date(2027, 12, 31)

    _widget(at, "text_input", "Or another source").input("Training fees")
    _button(at, "Add funding line").click().run()
    assert not at.exception
    funding = next(t for t in at.tabs if t.label == "Funding lines")
    assert any(m.value.startswith("Added a funding line to") for m in funding.success)
    assert _widget(at, "number_input", "Amount ($)").value is None
    with session_scope(demo_db) as s:
        lines = s.scalars(
            select(ProgrammeFunding).where(ProgrammeFunding.programme_id == pid)
        ).all()
    assert len(lines) == before + 1
    assert any(x.source == "Training fees" and x.amount_cents == 1200000 for x in lines)


def test_a_funding_line_is_deleted_only_once_confirmed(demo_db):
    at = open_page(demo_actor(demo_db, "admin"), PAGE)
    pid = at.selectbox(key="pg_fund_programme").value
    with session_scope(demo_db) as s:
        line = s.scalars(
            select(ProgrammeFunding.id)
            .where(ProgrammeFunding.programme_id == pid)
            .order_by(ProgrammeFunding.id)
        ).first()
    at.selectbox(key=f"pg_del_{pid}_pick").set_value(line).run()
    _button(at, "Delete this line…").click().run()
    assert "Nothing else goes with it; the audit trail keeps what it said." in page_text(at)
    with session_scope(demo_db) as s:
        assert s.get(ProgrammeFunding, line) is not None  # asked, not yet deleted
    _button(at, "Yes, delete it").click().run()
    assert not at.exception
    assert "Deleted the line" in page_text(at)
    with session_scope(demo_db) as s:
        assert s.get(ProgrammeFunding, line) is None
        assert s.get(Programme, pid) is not None


def test_the_board_staff_and_mentors_are_refused_the_page(demo_db):
    for who in ("board", "staff", "mentor"):
        refused = run_page_directly(demo_actor(demo_db, who), PAGE)
        assert f"not available to your role ({who})" in page_text(refused)
        assert not refused.data_editor
