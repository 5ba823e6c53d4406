"""Import data: upload monthly accounts, funders, gifts, Form 990 returns or (the CEO and admin)
the leadership pipeline's leaders, mentorships and goals; see every problem
(by row and column, or by file) before anything is written; confirm; read what changed."""

from __future__ import annotations

import hashlib
import re

import pandas as pd
import streamlit as st

from gfj_core.access import can
from gfj_core.errors import GfjError, ValidationFailed
from gfj_core.imports.common import MAX_UPLOAD_BYTES
from gfj_core.services.finance_imports import recent_imports
from ui.data import read, write
from ui.finance import FORM990_KIND, form990_import, run_unwritten
from ui.forms import show_confirmation
from ui.guard import require_page
from ui.imports import PIPELINE_KINDS, file_kinds, format_of, options, preview_table, services_for
from ui.nav import page_path
from ui.widgets import data_table

actor = require_page("import_data")
SHOWN_IN_WORDS = 8
_MARKDOWN = re.compile(r"([\\`*_{}\[\]()#+!|$~-])")


def _plain(text: str) -> str:
    """User text (a file name, a cell's value) shown literally inside markdown."""
    return _MARKDOWN.sub(r"\\\1", text)


st.title("Import data")
st.markdown(
    "Bring in the treasurer's monthly accounts, the funder list and gifts, from a CSV file or an "
    "Excel workbook (its first sheet)"
    + (
        ", and the organization's Form 990 returns (IRS XML)"
        if can(actor.role, "history.import")
        else ""
    )
    + (
        "; the leadership pipeline's leaders, mentorships and goals too"
        if can(actor.role, "pipeline.manage")
        else ""
    )
    + ". **Every row is checked first, and nothing is written unless every row is right.**"
)

# A finished import leaves its summary here for the rerun that clears the uploader.
if show_confirmation("imp_done"):
    where, title = services_for(st.session_state.get("imp_kind", "")).see_on
    link = page_path(actor, where)
    if link:
        st.page_link(link, label=f"See it on {title}", icon=":material/arrow_forward:")

# Form 990 returns are the treasurer's and an administrator's to bring in (issue 17).
kinds = {
    **file_kinds(actor),
    **({"form990": FORM990_KIND} if can(actor.role, "history.import") else {}),
}
kind = st.radio(
    "What are you importing?",
    list(kinds),
    format_func=kinds.get,
    horizontal=True,
    key="imp_kind",
)
if kind == "form990":
    form990_import(actor)  # XML returns: several files at once, their own check
else:
    intro, columns = format_of(kind)
    service = services_for(kind)
    left, right = st.columns([3, 2], gap="large")
    with left:
        st.markdown(intro)
        with st.expander(f"The {len(columns)} columns, exactly as named in the first row"):
            data_table(
                pd.DataFrame(columns, columns=["Column", "Required", "What goes in it"]),
                hide_index=True,
                width="stretch",
            )
    with right:
        st.markdown("**Templates** with the header row and a worked example")
        t1, t2 = st.columns(2)
        t1.download_button(
            "CSV template",
            service.template(kind, "csv"),
            file_name=f"{kind}-template.csv",
            mime="text/csv",
            icon=":material/download:",
            on_click="ignore",
            key=f"tpl_csv_{kind}",
        )
        t2.download_button(
            "Excel template",
            service.template(kind, "xlsx"),
            file_name=f"{kind}-template.xlsx",
            mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            icon=":material/download:",
            on_click="ignore",
            key=f"tpl_xlsx_{kind}",
        )

    create_people = False
    if kind == "funders":
        create_people = st.checkbox(
            "Add relationship owners who are not yet recorded as people",
            key="imp_create_people",
            help="Without this, an owner's name that matches nobody is reported as a problem.",
        )

    nonce = st.session_state.setdefault("imp_nonce", 0)
    upload = st.file_uploader(
        f"{kinds[kind]} file (CSV or Excel .xlsx, up to {MAX_UPLOAD_BYTES // 1_048_576} MB)",
        type=["csv", "xlsx"],
        max_upload_size=MAX_UPLOAD_BYTES // 1_048_576,
        key=f"imp_file_{kind}_{nonce}",
    )

    if upload is not None:
        content = upload.getvalue()
        digest = hashlib.sha256(
            content + f"|{kind}|{create_people}|{upload.name}".encode()
        ).hexdigest()
        checks: dict = st.session_state.setdefault("imp_checks", {})
        check = checks.get(digest)
        if check is None:
            bar = st.progress(0.0, text="Reading the file…")
            try:
                check = run_unwritten(
                    service.check,
                    actor,
                    kind=kind,
                    filename=upload.name,
                    content=content,
                    **options(kind, create_people),
                    progress=lambda fraction, text: bar.progress(fraction, text=text),
                )
            except GfjError as exc:
                bar.empty()
                st.error(f"{exc} Nothing was imported.", icon=":material/block:")
                st.stop()
            bar.empty()
            checks.clear()  # keep only the latest file's check in the session
            checks[digest] = check

        if check.problems:
            n = len(check.problems)
            # The first problems in words, where the eye lands; every problem in a table when there
            # are more than fit in a message.
            lines = [
                f"- **{_plain(p.location[0].upper() + p.location[1:])}**: {_plain(p.message)}"
                for p in check.problems[:SHOWN_IN_WORDS]
            ]
            more = (
                f"\n\n…and {n - SHOWN_IN_WORDS:,} more: every problem is listed in the table below."
                if n > SHOWN_IN_WORDS
                else ""
            )
            st.error(
                f"**{n:,} problem{'s' if n != 1 else ''} in {_plain(check.filename)}. Nothing has "
                "been imported.** Fix these in your file, then upload it again.\n\n"
                + "\n".join(lines)
                + more,
                icon=":material/error:",
            )
        if len(check.problems) > SHOWN_IN_WORDS:
            data_table(
                pd.DataFrame(
                    [
                        {
                            "Row": "" if p.row is None else p.row,
                            "Column": p.column or "",
                            "Problem": p.message,
                        }
                        for p in check.problems
                    ]
                ),
                hide_index=True,
                width="stretch",
                key="imp_problems",
            )
        confirmed = True
        rows_checked = f"{check.rows:,} row{'s' if check.rows != 1 else ''} checked"
        if not check.problems and check.warnings:
            n = len(check.warnings)
            lines = [
                f"- **{_plain(p.location[0].upper() + p.location[1:])}**: {_plain(p.message)}"
                for p in check.warnings
            ]
            st.warning(
                f"**{rows_checked} in {_plain(check.filename)}: no errors, but {n} "
                f"figure{' looks' if n == 1 else 's look'} unusual.** Nothing has been "
                "imported. Check each against the books; if one is a typing slip, fix the file "
                "and upload it again.\n\n" + "\n".join(lines),
                icon=":material/warning:",
            )
            # Not green while figures wait for a decision: the plan only, in neutral blue.
            st.info(f"Importing will add or change: {check.plan}.", icon=":material/fact_check:")
            confirmed = st.checkbox(
                f"These look unusual, but I have checked {'it' if n == 1 else 'them'}: "
                "import anyway",
                key=f"imp_confirm_unusual_{digest[:16]}",
            )
        elif not check.problems:
            st.success(
                f"**{rows_checked} in {check.filename}: no problems.** Importing will "
                f"add or change: {check.plan}.",
                icon=":material/fact_check:",
            )
        if not check.problems and st.button(
            f"Import {check.rows:,} row{'s' if check.rows != 1 else ''}",
            type="primary",
            icon=":material/upload:",
            key="imp_confirm",
            disabled=not confirmed,
            help=None if confirmed else "Confirm the unusual figures above first.",
        ):
            bar = st.progress(0.0, text="Importing…")
            try:
                summary = write(
                    service.run,
                    actor,
                    kind=kind,
                    filename=upload.name,
                    content=content,
                    **options(kind, create_people, bool(check.warnings) and confirmed),
                    progress=lambda fraction, text: bar.progress(fraction, text=text),
                )
            except ValidationFailed as exc:
                # The data changed between the check and the confirm: say what is wrong now.
                bar.empty()
                st.error(f"{exc} " + "; ".join(f"{w}: {m}" for w, m in exc.problems[:20]))
            except GfjError as exc:
                bar.empty()
                st.error(str(exc))
            else:
                st.session_state["imp_done"] = summary.message
                st.session_state["imp_nonce"] = nonce + 1
                st.session_state["imp_checks"] = {}
                st.rerun()

        st.markdown(
            f"**Preview** (the first {len(check.preview)} of {check.rows:,} rows, as read"
            + (
                "; cells with a problem are marked in red)"
                if check.problems
                else "; unusual figures are marked in amber)"
                if check.warnings
                else ")"
            )
        )
        if check.preview:
            preview_table(check)

st.subheader("Recent imports")
log = read(recent_imports, actor)
if log:
    data_table(
        pd.DataFrame(
            [
                {
                    "When (UTC)": e.at.replace("T", " "),
                    "What": {**file_kinds(actor), "form990": FORM990_KIND}.get(e.kind, e.kind),
                    "File": e.filename,
                    "By": e.actor_name,
                    "Rows": e.rows,
                    "New": e.created,
                    "Replaced or updated": e.replaced,
                }
                for e in log
            ]
        ),
        hide_index=True,
        width="stretch",
    )
else:
    st.caption("No imports yet through this page or the command line.")
st.caption(
    "The same imports run from the command line: `gfj import financials FILE`, "
    "`gfj import funders FILE [--create-people]`, `gfj import gifts FILE`, "
    "`gfj import form990 FILE.xml [...] [--people]`"
    + (", `gfj import leaders|mentorships|goals FILE`" if set(PIPELINE_KINDS) & set(kinds) else "")
    + "."
)
