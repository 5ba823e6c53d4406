"""Exit-strategy checklist: progress by category, authority transfers with the board resolution
that backs each, what is overdue; the CEO and admin tick items off and start a plan from the
standard items. The lists are drawn by ui/checklist_lists.py, the editing tabs by
ui/checklist_edit.py and ui/checklist_actions.py."""

from __future__ import annotations

from datetime import date

import streamlit as st

from gfj_core.metrics.plan import authority_light, overdue_light
from gfj_core.services.checklist import checklist_view, furthest_behind
from gfj_core.services.timeline import people_options
from ui.charts import show
from ui.checklist_actions import mark_done_form
from ui.checklist_edit import new_item_tab, table_tab, template_tab
from ui.checklist_lists import authority_table, every_item
from ui.data import read
from ui.guard import require_page
from ui.tile_grid import figure_tile, tile_grid_row
from ui.transition import category_progress
from ui.widgets import demo_notice, fmt_date, fmt_pct

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

st.title("Exit-strategy checklist")
st.markdown(f"As of **{fmt_date(today)}** · {all_items} items in {len(view.categories)} categories")
if view.demo:
    demo_notice()

worst = furthest_behind(view.categories)
tile_grid_row(
    [
        figure_tile(
            "checklist_done",
            "Checklist done",
            fmt_pct(t.done_share),
            area="checklist",
            light=view.light,
            caption=f"{t.done} of {t.applicable} applicable items",
        ),
        figure_tile(
            "authority_done",
            "Authority transfers done",
            f"{t.authority_done} of {t.authority_total}",
            area="checklist",
            light=authority_light(t),
            caption="Bank signatures and limits, Form 990 signer, IRS responsible party, "
            "accounts and passwords; each needs a board resolution or minutes.",
        ),
        figure_tile(
            "overdue",
            "Overdue",
            str(t.overdue),
            area="checklist",
            light=overdue_light(t.overdue),
            caption="Not done and past the due date.",
        ),
        figure_tile(
            "furthest_behind",
            "Category furthest behind",
            fmt_pct(worst.done_share) if worst else "—",
            area="checklist",
            caption=f"{worst.label}: {worst.done} of {worst.applicable} done" if worst else None,
        ),
    ]
)

st.subheader("Progress by category")
if view.categories:
    show(category_progress(view.categories), key="cl_progress")
else:
    st.info("The checklist is empty." + (" Start a plan below." if view.can_edit else ""))

authority_table(view)
every_item(view)

if not view.can_edit:
    st.stop()

# --- Editing (CEO and admin) ---------------------------------------------------------------------
st.divider()
st.header("Update the checklist")
person_names = {p.id: p.name for p in read(people_options, actor)}

# Keyed: a save reruns the page and the same tab stays open (issue 22).
tab_done, tab_table, tab_new, tab_template = st.tabs(
    ["Mark done", "Edit in a table", "Add an item", "Start a plan from the standard items"],
    key="cl_tabs",
    on_change="rerun",
)
with tab_done:
    mark_done_form(view.items, actor)
with tab_table:
    table_tab(view, person_names, actor, (picked, only_open))
with tab_new:
    new_item_tab(person_names, actor)
with tab_template:
    template_tab(person_names, actor)
