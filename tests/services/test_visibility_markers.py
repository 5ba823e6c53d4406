"""The marker test: a unique string in every restricted field, then everything each role can
reach is collected and searched. A marker may appear only for the roles gfj_core.access (and
gfj_core.visibility) allow, and must appear for at least one role that may see it, so this test
can fail: a new view that reads restricted data without the rule shows up here.

Two collections:
- service level (every derived view: scorecard with and without privacy, its drill-downs, the
  digest, the packet's PDF text and every Excel cell, the CSV exports, and the owning pages'
  services), on SQLite and on PostgreSQL (`--postgres`);
- pages (AppTest: every page in the role's navigation, every presenter topic; expanders and tabs
  are in the element tree whatever their state), on SQLite and on PostgreSQL: AppTest runs the
  app against the configured database URL, which `demo_db` points at the marked copy (a page
  reading any other database would find no marker, and the test would fail).
"""

from __future__ import annotations

import io

from openpyxl import load_workbook
from pypdf import PdfReader

from gfj_core.access import Role, can, pages_for
from gfj_core.db import session_scope
from gfj_core.exports.packet_pdf import board_packet, render_packet_pdf
from gfj_core.exports.packet_xlsx import render_packet_xlsx
from tests.conftest import DEMO_TODAY, demo_actor
from tests.markers import (
    ALLOWED,
    CHECKLIST_TITLE,
    HIDDEN_MILESTONE,
    KEY_RELATIONSHIP,
    LEADER_NAME,
    SURVEY_KEY,
    UNCONSENTED_STORY,
    USERS,
)


def _pdf_text(data: bytes) -> str:
    return "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)


def _xlsx_text(data: bytes) -> str:
    wb = load_workbook(io.BytesIO(data), read_only=True)
    return "\n".join(
        str(v) for ws in wb.worksheets for row in ws.iter_rows(values_only=True) for v in row
    )


def service_views(engine, actor) -> dict[str, str]:
    """Everything the role can reach through the services, as text, by view name."""
    from gfj_core.services import (
        checklist,
        continuity,
        digest,
        leader_assessments,
        leader_kpis,
        leader_pipeline,
        leader_profile,
        legacy,
        mentoring,
        overview,
        surveys,
        timeline,
    )

    out: dict[str, str] = {}
    role = actor.role
    with session_scope(engine) as s:
        if can(role, "overview.read"):
            for privacy in (False, True):
                card = overview.board_scorecard(s, today=DEMO_TODAY, actor=actor, privacy=privacy)
                out[f"scorecard privacy={privacy}"] = card.model_dump_json()
        if can(role, "meetings.read"):
            for privacy in (False, True):
                d = digest.since_last_meeting(s, today=DEMO_TODAY, actor=actor, privacy=privacy)
                out[f"digest privacy={privacy}"] = d.model_dump_json()
        if can(role, "packet.export"):
            packet = board_packet(s, as_of=DEMO_TODAY, actor=actor)
            out["packet model"] = packet.model_dump_json()
            out["packet pdf"] = _pdf_text(render_packet_pdf(packet, charts=False))
            out["packet xlsx"] = _xlsx_text(render_packet_xlsx(packet))
        if can(role, "transition.read"):
            out["timeline"] = timeline.timeline_view(
                s, today=DEMO_TODAY, actor=actor
            ).model_dump_json()
        if can(role, "transition.checklist.read"):
            out["checklist"] = checklist.checklist_view(
                s, today=DEMO_TODAY, actor=actor
            ).model_dump_json()
        if can(role, "leadership.read"):
            lo = leader_kpis.leaders_overview(s, today=DEMO_TODAY, actor=actor)
            out["leaders"] = lo.model_dump_json()
            for row in lo.rows:
                p = leader_profile.leader_profile(s, row.leader_id, today=DEMO_TODAY, actor=actor)
                out[f"leader profile {row.leader_id}"] = p.model_dump_json()
        if can(role, "leadership.kpis"):
            out["leadership kpis"] = leader_kpis.leadership_kpis(
                s, today=DEMO_TODAY, actor=actor
            ).model_dump_json()
        if can(role, "evaluation.read"):
            out["stories"] = legacy.list_stories(s, actor=actor).model_dump_json()
            out["survey answers"] = surveys.text_answers(
                s, survey_key=SURVEY_KEY, actor=actor
            ).model_dump_json()
        if can(role, "transition.continuity.read"):
            out["relationship ledger"] = continuity.relationship_ledger(
                s, actor=actor
            ).model_dump_json()
        if can(role, "assessments.write"):
            for option in leader_pipeline.leader_options(s, actor=actor):
                out[f"assessment sheet {option.leader_id}"] = leader_assessments.assessment_sheet(
                    s, option.leader_id, actor=actor
                ).model_dump_json()
        if can(role, "sessions.write"):
            out["log session form"] = mentoring.session_form_context(
                s, today=DEMO_TODAY, actor=actor
            ).model_dump_json()
        if can(role, "leadership.read"):
            for row in lo.rows:
                out[f"sessions csv {row.leader_id}"] = mentoring.sessions_export_csv(
                    s, row.leader_id, today=DEMO_TODAY, actor=actor
                ).decode("utf-8-sig")
    return out


def check(found: dict[Role, dict[str, str]]) -> list[str]:
    """Problems: a marker where it may not be, or nowhere a role may see it."""
    problems = []
    for marker, allowed in ALLOWED.items():
        for role, views in found.items():
            where = [name for name, text in views.items() if marker in text]
            if role not in allowed and where:
                problems.append(f"{marker} reaches {role} through {', '.join(where)}")
        if not any(marker in t for r in allowed for t in found.get(r, {}).values()):
            problems.append(f"{marker} is not found for any role that may see it: {allowed}")
    return problems


def test_restricted_values_reach_only_the_roles_allowed_through_every_service_view(marked):
    found = {role: service_views(marked, demo_actor(marked, u)) for role, u in USERS.items()}
    assert check(found) == []


# --- Pages (AppTest, SQLite only) ---------------------------------------------------------------


def page_views(actor) -> dict[str, str]:
    from tests.ui.apptest import open_page, page_text

    out = {}
    for spec in pages_for(actor.role):
        if spec.key == "presenter":
            continue
        at = open_page(actor, spec.path)
        out[spec.key] = page_text(at) + "\n" + _labels(at)
    if any(p.key == "presenter" for p in pages_for(actor.role)):
        out.update(presenter_views(actor))
    return out


def _labels(at) -> str:
    """Expander, tab and widget labels (names can hide there), and selectbox options."""
    parts = []
    for kind in ("expander", "tabs", "selectbox", "multiselect", "radio", "toggle", "checkbox"):
        for el in getattr(at, kind, []):
            parts.append(str(getattr(el, "label", "")))
            parts.extend(str(o) for o in getattr(el, "options", []) or [])
    for el in at.get("plotly_chart"):
        parts.append(el.proto.spec)
    return "\n".join(parts)


def presenter_views(actor) -> dict[str, str]:
    """Every presenter topic, privacy on and then off, walked with the Next button."""
    from tests.ui.apptest import open_page, page_text

    out = {}
    for privacy in (True, False):
        at = open_page(actor, "pages/presenter.py")
        if not privacy:
            at.toggle(key="presenter_privacy").set_value(False)
            at.run()
        first = at.title[0].value
        for _ in range(20):
            assert not at.exception, at.exception
            out[f"presenter {at.title[0].value} privacy={privacy}"] = (
                page_text(at) + "\n" + _labels(at)
            )
            at.button(key="present_next").click()
            at.run()
            if at.title[0].value == first:
                break
    return out


# A marker a role may meet on one page, and why that tells them nothing restricted.
PAGE_EXCEPTIONS = {
    # The Programs page's lead and backup pickers list the staff directory (the marker leader is
    # a staff member): a name there is a colleague, not "an emerging leader and their rating".
    (LEADER_NAME, Role.treasurer, "programmes"),
}


def page_problems(found: dict[Role, dict[str, str]]) -> list[str]:
    problems = []
    for marker, allowed in ALLOWED.items():
        for role, views in found.items():
            where = [
                name
                for name, text in views.items()
                if marker in text and (marker, role, name) not in PAGE_EXCEPTIONS
            ]
            if role not in allowed and where:
                problems.append(f"{marker} reaches {role} through {', '.join(where)}")
    for marker in (
        HIDDEN_MILESTONE,
        CHECKLIST_TITLE,
        LEADER_NAME,
        UNCONSENTED_STORY,
        KEY_RELATIONSHIP,
    ):
        if not any(marker in t for r in ALLOWED[marker] for t in found.get(r, {}).values()):
            problems.append(f"{marker} is on no page of a role that may see it")
    return problems


def test_restricted_values_reach_only_the_roles_allowed_on_every_page(marked):
    found = {role: page_views(demo_actor(marked, u)) for role, u in USERS.items()}
    assert page_problems(found) == []
