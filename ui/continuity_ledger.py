"""The relationship handover tab of the continuity page: funders, partners, officials and vendors,
who holds each and who takes it over; the CEO and admin record introductions and handovers, add
and delete relationships (funders are added and removed on the finance pages)."""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from gfj_core.exports.safety import inert_markdown as md
from gfj_core.schemas.transition import (
    HANDOFF_WORDS,
    RELATIONSHIP_KIND_WORDS,
    HandoffUpdate,
    KeyRelationshipCreate,
    LedgerRowEdit,
    LedgerView,
)
from gfj_core.services.continuity import (
    create_relationship,
    delete_relationship,
    save_ledger_table,
)
from ui.charts import show
from ui.forms import Column, edit_table, form_key, form_value, save_form, show_confirmation
from ui.removal import plan_removal, removal_panel
from ui.transition import RED_TEXT, ledger_bars, showing
from ui.widgets import data_table, fmt_date, fmt_pct

TABLE_HEIGHT = 740  # the tallest the ledger grows before it scrolls


def ledger_frame(ledger: LedgerView, first_name: str) -> pd.DataFrame:
    rows = ledger.rows
    return pd.DataFrame(
        {
            "Relationship": [r.name for r in rows],
            "Kind": [
                RELATIONSHIP_KIND_WORDS.get(r.kind, r.kind)
                + (f" ({r.funder_type})" if r.funder_type else "")
                for r in rows
            ],
            "Held by": [r.owner_name or "—" for r in rows],
            "Successor": [r.successor_name or "—" for r in rows],
            "Introduction meeting": [fmt_date(r.introduction_meeting_on) for r in rows],
            "Handover": [HANDOFF_WORDS.get(r.handoff_status, r.handoff_status) for r in rows],
            "Only the departing leader": [
                f"⚠ Only {first_name}" if r.held_only_by_departing else "" for r in rows
            ],
        }
    )


def ledger_tab(
    ledger: LedgerView,
    total: int,
    person_names: dict[int, str],
    actor,
    today: date,
    *,
    leader: str,
    first_name: str,
) -> None:
    c = ledger.counts
    funders = (
        f"{c.funders} funders from the funder list, and partners, officials and vendors"
        if c.funders
        else "partners, officials and vendors; no funders are on the funder list yet"
    )
    st.markdown(
        f"**{c.total} relationships** ({funders}). **{c.held_only_by_departing}** "
        f"({fmt_pct(c.only_departing_share)}) are still held only by {leader}; "
        f"{c.introduced} introduced to a successor; {c.transferred} transferred."
    )
    if ledger.rows:
        show(ledger_bars(ledger), key="ct_ledger_bars")
        frame = ledger_frame(ledger, first_name)
        data_table(
            frame.style.map(
                lambda v: RED_TEXT if v.startswith("⚠") else "",
                subset=["Only the departing leader"],
            ),
            hide_index=True,
            width="stretch",
            height=min(38 + 35 * len(frame), TABLE_HEIGHT),
        )
        st.caption(
            f"Held only by {first_name}: she holds it and no successor has been introduced. "
            "Funders are the same records as on the finance pages: one list, not two."
        )
        showing(len(ledger.rows), total, "relationships")
    else:
        st.info(
            "No relationships are recorded yet."
            + (
                " Add the first one under “Record introductions and handovers”."
                if ledger.can_edit
                else ""
            )
        )
    if ledger.can_edit:
        with st.expander("Record introductions and handovers", icon=":material/edit:"):
            _edit(ledger, person_names, actor, today)


def _edit(ledger: LedgerView, person_names: dict[int, str], actor, today: date) -> None:
    edit_table(
        "ct_ledger",
        rows=ledger.rows,
        columns=[
            Column("Relationship", None, value=lambda r: r.name),
            Column("Held by", "owner_person_id", "choice", person_names),
            Column("Successor", "successor_person_id", "choice", person_names),
            Column("Introduction meeting", "introduction_meeting_on", "date"),
            Column("Handover", "handoff_status", "choice", HANDOFF_WORDS, required=True),
        ],
        update=HandoffUpdate,
        row_edit=LedgerRowEdit,
        save=save_ledger_table,
        actor=actor,
        saved=lambda n: "Saved the relationship handovers.",
        button="Save handover changes",
        row_fields=lambda r: {"source": r.source, "id": r.id, "expected_version": r.version},
        today=today,
    )
    # Funders are deleted (archived) on the finance pages: only the ledger's own rows here.
    removal_panel(
        "ct_rel_tools",
        options={r.id: r.name for r in ledger.rows if r.source != "funder"},
        removal=lambda i: plan_removal(
            "key_relationship", i, id_arg="relationship_id", actor=actor
        ),
        service=delete_relationship,
        actor=actor,
        what="relationship",
        history="key_relationship",
        border=True,
    )
    p = "ct_rel_new_"
    with st.form("ct_rel_new", border=True):
        st.markdown("**Add a partner, official or vendor** (funders are added as funders)")
        a, b = st.columns([2, 1])
        with a:
            st.text_input("Name", key=form_key(p, "name"))
        with b:
            st.selectbox(
                "Kind",
                ["partner", "official", "vendor", "other"],
                format_func=RELATIONSHIP_KIND_WORDS.get,
                key=form_key(p, "kind"),
            )
        a, b = st.columns(2)
        with a:
            st.selectbox(
                "Held by",
                [None, *person_names],
                format_func=lambda i: "— nobody —" if i is None else person_names[i],
                key=form_key(p, "owner"),
            )
        with b:
            st.selectbox(
                "Successor",
                [None, *person_names],
                format_func=lambda i: "— not chosen —" if i is None else person_names[i],
                key=form_key(p, "successor"),
            )
        if st.session_state.get(p + "error"):
            st.error(st.session_state[p + "error"])
        added = st.form_submit_button("Add relationship")
    show_confirmation("ct_flash_ledger")
    if added:
        save_form(
            p,
            lambda: KeyRelationshipCreate(
                name=form_value(p, "name"),
                kind=form_value(p, "kind"),
                owner_person_id=form_value(p, "owner"),
                successor_person_id=form_value(p, "successor"),
            ),
            create_relationship,
            actor,
            flash_key="ct_flash_ledger",
            flash=lambda data: f"Added “{md(data.name)}” to the ledger.",
            today=today,
        )
