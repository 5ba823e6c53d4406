"""Managing the pipeline in real Chromium: the CEO adds an emerging leader, assigns the demo
mentor and adds a goal; the mentor, already signed in in another browser, sees the new mentee
and the goal at the next click, logs a session with them and updates the goal; the board sees
the new leader counted on the overview and in the packet."""

import io
from datetime import date

import pytest
from pypdf import PdfReader

from gfj_core.db import get_engine, session_scope
from gfj_core.exports.packet_pdf import board_packet, render_packet_pdf
from gfj_core.services.overview import board_scorecard
from tests.conftest import demo_actor
from tests.e2e.conftest import go_to, screenshot, sign_in, wait_idle

pytestmark = pytest.mark.e2e

NEW = "Nia Fresh-Start"
MENTOR = "Yvette Sandoval"  # the demo mentor account "mentor"
GOAL = "Present the Q1 program report to the board"


def choose(scope, page, label: str, option: str) -> None:
    """Pick an option of a selectbox inside `scope` by typing it and pressing Enter."""
    box = scope.get_by_test_id("stSelectbox").filter(has_text=label).first
    box.locator("input").click()
    box.locator("input").fill(option)
    page.keyboard.press("Enter")
    wait_idle(page)


def form(page, heading: str):
    return page.get_by_test_id("stForm").filter(has_text=heading)


def emerging_leaders_counted_by_the_board(db_url: str) -> int:
    engine = get_engine(db_url)
    with session_scope(engine) as s:
        card = board_scorecard(s, today=date.today(), actor=demo_actor(engine, "board"))
    return card.overview.readiness.total


def test_the_ceo_adds_a_leader_assigns_a_mentor_and_a_goal_and_the_mentor_sees_them(
    browser, live_server
):
    before = emerging_leaders_counted_by_the_board(live_server.db_url)
    mentor_context = browser.new_context(viewport={"width": 1280, "height": 900})
    mentor = mentor_context.new_page()
    sign_in(mentor, live_server.url, "mentor")
    go_to(mentor, "Leader profile")

    ceo_context = browser.new_context(viewport={"width": 1920, "height": 1080})
    ceo = ceo_context.new_page()
    sign_in(ceo, live_server.url, "ceo")
    go_to(ceo, "Manage the pipeline")
    ceo.get_by_role("heading", name="Manage the pipeline").wait_for()

    add = form(ceo, "Add an emerging leader")
    add.get_by_label("Or a new person's full name").fill(NEW)
    add.get_by_label("Target role").fill("Deputy director")
    add.get_by_role("button", name="Add leader").click()
    ceo.get_by_text("Added the emerging leader.").wait_for()
    wait_idle(ceo)
    # The saved form comes back empty on screen, not only on the server.
    assert form(ceo, "Add an emerging leader").get_by_label("Target role").input_value() == ""

    ceo.get_by_role("tab", name="Mentorships").click()
    assign = form(ceo, "Assign a mentor")
    choose(assign, ceo, "Leader", NEW)
    choose(assign, ceo, "Mentor", MENTOR)
    assign.get_by_role("button", name="Assign mentor").click()
    ceo.get_by_text(f"{MENTOR} now mentors {NEW}.").wait_for()
    wait_idle(ceo)

    ceo.get_by_role("tab", name="Goals").click()
    goal = form(ceo, "Add a development goal")
    choose(goal, ceo, "Leader", NEW)
    goal.get_by_label("Goal").fill(GOAL)
    goal.get_by_role("button", name="Add goal").click()
    ceo.get_by_text(f"Added the goal “{GOAL}” for {NEW}.").wait_for()
    wait_idle(ceo)
    assert form(ceo, "Add a development goal").get_by_label("Goal").input_value() == ""
    screenshot(ceo, "pipeline-ceo", sizes=((1920, 1080), (390, 844)))
    ceo_context.close()

    # The mentor's next click: the new mentee is theirs, with the goal the CEO set.
    go_to(mentor, "Manage the pipeline")
    go_to(mentor, "Leader profile")
    choose(mentor, mentor, "Leader", NEW)
    mentor.get_by_role("heading", name=NEW).wait_for()
    mentor.get_by_text(GOAL).first.wait_for(state="attached")  # on the goals chart
    go_to(mentor, "Manage the pipeline")
    mentor.get_by_role("heading", name="Manage the pipeline").wait_for()
    screenshot(mentor, "pipeline-mentor", sizes=((1920, 1080), (390, 844)))

    # The mentor logs a first session with the new mentee...
    go_to(mentor, "Log a session")
    session_form = mentor.get_by_test_id("stForm").first
    choose(mentor, mentor, "Leader", NEW)
    session_form.get_by_label("Notes shared with the leader").fill("First session: goals agreed.")
    session_form.get_by_role("button", name="Save session").click()
    mentor.get_by_text(f"Saved: 60-minute session with {NEW} on").first.wait_for()
    wait_idle(mentor)

    # ... and moves the goal the CEO set to "In progress" on the profile.
    go_to(mentor, "Leader profile")
    choose(mentor, mentor, "Leader", NEW)
    mentor.get_by_role("tab", name="Goals").click()
    mentor.get_by_text("Update a goal's progress").click()
    update = mentor.get_by_test_id("stForm").filter(has_text="Save goal")
    choose(update, mentor, "Status", "In progress")
    update.get_by_role("button", name="Save goal").click()
    mentor.get_by_text(f"Saved “{GOAL}”").first.wait_for()
    wait_idle(mentor)
    mentor_context.close()

    # The board: one more emerging leader on the overview's scorecard and in the packet.
    after = emerging_leaders_counted_by_the_board(live_server.db_url)
    assert after == before + 1
    board_context = browser.new_context(viewport={"width": 1920, "height": 1080})
    board = board_context.new_page()
    sign_in(board, live_server.url, "board")
    board.get_by_text(f"{after} emerging leaders").first.wait_for()
    board_context.close()
    engine = get_engine(live_server.db_url)
    with session_scope(engine) as s:
        packet = board_packet(s, as_of=date.today(), actor=demo_actor(engine, "board"))
    text = " ".join(
        p.extract_text()
        for p in PdfReader(io.BytesIO(render_packet_pdf(packet, charts=False))).pages
    )
    assert f"{after} emerging leaders" in " ".join(text.split())
