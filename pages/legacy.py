"""Legacy and values: how well the work lives the nine values (Values alignment survey, round by
round), the legacy register, and stories and testimonials (shared only with consent)."""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from gfj_core.access import can
from gfj_core.errors import GfjError, StaleEdit, ValidationFailed
from gfj_core.exports.safety import inert_markdown as md
from gfj_core.formatting import date_grid_format, date_input_format
from gfj_core.schemas.evaluation import (
    GROUP_LABELS,
    LEGACY_KIND_LABELS,
    NINE_VALUES,
    STAKEHOLDER_GROUPS,
    LegacyItemCreate,
    StoryCreate,
)
from gfj_core.services.community import list_programmes
from gfj_core.services.legacy import (
    add_legacy_item,
    add_story,
    legacy_register,
    list_stories,
    set_story_consent,
    values_alignment,
)
from gfj_core.services.org_settings import settings_group
from gfj_core.services.surveys import evaluation_context
from ui.charts import show
from ui.data import read, write
from ui.evaluation import fmt_score, overall_trend, show_problems, values_dumbbell
from ui.guard import require_page
from ui.widgets import choose_many, demo_notice, fmt_date

actor = require_page("legacy")
can_edit = can(actor.role, "evaluation.write")
can_edit_stories = can(actor.role, "stories.edit")
today = date.today()
ctx = read(evaluation_context, actor)

founder = read(settings_group, actor, group="organisation")["founder_name"]

st.title("Legacy & values")
st.markdown(
    (f"Honouring {founder}'s legacy" if founder else "Honouring the founders' legacy")
    + " and the elders' contributions: how well our work lives the organisation's nine values, "
    "what we keep and commemorate, and the stories of the people the work serves."
)
if ctx.demo:
    demo_notice()
done = st.session_state.pop("lg_done", None)
if done:
    st.success(done, icon=":material/task_alt:")

tab_values, tab_register, tab_stories = st.tabs(
    ["Values alignment", "Legacy register", "Stories and testimonials"]
)

# --------------------------------------------------------------------------- values
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
        st.info(
            "No round of the Values alignment survey has been imported yet (Surveys page).",
            icon=":material/inbox:",
        )
    else:
        latest = va.rounds[-1]
        previous = va.rounds[-2] if len(va.rounds) > 1 else None
        rated = [v for v in va.values if v.latest is not None]
        strongest = max(rated, key=lambda v: v.latest) if rated else None
        weakest = min(rated, key=lambda v: v.latest) if rated else None
        moved = [v for v in rated if v.change is not None]
        biggest_gain = max(moved, key=lambda v: v.change) if moved else None
        overall_now = va.overall[-1][1]
        overall_before = va.overall[-2][1] if len(va.overall) > 1 else None

        # Fixed-width tiles that wrap on a laptop screen, so a value's name is never broken.
        tiles = st.container(horizontal=True, wrap=True, gap="medium")
        cols = [tiles] * 4
        with cols[0], st.container(border=True, width=320, height="stretch"):
            st.metric(
                "All nine values (1-5)",
                fmt_score(overall_now),
                delta=None
                if overall_now is None or overall_before is None
                else f"{overall_now - overall_before:+.2f} on {previous.label}",  # plain text
                help="Mean of every value rating in the latest round.",
            )
            st.caption(f"{md(latest.label)}, {latest.response_count:,} responses")
        with cols[1], st.container(border=True, width=320, height="stretch"):
            st.metric("Lived most strongly", strongest.value_name if strongest else "—")
            st.caption(f"Average {fmt_score(strongest.latest)}" if strongest else "")
        with cols[2], st.container(border=True, width=320, height="stretch"):
            st.metric("Most room to grow", weakest.value_name if weakest else "—")
            st.caption(f"Average {fmt_score(weakest.latest)}" if weakest else "")
        with cols[3], st.container(border=True, width=320, height="stretch"):
            st.metric("Biggest gain", biggest_gain.value_name if biggest_gain else "—")
            st.caption(
                f"{biggest_gain.change:+.2f} since {md(previous.label)}"
                if biggest_gain and previous
                else "Needs two rounds"
            )

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
            rows = []
            for v in va.values:
                row = {"Value": v.value_name}
                for p in v.points:
                    row[p.round_label] = p.average
                row["Change"] = v.change
                rows.append(row)
            st.dataframe(
                pd.DataFrame(rows),
                hide_index=True,
                width="stretch",
                column_config={
                    **{r.label: st.column_config.NumberColumn(format="%.2f") for r in va.rounds},
                    "Change": st.column_config.NumberColumn(format="%+.2f"),
                },
                key="lg_values_table",
            )

# --------------------------------------------------------------------------- register
with tab_register:
    PRINCIPLE_CARDS = 30  # cards past this are counted, not drawn
    reg = read(legacy_register, actor)
    for kind, label in LEGACY_KIND_LABELS.items():
        items = [i for i in reg.items if i.kind == kind]
        st.subheader(f"{label} ({len(items)})")
        if not items:
            st.caption("None recorded yet.")
            continue
        if kind == "principle":
            cols = st.columns(3, gap="medium")
            for n, item in enumerate(items[:PRINCIPLE_CARDS]):
                with cols[n % 3], st.container(border=True):
                    st.markdown(f"**{md(item.title)}**")
                    if item.value_name:
                        st.badge(item.value_name, icon=":material/favorite:", color="violet")
                    if item.description:
                        st.caption(md(item.description))
            if len(items) > PRINCIPLE_CARDS:
                st.caption(f"Showing {PRINCIPLE_CARDS} of {len(items)} principles.")
            continue
        st.dataframe(
            pd.DataFrame(
                [
                    {
                        "Date": i.occurred_on,
                        "Status": "Planned"
                        if i.occurred_on and i.occurred_on > today
                        else ("" if kind == "archive" else "Held"),
                        "Title": i.title,
                        "Value": i.value_name or "",
                        "Where it is" if kind == "archive" else "Notes": i.reference
                        if kind == "archive"
                        else (i.description or ""),
                    }
                    for i in items
                ]
            ),
            hide_index=True,
            width="stretch",
            column_config={
                "Date": st.column_config.DateColumn(format=date_grid_format()),
                "Title": st.column_config.TextColumn(width="large"),
            },
            key=f"lg_reg_{kind}",
        )
    if can_edit:
        with st.expander("Add to the register", icon=":material/add_circle:"):
            with st.form("lg_item", border=False):
                a, b = st.columns(2)
                kind = a.selectbox(
                    "Kind",
                    list(LEGACY_KIND_LABELS),
                    format_func=LEGACY_KIND_LABELS.get,
                    key="lg_it_kind",
                )
                value = b.selectbox(
                    "Value it reflects",
                    [None, *NINE_VALUES],
                    format_func=lambda v: v or "—",
                    key="lg_it_value",
                )
                title = st.text_input("Title", key="lg_it_title", max_chars=200)
                a, b = st.columns(2)
                when = a.date_input(
                    "Date (blank if none)", value=None, key="lg_it_date", format=date_input_format()
                )
                ref = b.text_input(
                    "Where it is kept (archive items)", key="lg_it_ref", max_chars=300
                )
                desc = st.text_area("Description", key="lg_it_desc", max_chars=4000)
                add = st.form_submit_button("Add", type="primary")
            if add:
                try:
                    item = write(
                        add_legacy_item,
                        actor,
                        data=LegacyItemCreate(
                            kind=kind,
                            title=title,
                            value_name=value,
                            occurred_on=when,
                            reference=ref or None,
                            description=desc or None,
                        ),
                    )
                except ValidationFailed as exc:
                    show_problems(exc, key="lg_it_problems")
                except ValueError:
                    st.error("Give the entry a title.")
                else:
                    st.session_state["lg_done"] = f"Added to the register: {md(item.title)}."
                    st.rerun()

# --------------------------------------------------------------------------- stories
with tab_stories:
    f1, f2 = st.columns(2)
    value_filter = f1.selectbox(
        "Value", [None, *NINE_VALUES], format_func=lambda v: v or "Every value", key="lg_st_value"
    )
    programmes = read(list_programmes, actor)
    programme_filter = f2.selectbox(
        "Programme",
        [None] + [p.name for p in programmes],
        format_func=lambda p: p or "Every programme",
        key="lg_st_programme",
    )
    view = read(list_stories, actor, value=value_filter, programme=programme_filter)
    if view.can_edit:
        withheld = sum(1 for s in view.stories if not s.consent)
        st.info(
            f"You edit stories, so you see all of them. **{withheld} without the storyteller's "
            "consent** are marked; nobody outside the story editors sees those.",
            icon=":material/lock:",
        )
    else:
        st.caption("Only stories whose storytellers consented to sharing are shown.")
    tagged = {v: n for v, n in view.by_value.items() if n}
    if tagged:
        st.caption("Stories per value: " + " · ".join(f"{v} {n}" for v, n in tagged.items()))
    if not view.stories:
        st.caption("No stories to show.")
    # A card per story: past this many, the newest show and the filters reach the rest.
    STORY_CARDS = 24
    if len(view.stories) > STORY_CARDS:
        st.caption(
            f"Showing {STORY_CARDS} of {len(view.stories)} stories; pick a value or a programme "
            "to find others."
        )
    cols = st.columns(2, gap="medium")
    for n, story in enumerate(view.stories[:STORY_CARDS]):
        with cols[n % 2], st.container(border=True):
            st.markdown(f"#### {md(story.title)}")
            meta = f"{md(story.kind.title())} · {md(story.storyteller)} · {fmt_date(story.collected_on)}"
            if story.programme:
                meta += f" · {md(story.programme)}"
            st.caption(meta)
            if not story.consent:
                st.badge("No consent yet: editors only", icon=":material/lock:", color="orange")
            st.markdown(md(story.body))
            if story.values:
                st.markdown(" ".join(f":violet-badge[{md(v)}]" for v in story.values))
    if can_edit_stories:
        st.subheader("Edit stories")
        s1, s2 = st.columns(2, gap="large")
        with s1, st.expander("Record consent", icon=":material/verified_user:"):
            pending = [s for s in view.stories]
            with st.form("lg_consent", border=False):
                story_id = st.selectbox(
                    "Story",
                    [s.id for s in pending],
                    format_func=lambda i: next(
                        f"{s.title} ({'consent given' if s.consent else 'no consent yet'})"
                        for s in pending
                        if s.id == i
                    ),
                    key="lg_cs_story",
                )
                consent = st.radio(
                    "The storyteller",
                    ["given", "withdrawn"],
                    format_func=lambda c: (
                        "Gave consent to share" if c == "given" else "Has not consented / withdrew"
                    ),
                    key="lg_cs_consent",
                    horizontal=True,
                )
                on = st.date_input(
                    "Date of consent",
                    value=today,
                    max_value=today,
                    key="lg_cs_date",
                    format=date_input_format(),
                )
                note = st.text_input(
                    "Note (e.g. 'first name only')", key="lg_cs_note", max_chars=300
                )
                save = st.form_submit_button("Save consent", type="primary")
            if save and story_id is not None:
                story = next(s for s in pending if s.id == story_id)
                try:
                    saved = write(
                        set_story_consent,
                        actor,
                        story_id=story_id,
                        consent=consent == "given",
                        consent_on=on,
                        note=note or None,
                        expected_version=story.version,
                    )
                except (ValidationFailed, StaleEdit, GfjError) as exc:
                    st.error(str(exc))
                else:
                    st.session_state["lg_done"] = (
                        f"“{md(saved.title)}”: consent {'recorded' if saved.consent else 'withdrawn'}."
                    )
                    st.rerun()
        with s2, st.expander("Add a story or testimonial", icon=":material/edit_note:"):
            with st.form("lg_story", border=False):
                title = st.text_input("Title", key="lg_sn_title", max_chars=200)
                a, b = st.columns(2)
                kind = a.selectbox(
                    "Kind", ["story", "testimonial"], format_func=str.title, key="lg_sn_kind"
                )
                collected = b.date_input(
                    "Collected on",
                    value=today,
                    max_value=today,
                    key="lg_sn_date",
                    format=date_input_format(),
                )
                teller = st.text_input(
                    "Storyteller, as they wish to be credited", key="lg_sn_teller", max_chars=120
                )
                programme = st.selectbox(
                    "Programme",
                    [None] + [p.name for p in programmes],
                    format_func=lambda p: p or "(none)",
                    key="lg_sn_programme",
                )
                values = choose_many("Values it shows", NINE_VALUES, key="lg_sn_values")
                body = st.text_area("The story", key="lg_sn_body", height=160, max_chars=10000)
                has_consent = st.checkbox(
                    "The storyteller consented to sharing it (dated today)", key="lg_sn_consent"
                )
                add = st.form_submit_button("Save story", type="primary")
            if add:
                try:
                    saved = write(
                        add_story,
                        actor,
                        data=StoryCreate(
                            title=title,
                            body=body,
                            kind=kind,
                            storyteller=teller,
                            collected_on=collected,
                            programme=programme,
                            values=values,
                            consent=has_consent,
                            consent_on=today if has_consent else None,
                        ),
                    )
                except ValidationFailed as exc:
                    show_problems(exc, key="lg_sn_problems")
                except ValueError as exc:
                    st.error(
                        "The story was not saved: "
                        + "; ".join(
                            f"{'.'.join(map(str, e['loc'])) or 'story'}: "
                            f"{e['msg'].removeprefix('Value error, ')}"
                            for e in exc.errors()
                        )
                    )
                else:
                    st.session_state["lg_done"] = f"Story saved: {md(saved.title)}."
                    st.rerun()
