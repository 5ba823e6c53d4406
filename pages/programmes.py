"""Programs: the CEO, the treasurer and admins add programs, correct them, move their status
(maintained, expanded, reduced, closed) and record each program's funding lines. Closing a
program retires it (hidden by default, restored by setting it back); a funding line typed by
mistake is deleted with a confirmation. The secured share comes from the program-continuity
figure the Finances page shows."""

from __future__ import annotations

from datetime import date

import streamlit as st

from gfj_core import formatting as fmt
from gfj_core.exports.safety import inert_markdown as md
from gfj_core.schemas.programmes import (
    FUNDING_STATUS_WORDS,
    PROGRAMME_STATUS_WORDS,
    FundingRowEdit,
    FundingUpdate,
    ProgrammeCreate,
    ProgrammeRowEdit,
    ProgrammeUpdate,
)
from gfj_core.services.programmes import (
    create_programme,
    programmes_admin,
    save_funding_table,
    save_programme_table,
)
from gfj_core.vocabulary import Vocabulary
from ui.data import read
from ui.finder import chosen as picked
from ui.finder import narrow
from ui.forms import (
    Column,
    edit_table,
    form_key,
    form_value,
    save_form,
    show_confirmation,
    show_field_problem,
)
from ui.guard import require_page
from ui.history import history_picker
from ui.nav import page_path
from ui.programmes import delete_line_form, funding_line_form, line_word

actor = require_page("programmes")
today = date.today()
view = read(programmes_admin, actor, as_of=today)
people = Vocabulary({p.id: p.name for p in view.people})
funders = Vocabulary({f.id: f.name for f in view.funders})

LEAD_FINDER = "Find a person for Lead or Backup"

st.title("Programs")
st.markdown(
    "Each program's lead and backup, its status through the transition and its funding. The "
    "share of next year's cost that is secured is worked out from the secured funding lines."
)


def _errors(prefix: str) -> dict[str, str]:
    return st.session_state.get(prefix + "errors", {})


def kept_strip() -> None:
    k = view.kept
    st.metric(
        "Programs maintained or expanded during the transition",
        fmt.share(k.share),
        help="The organization's KPI: programs maintained or expanded, of every program on "
        "record except those closed before the transition started.",
    )
    st.caption(
        f"{k.kept} of {k.counted} programs · {k.reduced} reduced · {k.closed} closed during the "
        "transition"
    )


def programmes_tab() -> None:
    kept_strip()
    show_closed = st.toggle("Show closed programs", key="pg_show_closed")
    rows = [p for p in view.programmes if show_closed or p.status != "closed"]
    if rows:
        st.caption(
            "To retire a program set its status to Closed; set it back to Maintained to restore "
            "it. A status change takes effect the day it is saved unless you give its date."
        )
        edit_table(
            # Its own grid when closed rows are shown: edits are kept by row position.
            "pg_programmes_all" if show_closed else "pg_programmes",
            rows=rows,
            columns=[
                Column("Program", "name", required=True, width="medium"),
                Column("Lead", "lead_person_id", "choice", people),
                Column("Backup", "backup_person_id", "choice", people),
                Column(
                    "Annual cost ($)",
                    "annual_cost",
                    "number",
                    required=True,
                    min_value=0,
                    number_format="localized",
                ),
                Column(
                    "Secured next 12 months",
                    None,
                    value=lambda p: fmt.share(p.secured_share),
                    help="Secured funding over the next 12 months ÷ the annual cost.",
                ),
                Column("Status", "status", "choice", PROGRAMME_STATUS_WORDS, required=True),
                Column("Since", "status_on", "date"),
                Column("Funding lines", None, "number", value=lambda p: p.funding_lines),
                Column(
                    "Description", "description", width="large", value=lambda p: p.description or ""
                ),
            ],
            update=ProgrammeUpdate,
            row_edit=ProgrammeRowEdit,
            save=save_programme_table,
            actor=actor,
            saved=lambda n: f"Saved {n} program(s).",
            button="Save program changes",
            noun="programs",
            today=today,
        )
    elif view.programmes:
        st.info("Every program is closed: show closed programs to restore one.")
    else:
        st.info("No programs yet: add the first one below.", icon=":material/add_circle:")
    p = "pg_new_"
    errors = _errors(p)
    keep = [*picked(form_key(p, "lead")), *picked(form_key(p, "bk"))]
    choose = [None, *narrow(p + "people_find", people, label=LEAD_FINDER, noun="people", keep=keep)]
    with st.form("pg_new", border=True):
        st.markdown("**Add a program**")
        a, b = st.columns([2, 1])
        with a:
            st.text_input("Name", key=form_key(p, "name"), placeholder="e.g. Youth court diversion")
            show_field_problem(errors, "name")
        with b:
            st.number_input(
                "Annual cost ($)", min_value=0, step=1000, value=None, key=form_key(p, "cost")
            )
            show_field_problem(errors, "annual_cost")
        a, b, c = st.columns(3)
        with a:
            st.selectbox(
                "Lead", choose, format_func=lambda i: people.word(i, "—"), key=form_key(p, "lead")
            )
            show_field_problem(errors, "lead_person_id")
        with b:
            st.selectbox(
                "Backup", choose, format_func=lambda i: people.word(i, "—"), key=form_key(p, "bk")
            )
            show_field_problem(errors, "backup_person_id")
        with c:
            st.selectbox(
                "Status",
                list(PROGRAMME_STATUS_WORDS),
                format_func=PROGRAMME_STATUS_WORDS.get,
                key=form_key(p, "status"),
            )
        st.text_area("Description (optional)", key=form_key(p, "description"), height=80)
        show_field_problem(errors, "form")
        added = st.form_submit_button("Add program", type="primary")
    show_confirmation("pg_new_done")
    if added:
        save_form(
            p,
            lambda: ProgrammeCreate(
                name=form_value(p, "name"),
                annual_cost=form_value(p, "cost"),
                lead_person_id=form_value(p, "lead"),
                backup_person_id=form_value(p, "bk"),
                status=form_value(p, "status"),
                description=form_value(p, "description"),
            ),
            create_programme,
            actor,
            flash_key="pg_new_done",
            flash=lambda d: f"Added the program “{md(d.name)}”. Add its funding on Funding lines.",
            today=today,
        )
    history_picker(
        "programme",
        {x.id: x.name for x in view.programmes},
        "pg_programme_history",
        actor,
        noun="programs",
        finder=("pg_programmes_all" if show_closed else "pg_programmes") + "_find",
    )


def funding_tab() -> None:
    if not view.programmes:
        st.info("Add a program first (the Programs tab), then its funding lines here.")
        return
    names = narrow(
        "pg_fund_find",
        {x.id: x.name + (" (closed)" if x.status == "closed" else "") for x in view.programmes},
        label="Find a program",
        noun="programs",
        keep=picked("pg_fund_programme"),
    )
    pid = st.selectbox("Program", list(names), format_func=names.get, key="pg_fund_programme")
    chosen = next(x for x in view.programmes if x.id == pid)
    st.caption(
        f"Annual cost {fmt.money(chosen.annual_cost)} · secured over the next 12 months "
        f"{fmt.money(chosen.secured_next_12_months)} ({fmt.share(chosen.secured_share)}) · "
        f"pledged {fmt.money(chosen.expected_next_12_months)}"
    )
    lines = [x for x in view.funding if x.programme_id == pid]
    if lines:
        edit_table(
            f"pg_lines_{pid}",
            rows=lines,
            columns=[
                Column("Funder", "funder_id", "choice", funders),
                Column("Or another source", "source", value=lambda x: x.source or ""),
                Column(
                    "Amount ($)",
                    "amount",
                    "number",
                    required=True,
                    min_value=0,
                    number_format="localized",
                ),
                Column("Secured or pledged", "status", "choice", FUNDING_STATUS_WORDS, True),
                Column("From", "starts_on", "date", required=True),
                Column("To", "ends_on", "date", required=True),
            ],
            update=FundingUpdate,
            row_edit=FundingRowEdit,
            save=save_funding_table,
            actor=actor,
            saved=lambda n: f"Saved {n} funding line(s).",
            button="Save funding changes",
            noun="funding lines",
            row_name=line_word,
        )
    else:
        st.info(f"No funding lines for {md(chosen.name)} yet: add the first one below.")
    funding_line_form(actor, pid, chosen.name, funders)
    if lines:
        delete_line_form(actor, pid, lines)
        history_picker(
            "programme_funding",
            {x.id: line_word(x) for x in lines},
            f"pg_lh_{pid}",
            actor,
            noun="lines",
        )


# Keyed: adding a funding line reruns the page and its tab, where it is confirmed, stays open.
tab_programmes, tab_funding = st.tabs(
    ["Programs", "Funding lines"], key="pg_tabs", on_change="rerun"
)
with tab_programmes:
    programmes_tab()
with tab_funding:
    funding_tab()
link = page_path(actor, "finances")
if link:
    st.page_link(
        link, label="See program continuity on Finances", icon=":material/account_balance:"
    )
