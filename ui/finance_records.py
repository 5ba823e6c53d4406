"""The Finances page's corrections (issue 15), for those who bring the books in: edit a funder,
archive or restore one, and remove a gift or a month of accounts imported by mistake."""

from __future__ import annotations

from datetime import date

import streamlit as st

from gfj_core.access import can
from gfj_core.exports.safety import inert_markdown as md
from gfj_core.formatting import fmt_month, money_from_cents
from gfj_core.schemas.finance_records import FUNDER_TYPE_WORDS, FunderRowEdit, FunderUpdate
from gfj_core.services.finance_records import (
    finance_records,
    gift_removal_line,
    month_removal_line,
    remove_gift,
    remove_month,
    save_funder_table,
)
from gfj_core.services.form990_records import remove_form990_return, returns_on_file
from ui.data import read
from ui.forms import Column, edit_table
from ui.history import history_expander
from ui.nav import page_path
from ui.removal import Removal, removal_panel, rows_removal


def _funders(actor) -> None:
    archived = st.toggle("Show archived funders", key="fr_show_archived")
    records = read(finance_records, actor, include_archived=archived)
    if not records.funders:
        st.info("No funders yet: import them on the Import data page.", icon=":material/savings:")
        return
    st.caption(
        "Correct a funder's name or type. Tick Archived to retire a funder: it leaves this list "
        "(its gifts still count in their months); show the archived ones and untick to restore. "
        "Who holds each relationship is changed on Continuity & handover."
    )
    edit_table(
        "fr_funders",
        rows=records.funders,
        columns=[
            Column("Funder", "name", required=True, width="medium"),
            Column("Type", "type", "choice", FUNDER_TYPE_WORDS, required=True),
            Column("Archived", "archived", "bool", value=lambda f: f.archived),
            Column("Gifts", None, "number", value=lambda f: f.gifts),
            Column("Given", None, value=lambda f: money_from_cents(f.gifts_cents)),
            Column("Last gift", None, "date", value=lambda f: f.last_gift_on),
            Column("Program funding lines", None, "number", value=lambda f: f.funding_lines),
        ],
        update=FunderUpdate,
        row_edit=FunderRowEdit,
        save=save_funder_table,
        actor=actor,
        saved=lambda n: f"Saved {n} funder(s).",
        button="Save funder changes",
        row_name=lambda f: f.name,
        today=date.today(),
    )
    names = {f.id: f.name for f in records.funders}
    pick = st.selectbox("Show the history of", list(names), format_func=names.get, key="fr_hist")
    history_expander("funder", pick, actor)


def _returns(actor) -> None:
    """Remove a Form 990 return imported by mistake (re-importing its year corrects it)."""
    rows = read(returns_on_file, actor)
    if not rows:
        st.info("No Form 990 returns yet: import them on the Import data page.")
        return
    st.caption(
        "Importing a year again, or its amended return, replaces it. Remove a return imported by "
        "mistake (another organization's, or the wrong file); importing the file brings it back."
    )
    rows_removal(
        "fr_990",
        rows=rows,
        name_of=lambda r: f"{r.label}, {r.name} ({r.filename})",
        service=remove_form990_return,
        actor=actor,
        what="return",
        history="form990_return",
        goes_with=lambda r: (
            f"the {r.officers} officers and employees it lists" if r.officers else None
        ),
    )


def finance_corrections(actor) -> None:
    """Funders, gifts and months of accounts, each correctable by its owner."""
    records = read(finance_records, actor)
    returns = can(actor.role, "history.import")
    tabs = st.tabs(
        ["Funders", "Gifts", "Months of accounts"] + (["Form 990 returns"] if returns else [])
    )
    funders, gifts, months = tabs[:3]
    if returns:
        with tabs[3]:
            _returns(actor)
    with funders:
        _funders(actor)
    with gifts:
        if not records.gifts:
            st.info("No gifts yet: import them on the Import data page.")
        else:
            shown = len(records.gifts)
            st.caption(
                "Remove a gift imported by mistake (nothing else points at a gift). "
                + (
                    f"The newest {shown:,} of {records.gifts_total:,} gifts are listed; type to "
                    "search by reference or funder."
                    if shown < records.gifts_total
                    else ""
                )
            )
            by_id = {g.id: g for g in records.gifts}
            removal_panel(
                "fr_gift",
                options={i: gift_removal_line(g) for i, g in by_id.items()},
                label="Gift",
                what="gift",
                verb="Remove",
                removal=lambda i: Removal(
                    said=md(
                        f"This removes {gift_removal_line(by_id[i])}. The gift measures and "
                        "the scorecard are computed without it at once."
                    ),
                    args={"gift_id": i},
                    done=lambda said: f"Removed {md(said)}.",
                ),
                service=remove_gift,
                actor=actor,
            )
    with months:
        if not records.months:
            st.info("No months of accounts yet.")
        else:
            st.caption(
                "Remove a month of accounts imported by mistake; importing the right file again "
                "brings a month back."
            )
            by_month = {m.month: m for m in records.months}
            removal_panel(
                "fr_month",
                options={k: fmt_month(k) for k in by_month},
                label="Month",
                what="month",
                verb="Remove",
                removal=lambda k: Removal(
                    said=md(
                        f"This removes {month_removal_line(by_month[k])}. The measures, the "
                        "trends and the scorecard are computed without it at once."
                    ),
                    args={"month": k},
                    done=lambda said: f"Removed {md(said)}.",
                ),
                service=remove_month,
                actor=actor,
            )
    link = page_path(actor, "import_data")
    if link:
        st.page_link(link, label="Import more on Import data", icon=":material/upload_file:")
