"""Surveys: results of each round beside the round before, free-text answers and their themes,
and (for staff, the CEO and admin) importing a form tool's export with its columns mapped."""

from __future__ import annotations

import hashlib

import pandas as pd
import streamlit as st

from gfj_core.access import can
from gfj_core.errors import GfjError, ValidationFailed
from gfj_core.exports.safety import inert_markdown as md
from gfj_core.imports.common import MAX_UPLOAD_BYTES
from gfj_core.imports.survey_responses import GROUP, IGNORE
from gfj_core.schemas.evaluation import GROUP_LABELS, KIND_LABELS, STAKEHOLDER_GROUPS, BulkTagIn
from gfj_core.services.surveys import (
    evaluation_context,
    import_survey_responses,
    list_surveys,
    suggest_mapping,
    survey_results,
    tag_answers,
    text_answers,
    theme_counts,
)
from ui.charts import show
from ui.data import read, write
from ui.evaluation import (
    average_chart,
    count_bars,
    fmt_change,
    fmt_score,
    likert_chart,
    short_question,
    show_problems,
)
from ui.forms import save_form
from ui.guard import require_page
from ui.widgets import choose_many, data_table, demo_notice, fmt_date

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
done = st.session_state.pop("sv_done", None)
if done:
    st.success(done, icon=":material/task_alt:")
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


def _label(q) -> str:
    """Values alignment asks one question per value: the value's name is the clearer label."""
    return q.value_name or short_question(q.text)


def _answer_label(a) -> str:
    text = a.text if len(a.text) <= 80 else a.text[:79] + "…"
    return f"{fmt_date(a.submitted_at)} · {GROUP_LABELS[a.stakeholder_group]} · {text}"


def _tag_form(answers, themes) -> None:
    """Tag many answers at once: rows picked in the table above (or every answer listed), the
    themes chosen once. Each answer keeps the themes it had."""
    st.markdown("**Tag answers with themes**")
    st.caption(
        "Select rows in the table above (or pick them here), choose or type the themes once, "
        "and every chosen answer gets them; themes already on an answer stay."
    )
    tagged = st.session_state.pop("sv_tagged", None)
    if tagged:
        st.success(tagged, icon=":material/sell:")
    by_id = {a.answer_id: a for a in answers}
    picked = (st.session_state.get("sv_answers") or {}).get("selection", {}).get("rows", [])
    picked_ids = [answers[i].answer_id for i in picked if i < len(answers)]
    # A new selection in the table becomes the form's choice (the form keeps its own after).
    if picked_ids != st.session_state.get("sv_seen_rows"):
        st.session_state["sv_seen_rows"] = picked_ids
        st.session_state["sv_bulk_answers"] = picked_ids
    with st.form("sv_bulk_form", border=True):
        chosen = choose_many(
            "Answers",
            list(by_id),
            format_func=lambda i: _answer_label(by_id[i]),
            key="sv_bulk_answers",
            placeholder="Select rows in the table, or choose answers here",
        )
        every = st.checkbox(f"Every answer listed above ({len(answers):,})", key="sv_bulk_all")
        existing = choose_many("Themes", [t.name for t in themes], key="sv_bulk_themes")
        new = st.text_input(
            "New themes (separate with commas)",
            key="sv_bulk_new",
            placeholder="e.g. Youth leadership, Transparency",
        )
        error = st.session_state.pop("sv_bulk_error", None)
        if error:
            st.error(error, icon=":material/error:")
        saved = st.form_submit_button("Tag the chosen answers", type="primary")
    if saved:
        ids = list(by_id) if every else chosen
        wanted = existing + [t for t in new.split(",") if t.strip()]

        def flash(data: BulkTagIn) -> str:
            n = len(data.answer_ids)
            return f"{n:,} answer{'s' if n != 1 else ''} tagged: {', '.join(data.themes)}."

        save_form(
            "sv_bulk_",
            lambda: BulkTagIn(answer_ids=ids, themes=wanted),
            tag_answers,
            actor,
            flash_key="sv_tagged",
            flash=flash,
        )


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

        cols = st.columns(4, gap="medium")
        with cols[0], st.container(border=True, height="stretch"):
            delta = (
                None
                if res.previous_responses is None
                else f"{res.responses - res.previous_responses:+,} on {prev_label}"
            )
            st.metric("Responses", f"{res.responses:,}", delta=delta, delta_color="off")
            parts = [f"{GROUP_LABELS[g]} {n}" for g, n in res.by_group.items() if n]
            st.caption(" · ".join(parts) or "—")
        with cols[1], st.container(border=True, height="stretch"):
            change = (
                None
                if res.overall_average is None or res.previous_overall_average is None
                else res.overall_average - res.previous_overall_average
            )
            st.metric(
                "Average rating (1-5)",
                fmt_score(res.overall_average),
                delta=fmt_change(change, suffix=f" on {prev_label}")
                if change is not None
                else None,
                help="Mean of every 1-5 rating given in this round, all rating questions together.",
            )
            st.caption("Across all rating questions" if res.overall_average else "No ratings")
        with cols[2], st.container(border=True, height="stretch"):
            st.caption("Round")
            st.markdown(f"#### {md(res.round.label)}")
            st.caption(
                f"Responses from {fmt_date(res.round.opened_on)} to {fmt_date(res.round.closed_on)}"
            )
        with cols[3], st.container(border=True, height="stretch"):
            st.caption("Compared with")
            st.markdown(f"#### {md(prev_label) if prev_label else '—'}")
            st.caption(
                f"{res.previous_round.response_count:,} responses, closed "
                f"{fmt_date(res.previous_round.closed_on)}"
                if res.previous_round
                else "This is the first round: nothing to compare yet."
            )

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
                        [(_label(q.question), q.average, q.previous_average) for q in scale],
                        latest_label=res.round.label,
                        previous_label=prev_label,
                    ),
                    key="sv_avg",
                )
            with c2:
                st.markdown(f"**How the ratings are spread**, {md(res.round.label)}")
                show(
                    likert_chart(
                        [(_label(q.question), [d.count for d in q.distribution]) for q in scale]
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
        table = []
        for q in res.questions:
            row = {
                "#": q.question.position,
                "Question": _label(q.question)
                if q.question.value_name
                else short_question(q.question.text),
                "Type": KIND_LABELS[q.question.kind],
                "Answered": q.answered,
                "Average": fmt_score(q.average) if q.question.kind == "scale" else "",
            }
            if prev_label:
                row[f"Answered, {prev_label}"] = q.previous_answered
                row[f"Average, {prev_label}"] = (
                    fmt_score(q.previous_average) if q.question.kind == "scale" else ""
                )
                row["Change"] = fmt_change(q.change) or ""
            table.append(row)
        st.dataframe(
            pd.DataFrame(table),
            hide_index=True,
            width="stretch",
            column_config={
                "#": st.column_config.NumberColumn(width=50),
                "Question": st.column_config.TextColumn(width=720),
            },
            key="sv_table",
        )

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
                                "Submitted": fmt_date(a.submitted_at),
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
            _tag_form(page.answers, themes)

# --------------------------------------------------------------------------- import
if can_import:
    with tabs[2]:
        survey = first.survey
        st.markdown(
            f"Import one round of **{md(survey.name)}** from your form tool's export (Google Forms, "
            "Typeform, SurveyMonkey and the like): **a CSV or Excel file with one row per "
            "response, a timestamp column and one column per question.** You say what each "
            "column is; the mapping is remembered for the next round. Every row is checked and "
            "nothing is written unless every row is right."
        )
        with st.expander("What each answer may look like"):
            st.markdown(
                "- **Timestamp**: `2026-07-14 10:32`, `7/14/2026 10:32:11` (month first) or "
                "`07/14/2026 10:32:11 AM`.\n"
                "- **1-5 rating**: `4`, `4 - Agree` or the agreement words (strongly disagree = 1 "
                "… strongly agree = 5).\n"
                "- **Multiple choice**: the options chosen, separated by `;` or `,`.\n"
                "- **Stakeholder group**: board, staff, leader, community or partner (also "
                "'Board member', 'Emerging leader', 'Community member', 'Partner "
                "organization'), from a column or chosen below for the whole file.\n"
                "- Blank answers are allowed; columns you ignore are not read."
            )
        nonce = st.session_state.setdefault("sv_nonce", 0)
        upload = st.file_uploader(
            f"Responses file (CSV or Excel .xlsx, up to {MAX_UPLOAD_BYTES // 1_048_576} MB)",
            type=["csv", "xlsx"],
            key=f"sv_file_{survey_key}_{nonce}",
        )
        if upload is not None:
            content = upload.getvalue()
            digest = hashlib.sha256(content).hexdigest()[:12]
            try:
                suggestion = read(
                    suggest_mapping,
                    actor,
                    survey_key=survey_key,
                    filename=upload.name,
                    content=content,
                )
            except ValidationFailed as exc:
                show_problems(exc, key="sv_file_problems")
                st.stop()
            except GfjError as exc:
                st.error(f"{exc} Nothing was imported.", icon=":material/block:")
                st.stop()
            labels = dict(suggestion.choices)
            options = [t for t, _ in suggestion.choices]
            remembered = set(suggestion.remembered)
            undecided = set(suggestion.undecided)
            if undecided:
                n = len(undecided)
                st.warning(
                    f"{n} column{'s' if n != 1 else ''} matched no question"
                    f"{'' if n == 1 else 's'} and no earlier round: "
                    + ", ".join(f"“{c}”" for c in suggestion.columns if c in undecided)
                    + ". A question renamed in the form tool looks like this. Choose what each "
                    "is (a question, or “Ignore this column”) before importing.",
                    icon=":material/help:",
                )
            st.markdown(
                f"**{md(upload.name)}: {suggestion.rows:,} responses, {len(suggestion.columns)} "
                "columns.** Check what each column is"
                + (
                    " (the mapping from the last round is already filled in)."
                    if remembered
                    else " (guessed from the headers)."
                )
            )
            with st.form("sv_import", border=True):
                head = st.columns([4, 3, 5])
                head[0].markdown("**Column in the file**")
                head[1].markdown("**First answer**")
                head[2].markdown("**Is**")
                mapping: dict[str, str] = {}
                for i, column in enumerate(suggestion.columns):
                    row = st.columns([4, 3, 5], vertical_alignment="center")
                    row[0].markdown(
                        column
                        + (
                            "  \n:gray[remembered from the last round]"
                            if column in remembered
                            else ""
                        )
                    )
                    row[1].caption(suggestion.samples.get(column) or "—")
                    suggested = suggestion.targets.get(column, IGNORE)
                    # An unrecognised column starts empty: "Ignore" must be chosen, never assumed.
                    mapping[column] = row[2].selectbox(
                        f"What is the column “{column}”?",
                        options,
                        index=None
                        if column in undecided
                        else (options.index(suggested) if suggested in options else 0),
                        format_func=labels.get,
                        placeholder="Choose: a question, or Ignore this column",
                        label_visibility="collapsed",
                        key=f"sv_map_{digest}_{i}",
                    )
                c1, c2 = st.columns(2)
                has_group = GROUP in suggestion.targets.values()
                default_group = c1.selectbox(
                    "Stakeholder group for the whole file",
                    [None, *STAKEHOLDER_GROUPS],
                    format_func=lambda g: (
                        "From the mapped column" if g is None else GROUP_LABELS[g]
                    ),
                    help="Used when no column is mapped to the stakeholder group (e.g. a "
                    "board-only survey).",
                    index=0 if has_group else (1 if survey_key == "board_self_assessment" else 0),
                    key=f"sv_default_group_{digest}",
                )
                round_label = c2.text_input(
                    "Name of this round",
                    placeholder=f"Round {len(survey.rounds) + 1} (month year of the last response)",
                    max_chars=80,
                    key=f"sv_round_label_{digest}",
                )
                submitted = st.form_submit_button(
                    f"Import {suggestion.rows:,} responses",
                    type="primary",
                    icon=":material/upload:",
                )
            if submitted:
                try:
                    result = write(
                        import_survey_responses,
                        actor,
                        survey_key=survey_key,
                        filename=upload.name,
                        content=content,
                        mapping=mapping,
                        default_group=default_group,
                        round_label=round_label,
                    )
                except ValidationFailed as exc:
                    show_problems(exc, key="sv_import_problems")
                except GfjError as exc:
                    st.error(str(exc))
                else:
                    groups = ", ".join(
                        f"{GROUP_LABELS[g].lower()} {n}" for g, n in result.by_group.items()
                    )
                    st.session_state["sv_done"] = (
                        f"Imported {result.responses:,} responses into {result.survey_name}, "
                        f"{result.round_label} ({groups}). The mapping is remembered for the next "
                        "round; the results are on the Results tab."
                    )
                    st.session_state["sv_nonce"] = nonce + 1
                    st.session_state["sv_show_round"] = result.round_id
                    st.rerun()
