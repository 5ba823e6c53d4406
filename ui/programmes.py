"""The Programs page's funding-line forms: add a line to a program, and delete one typed by
mistake (with a confirmation naming it). Built on ui.forms like every other form."""

from __future__ import annotations

import streamlit as st

from gfj_core import formatting as fmt
from gfj_core.exports.safety import inert_markdown as md
from gfj_core.formatting import date_input_format
from gfj_core.schemas.programmes import FUNDING_STATUS_WORDS, FundingCreate, FundingDelete
from gfj_core.services.programmes import add_funding, delete_funding
from gfj_core.vocabulary import Vocabulary
from ui.finder import chosen, narrow
from ui.forms import form_key, form_value, save_form, show_confirmation, show_field_problem
from ui.nav import page_path
from ui.removal import Removal, removal_panel


def line_word(line) -> str:
    """A funding line in words: "$60,000 from Hope Foundation, Jan 1, 2027"."""
    who = line.funder or line.source or "—"
    return f"{fmt.money(line.amount)} from {who}, {fmt.fmt_date(line.starts_on)}"


def _errors(prefix: str) -> dict[str, str]:
    return st.session_state.get(prefix + "errors", {})


def funding_line_form(actor, pid: int, programme: str, funders: Vocabulary) -> None:
    p = f"pg_line_{pid}_"
    errors = _errors(p)
    offered = narrow(
        p + "funder_find",
        funders,
        label="Find a funder",
        noun="funders",
        keep=chosen(form_key(p, "funder")),
    )
    with st.form(f"pg_line_{pid}", border=True):
        st.markdown("**Add a funding line**")
        a, b = st.columns(2)
        with a:
            st.selectbox(
                "Funder",
                [None, *offered],
                format_func=lambda i: funders.word(i, "— another source —"),
                key=form_key(p, "funder"),
            )
            show_field_problem(errors, "funder_id")
        with b:
            st.text_input(
                "Or another source", key=form_key(p, "source"), placeholder="e.g. Training fees"
            )
            show_field_problem(errors, "source")
        a, b, c, d = st.columns(4)
        with a:
            st.number_input(
                "Amount ($)", min_value=0, step=1000, value=None, key=form_key(p, "amount")
            )
            show_field_problem(errors, "amount")
        with b:
            st.selectbox(
                "Secured or pledged",
                list(FUNDING_STATUS_WORDS),
                format_func=FUNDING_STATUS_WORDS.get,
                key=form_key(p, "status"),
            )
        with c:
            st.date_input("From", value=None, key=form_key(p, "starts"), format=date_input_format())
            show_field_problem(errors, "starts_on")
        with d:
            st.date_input("To", value=None, key=form_key(p, "ends"), format=date_input_format())
            show_field_problem(errors, "ends_on")
        show_field_problem(errors, "form")
        added = st.form_submit_button("Add funding line", type="primary")
    show_confirmation(f"{p}done")
    if not funders:
        st.caption("No funders on file yet: name another source, or import the funders first.")
        link = page_path(actor, "import_data")
        if link:
            st.page_link(link, label="Import funders", icon=":material/upload_file:")
    if added:
        save_form(
            p,
            lambda: FundingCreate(
                programme_id=pid,
                funder_id=form_value(p, "funder"),
                source=form_value(p, "source"),
                amount=form_value(p, "amount"),
                status=form_value(p, "status"),
                starts_on=form_value(p, "starts"),
                ends_on=form_value(p, "ends"),
            ),
            add_funding,
            actor,
            flash_key=f"{p}done",
            flash=lambda d: f"Added a funding line to {md(programme)}.",
        )


def delete_line_form(actor, pid: int, lines) -> None:
    """Delete a funding line typed by mistake, after its confirmation (ui.removal)."""
    by_id = {x.id: x for x in lines}
    with st.container(border=True):
        st.markdown("**Delete a line typed by mistake**")
        removal_panel(
            f"pg_del_{pid}",
            options={i: line_word(x) for i, x in by_id.items()},
            label="Funding line",
            what="line",
            removal=lambda i: Removal(
                said=f"Delete the line {md(line_word(by_id[i]))}? Nothing else goes with it; "
                "the audit trail keeps what it said.",
                args={
                    "data": FundingDelete(id=i, expected_version=by_id[i].version, confirmed=True)
                },
                done=f"Deleted the line {md(line_word(by_id[i]))}.",
            ),
            service=delete_funding,
            actor=actor,
        )
