"""Surveys: results of each round beside the round before, free-text answers and their themes,
and (for staff, the CEO and admin) importing a form tool's export with its columns mapped."""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from gfj_core.access import can
from gfj_core.exports.safety import inert_markdown as md
from gfj_core.schemas.evaluation import GROUP_LABELS, STAKEHOLDER_GROUPS
from gfj_core.services.surveys import (
    evaluation_context,
    list_surveys,
    survey_results,
    text_answers,
    theme_counts,
)
from ui.charts import show
from ui.data import read
from ui.evaluation import (
    average_chart,
    count_bars,
    likert_chart,
)
from ui.forms import show_confirmation
from ui.guard import require_page
from ui.survey_import import import_tab
from ui.survey_results import question_label, question_table, round_tiles
from ui.survey_rounds import correct_round_form, rounds_panel
from ui.survey_tags import tag_form
from ui.widgets import data_table, demo_notice, fmt_date

actor = require_page("surveys")
can_import = can(actor.role, "surveys.import")
can_tag = can(actor.role, "evaluation.write")
ctx = read(evaluation_context, actor)

st.title("Surveys")
st.markdown(
    "What the board, staff, emerging leaders, community members and partners told us, "
    "round by round: counts, averages, how answers are spread, and the change since the "
    "round before."
)
if ctx.demo:
    demo_notice()

surveys = read(list_surveys, actor)
by_key = {s.key: s for s in surveys}
show_confirmation("sv_done")
# The picker shows names only: a keyed selectbox keeps the label it was given when the value
# was picked, so counts inside it stayed "2 rounds" after an import. They go in the caption.
survey_key = st.selectbox(
    "Survey", list(by_key), format_func=lambda k: by_key[k].name, key="sv_survey"
)
summary = by_key[survey_key]
st.caption(
    f"{summary.round_count:,} round{'' if summary.round_count == 1 else 's'}, "
    f"{summary.total_responses:,} responses"
    + (
        f"; latest {summary.latest_round}, closed {fmt_date(summary.latest_closed_on)}"
        if summary.latest_round
        else ""
    )
)

tab_names = ["Results", "Free-text answers and themes"]
if can_import:
    tab_names.append("Import responses")
tabs = st.tabs(tab_names)


# --------------------------------------------------------------------------- results
with tabs[0]:
    first = read(survey_results, actor, survey_key=survey_key)
    survey = first.survey
    if survey.purpose:
        st.caption(f"{md(survey.purpose)} Asked of: {md(survey.audience)}.")
    if not survey.rounds:
        st.info(
            "No responses yet. "
            + (
                "Import the first round from the **Import responses** tab."
                if can_import
                else "Staff import each round; results appear here."
            ),
            icon=":material/inbox:",
        )
    else:
        rounds = list(reversed(survey.rounds))
        # A round just imported is the one to show, whatever round was picked before.
        just_imported = st.session_state.pop("sv_show_round", None)
        if just_imported in [r.id for r in rounds]:
            st.session_state[f"sv_round_{survey_key}"] = just_imported
        left, right = st.columns(2)
        round_id = left.selectbox(
            "Round",
            [r.id for r in rounds],
            format_func=lambda i: next(
                f"{md(r.label)} · closed {fmt_date(r.closed_on)} · {r.response_count:,} responses"
                for r in rounds
                if r.id == i
            ),
            key=f"sv_round_{survey_key}",
        )
        group = right.selectbox(
            "Stakeholder group",
            [None, *STAKEHOLDER_GROUPS],
            format_func=lambda g: "Everyone" if g is None else GROUP_LABELS[g],
            key=f"sv_group_{survey_key}",
        )
        res = read(survey_results, actor, survey_key=survey_key, round_id=round_id, group=group)
        prev_label = res.previous_round.label if res.previous_round else None

        round_tiles(res, prev_label)

        # Small or differently mixed rounds: said before any chart shows a red drop.
        for caution in res.cautions:
            st.warning(caution, icon=":material/warning:")

        scale = [q for q in res.questions if q.question.kind == "scale"]
        if scale:
            st.subheader("Ratings")
            c1, c2 = st.columns([1, 1], gap="large")
            with c1:
                st.markdown(
                    f"**Average per question**, {md(res.round.label)} ({res.responses:,} "
                    "responses)"
                    + (
                        f" beside {md(prev_label)} ({res.previous_responses:,} responses)"
                        if prev_label
                        else ""
                    )
                )
                show(
                    average_chart(
                        [
                            (question_label(q.question), q.average, q.previous_average)
                            for q in scale
                        ],
                        latest_label=res.round.label,
                        previous_label=prev_label,
                    ),
                    key="sv_avg",
                )
            with c2:
                st.markdown(f"**How the ratings are spread**, {md(res.round.label)}")
                show(
                    likert_chart(
                        [
                            (question_label(q.question), [d.count for d in q.distribution])
                            for q in scale
                        ]
                    ),
                    key="sv_likert",
                )

        choice_qs = [q for q in res.questions if q.question.kind in ("single", "multi")]
        if choice_qs:
            st.subheader("Choices")
            cols = st.columns(min(2, len(choice_qs)), gap="large")
            for i, q in enumerate(choice_qs):
                with cols[i % len(cols)]:
                    kind = "several could be chosen" if q.question.kind == "multi" else "one choice"
                    st.markdown(f"**{md(q.question.text)}**")
                    st.caption(f"{q.answered:,} answered ({kind}); share of those who answered")
                    ranked = sorted(q.distribution, key=lambda d: -d.count)
                    show(
                        count_bars([(d.label, d.count, d.share) for d in ranked]),
                        key=f"sv_choice_{q.question.key}",
                    )

        st.subheader("Every question")
        question_table(res, prev_label)

# --------------------------------------------------------------------------- free text
with tabs[1]:
    survey = first.survey
    text_qs = [q for q in survey.questions if q.kind == "text"]
    if not text_qs:
        st.info("This survey has no free-text questions.")
    else:
        f1, f2, f3 = st.columns(3)
        question_key = f1.selectbox(
            "Question",
            [q.key for q in text_qs],
            format_func=lambda k: next(q.text for q in text_qs if q.key == k),
            key=f"sv_text_q_{survey_key}",
        )
        round_choice = f2.selectbox(
            "Round",
            [None] + [r.id for r in reversed(survey.rounds)],
            format_func=lambda i: (
                "Every round" if i is None else next(r.label for r in survey.rounds if r.id == i)
            ),
            key=f"sv_text_round_{survey_key}",
        )
        themes = read(theme_counts, actor, survey_key=survey_key, round_id=round_choice)
        theme = f3.selectbox(
            "Theme",
            [None] + [t.name for t in themes],
            format_func=lambda t: "Any theme" if t is None else t,
            key=f"sv_text_theme_{survey_key}",
        )
        page = read(
            text_answers,
            actor,
            survey_key=survey_key,
            question_key=question_key,
            round_id=round_choice,
            theme=theme,
            limit=200,
        )
        left, right = st.columns([3, 2], gap="large")
        with right:
            st.markdown("**Themes** (answers tagged with each)")
            if any(t.count for t in themes):
                show(
                    count_bars([(t.name, t.count, None) for t in themes], colour="#009E73"),
                    key="sv_themes",
                )
            else:
                st.caption("No answer has been tagged with a theme yet.")
        with left:
            shown = len(page.answers)
            st.markdown(
                f"**{page.total:,} answer{'s' if page.total != 1 else ''}**"
                + (f" (showing the newest {shown})" if shown < page.total else "")
            )
            if page.answers:
                data_table(
                    pd.DataFrame(
                        [
                            {
                                "#": a.answer_id,
                                "Submitted": fmt_date(a.submitted_at.date()),
                                "Group": GROUP_LABELS[a.stakeholder_group],
                                "Answer": a.text,
                                "Themes": ", ".join(a.themes),
                            }
                            for a in page.answers
                        ]
                    ),
                    height=min(600, 46 + 38 * shown),
                    column_config={"Answer": st.column_config.TextColumn(width="large")},
                    key="sv_answers",
                    download="survey-answers.csv",
                    on_select="rerun" if can_tag else "ignore",
                    selection_mode="multi-row",
                )
        if can_tag and page.answers:
            tag_form(actor, page.answers, themes)

# --------------------------------------------------------------------------- import
if can_import:
    with tabs[2]:
        import_tab(actor, first.survey, survey_key)
        st.subheader("Correct a round's name or dates")
        correct_round_form(actor, first.survey, date.today())
        st.subheader("Remove a round imported by mistake")
        rounds_panel(actor, first.survey)
