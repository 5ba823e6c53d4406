"""Legacy and values: how well the work lives the nine values (Values alignment survey, round by
round), the legacy register, and stories and testimonials (shared only with consent). Editors
correct any entry or story in its table (withdrawing consent there hides a story from everyone
else at once) and delete one added by mistake."""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from gfj_core.access import can
from gfj_core.exports.safety import inert_markdown as md
from gfj_core.schemas.evaluation import (
    GROUP_LABELS,
    LEGACY_KIND_LABELS,
    NINE_VALUES,
    STAKEHOLDER_GROUPS,
    LegacyItemChanges,
    LegacyItemCreate,
    StoryChanges,
    StoryCreate,
)
from gfj_core.services.community import list_programmes
from gfj_core.services.legacy import (
    add_legacy_item,
    add_story,
    delete_legacy_item,
    delete_story,
    legacy_register,
    list_stories,
    save_legacy_table,
    save_story_table,
    values_alignment,
    values_figures,
)
from gfj_core.services.org_settings import settings_group
from gfj_core.services.surveys import evaluation_context
from ui.charts import show
from ui.data import read
from ui.evaluation import overall_trend, values_dumbbell
from ui.forms import Column, Input, input_form
from ui.guard import require_page
from ui.legacy_cards import PRINCIPLES_MORE, STORIES_MORE, principle_card, story_card
from ui.records import card_grid, empty_state, records_table
from ui.removal import rows_removal
from ui.tiles import tile_row
from ui.widgets import data_table, demo_notice

actor = require_page("legacy")
can_edit = can(actor.role, "evaluation.write")
can_edit_stories = can(actor.role, "stories.edit")
today = date.today()
ctx = read(evaluation_context, actor)
founder = read(settings_group, actor, group="organisation")["founder_name"]
VALUE_WORDS = {None: "—", **{v: v for v in NINE_VALUES}}
HELD_OR_PLANNED = Column("Status", value=lambda i: i.status)  # commemorations only

st.title("Legacy & values")
st.markdown(
    (f"Honoring {md(founder)}'s legacy" if founder else "Honoring the founders' legacy")
    + " and the elders' contributions: how well our work lives the organization's nine values, "
    "what we keep and commemorate, and the stories of the people the work serves."
)
if ctx.demo:
    demo_notice()
tab_values, tab_register, tab_stories = st.tabs(
    ["Values alignment", "Legacy register", "Stories and testimonials"]
)

with tab_values:
    group = (
        st.segmented_control(
            "Who answered",
            ["all", *STAKEHOLDER_GROUPS],
            format_func=lambda g: "Everyone" if g == "all" else GROUP_LABELS[g],
            default="all",
            key="lg_group",
        )
        or "all"
    )
    va = read(values_alignment, actor, group=None if group == "all" else group)
    if not va.rounds:
        empty_state(
            "No round of the Values alignment survey has been imported yet: import the first "
            "one on the Surveys page.",
            icon=":material/inbox:",
        )
    else:
        latest = va.rounds[-1]
        previous = va.rounds[-2] if len(va.rounds) > 1 else None
        tile_row(values_figures(va))
        left, right = st.columns([3, 2], gap="large")
        with left:
            st.markdown(
                f"**Each value, {md(latest.label)}**"
                + (f" (dot) against {md(previous.label)} (ring)" if previous else "")
            )
            show(
                values_dumbbell(
                    va.values,
                    latest_label=latest.label,
                    previous_label=previous.label if previous else None,
                ),
                key="lg_dumbbell",
            )
        with right:
            st.markdown("**All nine values, round by round**")
            show(overall_trend(va.overall), key="lg_overall")
            data_table(
                pd.DataFrame(
                    [
                        {"Value": v.value_name}
                        | {p.round_label: p.average for p in v.points}
                        | {"Change": v.change}
                        for v in va.values
                    ]
                ),
                hide_index=True,
                width="stretch",
                column_config={
                    **{r.label: st.column_config.NumberColumn(format="%.2f") for r in va.rounds},
                    "Change": st.column_config.NumberColumn(format="%+.2f"),
                },
                key="lg_values_table",
            )

with tab_register:
    reg = read(legacy_register, actor, as_of=today)
    if not reg.items:
        empty_state(
            "The register is empty. "
            + ("Add its first entry below." if can_edit else "Staff add entries on this page."),
            icon=":material/history_edu:",
        )
    for kind, label in LEGACY_KIND_LABELS.items():
        items = [i for i in reg.items if i.kind == kind]
        st.subheader(f"{label} ({len(items)})")
        if not items:
            st.caption("None recorded yet.")
            continue
        if kind == "principle":
            card_grid(items, columns=3, limit=30, draw=principle_card, more=PRINCIPLES_MORE)
        if kind == "principle" and not can_edit:
            continue
        with st.expander("Correct the principles") if kind == "principle" else st.container():
            records_table(
                f"lg_reg_{kind}",
                rows=items,
                columns=[
                    Column("Date", "occurred_on", "date"),
                    *([HELD_OR_PLANNED] if kind == "commemoration" else []),
                    Column("Title", "title", required=True, width="large"),
                    Column("Kind", "kind", "choice", LEGACY_KIND_LABELS, required=True),
                    Column("Value", "value_name", "choice", VALUE_WORDS),
                    Column("Where it is kept", "reference", width="medium"),
                    Column("Description", "description", width="large"),
                ],
                editable=can_edit,
                changes=LegacyItemChanges,
                save=save_legacy_table,
                actor=actor,
                noun="entry",
                row_name=lambda i: i.title,
            )
    if can_edit:
        rows_removal(
            "lg_del_item", rows=reg.items, name_of=lambda x: x.title, service=delete_legacy_item,
            actor=actor, what="register entry", history="legacy_item",
        )  # fmt: skip
        input_form(
            "lg_item",
            title="Add to the register",
            rows=[
                [
                    Input("kind", "Kind", "choice", LEGACY_KIND_LABELS),
                    Input("value_name", "Value it reflects", "choice", VALUE_WORDS),
                ],
                [Input("title", "Title", max_chars=200)],
                [
                    Input("occurred_on", "Date (blank if none)", "date"),
                    Input("reference", "Where it is kept (archive items)", max_chars=300),
                ],
                [Input("description", "Description", "area", max_chars=4000)],
            ],
            schema=LegacyItemCreate,
            service=add_legacy_item,
            actor=actor,
            confirm=lambda d: f"Added to the register: {d.title}.",
            button="Add",
        )

with tab_stories:
    f1, f2 = st.columns(2)
    value_filter = f1.selectbox(
        "Value", [None, *NINE_VALUES], format_func=lambda v: v or "Every value", key="lg_st_value"
    )
    programmes = {p.name: p.name for p in read(list_programmes, actor)}
    programme_filter = f2.selectbox(
        "Program",
        [None, *programmes],
        format_func=lambda p: p or "Every program",
        key="lg_st_programme",
    )
    view = read(list_stories, actor, value=value_filter, programme=programme_filter)
    if view.can_edit:
        st.info(
            f"You edit stories, so you see all of them. **{view.withheld} without the storyteller's "
            "consent** are marked; nobody outside the story editors sees those.",
            icon=":material/lock:",
        )
    else:
        st.caption("Only stories whose storytellers consented to sharing are shown.")
    tagged = {v: n for v, n in view.by_value.items() if n}
    if tagged:
        st.caption("Stories per value: " + " · ".join(f"{v} {n}" for v, n in tagged.items()))
    if not view.stories:
        empty_state(
            "No stories to show. "
            + ("Add the first one below." if can_edit_stories else "Staff add stories here."),
            icon=":material/auto_stories:",
        )
    card_grid(view.stories, columns=2, limit=24, draw=story_card, more=STORIES_MORE)
    if can_edit_stories:
        st.subheader("Edit stories")
        if view.stories:
            st.caption(
                "Correct any cell and save. Untick Consent to withdraw it: the story leaves "
                "every view but the editors' at once. Values: names separated by commas."
            )
            records_table(
                "lg_story_table",
                rows=view.stories,
                columns=[
                    Column("Title", "title", required=True, width="medium"),
                    Column(
                        "Kind", "kind", "choice", {"story": "Story", "testimonial": "Testimonial"}
                    ),
                    Column("Storyteller", "storyteller", required=True),
                    Column("Collected on", "collected_on", "date", required=True),
                    Column("Program", "programme", "choice", programmes),
                    Column("Values", "values", value=lambda s: ", ".join(s.values)),
                    Column("Consent", "consent", "bool"),
                    Column("Consent on", "consent_on", "date"),
                    Column("Consent note", "consent_note"),
                    Column("The story", "body", required=True, width="large"),
                ],
                editable=True,
                changes=StoryChanges,
                save=save_story_table,
                actor=actor,
                noun="story",
                row_name=lambda s: s.title,
            )
        rows_removal(
            "lg_del_story", rows=view.stories, name_of=lambda x: x.title, service=delete_story,
            actor=actor, what="story", history="story",
            goes_with=lambda x: f"its {len(x.values)} value tag(s)" if x.values else None,
        )  # fmt: skip
        input_form(
            "lg_story",
            title="Add a story or testimonial",
            rows=[
                [Input("title", "Title", max_chars=200)],
                [
                    Input(
                        "kind", "Kind", "choice", {"story": "Story", "testimonial": "Testimonial"}
                    ),
                    Input("collected_on", "Collected on", "date", value=today, max_value=today),
                ],
                [
                    Input("storyteller", "Storyteller, as they wish to be credited", max_chars=120),
                    Input("programme", "Program", "choice", {None: "(none)", **programmes}),
                ],
                [Input("values", "Values it shows", "many", NINE_VALUES)],
                [Input("body", "The story", "area", max_chars=10000)],
                [Input("consent", "The storyteller consented to sharing it (dated today)", "bool")],
            ],
            schema=StoryCreate,
            service=add_story,
            actor=actor,
            confirm=lambda d: f"Story saved: {d.title}.",
            button="Save story",
            fixed=lambda v: {
                "values": v["values"] or [],
                "consent": bool(v["consent"]),
                "consent_on": today if v["consent"] else None,
            },
        )
