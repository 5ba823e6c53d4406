"""Advocacy & influence: campaigns and bills (how far each got, the organisation's role), wins
over time, and the sector's uptake of the organisation's approach."""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from gfj_core.access import can
from gfj_core.errors import GfjError, StaleEdit, ValidationFailed
from gfj_core.exports.safety import inert_markdown as md
from gfj_core.formatting import date_grid_format, date_input_format, fmt_month
from gfj_core.schemas.evaluation import (
    INFLUENCE_KIND_LABELS,
    ISSUE_LABELS,
    OPEN_STAGES,
    ORG_ROLE_LABELS,
    STAGE_LABELS,
    STAGES,
    CampaignCreate,
    InfluenceCreate,
)
from gfj_core.services.impact import (
    add_campaign,
    add_influence,
    advocacy_summary,
    influence_summary,
    update_campaign_stage,
)
from gfj_core.services.surveys import evaluation_context
from ui.charts import show
from ui.data import read, write
from ui.evaluation import count_bars, illustrative_notice, show_problems, stacked_years, wins_chart
from ui.guard import require_page
from ui.widgets import demo_notice, fmt_date

actor = require_page("impact")
can_edit = can(actor.role, "evaluation.write")
today = date.today()
ctx = read(evaluation_context, actor)

st.title("Advocacy & influence")
st.markdown(
    "Legislative and policy change the organisation worked for (ending child incarceration, "
    "police accountability, ending racial profiling), and how the sector takes up its approach."
)
if ctx.demo:
    demo_notice()
    illustrative_notice(
        "campaign list, dates, the organisation's role in each, and every invitation, "
        "publication and adopting organisation are examples, not the organisation's record."
    )
done = st.session_state.pop("im_done", None)
if done:
    st.success(done, icon=":material/task_alt:")

adv = read(advocacy_summary, actor, as_of=today)
inf = read(influence_summary, actor, as_of=today)
kinds = {k.kind: k for k in inf.kinds}


def _vs_before(k) -> str | None:
    diff = k.last_12_months - k.previous_12_months
    return f"{diff:+d} on the 12 months before"


# Tiles of a fixed width that wrap onto a second row on a laptop screen, so no label is cut.
tiles = st.container(horizontal=True, wrap=True, gap="medium")
cols = [tiles] * 5
with cols[0], st.container(border=True, width=250, height="stretch"):
    st.metric("Campaigns won", adv.won, help="Bills signed or campaigns won, all time.")
    st.caption(f"{adv.won_last_12_months} in the last 12 months · {adv.lost} lost")
with cols[1], st.container(border=True, width=250, height="stretch"):
    st.metric("Open campaigns", adv.open)
    st.caption(
        " · ".join(f"{STAGE_LABELS[s]} {adv.by_stage[s]}" for s in OPEN_STAGES if adv.by_stage[s])
        or "None open"
    )
with cols[2], st.container(border=True, width=250, height="stretch"):
    k = kinds["speaking"]
    st.metric("Speaking invitations", k.last_12_months, delta=_vs_before(k))
    st.caption(f"Last 12 months · {k.total} in all")
with cols[3], st.container(border=True, width=250, height="stretch"):
    pub, cit = kinds["publication"], kinds["citation"]
    st.metric(
        "Publications & citations",
        pub.last_12_months + cit.last_12_months,
        delta=f"{(pub.last_12_months + cit.last_12_months) - (pub.previous_12_months + cit.previous_12_months):+d} on the 12 months before",
    )
    st.caption(
        f"Last 12 months · {pub.last_12_months} publications, {cit.last_12_months} citations"
    )
with cols[4], st.container(border=True, width=250, height="stretch"):
    k = kinds["adoption"]
    st.metric(
        "Adopting our practices",
        k.total,
        help="Organisations recorded as adopting the organisation's succession practices.",
    )
    st.caption(f"Organisations, all time · {k.last_12_months} in the last 12 months")

tab_adv, tab_inf = st.tabs(["Campaigns and bills", "Sector influence"])

with tab_adv:
    left, right = st.columns([3, 2], gap="large")
    with left:
        st.markdown("**Wins over time** (bars: that year; line: running total)")
        if adv.wins_by_year:
            show(wins_chart(adv.wins_by_year), key="im_wins")
        else:
            st.caption("No campaign won yet.")
    with right:
        st.markdown("**Where every campaign stands**")
        show(
            count_bars(
                [(STAGE_LABELS[s], adv.by_stage[s], None) for s in STAGES],
                colour="#0072B2",
                unit="Campaigns",
            ),
            key="im_stages",
        )
    st.dataframe(
        pd.DataFrame(
            [
                {
                    "Campaign or bill": c.name + (f" ({c.bill_number})" if c.bill_number else ""),
                    "Where": c.jurisdiction,
                    "Issue": ISSUE_LABELS.get(c.issue, c.issue),
                    "Stage": STAGE_LABELS.get(c.stage, c.stage),
                    "Our role": ORG_ROLE_LABELS.get(c.org_role, c.org_role),
                    "Started": fmt_month(c.started_on),
                    "Decided": fmt_date(c.decided_on) if c.decided_on else "open",
                }
                for c in adv.campaigns
            ]
        ),
        hide_index=True,
        width="stretch",
        height=46 + 38 * len(adv.campaigns),
        column_config={
            "Campaign or bill": st.column_config.TextColumn(width=520),
            "Where": st.column_config.TextColumn(width=150),
            "Issue": st.column_config.TextColumn(width=210),
            "Stage": st.column_config.TextColumn(width=170),
            "Our role": st.column_config.TextColumn(width=150),
            "Started": st.column_config.TextColumn(width=90),
        },
        key="im_campaigns",
    )
    # Outcomes in full (a table cell would cut them off).
    outcomes = [c for c in adv.campaigns if c.outcome]
    if outcomes:
        st.markdown("**What came of them**")
        st.markdown(
            "\n".join(
                f"- **{md(c.name)}** ({STAGE_LABELS.get(c.stage, c.stage).lower()}): {md(c.outcome)}"
                for c in outcomes
            )
        )
    if can_edit:
        a1, a2 = st.columns(2, gap="large")
        open_campaigns = [c for c in adv.campaigns if c.stage in OPEN_STAGES]
        with a1, st.expander("Move a campaign along", icon=":material/trending_up:"):
            if not open_campaigns:
                st.caption("No open campaign.")
            else:
                with st.form("im_stage", border=False):
                    cid = st.selectbox(
                        "Campaign",
                        [c.id for c in open_campaigns],
                        format_func=lambda i: next(
                            f"{c.name} ({STAGE_LABELS[c.stage].lower()})"
                            for c in open_campaigns
                            if c.id == i
                        ),
                        key="im_st_campaign",
                    )
                    stage = st.selectbox(
                        "New stage", STAGES, format_func=STAGE_LABELS.get, key="im_st_stage"
                    )
                    decided = st.date_input(
                        "Decided on (signed or lost)",
                        value=None,
                        max_value=today,
                        key="im_st_date",
                        format=date_input_format(),
                    )
                    outcome = st.text_input("Outcome", key="im_st_outcome", max_chars=4000)
                    move = st.form_submit_button("Save stage", type="primary")
                if move:
                    c = next(c for c in open_campaigns if c.id == cid)
                    try:
                        saved = write(
                            update_campaign_stage,
                            actor,
                            campaign_id=cid,
                            stage=stage,
                            decided_on=decided,
                            outcome=outcome or None,
                            expected_version=c.version,
                        )
                    except ValidationFailed as exc:
                        show_problems(exc, key="im_st_problems")
                    except (StaleEdit, GfjError) as exc:
                        st.error(str(exc))
                    else:
                        st.session_state["im_done"] = (
                            f"{md(saved.name)}: now {STAGE_LABELS[saved.stage].lower()}."
                        )
                        st.rerun()
        with a2, st.expander("Add a campaign or bill", icon=":material/add_circle:"):
            with st.form("im_campaign", border=False):
                name = st.text_input("Name", key="im_cp_name", max_chars=200)
                a, b = st.columns(2)
                kind = a.selectbox(
                    "Kind", ["bill", "campaign"], format_func=str.title, key="im_cp_kind"
                )
                where = b.text_input(
                    "Jurisdiction", key="im_cp_where", placeholder="New York State"
                )
                a, b = st.columns(2)
                number = a.text_input("Bill number", key="im_cp_number", max_chars=40)
                issue = b.selectbox(
                    "Issue", list(ISSUE_LABELS), format_func=ISSUE_LABELS.get, key="im_cp_issue"
                )
                a, b = st.columns(2)
                stage = a.selectbox(
                    "Stage", STAGES, format_func=STAGE_LABELS.get, key="im_cp_stage"
                )
                role = b.selectbox(
                    "Our role",
                    list(ORG_ROLE_LABELS),
                    format_func=ORG_ROLE_LABELS.get,
                    key="im_cp_role",
                )
                a, b = st.columns(2)
                started = a.date_input(
                    "Started",
                    value=today,
                    max_value=today,
                    key="im_cp_started",
                    format=date_input_format(),
                )
                decided = b.date_input(
                    "Decided (if signed or lost)",
                    value=None,
                    max_value=today,
                    key="im_cp_decided",
                    format=date_input_format(),
                )
                outcome = st.text_area("Outcome", key="im_cp_outcome", max_chars=4000)
                add = st.form_submit_button("Add campaign", type="primary")
            if add:
                try:
                    saved = write(
                        add_campaign,
                        actor,
                        data=CampaignCreate(
                            name=name,
                            kind=kind,
                            jurisdiction=where,
                            bill_number=number or None,
                            issue=issue,
                            stage=stage,
                            org_role=role,
                            started_on=started,
                            decided_on=decided,
                            outcome=outcome or None,
                        ),
                    )
                except ValidationFailed as exc:
                    show_problems(exc, key="im_cp_problems")
                except ValueError as exc:
                    st.error(
                        "Not saved: "
                        + "; ".join(e["msg"].removeprefix("Value error, ") for e in exc.errors())
                    )
                else:
                    st.session_state["im_done"] = f"Campaign added: {md(saved.name)}."
                    st.rerun()

with tab_inf:
    left, right = st.columns([3, 2], gap="large")
    with left:
        st.markdown("**Per year, by kind**")
        if inf.by_year:
            show(stacked_years(inf.by_year, INFLUENCE_KIND_LABELS), key="im_years")
        else:
            st.caption("Nothing recorded yet.")
    with right:
        st.markdown("**Last 12 months against the 12 before**")
        st.dataframe(
            pd.DataFrame(
                [
                    {
                        "Kind": INFLUENCE_KIND_LABELS[k.kind],
                        "Last 12 months": k.last_12_months,
                        "12 months before": k.previous_12_months,
                        "All time": k.total,
                    }
                    for k in inf.kinds
                ]
            ),
            hide_index=True,
            width="stretch",
            key="im_kinds",
        )
    st.dataframe(
        pd.DataFrame(
            [
                {
                    "Date": i.occurred_on,
                    "Kind": INFLUENCE_KIND_LABELS[i.kind],
                    "What": i.title,
                    "Organisation": i.organisation,
                }
                for i in inf.items
            ]
        ),
        hide_index=True,
        width="stretch",
        height=min(700, 46 + 38 * len(inf.items)),
        column_config={
            "Date": st.column_config.DateColumn(format=date_grid_format()),
            "What": st.column_config.TextColumn(width="large"),
        },
        key="im_items",
    )
    if can_edit:
        with st.expander(
            "Record an invitation, publication, citation or adoption", icon=":material/add_circle:"
        ):
            with st.form("im_influence", border=False):
                a, b = st.columns(2)
                kind = a.selectbox(
                    "Kind",
                    list(INFLUENCE_KIND_LABELS),
                    format_func=INFLUENCE_KIND_LABELS.get,
                    key="im_in_kind",
                )
                when = b.date_input(
                    "Date",
                    value=today,
                    max_value=today,
                    key="im_in_date",
                    format=date_input_format(),
                )
                title = st.text_input("What", key="im_in_title", max_chars=200)
                org = st.text_input("Organisation", key="im_in_org", max_chars=200)
                link = st.text_input("Link (optional)", key="im_in_link", max_chars=300)
                add = st.form_submit_button("Record", type="primary")
            if add:
                try:
                    saved = write(
                        add_influence,
                        actor,
                        data=InfluenceCreate(
                            kind=kind,
                            title=title,
                            organisation=org,
                            occurred_on=when,
                            link=link or None,
                        ),
                    )
                except ValueError:
                    st.error("Give what it was and the organisation.")
                else:
                    st.session_state["im_done"] = (
                        f"Recorded: {md(saved.title)} ({fmt_date(saved.occurred_on)})."
                    )
                    st.rerun()
