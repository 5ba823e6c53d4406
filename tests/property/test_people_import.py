"""The people import fed hypothesis-built files: accepted and read back exactly as written, or
refused with every problem located by row (and column) and nothing written. Never another
exception, never a partial write."""

from __future__ import annotations

import csv
import io
import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from gfj_core.db import session_scope
from gfj_core.errors import ValidationFailed
from gfj_core.models import Person
from gfj_core.schemas.auth import SYSTEM
from gfj_core.services.people import import_people
from tests.property.strategies import NASTY_TEXT

SETTINGS = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
JUNK = st.one_of(st.sampled_from(NASTY_TEXT), st.text(max_size=12))
NAMES = st.text(
    alphabet=st.characters(whitelist_categories=("Lu", "Ll"), max_codepoint=0x24F),
    min_size=1,
    max_size=20,
)
GOOD_ROW = st.fixed_dictionaries(
    {
        "full_name": NAMES.map(lambda n: f"Person {n}"),
        "email": st.one_of(st.just(""), NAMES.map(lambda n: f"{n.lower()}@example.org")),
        "title": st.one_of(st.just(""), NAMES),
        "board_seat": st.sampled_from(["", "chair", "Vice chair", "member", "TREASURER"]),
        "staff": st.sampled_from(["yes", "no", "1", "0", "", "TRUE"]),
    }
)
ROW = st.one_of(
    GOOD_ROW,
    GOOD_ROW.flatmap(
        lambda r: st.sampled_from(list(r)).flatmap(
            lambda col: JUNK.map(lambda junk: {**r, col: junk})
        )
    ),
)
LOCATION = re.compile(r"^(file|row \d+(, column [#\w]+)?)$")


def _csv(rows: list[dict]) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=["full_name", "email", "title", "board_seat", "staff"])
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


@SETTINGS
@given(rows=st.lists(ROW, min_size=1, max_size=6))
def test_the_people_import_is_all_or_nothing(empty_db, rows):
    content = _csv(rows)
    with session_scope(empty_db, write=True, actor=SYSTEM) as s:
        before = s.scalar(select(func.count()).select_from(Person))
        try:
            result = import_people(s, filename="people.csv", content=content, actor=SYSTEM)
        except ValidationFailed as exc:
            # Refused as a whole before any row is read (a NUL byte: not a text CSV), naming the
            # file, as every import's property test allows; otherwise its problems are named.
            assert exc.problems or str(exc).startswith("people.csv:"), (
                "a refusal names its problems"
            )
            assert all(LOCATION.match(where) for where, _ in exc.problems), exc.problems
            assert s.scalar(select(func.count()).select_from(Person)) == before
        else:
            people = {p.full_name: p for p in s.scalars(select(Person))}
            assert result.added + result.updated == len(rows)
            for row in rows:
                person = people[" ".join(row["full_name"].split())]
                assert (person.email or "") == row["email"].strip().lower()
                seat = row["board_seat"].strip().lower().replace(" ", "_") or None
                assert person.board_role == seat
                assert person.is_staff == (row["staff"].lower() in ("yes", "1", "true"))
        s.rollback()
