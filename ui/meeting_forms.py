"""The Board meetings page's write paths, for whoever may write meetings ("meetings.write"):
the open action items table (reassign, re-date, close), an action item added between meetings,
a held meeting's record corrected, and a meeting recorded or scheduled. Each is built on
ui.forms: problems next to their field, the input kept on refusal, a confirmation on success."""

from __future__ import annotations

from collections import Counter
from datetime import date

import pandas as pd
import streamlit as st

from gfj_core.exports.safety import inert_markdown as md
from gfj_core.formatting import date_grid_format, date_input_format, fmt_date
from gfj_core.schemas.board import KIND_LABELS, ActionItemCreate, DecisionCreate, MeetingCreate
from gfj_core.schemas.board_records import (
    ACTION_STATUS_WORDS,
    ActionItemAdd,
    ActionItemChanges,
    ActionItemRowEdit,
    MeetingCorrection,
    decisions_text,
    parse_decisions,
)
from gfj_core.services.board_meetings import record_meeting
from gfj_core.services.board_records import (
    add_action_between_meetings,
    correct_meeting,
    save_action_table,
)
from gfj_core.vocabulary import Vocabulary
from ui.finder import chosen, narrow
from ui.forms import (
    Column,
    edit_table,
    form_key,
    form_value,
    save_form,
    save_record,
    show_confirmation,
    show_field_problem,
)
from ui.history import history_expander, history_picker
from ui.widgets import choose_many, data_table, lazy_expander

RECORD, ADD, FIX = "rm_", "aa_", "cm_"


def person_words(people) -> Vocabulary:
    """Person id -> the name shown; two people of the same name are told apart by their id."""
    # Counted once (a list's .count per person was quadratic: 0.8 s a rerun at 100x).
    seen = Counter(p.name for p in people)
    return Vocabulary(
        {p.id: p.name if seen[p.name] == 1 else f"{p.name} (#{p.id})" for p in people}
    )


def _errors(prefix: str) -> dict[str, str]:
    return st.session_state.get(prefix + "errors", {})


def _other_problems(prefix: str, shown: set[str]) -> None:
    """Problems no widget of the form shows (and the refusal's headline)."""
    errors = _errors(prefix)
    if errors:
        st.error("Not saved: please fix what is marked.", icon=":material/error:")
    for field, message in errors.items():
        if field not in shown:
            st.error(f"{field}: {message}" if field != "form" else message, icon=":material/error:")


def action_items_editor(actor, actions, who: Vocabulary, today: date) -> None:
    """The open action items as an editable table: title, owner, due date and status."""
    st.caption(
        "Reassign an item, change its due date, or set it to Done or Dropped and save; closing "
        "stamps today's date."
    )
    edit_table(
        "actions",
        rows=actions,
        columns=[
            Column("Action", "title", required=True, width="large"),
            Column("Owner", "owner_person_id", "choice", who, width="medium"),
            Column("Due", "due_date", "date"),
            Column("Raised", None, value=lambda a: fmt_date(a.raised_on)),
            Column(
                "Carried over",
                None,
                value=lambda a: f"{a.times_carried_over}×" if a.times_carried_over else "new",
            ),
            Column("Flag", None, value=lambda a: "Overdue" if a.overdue else ""),
            Column("Status", "status", "choice", ACTION_STATUS_WORDS, required=True),
        ],
        update=ActionItemChanges,
        row_edit=ActionItemRowEdit,
        save=save_action_table,
        actor=actor,
        saved=lambda n: f"{n} action item{'s' if n != 1 else ''} updated.",
        button="Save action items",
        noun="action items",
        row_name=lambda a: a.title,
        today=today,
    )


def action_history(actor, actions) -> None:
    """The History panel of one action item the viewer picks (every change is audited)."""
    history_picker(
        "action_item",
        {a.id: a.title for a in actions},
        "ai_hist",
        actor,
        noun="action items",
        finder="actions_find",
    )


def _people_offered(key: str, who: Vocabulary, keep) -> Vocabulary:
    """The people a form's pickers offer: everyone, or past ui.finder.MANY the first ones
    (board members first) and those already chosen, with a finder above the form."""
    return Vocabulary(
        narrow(key, who, label="Find a person for this form", noun="people", keep=keep)
    )


def add_action_form(actor, who: Vocabulary, today: date) -> None:
    """An action item agreed between meetings: it carries over to the body's next meeting."""
    errors = _errors(ADD)
    who = _people_offered(ADD + "people_find", who, chosen(form_key(ADD, "owner")))
    with st.form("add_action", border=True):
        st.markdown("**Add an action item between meetings**")
        st.caption("It belongs to the body's last held meeting and carries over to its next one.")
        a, b = st.columns([1, 2])
        a.selectbox(
            "Body", list(KIND_LABELS), format_func=KIND_LABELS.get, key=form_key(ADD, "kind")
        )
        b.text_input("Action", key=form_key(ADD, "title"), max_chars=240)
        with b:
            show_field_problem(errors, "title")
        a, b = st.columns(2)
        a.selectbox(
            "Owner",
            [None, *who],
            format_func=lambda i: "— nobody yet —" if i is None else who[i],
            key=form_key(ADD, "owner"),
        )
        b.date_input("Due", value=None, key=form_key(ADD, "due"), format=date_input_format())
        with b:
            show_field_problem(errors, "due_date")
        _other_problems(ADD, {"title", "due_date"})
        added = st.form_submit_button("Add action item", type="primary")
    if added:
        save_form(
            ADD,
            lambda: ActionItemAdd(
                kind=form_value(ADD, "kind"),
                title=form_value(ADD, "title"),
                owner_person_id=form_value(ADD, "owner"),
                due_date=form_value(ADD, "due"),
            ),
            add_action_between_meetings,
            actor,
            flash_key="meetings_flash",
            flash=lambda d: f"Added the action item “{md(d.title)}”.",
            today=today,
        )


def correct_meeting_form(actor, m, who: Vocabulary, today: date) -> None:
    """Correct a held meeting's title, agenda, attendance and decisions (stale edits refused)."""
    p = f"{FIX}{m.id}_{m.version}_"  # a new version of the meeting starts a fresh form
    errors = _errors(p)
    fixed = False
    # Above the expander: a saved correction is a new version, whose expander starts shut.
    show_confirmation("cm_saved")
    with lazy_expander(
        "Correct this meeting's record", icon=":material/edit:", key=p + "open"
    ) as shown:
        if shown:
            invited_ids = [a.person_id for a in m.attendees]
            keep = [*invited_ids, *chosen(p + "invited"), *chosen(p + "attended")]
            who = _people_offered(p + "people_find", who, keep)
            with st.form(f"correct_meeting_{m.id}", border=False):
                title = st.text_input("Title", value=m.title, key=p + "title", max_chars=160)
                show_field_problem(errors, "title")
                options = list(dict.fromkeys([*invited_ids, *who]))
                label = {**{a.person_id: a.name for a in m.attendees}, **dict(who.items())}
                invited = choose_many(
                    "Invited",
                    options,
                    default=invited_ids,
                    format_func=label.get,
                    key=p + "invited",
                )
                attended = choose_many(
                    "Attended",
                    options,
                    default=[a.person_id for a in m.attendees if a.attended],
                    format_func=label.get,
                    key=p + "attended",
                )
                show_field_problem(errors, "attendees")
                agenda = st.text_area(
                    "Agenda (one item per line)", "\n".join(m.agenda), key=p + "ag"
                )
                decisions = st.text_area(
                    "Decisions (one per line; a reference in square brackets first, if any)",
                    decisions_text(m.decision_list),
                    key=p + "decisions",
                )
                show_field_problem(errors, "decisions")
                _other_problems(p, {"title", "attendees", "decisions"})
                fixed = st.form_submit_button("Save the corrected record", type="primary")
            history_expander("board_meeting", m.id, actor)
    if fixed:
        save_record(
            p,
            lambda: MeetingCorrection(
                expected_version=m.version,
                title=title,
                agenda=(agenda or "").splitlines(),
                invited_person_ids=invited,
                attended_person_ids=attended,
                decisions=[DecisionCreate(**d) for d in parse_decisions(decisions)],
            ),
            correct_meeting,
            actor,
            confirm_key="cm_saved",
            confirm=lambda d: f"Corrected the record of {md(d.title)}.",
            meeting_id=m.id,
            today=today,
        )


def _action_rows(frame: pd.DataFrame, id_of: dict[str, int]) -> list[ActionItemCreate]:
    return [
        ActionItemCreate(
            title=str(r["Action"]).strip(),
            owner_person_id=id_of.get(r["Owner"]) if isinstance(r["Owner"], str) else None,
            due_date=None if pd.isna(r["Due"]) else pd.Timestamp(r["Due"]).date(),
        )
        for _, r in frame.iterrows()
        if isinstance(r["Action"], str) and r["Action"].strip()
    ]


def record_meeting_form(actor, people, who: Vocabulary, today: date) -> None:
    """Record a held meeting (attendance, decisions, new action items) or schedule one."""
    board_ids = [p.id for p in people if p.board_role]
    errors = _errors(RECORD)
    everyone = who
    keep = [*board_ids, *chosen(form_key(RECORD, "invited")), *chosen(form_key(RECORD, "attended"))]
    who = _people_offered(RECORD + "people_find", who, keep)
    with st.form("record_meeting", border=True):
        c1, c2, c3 = st.columns([1, 1, 2])
        c1.selectbox(
            "Body", list(KIND_LABELS), format_func=KIND_LABELS.get, key=form_key(RECORD, "kind")
        )
        c2.selectbox(
            "Record as",
            ["held", "scheduled"],
            format_func={"held": "Held (minutes)", "scheduled": "Scheduled"}.get,
            key=form_key(RECORD, "status"),
        )
        c1.date_input("Date", value=today, key=form_key(RECORD, "date"), format=date_input_format())
        with c1:
            show_field_problem(errors, "date")
        c3.text_input(
            "Title", key=form_key(RECORD, "title"), placeholder="Board meeting, December 2026"
        )
        with c3:
            show_field_problem(errors, "title")
        choose_many(
            "Invited",
            list(who),
            default=board_ids,
            format_func=who.get,
            key=form_key(RECORD, "invited"),
        )
        choose_many(
            "Attended (held meetings)",
            list(who),
            format_func=who.get,
            key=form_key(RECORD, "attended"),
            help="Anyone here who was not invited is added to the invited list.",
        )
        show_field_problem(errors, "attendees")
        st.text_area("Agenda (one item per line)", key=form_key(RECORD, "agenda"))
        st.text_area(
            "Decisions (one per line; start with a reference in square brackets if it has one, "
            "e.g. [Resolution 2026-09] ...)",
            key=form_key(RECORD, "decisions"),
        )
        show_field_problem(errors, "decisions")
        st.markdown("New action items")
        new_actions = data_table(
            pd.DataFrame(
                {
                    "Action": pd.Series(dtype=str),
                    "Owner": pd.Series(dtype=str),
                    "Due": pd.Series(dtype="datetime64[ns]"),
                }
            ),
            key=form_key(RECORD, "actions"),
            editable=True,
            num_rows="dynamic",
            hide_index=True,
            width="stretch",
            column_config={
                "Action": st.column_config.TextColumn("Action", required=True, max_chars=240),
                "Owner": st.column_config.SelectboxColumn("Owner", options=list(who.values())),
                "Due": st.column_config.DateColumn("Due", format=date_grid_format()),
            },
        )
        _other_problems(RECORD, {"date", "title", "attendees", "decisions"})
        submitted = st.form_submit_button("Save the meeting", type="primary")
    if submitted:
        id_of = {word: pid for pid, word in everyone.items()}

        def build() -> MeetingCreate:
            return MeetingCreate(
                held_on=form_value(RECORD, "date"),
                kind=form_value(RECORD, "kind"),
                title=form_value(RECORD, "title"),
                status=form_value(RECORD, "status"),
                agenda=(form_value(RECORD, "agenda") or "").splitlines(),
                invited_person_ids=form_value(RECORD, "invited"),
                attended_person_ids=form_value(RECORD, "attended"),
                decisions=[
                    DecisionCreate(**d) for d in parse_decisions(form_value(RECORD, "decisions"))
                ],
                actions=_action_rows(new_actions, id_of),
            )

        save_form(
            RECORD,
            build,
            record_meeting,
            actor,
            flash_key="meetings_flash",
            flash=lambda d: (
                f"Saved: {md(d.title)} ({fmt_date(d.held_on)}), {len(d.actions)} new action items."
            ),
            today=today,
        )
