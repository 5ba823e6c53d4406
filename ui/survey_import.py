"""The Surveys page's import tab: one round of a form tool's export, each column mapped to a
question (the mapping remembered for the next round), every row checked, all or nothing."""

from __future__ import annotations

import hashlib

import streamlit as st

from gfj_core.errors import GfjError, ValidationFailed
from gfj_core.exports.safety import inert_markdown as md
from gfj_core.imports.common import MAX_UPLOAD_BYTES
from gfj_core.imports.survey_responses import GROUP, IGNORE
from gfj_core.schemas.evaluation import GROUP_LABELS, STAKEHOLDER_GROUPS
from gfj_core.services.surveys import import_survey_responses, suggest_mapping
from ui.data import read, write
from ui.evaluation import show_problems


def import_tab(actor, survey, survey_key: str) -> None:
    """Upload, map, check and import one round of `survey`."""
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
            return
        except GfjError as exc:
            st.error(f"{exc} Nothing was imported.", icon=":material/block:")
            return
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
                    + ("  \n:gray[remembered from the last round]" if column in remembered else "")
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
                format_func=lambda g: "From the mapped column" if g is None else GROUP_LABELS[g],
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
