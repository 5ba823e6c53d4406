"""Leader profile, read-only: the development records entered on Leader development show there
(the leader's part in a decision and their reflection, a completion's evidence, an outcome's
effectiveness score); a module retired from the catalogue leaves the profiles of leaders who
never took it."""

from datetime import date

from sqlalchemy import select

from gfj_core.db import session_scope
from gfj_core.models import EmergingLeader, LeaderOutcome, Person, StrategicExposure
from gfj_core.schemas.auth import SYSTEM
from tests.conftest import demo_actor
from tests.ui.apptest import open_page, page_text
from ui.leadership import PROFILE_KEY

PAGE = "pages/leader_profile.py"


def test_the_profile_shows_the_part_reflection_and_effectiveness(demo_db):
    with session_scope(demo_db, write=True, actor=SYSTEM) as s:
        leader = s.scalar(
            select(EmergingLeader).join(Person).where(Person.full_name == "Jamal Whitaker")
        )
        s.add(
            StrategicExposure(
                leader_id=leader.id,
                occurred_on=date(2026, 11, 20),
                kind="budget",
                description="Set the 2027 program budget",
                part="led",
                reflection="Cut two lines, kept the youth program whole.",
            )
        )
        outcome = s.scalar(select(LeaderOutcome).where(LeaderOutcome.leader_id == leader.id))
        outcome.effectiveness_score = 4
        leader_id = leader.id
    at = open_page(demo_actor(demo_db, "ceo"), PAGE)
    at.session_state[PROFILE_KEY] = leader_id
    at.run()
    assert not at.exception
    text = page_text(at).replace("**", "")
    assert "Cut two lines, kept the youth program whole." in text
    assert "Effectiveness in the role: 4 / 5" in text
    frames = [f.value for f in at.dataframe]
    exposure = next(f for f in frames if "Their part" in f.columns)
    assert "Led" in exposure["Their part"].tolist()
    assert any("Evidence" in f.columns for f in frames)
