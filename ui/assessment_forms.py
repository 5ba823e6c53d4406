"""The Assessments page's parts: the competency score sheet (problems named at their row), the
readiness rating form and history, and the competency framework editor."""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st
from pydantic import ValidationError

from gfj_core.errors import GfjError, StaleEdit, ValidationFailed
from gfj_core.exports.safety import inert_markdown as md
from gfj_core.formatting import date_grid_format, date_input_format
from gfj_core.schemas.leadership import (
    READINESS_LABELS,
    AssessmentBatch,
    AssessmentScore,
    CompetencyCreate,
    CompetencyUpdate,
    FrameworkChanges,
    ReadinessCreate,
    problems_from,
)
from gfj_core.services.leader_assessments import (
    assessment_sheet,
    competency_framework,
    record_assessments,
    record_readiness,
    save_competency_framework,
)
from ui.data import read, write
from ui.forms import Input, input_form, show_confirmation
from ui.leadership import readiness_label
from ui.widgets import data_table, fmt_date

NOT_SCORED = "—"
SCORES = [NOT_SCORED, 1, 2, 3, 4, 5]
SCALE = (
    "1 new to it · 2 learning with support · 3 does it on their own · 4 does it well and teaches "
    "others · 5 sets the standard for the organization"
)


def score_sheet(actor, names: dict[int, str], today: date) -> None:
    """Score one leader's competencies (1-5, each with an optional comment) on one date."""
    pick, when = st.columns([2, 1])
    leader_id = pick.selectbox("Leader", list(names), format_func=names.get, key="as_leader")
    assessed_on = when.date_input(
        "Assessed on", value=today, max_value=today, key="as_date", format=date_input_format()
    )
    sheet = read(assessment_sheet, actor, leader_id=leader_id)
    st.caption(f"Scores: {SCALE}. Leave a competency at “{NOT_SCORED}” to skip it.")
    # Problems are kept per leader: keyed "competency <id>" (shown under that row) or a field.
    err_leader, errors = st.session_state.get("as_errors", (None, {}))
    if err_leader != leader_id:
        errors = {}
    with st.form("assessment", border=True, enter_to_submit=False):
        chosen: dict[int, tuple] = {}
        for row in sheet.rows:
            name_col, score_col, comment_col = st.columns([3, 3, 3], vertical_alignment="center")
            with name_col:
                st.markdown(f"**{md(row.competency)}**")
                st.caption(
                    f"Last: {row.latest_score} on {fmt_date(row.latest_on)}"
                    if row.latest_score
                    else "Not assessed yet"
                )
            score = score_col.radio(
                f"Score for {row.competency}",
                SCORES,
                horizontal=True,
                key=f"as_score_{leader_id}_{row.competency_id}",
                label_visibility="collapsed",
            )
            comment = comment_col.text_input(
                f"Comment on {row.competency}",
                key=f"as_comment_{leader_id}_{row.competency_id}",
                label_visibility="collapsed",
                placeholder="Comment (optional)",
            )
            row_problem = errors.get(f"competency {row.competency_id}")
            if row_problem:
                st.error(f"{row.competency}: {row_problem}", icon=":material/error:")
            chosen[row.competency_id] = (score, comment)
        for where, message in errors.items():
            if not where.startswith("competency "):
                st.error(message, icon=":material/error:")
        submitted = st.form_submit_button("Save assessment", type="primary", icon=":material/save:")
    show_confirmation("as_saved")
    if submitted:
        problems: dict[str, str] = {}
        scored: list[int] = []
        scores = []
        for cid, (score, comment) in chosen.items():
            if score == NOT_SCORED:
                if comment.strip():
                    problems[f"competency {cid}"] = (
                        "Choose a score for this comment, or clear the comment."
                    )
                continue
            scored.append(cid)
            scores.append({"competency_id": cid, "score": score, "comment": comment or None})
        if not scores and not problems:
            problems = {"scores": "Score at least one competency."}
        if not problems:
            try:
                batch = AssessmentBatch(
                    leader_id=leader_id,
                    assessed_on=assessed_on,
                    scores=[AssessmentScore(**s) for s in scores],
                )
                n = write(record_assessments, actor, data=batch, today=today)
            except ValidationError as exc:
                for field, message in problems_from(exc):
                    parts = field.split(".")  # "scores.2.comment" -> the second scored row
                    if parts[0] == "scores" and len(parts) > 1 and parts[1].isdigit():
                        problems[f"competency {scored[int(parts[1]) - 1]}"] = message
                    else:
                        problems[field] = message
            except ValidationFailed as exc:
                problems = dict(exc.problems) or {"form": str(exc)}
            except GfjError as exc:
                problems = {"form": str(exc)}
            else:
                for cid in chosen:
                    st.session_state.pop(f"as_score_{leader_id}_{cid}", None)
                    st.session_state.pop(f"as_comment_{leader_id}_{cid}", None)
                st.session_state["as_errors"] = (None, {})
                st.session_state["as_saved"] = (
                    f"Saved {n} score{'s' if n != 1 else ''} for {names[leader_id]} "
                    f"({fmt_date(assessed_on)})."
                )
                st.rerun()
        st.session_state["as_errors"] = (leader_id, problems)
        st.rerun()

    st.subheader(f"Recent scores for {md(sheet.leader_name)}")
    if sheet.recent:
        data_table(
            pd.DataFrame(
                [
                    {
                        "Date": a.assessed_on,
                        "Competency": a.competency,
                        "Score": a.score,
                        "By": a.assessor_name or "—",
                        "Comment": a.comment or "",
                    }
                    for a in sheet.recent
                ]
            ),
            hide_index=True,
            width="stretch",
            column_config={"Date": st.column_config.DateColumn(format=date_grid_format())},
        )
    else:
        st.caption("No scores yet.")


def readiness_tab(actor, names: dict[int, str], today: date) -> None:
    """Record a leader's readiness rating (CEO), beside its history."""
    left, right = st.columns([2, 3], gap="large")
    with left:
        r_leader = st.selectbox("Leader", list(names), format_func=names.get, key="rd_leader")

        def rating(**v) -> ReadinessCreate:
            if v["level"] is None:
                raise ValidationFailed("Choose a rating.", [("level", "Choose a rating.")])
            return ReadinessCreate(leader_id=r_leader, **v)

        input_form(
            "rd",
            rows=[
                [Input("level", "Readiness", "radio", READINESS_LABELS, placeholder="none")],
                [Input("rated_on", "Rated on", "date", value=today, max_value=today)],
                [Input("note", "Why (optional)", "area", height=90)],
            ],
            schema=rating,
            service=record_readiness,
            actor=actor,
            confirm=lambda d: (
                f"Recorded {names[r_leader]} as "
                f"{readiness_label(d.level).lower()} on {fmt_date(d.rated_on)}."
            ),
            button="Record rating",
            today=today,
        )
    with right:
        history = read(assessment_sheet, actor, leader_id=r_leader)
        # A word joiner after the hyphen: "1-2 years" never breaks as "1-" / "2 years" on a phone.
        level = readiness_label(history.readiness).lower().replace("-", "-\u2060")
        st.subheader(f"{md(history.leader_name)}: {level}")
        if history.readiness_history:
            data_table(
                pd.DataFrame(
                    [
                        {
                            "Date": r.rated_on,
                            "Rating": readiness_label(r.level),
                            "By": r.rater_name or "—",
                            "Note": r.note or "",
                        }
                        for r in reversed(history.readiness_history)
                    ]
                ),
                hide_index=True,
                width="stretch",
                column_config={"Date": st.column_config.DateColumn(format=date_grid_format())},
            )
        else:
            st.caption("Not rated yet.")
        st.caption(
            "A rating dated before the latest one joins the history without replacing the "
            "current rating."
        )


def framework_editor(actor) -> None:
    """Rename, describe, reorder or retire competencies, or add new ones (CEO)."""
    framework = read(competency_framework, actor)
    st.markdown(
        "Rename, describe, reorder (position) or retire a competency, or add a row for a "
        "new one. Retired competencies keep their history but leave the forms and averages."
    )
    base = pd.DataFrame(
        [
            {
                "id": c.id,
                "version": c.version,
                "Position": c.position,
                "Competency": c.name,
                "Description": c.description or "",
                "In use": c.active,
            }
            for c in framework
        ]
    )
    edited = data_table(
        base,
        key="fw_editor",
        editable=True,
        num_rows="add",
        hide_index=True,
        width="stretch",
        disabled=["id", "version"],
        column_order=["Position", "Competency", "Description", "In use"],
        column_config={
            "Position": st.column_config.NumberColumn(min_value=0, step=1, width="small"),
            "Competency": st.column_config.TextColumn(required=True, max_chars=120),
            "Description": st.column_config.TextColumn(width="large", max_chars=2000),
            "In use": st.column_config.CheckboxColumn(default=True, width="small"),
        },
    )
    fw_errors: dict[str, str] = st.session_state.get("fw_errors", {})
    for where, message in fw_errors.items():
        st.error(f"{where}: {message}" if where != "form" else message, icon=":material/error:")
    saved = st.button("Save framework", type="primary", icon=":material/save:")
    show_confirmation("fw_saved")
    if saved:
        originals = {c.id: c for c in framework}
        updates, additions, problems = [], [], {}
        for n, (_, row) in enumerate(edited.iterrows(), start=1):
            name = "" if pd.isna(row["Competency"]) else str(row["Competency"]).strip()
            description = "" if pd.isna(row["Description"]) else str(row["Description"]).strip()
            position = None if pd.isna(row["Position"]) else int(row["Position"])
            active = True if pd.isna(row["In use"]) else bool(row["In use"])
            try:
                if pd.isna(row["id"]):
                    if name:
                        additions.append(
                            CompetencyCreate(name=name, description=description, position=position)
                        )
                    continue
                old = originals[int(row["id"])]
                if (name, description, position, active) != (
                    old.name,
                    old.description or "",
                    old.position,
                    old.active,
                ):
                    updates.append(
                        CompetencyUpdate(
                            id=old.id,
                            expected_version=old.version,
                            name=name,
                            description=description,
                            position=position if position is not None else old.position,
                            active=active,
                        )
                    )
            except ValidationError as exc:
                for field, message in problems_from(exc):
                    problems[f"Row {n}, {field}"] = message
        if not problems and not (updates or additions):
            problems = {"form": "Nothing changed."}
        if not problems:
            try:
                write(
                    save_competency_framework,
                    actor,
                    changes=FrameworkChanges(updates=updates, additions=additions),
                )
            except StaleEdit as exc:
                problems = {"form": str(exc)}
            except ValidationFailed as exc:
                problems = dict(exc.problems) or {"form": str(exc)}
            except GfjError as exc:
                problems = {"form": str(exc)}
            else:
                st.session_state.pop("fw_editor", None)
                st.session_state["fw_errors"] = {}
                st.session_state["fw_saved"] = (
                    f"Framework saved: {len(updates)} changed, {len(additions)} added."
                )
                st.rerun()
        st.session_state["fw_errors"] = problems
        st.rerun()
