"""Exit-strategy checklist: progress by category, authority transfers with the board resolution
that backs each, what is overdue; the CEO and admin tick items off and start a plan from the
standard items."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pandas as pd
import streamlit as st
from pydantic import ValidationError

from gfj_core.errors import GfjError
from gfj_core.exports.safety import inert_markdown as md
from gfj_core.formatting import date_input_format
from gfj_core.metrics.plan import authority_light, overdue_light
from gfj_core.schemas.transition import (
    CHECKLIST_CATEGORY_WORDS,
    CHECKLIST_STATUS_WORDS,
    ChecklistItemCreate,
    ChecklistItemUpdate,
    ChecklistRowEdit,
)
from gfj_core.services.checklist import (
    checklist_view,
    create_item,
    save_checklist_table,
    standard_items,
    start_plan,
)
from gfj_core.services.timeline import people_options
from ui.charts import show
from ui.checklist_actions import mark_done_form
from ui.data import read, write
from ui.forms import Column, clear_form, edit_table, problems_by_field, show_confirmation
from ui.guard import require_page
from ui.transition import category_progress
from ui.widgets import choose_many, data_table, demo_notice, fmt_date, fmt_pct, tile

actor = require_page("checklist")
today = date.today()
# At most this many rows in the lists and the editor; the counts and the chart cover every item.
# The demo's 29 items all show.
LIMIT = 200
# The filter widgets are drawn further down; their values from the last run pick the rows here,
# so the service filters and limits in SQL and the page never holds the whole checklist.
picked = tuple(st.session_state.get("cl_filter") or ())
only_open = bool(st.session_state.get("cl_only_open"))
view = read(checklist_view, actor, today=today, categories=picked, only_open=only_open, limit=LIMIT)
t = view.totals
all_items = sum(c.total for c in view.categories)


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


st.title("Exit-strategy checklist")
st.markdown(f"As of **{fmt_date(today)}** · {all_items} items in {len(view.categories)} categories")
if view.demo:
    demo_notice()
flash = st.session_state.pop("cl_flash", None)
if flash:
    st.success(flash, icon=":material/check_circle:")

cols = st.columns(4, gap="medium")
with cols[0]:
    tile(
        "Checklist done",
        fmt_pct(t.done_share),
        light=view.light,
        caption=f"{t.done} of {t.applicable} applicable items",
    )
with cols[1]:
    tile(
        "Authority transfers done",
        f"{t.authority_done} of {t.authority_total}",
        light=authority_light(t),
        caption="Bank signatures and limits, Form 990 signer, IRS responsible party, accounts "
        "and passwords; each needs a board resolution or minutes.",
    )
with cols[2]:
    tile(
        "Overdue",
        str(t.overdue),
        light=overdue_light(t.overdue),
        caption="Not done and past the due date.",
    )
with cols[3]:
    worst = min(
        (c for c in view.categories if c.done_share is not None),
        key=lambda c: c.done_share,
        default=None,
    )
    tile(
        "Category furthest behind",
        fmt_pct(worst.done_share) if worst else "—",
        caption=f"**{md(worst.label)}**: {worst.done} of {worst.applicable} done"
        if worst
        else None,
    )

st.subheader("Progress by category")
if view.categories:
    show(category_progress(view.categories), key="cl_progress")
else:
    st.info("The checklist is empty." + (" Start a plan below." if view.can_edit else ""))

# --- Authority transfers ----------------------------------------------------------------------------
authority = view.authority
st.subheader(f"Authority transfers ({t.authority_done} of {t.authority_total} done)")
if authority:

    def _authority_status(i) -> str:
        if i.status == "done" and i.resolution_date is None:
            return "Done · NO RESOLUTION ON RECORD"
        return i.status_word + (" · OVERDUE" if i.overdue else "")

    frame = pd.DataFrame(
        {
            "Transfer": [i.title for i in authority],
            "Owner": [i.owner_name or "—" for i in authority],
            "Due": [fmt_date(i.due_date) for i in authority],
            "Status": [_authority_status(i) for i in authority],
            "Board resolution or minutes": [fmt_date(i.resolution_date) for i in authority],
            "Evidence": [i.evidence or "" for i in authority],
            "Completed": [
                f"{fmt_date(i.completed_at.date())} by {i.completed_by or 'unknown'}"
                if i.completed_at
                else ""
                for i in authority
            ],
        }
    )
    st.dataframe(
        frame.style.map(
            lambda v: "color: #B34700; font-weight: 700" if "OVERDUE" in v or "NO " in v else "",
            subset=["Status"],
        ),
        hide_index=True,
        width="stretch",
    )
    if view.authority_matching > len(authority):
        st.caption(
            f"Showing the first {len(authority)} of {view.authority_matching} authority "
            "transfers (by category, then due date)."
        )
else:
    st.markdown("No authority transfers are on the checklist yet.")

# --- Every item by category -----------------------------------------------------------------------
st.subheader("Every item")
labels = {c.category: c.label for c in view.categories}
st.pills(
    "Category",
    list(labels),
    format_func=lambda c: labels[c],
    selection_mode="multi",
    key="cl_filter",
)
st.toggle("Only items still open", key="cl_only_open")
items = view.items
data_table(
    pd.DataFrame(
        {
            "Category": [i.category_word for i in items],
            "Item": [i.title for i in items],
            "Owner": [i.owner_name or "—" for i in items],
            "Due": [fmt_date(i.due_date) for i in items],
            "Status": [i.status_word + (" · OVERDUE" if i.overdue else "") for i in items],
            "Evidence": [i.evidence or "" for i in items],
            "Completed": [
                f"{fmt_date(i.completed_at.date())} by {i.completed_by or 'unknown'}"
                if i.completed_at
                else ""
                for i in items
            ],
        }
    ).style.map(
        lambda v: "color: #B34700; font-weight: 700" if "OVERDUE" in v else "", subset=["Status"]
    ),
    hide_index=True,
    width="stretch",
    height=min(38 + 35 * max(len(items), 1), 720),
    download="exit-checklist.csv",
    key="cl_items",
)
if view.matching > len(items):
    st.caption(
        f"Showing the first {len(items)} of {view.matching} items (by category, then due "
        "date). Pick a category or only open items to narrow the list."
    )

if not view.can_edit:
    st.stop()

# --- Editing (CEO and admin) ---------------------------------------------------------------------
st.divider()
st.header("Update the checklist")
people = read(people_options, actor)
person_names = {p.id: p.name for p in people}
name_to_id = {p.name: p.id for p in people}
word_to_status = {v: k for k, v in CHECKLIST_STATUS_WORDS.items()}


# Keyed: a save reruns the page and the same tab stays open (issue 22).
tab_done, tab_table, tab_new, tab_template = st.tabs(
    ["Mark done", "Edit in a table", "Add an item", "Start a plan from the standard items"],
    key="cl_tabs",
    on_change="rerun",
)

with tab_done:
    mark_done_form(view.items, actor)

with tab_table:
    st.caption(
        "For bulk edits: change status, owner, due date, evidence and the board resolution "
        "date, then save. "
        "Marking an item done records today and your name; an authority transfer needs the date "
        "of the board resolution or minutes that backs it. All rows are saved together or none."
        + (
            f" The table holds the {len(view.items)} rows listed above; use the filters "
            "to reach the others."
            if view.matching > len(view.items)
            else ""
        )
    )
    nonce = st.session_state.setdefault("cl_table_nonce", 0)
    # The table holds the filtered rows: a new filter starts a fresh table, so edits made by
    # position never land on another row.
    shown = (picked, only_open)
    if st.session_state.setdefault("cl_table_filter", shown) != shown:
        st.session_state["cl_table_filter"] = shown
        nonce = st.session_state["cl_table_nonce"] = nonce + 1
    edit_table(
        "cl_table",
        rows=view.items,
        columns=[
            Column("Category", None, value=lambda i: i.category_word),
            Column("Item", "title", required=True, width="large"),
            Column("Owner", "owner_person_id", "choice", person_names),
            Column("Due", "due_date", "date"),
            Column("Status", "status", "choice", CHECKLIST_STATUS_WORDS, required=True),
            Column("Authority transfer", "is_authority_transfer", "bool"),
            Column(
                "Resolution date",
                "resolution_date",
                "date",
                help="Board resolution or minutes backing the transfer",
            ),
            Column(
                "Evidence",
                "evidence",
                width="medium",
                help="A note or a link showing it was done",
                value=lambda i: i.evidence or "",
            ),
            Column(
                "Completed",
                None,
                value=lambda i: (
                    f"{fmt_date(i.completed_at.date())} by {i.completed_by or 'unknown'}"
                    if i.completed_at
                    else ""
                ),
            ),
        ],
        update=ChecklistItemUpdate,
        row_edit=ChecklistRowEdit,
        save=save_checklist_table,
        actor=actor,
        saved=lambda n: f"Saved {n} checklist item(s).",
        button="Save checklist changes",
        row_name=lambda i: i.title,
        now=_now(),
    )

with tab_new:
    errors = st.session_state.get("cl_new_errors", {})
    with st.form("cl_new", border=True):
        a, b = st.columns([1, 2])
        with a:
            st.selectbox(
                "Category",
                list(CHECKLIST_CATEGORY_WORDS),
                format_func=CHECKLIST_CATEGORY_WORDS.get,
                key="cl_new_category",
            )
        with b:
            st.text_input("Item", key="cl_new_title")
            if "title" in errors:
                st.error(errors["title"])
        a, b, c = st.columns(3)
        with a:
            st.selectbox(
                "Owner",
                [None, *person_names],
                format_func=lambda i: "— no owner —" if i is None else person_names[i],
                key="cl_new_owner",
            )
        with b:
            st.date_input("Due", value=None, key="cl_new_due", format=date_input_format())
        with c:
            st.selectbox(
                "Status",
                list(CHECKLIST_STATUS_WORDS),
                format_func=CHECKLIST_STATUS_WORDS.get,
                key="cl_new_status",
            )
        a, b = st.columns([1, 2])
        with a:
            st.checkbox("Authority transfer", key="cl_new_authority")
            st.date_input(
                "Board resolution or minutes date",
                value=None,
                key="cl_new_resolution",
                format=date_input_format(),
            )
            if "resolution_date" in errors:
                st.error(errors["resolution_date"])
        with b:
            st.text_area("Evidence (a note or a link)", key="cl_new_evidence", height=100)
        if "form" in errors:
            st.error(errors["form"])
        submitted = st.form_submit_button("Add item", type="primary")
    show_confirmation("cl_new_saved")
    if submitted:
        try:
            data = ChecklistItemCreate(
                category=st.session_state["cl_new_category"],
                title=st.session_state["cl_new_title"],
                owner_person_id=st.session_state["cl_new_owner"],
                due_date=st.session_state["cl_new_due"],
                status=st.session_state["cl_new_status"],
                is_authority_transfer=st.session_state["cl_new_authority"],
                resolution_date=st.session_state["cl_new_resolution"],
                evidence=st.session_state["cl_new_evidence"],
            )
            write(create_item, actor, data=data, now=_now())
        except (ValidationError, GfjError) as exc:
            found = problems_by_field(exc, known=("title", "resolution_date"))
            st.session_state["cl_new_errors"] = found
            st.rerun()
        else:
            clear_form("cl_new_")
            st.session_state["cl_new_saved"] = f"Added “{md(data.title)}”."
            st.rerun()

with tab_template:
    template = read(standard_items, actor)
    missing = [i for i in template if not i.in_plan]
    st.markdown(
        "The standard exit checklist from succession-planning practice: authority transfers each "
        "backed by a board resolution, critical relationships, the annual calendar and manuals, "
        "governance, communications, legacy and the departing CEO's next role. "
        f"**{len(template) - len(missing)} of {len(template)}** are already in this plan."
    )
    if not missing:
        st.success("Every standard item is already in the plan.")
    else:
        chosen = choose_many(
            "Items to add",
            [i.title for i in missing],
            default=[i.title for i in missing],
            format_func=lambda title: next(
                f"{CHECKLIST_CATEGORY_WORDS[i.category]}: {title}"
                + (" (authority transfer)" if i.is_authority_transfer else "")
                for i in missing
                if i.title == title
            ),
            key="cl_template_titles",
        )
        a, b = st.columns(2)
        with a:
            due = st.date_input(
                "Due date for the new items (optional)",
                value=None,
                key="cl_template_due",
                format=date_input_format(),
            )
        with b:
            owner = st.selectbox(
                "Owner for the new items (optional)",
                [None, *person_names],
                format_func=lambda i: "— decide later —" if i is None else person_names[i],
                key="cl_template_owner",
            )
        template_error = st.session_state.get("cl_template_error")
        if template_error:
            st.error(template_error)
        if st.button(f"Add {len(chosen)} standard item(s)", type="primary", key="cl_template_go"):
            try:
                result = write(
                    start_plan, actor, titles=chosen, due_date=due, owner_person_id=owner
                )
            except GfjError as exc:
                st.session_state["cl_template_error"] = str(exc)
                st.rerun()
            else:
                st.session_state.pop("cl_template_error", None)
                clear_form("cl_template_")
                st.session_state["cl_flash"] = f"Added {result.added} standard item(s)" + (
                    f"; {result.skipped} were already there." if result.skipped else "."
                )
                st.rerun()
