"""Sharing with a supporter and the figures the supporter sees (issue 20), on a real DB file.

The changes and trends are hand-worked from snapshot rows written below against figures "as they
stand now" given by hand (the scorecard's part is replaced); the supporter's read never
recomputes anything. The tests at the end run the real computation: an imported month reaches
the supporter at once, with no board meeting."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from gfj_core import derived
from gfj_core.access import Role
from gfj_core.db import session_scope
from gfj_core.errors import PermissionDenied, StaleEdit, ValidationFailed
from gfj_core.models import (
    AuditLog,
    BoardMeeting,
    MonthlyAccount,
    PortfolioShare,
    ScorecardSnapshot,
    VitalFigure,
)
from gfj_core.schemas.auth import Actor
from gfj_core.schemas.board import ActionItemCreate
from gfj_core.schemas.portfolio import ShareGrant, ShareRevoke
from gfj_core.services import portfolio
from gfj_core.services.board_meetings import add_action_item
from gfj_core.services.finance_measures import finance_board_figures
from gfj_core.services.portfolio import portfolio_figures
from gfj_core.services.sharing import (
    DEFAULT_FIGURES,
    current_sharing,
    grant_sharing,
    revoke_sharing,
)
from tests.conftest import bare_actor, demo_actor
from tests.portfolio import SUPPORTER, import_bad_month, revoke, share

assert SUPPORTER[0] == "fellowship"  # FELLOW's, which share() shares with

REFRESHER = "gfj_core.services.portfolio:refresh_vital_figures"

ADMIN = bare_actor(Role.admin, user_id=1)
FELLOW = Actor(
    user_id=7, username="fellow", role=Role.portfolio, person_id=None,
    display_name="Fellowship staff", supporter="fellowship",
)  # fmt: skip
OTHER = FELLOW.model_copy(update={"supporter": "other-fund"})
TODAY = date(2026, 9, 11)

# (meeting day, status) -> {tile key: (value, text, light)}
SNAPSHOTS = {
    (date(2026, 5, 1), "held"): {
        "days_to_handover": (500, "500", "none"),
        "readiness_index": (60.0, "60 / 100", "amber"),
        "months_of_cash": (3.0, "3.0", "green"),
        "founder_dependent_gifts": (40.0, "40%", "amber"),
        "leaders_ready": (2, "2", "green"),
    },
    (date(2026, 8, 15), "held"): {  # 17 days before the latest: not "a quarter earlier"
        "readiness_index": (55.0, "55 / 100", "amber"),
        "months_of_cash": (2.0, "2.0", "amber"),
    },
    (date(2026, 9, 1), "held"): {
        "days_to_handover": (400, "400", "none"),
        "readiness_index": (52.5, "52 / 100", "red"),
        "months_of_cash": (1.2, "1.2", "red"),
        "founder_dependent_gifts": (46.4, "46%", "red"),
        "leaders_ready": (1, "1", "amber"),
    },
    (date(2026, 9, 30), "scheduled"): {"readiness_index": (99.0, "99 / 100", "green")},
}


def _meetings(engine) -> None:
    with session_scope(engine, write=True, actor=ADMIN) as s:
        for (day, status), tiles in SNAPSHOTS.items():
            m = BoardMeeting(held_on=day, kind="board", title=f"Board {day}", status=status)
            s.add(m)
            s.flush()
            for key, (value, text, light) in tiles.items():
                s.add(ScorecardSnapshot(meeting_id=m.id, tile_key=key, label=key, value=value,
                                        value_text=text, light=light))  # fmt: skip


def _grant(engine, figures=DEFAULT_FIGURES, key="fellowship", actor=ADMIN):
    with session_scope(engine, write=True, actor=actor) as s:
        return grant_sharing(
            s, ShareGrant(supporter_key=key, supporter_name="The Fellowship", figures=list(figures)),
            actor=actor,
        )  # fmt: skip


def _figures(engine, actor=FELLOW, today=TODAY):
    with session_scope(engine) as s:
        return portfolio_figures(s, actor=actor, today=today)


# The vital few as they stand on TODAY, as the privacy-mode scorecard would give them: the
# figures' computation is replaced so the change and trend can be worked by hand from SNAPSHOTS.
NOW = {
    "days_to_handover": ("Days to handover", 390.0, "390", "none"),
    "readiness_index": ("Succession readiness index", 52.5, "52 / 100", "red"),
    "months_of_cash": ("Months of cash", 1.2, "1.2", "red"),
    "founder_dependent_gifts": ("Founder-dependent share of gifts", 46.4, "46%", "red"),
}


def _refresh_as_of(engine, monkeypatch, today=TODAY, now=NOW):
    monkeypatch.setattr(portfolio, "_figures_now", lambda session, *, actor, today: now)
    with session_scope(engine, write=True, actor=ADMIN) as s:
        portfolio.refresh_vital_figures(s, today=today)


def test_the_supporter_sees_the_shared_figures_as_they_stand_against_a_quarter_before(
    empty_db, monkeypatch
):
    _meetings(empty_db)
    shared = ["days_to_handover", "readiness_index", "months_of_cash", "founder_dependent_gifts",
              "known_only_to_leader"]  # fmt: skip
    _grant(empty_db, shared)
    _refresh_as_of(empty_db, monkeypatch)
    got = _figures(empty_db, today=TODAY + timedelta(days=10))
    assert got.as_of == TODAY
    # The newest held meeting at least 91 days before 11 Sep is 1 May (15 Aug and 1 Sep are not).
    assert got.compared_with == date(2026, 5, 1)
    by_key = {f.key: f for f in got.figures}
    assert list(by_key) == shared  # milestones slipped is not shared, so not returned
    days = by_key["days_to_handover"]
    # 390 days on 11 Sep, read 10 days later; the date moved from 1 May + 500 to 11 Sep + 390
    # (133 days after 1 May): 23 days later.
    assert (days.value, days.value_text) == (380, "380")
    assert (days.change, days.change_text) == (23, "date 23 d later")
    ri = by_key["readiness_index"]
    assert (ri.value, ri.value_text, ri.light.level, ri.change, ri.change_text) == (
        52.5, "52 / 100", "red", -7.5, "-8",
    )  # fmt: skip
    cash = by_key["months_of_cash"]
    assert (cash.value, cash.change, cash.change_text) == (1.2, -1.8, "-1.8")
    # Held meetings only (not the one scheduled for 30 Sep), oldest first, then today's.
    assert cash.trend == [(date(2026, 5, 1), 3.0), (date(2026, 8, 15), 2.0),
                          (date(2026, 9, 1), 1.2), (TODAY, 1.2)]  # fmt: skip
    gifts = by_key["founder_dependent_gifts"]
    assert (gifts.change, gifts.change_text) == (6.4, "+6 pts")
    only = by_key["known_only_to_leader"]  # shared, but not computable now: shown as missing
    assert (only.value, only.value_text, only.light.level, only.change) == (None, "—", "none", None)
    assert got.red_lights == 3


def test_each_figure_is_compared_with_its_own_record_a_quarter_before(empty_db, monkeypatch):
    _meetings(empty_db)
    with session_scope(empty_db, write=True, actor=ADMIN) as s:  # records only months of cash
        m = BoardMeeting(held_on=date(2026, 6, 1), kind="succession_committee", title="Committee",
                         status="held")  # fmt: skip
        s.add(m)
        s.flush()
        s.add(ScorecardSnapshot(meeting_id=m.id, tile_key="months_of_cash", label="Months of cash",
                                value=2.5, value_text="2.5", light="amber"))  # fmt: skip
    _grant(empty_db, ["readiness_index", "months_of_cash", "milestones_slipped"])
    _refresh_as_of(empty_db, monkeypatch)
    got = _figures(empty_db)
    ri, slipped, cash = got.figures  # in catalogue order
    # The index was not recorded on 1 Jun: against 1 May (60). Cash: against 1 Jun (2.5), the
    # newest record at least 91 days before 11 Sep.
    assert (ri.compared_on, ri.change) == (date(2026, 5, 1), -7.5)
    assert (cash.compared_on, cash.change, cash.change_text) == (date(2026, 6, 1), -1.3, "-1.3")
    assert got.compared_with == date(2026, 6, 1)
    # Never computed and never recorded: no value, no change, no trend.
    assert (slipped.value, slipped.change, slipped.trend) == (None, None, [])


def test_a_change_that_rounds_to_nothing_says_no_change():
    from gfj_core.services.portfolio import _change_text

    assert [_change_text("readiness_index", c) for c in (0.2, -0.4, 3.6)] == [
        "no change", "no change", "+4",
    ]  # fmt: skip
    assert (_change_text("months_of_cash", 0.04), _change_text("months_of_cash", -0.06)) == (
        "no change", "-0.1",
    )  # fmt: skip


def test_a_figure_not_in_the_vital_few_is_never_returned_whatever_the_snapshots_hold(empty_db):
    _meetings(empty_db)
    _grant(empty_db)
    got = _figures(empty_db)
    assert "leaders_ready" not in {f.key for f in got.figures}
    assert [f.key for f in got.figures] == list(DEFAULT_FIGURES)


def test_nothing_is_returned_to_a_supporter_the_organisation_does_not_share_with(empty_db):
    _meetings(empty_db)
    assert _figures(empty_db) is None
    _grant(empty_db)
    assert _figures(empty_db, actor=OTHER) is None


def test_a_revoke_takes_the_figures_away_and_both_are_audited_in_the_same_flush(empty_db):
    _meetings(empty_db)
    with session_scope(empty_db, write=True, actor=ADMIN) as s:
        share = grant_sharing(
            s, ShareGrant(supporter_key="fellowship", supporter_name="The Fellowship",
                          figures=["readiness_index"]), actor=ADMIN,
        )  # fmt: skip
        audit = s.scalar(
            select(func.count()).select_from(AuditLog).where(AuditLog.entity == "portfolio_share")
        )
        assert audit > 0  # written by the grant's own flush, before any commit
    assert [f.key for f in _figures(empty_db).figures] == ["readiness_index"]
    with session_scope(empty_db, write=True, actor=ADMIN) as s:
        before = s.scalar(select(func.max(AuditLog.id)))
        revoke_sharing(s, ShareRevoke(supporter_key="fellowship", expected_version=share.version),
                       actor=ADMIN)  # fmt: skip
        fields = set(
            s.scalars(select(AuditLog.field).where(AuditLog.id > before,
                                                   AuditLog.entity == "portfolio_share"))
        )  # fmt: skip
        assert {"revoked_by", "revoked_at"} <= fields
    assert _figures(empty_db) is None
    with session_scope(empty_db) as s:
        state = current_sharing(s, actor=ADMIN)
        assert state.current == []
        assert [(p.supporter_key, p.revoked_by) for p in state.past] == [
            ("fellowship", "test-admin")
        ]
    # Sharing again is a new grant; the revoked one stays as history.
    _grant(empty_db)
    with session_scope(empty_db) as s:
        assert s.scalar(select(func.count()).select_from(PortfolioShare)) == 2


def test_a_second_grant_changes_the_figures_of_the_share_in_force_and_a_stale_one_is_refused(
    empty_db,
):
    first = _grant(empty_db, ["readiness_index"])
    with session_scope(empty_db, write=True, actor=ADMIN) as s:
        grant_sharing(
            s, ShareGrant(supporter_key="fellowship", supporter_name="The Fellowship",
                          figures=["months_of_cash", "readiness_index"]),
            actor=ADMIN, expected_version=first.version,
        )  # fmt: skip
    with session_scope(empty_db) as s:
        state = current_sharing(s, actor=ADMIN)
    assert [c.figures for c in state.current] == [["readiness_index", "months_of_cash"]]
    with pytest.raises(StaleEdit), session_scope(empty_db, write=True, actor=ADMIN) as s:
        revoke_sharing(s, ShareRevoke(supporter_key="fellowship", expected_version=first.version),
                       actor=ADMIN)  # fmt: skip


@pytest.mark.parametrize("role", [r for r in Role if r != Role.admin])
def test_only_the_organisations_admin_grants_revokes_or_lists_sharing(empty_db, role):
    actor = bare_actor(role)
    with pytest.raises(PermissionDenied):
        _grant(empty_db, actor=actor)
    with pytest.raises(PermissionDenied), session_scope(empty_db, write=True, actor=actor) as s:
        revoke_sharing(s, ShareRevoke(supporter_key="fellowship"), actor=actor)
    with pytest.raises(PermissionDenied), session_scope(empty_db) as s:
        current_sharing(s, actor=actor)


@pytest.mark.parametrize("role", [r for r in Role if r != Role.portfolio])
def test_no_organisation_role_reads_the_portfolio_figures(empty_db, role):
    with pytest.raises(PermissionDenied):
        _figures(empty_db, actor=bare_actor(role))


def test_a_grant_of_unknown_figures_or_none_is_refused_at_the_boundary():
    with pytest.raises(ValueError, match="not a shareable figure"):
        ShareGrant(supporter_key="fellowship", supporter_name="F", figures=["leaders_ready"])
    with pytest.raises(ValueError, match="at least one"):
        ShareGrant(supporter_key="fellowship", supporter_name="F", figures=[])
    with pytest.raises(ValueError, match="lowercase"):
        ShareGrant(supporter_key="Fellowship!", supporter_name="F", figures=["readiness_index"])


def test_revoking_what_is_not_shared_is_refused(empty_db):
    with pytest.raises(ValidationFailed), session_scope(empty_db, write=True, actor=ADMIN) as s:
        revoke_sharing(s, ShareRevoke(supporter_key="fellowship"), actor=ADMIN)


# --- the real computation: a bad month reaches the supporter at once ---------------------------


def _cash(engine, today):
    with session_scope(engine) as s:
        got = portfolio_figures(s, actor=FELLOW, today=today)  # the fixtures' supporter
    return {f.key: f for f in got.figures}["months_of_cash"]


def _meeting_count(engine) -> int:
    with session_scope(engine) as s:
        return s.scalar(select(func.count()).select_from(BoardMeeting))


def test_an_imported_bad_month_changes_the_supporters_figure_at_once(demo_db):
    share(demo_db)
    today = date.today()
    before, meetings = _cash(demo_db, today), _meeting_count(demo_db)
    assert before.light.level != "red"
    import_bad_month(demo_db)
    after = _cash(demo_db, today)
    assert _meeting_count(demo_db) == meetings  # no board meeting recorded
    assert (after.light.level, after.light.word, after.recorded_on) == ("red", "Act", today)
    assert after.value < before.value
    # The same figure the finance measures give the board for the new month.
    with session_scope(demo_db) as s:
        board = finance_board_figures(s, today=today, actor=demo_actor(demo_db, "board"))
    assert after.value == round(board.figures["months_of_cash"].value, 2)
    assert after.trend[-1] == (today, after.value)


def test_a_write_outside_the_figures_inputs_leaves_them_as_they_were(demo_db):
    share(demo_db)
    with session_scope(demo_db) as s:
        stamp = s.scalar(select(func.max(VitalFigure.refreshed_at)))
        meeting = s.scalar(select(BoardMeeting.id).where(BoardMeeting.status == "held").limit(1))
    board = demo_actor(demo_db, "board")
    with session_scope(demo_db, write=True, actor=board) as s:  # an action item: not an input
        add_action_item(s, meeting, ActionItemCreate(title="Send the letter"), actor=board,
                        today=date.today())  # fmt: skip
    with session_scope(demo_db) as s:
        assert s.scalar(select(func.max(VitalFigure.refreshed_at))) == stamp
    assert "action_item" not in derived.triggers()[REFRESHER]
    assert {"monthly_account", "milestone", "board_meeting", "portfolio_share"} <= (
        derived.triggers()[REFRESHER]
    )


def test_an_organisation_sharing_with_no_one_keeps_no_figures(demo_db):
    import_bad_month(demo_db)
    with session_scope(demo_db) as s:
        assert s.scalar(select(func.count()).select_from(VitalFigure)) == 0
    share(demo_db)
    with session_scope(demo_db) as s:
        assert s.scalar(select(func.count()).select_from(VitalFigure)) == len(DEFAULT_FIGURES)
    revoke(demo_db)
    with session_scope(demo_db) as s:
        assert s.scalar(select(func.count()).select_from(VitalFigure)) == 0


def test_a_refresh_that_fails_is_logged_and_the_write_still_goes_through(
    demo_db, monkeypatch, caplog
):
    share(demo_db)
    before = _cash(demo_db, date.today())

    def broken(*_args, **_kwargs):
        raise RuntimeError("the scorecard could not be computed")

    monkeypatch.setattr(portfolio, "current_vital_figures", broken)
    with caplog.at_level("ERROR", logger="gfj_core.derived"):
        import_bad_month(demo_db)
    assert "refresh_vital_figures failed" in caplog.text
    with session_scope(demo_db) as s:
        assert s.scalar(select(func.max(MonthlyAccount.month))) == date(2026, 11, 1)
    assert _cash(demo_db, date.today()) == before  # as they were, with their own date
