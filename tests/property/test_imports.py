"""Every import format fed hypothesis-built files (good cells mixed with the junk people paste):
each file is either accepted and its values read back from the database as written, or refused
with every problem located by row (and column, for a cell); never another exception, never a
partial write. Each example runs in one session that is rolled back, on one demo database."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from gfj_core.errors import ValidationFailed
from gfj_core.imports.sessions import import_sessions_text
from gfj_core.metrics.finance import AMOUNT_COLUMNS, BUDGET_COLUMNS
from gfj_core.models import AuditLog, CommunityEvent, Funder, Gift, MonthlyAccount
from gfj_core.services.community import import_events
from gfj_core.services.finance_imports import run_import
from gfj_core.services.surveys import import_survey_responses
from tests.conftest import DEMO_TODAY, demo_actor
from tests.property.strategies import NASTY_TEXT

SETTINGS = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,  # one database, every example rolled back
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ],
)
JUNK = st.one_of(st.sampled_from(NASTY_TEXT), st.text(max_size=12))
LOCATED = re.compile(r"^row \d+(, column .+)?$")
# The only refusals that cannot name a row: about the file as a whole.
FILE_LEVEL = ("the file has a header but no data rows", "the file holds no responses")
FILE_NAMES = ("f.csv", "g.csv", "e.csv", "s.csv")


def money(cents: int) -> str:
    sign, cents = ("-" if cents < 0 else ""), abs(cents)
    return f"{sign}{cents // 100:,}.{cents % 100:02d}"


def cell(good: st.SearchStrategy) -> st.SearchStrategy:
    """Mostly a good value, sometimes junk, now and then blank."""
    return st.one_of(good, good, good, JUNK, st.just(""))


def csv_bytes(header: list[str], rows: list[list[str]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


@st.composite
def table(draw, columns: dict[str, st.SearchStrategy], max_rows: int = 3):
    """(header, rows): every column, sometimes one left out or an unknown one added."""
    header = list(columns)
    if draw(st.integers(0, 9)) == 0:
        header.remove(draw(st.sampled_from(header)))
    if draw(st.integers(0, 14)) == 0:
        header.append(draw(st.sampled_from(["notes2", "Amount ", "cash"])))
    rows = [
        [draw(cell(columns.get(h, JUNK))) for h in header]
        for _ in range(draw(st.integers(1, max_rows)))
    ]
    return header, rows


def _counts(s: Session, models) -> dict[str, int]:
    return {m.__tablename__: s.scalar(select(func.count()).select_from(m)) for m in models}


@dataclass
class Format:
    columns: dict[str, st.SearchStrategy]
    run: Callable  # (session, content, actors) -> None
    tables: tuple  # models whose rows an import may add
    read_back: Callable  # (session, header, rows) -> None: asserts the file's values are stored


def check(engine, fmt: Format, header, rows, actor) -> str:
    """Import once in a session that is always rolled back; returns 'accepted' or 'refused'."""
    s = Session(bind=engine, expire_on_commit=False, autoflush=True)
    s.info["actor"] = actor
    try:
        watched = (*fmt.tables, AuditLog)
        before = _counts(s, watched)
        try:
            fmt.run(s, csv_bytes(header, rows))
        except ValidationFailed as exc:
            if not exc.problems:
                # Refused as a whole before any row is read (e.g. a NUL byte: not a text CSV).
                assert str(exc).startswith(FILE_NAMES), str(exc)
            for where, message in exc.problems or []:
                assert LOCATED.match(where) or message in FILE_LEVEL, (where, message)
            # All or nothing: not one row (nor one audit entry) was written.
            assert _counts(s, watched) == before
            return "refused"
        s.flush()
        fmt.read_back(s, header, rows)
        return "accepted"
    finally:
        s.rollback()
        s.close()


# --- the formats ------------------------------------------------------------------------------

CENTS = st.integers(-(10**10), 10**10)
MONTHS = st.dates(date(2027, 1, 1), date(2030, 12, 1)).map(lambda d: d.strftime("%Y-%m"))


def _financials(engine, actors) -> Format:
    columns = {"month": MONTHS} | {c: CENTS.map(money) for c in (*AMOUNT_COLUMNS, *BUDGET_COLUMNS)}

    def read_back(s, header, rows):
        for row in rows:
            record = dict(zip(header, row, strict=True))
            month = date.fromisoformat(record["month"] + "-01")
            stored = s.scalar(select(MonthlyAccount).where(MonthlyAccount.month == month))
            for c in AMOUNT_COLUMNS:
                assert money(getattr(stored, c)) == record[c], c

    return Format(
        columns,
        lambda s, content: run_import(
            s, kind="financials", filename="f.csv", content=content, actor=actors["treasurer"]
        ),
        (MonthlyAccount,),
        read_back,
    )


PEOPLE = ["Carmen Perez-Jordan", "Malik Hassan", "Jamal Whitaker"]
NAMES = st.text(
    alphabet=st.characters(whitelist_categories=("L", "N"), whitelist_characters=" &'.-"),
    min_size=3,
    max_size=40,
).map(lambda t: " ".join(t.split()))


def _funders(engine, actors) -> Format:
    columns = {
        "name": st.one_of(NAMES, st.sampled_from(["=cmd|' /C calc'!A0", "<b>Fund</b>"])),
        "type": st.sampled_from(["foundation", "corporate", "individual", "government", "other"]),
        "relationship_owner": st.sampled_from(PEOPLE),
        "successor_owner": st.sampled_from(PEOPLE),
        "handoff_status": st.sampled_from(
            ["not_started", "introduced", "co_managing", "handed_off"]
        ),
        "introduction_meeting_on": st.dates(date(2025, 1, 1), date(2027, 1, 1)).map(str),
    }

    def read_back(s, header, rows):
        for row in rows:
            record = dict(zip(header, row, strict=True))
            stored = s.scalar(
                select(Funder).where(func.lower(Funder.name) == record["name"].lower())
            )
            assert stored is not None, record["name"]

    return Format(
        columns,
        lambda s, content: run_import(
            s, kind="funders", filename="f.csv", content=content, actor=actors["treasurer"]
        ),
        (Funder,),
        read_back,
    )


def _gifts(engine, actors) -> Format:
    columns = {
        "reference": st.from_regex(r"PT-[0-9]{4,8}", fullmatch=True),
        "date": st.dates(date(2024, 1, 1), date(2026, 11, 1)).map(str),
        "funder": st.one_of(st.sampled_from(["Hollis Park Foundation"]), NAMES),
        "amount": st.integers(1, 10**10).map(money),
        "restricted": st.sampled_from(["yes", "no", "true", "FALSE", "1", "0"]),
        "note": st.one_of(NAMES, st.sampled_from(NASTY_TEXT[:12])),
    }

    def read_back(s, header, rows):
        last = {}
        for row in rows:  # a reference given twice: the later row is the one kept
            record = dict(zip(header, row, strict=True))
            # The importer reads a reference as text: runs of spaces become one, ends trimmed.
            last[" ".join(record["reference"].split())] = record
        for ref, record in last.items():
            stored = s.scalar(select(Gift).where(Gift.reference == ref))
            assert money(stored.amount_cents) == record["amount"]
            assert stored.date.isoformat() == record["date"]

    return Format(
        columns,
        lambda s, content: run_import(
            s, kind="gifts", filename="g.csv", content=content, actor=actors["treasurer"]
        ),
        (Gift, Funder),
        read_back,
    )


def _events(engine, actors) -> Format:
    columns = {
        "date": st.dates(date(2024, 1, 1), date(2026, 11, 20)).map(str),
        "event": NAMES,
        "kind": st.sampled_from(["training", "listening_session", "workshop", "rally"]),
        "state": st.sampled_from(["NY", "CA", "GA", "Nowhere"]),
        "programme": st.sampled_from(["Kingian Nonviolence Training", ""]),
        "participants": st.integers(0, 500).map(str),
        "new_participants": st.integers(0, 500).map(str),
        "returning_participants": st.integers(0, 500).map(str),
        "feedback_score": st.sampled_from(["4.6", "5", "1.0", "6"]),
        "feedback_forms": st.integers(0, 500).map(str),
        "notes": st.sampled_from(NASTY_TEXT[:12]),
    }

    def read_back(s, header, rows):
        for row in rows:
            record = dict(zip(header, row, strict=True))
            stored = s.scalars(
                select(CommunityEvent).where(
                    CommunityEvent.held_on == date.fromisoformat(record["date"]),
                    CommunityEvent.name == " ".join(record["event"].split()),
                )
            ).first()
            assert stored is not None and stored.participants == int(record["participants"])

    return Format(
        columns,
        lambda s, content: import_events(
            s, filename="e.csv", content=content, actor=actors["admin"]
        ),
        (CommunityEvent,),
        read_back,
    )


def _sessions(engine, actors) -> Format:
    from gfj_core.models import MentoringSession

    columns = {
        "leader": st.sampled_from(["Jamal Whitaker", "Elena Marquez", "Nobody Known"]),
        "mentor": st.sampled_from(["mentor", "Yvette Sandoval"]),
        "date": st.dates(date(2026, 1, 1), date(2026, 11, 22)).map(str),
        "minutes": st.integers(1, 400).map(str),
        "topics": st.sampled_from(["Strategy", "Strategy; Board relations", ""]),
        "shared_notes": st.sampled_from(NASTY_TEXT[:14]),
        "private_notes": st.sampled_from(NASTY_TEXT[:14]),
        "action_items": st.sampled_from(["Call funder @ 2026-12-01", "[x] Read plan", ""]),
        "next_session": st.dates(date(2026, 11, 23), date(2027, 3, 1)).map(str),
    }

    def read_back(s, header, rows):
        notes = set(s.scalars(select(MentoringSession.shared_notes)))
        for row in rows:
            record = dict(zip(header, row, strict=True))
            typed = record.get("shared_notes", "").strip()
            if typed:
                assert any(n and typed.split()[0] in n for n in notes)

    def run(s, content):
        import_sessions_text(s, content.decode("utf-8"), today=DEMO_TODAY, actor=actors["ceo"])

    return Format(columns, run, (MentoringSession,), read_back)


def _survey_responses(engine, actors) -> Format:
    from gfj_core.models import SurveyAnswer, SurveyResponse

    columns = {
        "Timestamp": st.datetimes().map(lambda d: d.strftime("%Y-%m-%d %H:%M")),
        "Which best describes you?": st.sampled_from(["Board member", "Staff", "Youth", "??"]),
        "Continuity": st.sampled_from(["1", "3", "5", "5 - essential", "7"]),
        "Carry forward": st.sampled_from(NASTY_TEXT),
    }
    mapping = {
        "Timestamp": "timestamp",
        "Which best describes you?": "group",
        "Continuity": "question:continuity",
        "Carry forward": "question:carry_forward",
    }

    def read_back(s, header, rows):
        answers = set(s.scalars(select(SurveyAnswer.text)))
        for row in rows:
            record = dict(zip(header, row, strict=True))
            typed = record.get("Carry forward", "").strip()
            if typed:
                assert any(a and typed[:20].strip() in a for a in answers), typed

    def run(s, content):
        header = next(csv.reader(io.StringIO(content.decode("utf-8"))))
        import_survey_responses(
            s,
            survey_key="future_leadership_qualities",
            filename="s.csv",
            content=content,
            mapping={h: mapping.get(h, "ignore") for h in header},
            round_label="Hypothesis round",
            actor=actors["admin"],
        )

    return Format(columns, run, (SurveyResponse, SurveyAnswer), read_back)


FORMATS = {
    "financials": _financials,
    "funders": _funders,
    "gifts": _gifts,
    "events": _events,
    "sessions": _sessions,
    "survey_responses": _survey_responses,
}


@pytest.mark.parametrize("name", list(FORMATS))
@SETTINGS
@given(data=st.data())
def test_a_file_is_accepted_and_reads_back_or_refused_naming_row_and_column(demo_db, name, data):
    actors = {u: demo_actor(demo_db, u) for u in ("treasurer", "admin", "ceo")}
    fmt = FORMATS[name](demo_db, actors)
    header, rows = data.draw(table(fmt.columns), label="file")
    check(demo_db, fmt, header, rows, actors["admin"])
