"""Advocacy & influence: campaigns and bills (how far each got, the organization's role), wins
over time, and the sector's uptake of the organization's approach. Staff add campaigns and
influence items, correct any of them in its table (a campaign's stage too) and delete one
recorded by mistake."""

from __future__ import annotations

from datetime import date

import streamlit as st

from gfj_core.access import can
from gfj_core.exports.safety import inert_markdown as md
from gfj_core.schemas.evaluation import (
    INFLUENCE_KIND_LABELS,
    ISSUE_LABELS,
    ORG_ROLE_LABELS,
    STAGE_LABELS,
    STAGES,
    CampaignChanges,
    CampaignCreate,
    InfluenceChanges,
    InfluenceCreate,
)
from gfj_core.services.impact import (
    add_campaign,
    add_influence,
    advocacy_summary,
    delete_campaign,
    delete_influence,
    impact_figures,
    influence_summary,
    save_campaign_table,
    save_influence_table,
)
from gfj_core.services.surveys import evaluation_context
from ui.charts import show
from ui.data import read
from ui.evaluation import count_bars, illustrative_notice, stacked_years, wins_chart
from ui.forms import Column, Input, input_form
from ui.guard import require_page
from ui.records import empty_state, records_table
from ui.removal import rows_removal
from ui.tiles import tile_row
from ui.widgets import demo_notice, fmt_date

actor = require_page("impact")
can_edit = can(actor.role, "evaluation.write")
today = date.today()
ctx = read(evaluation_context, actor)
CAMPAIGN_KINDS = {"bill": "Bill", "campaign": "Campaign"}

st.title("Advocacy & influence")
st.markdown(
    "Legislative and policy change the organization worked for (ending child incarceration, "
    "police accountability, ending racial profiling), and how the sector takes up its approach."
)
if ctx.demo:
    demo_notice()
    illustrative_notice(
        "campaign list, dates, the organization's role in each, and every invitation, "
        "publication and adopting organization are examples, not the organization's record."
    )

adv = read(advocacy_summary, actor, as_of=today)
inf = read(influence_summary, actor, as_of=today)
tile_row(impact_figures(adv, inf), width=250)
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
    if not adv.campaigns:
        empty_state(
            "No campaign or bill recorded yet. "
            + ("Add the first one below." if can_edit else "Staff add campaigns on this page."),
            icon=":material/campaign:",
        )
    else:
        if can_edit:
            st.caption(
                "Correct any cell and save the table: move a campaign along by changing its "
                "stage (a signed or lost one needs the date it was decided)."
            )
        records_table(
            "im_campaigns",
            rows=adv.campaigns,
            columns=[
                Column("Campaign or bill", "name", required=True, width="large"),
                Column("Kind", "kind", "choice", CAMPAIGN_KINDS, required=True),
                Column("Bill number", "bill_number"),
                Column("Where", "jurisdiction", required=True),
                Column("Issue", "issue", "choice", ISSUE_LABELS, required=True),
                Column("Stage", "stage", "choice", STAGE_LABELS, required=True),
                Column("Our role", "org_role", "choice", ORG_ROLE_LABELS, required=True),
                Column("Started", "started_on", "date", required=True),
                Column("Decided", "decided_on", "date"),
                Column("Outcome", "outcome", width="large"),
            ],
            editable=can_edit,
            changes=CampaignChanges,
            save=save_campaign_table,
            actor=actor,
            noun="campaign",
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
        rows_removal(
            "im_del_campaign", rows=adv.campaigns, name_of=lambda c: c.name,
            service=delete_campaign, actor=actor, what="campaign", history="campaign",
        )  # fmt: skip
        input_form(
            "im_campaign",
            title="Add a campaign or bill",
            rows=[
                [Input("name", "Name", max_chars=200)],
                [
                    Input("kind", "Kind", "choice", CAMPAIGN_KINDS),
                    Input("jurisdiction", "Jurisdiction", placeholder="New York State"),
                ],
                [
                    Input("bill_number", "Bill number", max_chars=40),
                    Input("issue", "Issue", "choice", ISSUE_LABELS),
                ],
                [
                    Input("stage", "Stage", "choice", STAGE_LABELS),
                    Input("org_role", "Our role", "choice", ORG_ROLE_LABELS),
                ],
                [
                    Input("started_on", "Started", "date", value=today, max_value=today),
                    Input("decided_on", "Decided (if signed or lost)", "date", max_value=today),
                ],
                [Input("outcome", "Outcome", "area", max_chars=4000)],
            ],
            schema=CampaignCreate,
            service=add_campaign,
            actor=actor,
            confirm=lambda d: f"Campaign added: {d.name}.",
            button="Add campaign",
        )

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
        records_table(
            "im_kinds",
            rows=inf.kinds,
            columns=[
                Column("Kind", value=lambda k: INFLUENCE_KIND_LABELS[k.kind], width="medium"),
                Column("Last 12 months", kind="number", value=lambda k: k.last_12_months),
                Column("12 months before", kind="number", value=lambda k: k.previous_12_months),
                Column("All time", kind="number", value=lambda k: k.total),
            ],
        )
    if not inf.items:
        empty_state(
            "No invitation, publication, citation or adoption recorded yet. "
            + ("Record the first one below." if can_edit else "Staff record them on this page."),
            icon=":material/record_voice_over:",
        )
    else:
        records_table(
            "im_items",
            rows=inf.items,
            columns=[
                Column("Date", "occurred_on", "date", required=True),
                Column("Kind", "kind", "choice", INFLUENCE_KIND_LABELS, required=True),
                Column("What", "title", required=True, width="large"),
                Column("Organization", "organisation", required=True, width="medium"),
                Column("Detail", "detail", width="medium"),
                Column("Link", "link"),
            ],
            editable=can_edit,
            changes=InfluenceChanges,
            save=save_influence_table,
            actor=actor,
            noun="item",
            row_name=lambda i: i.title,
            height=min(700, 46 + 38 * len(inf.items)),
        )
    if can_edit:
        items = {i.id: f"{i.title} ({fmt_date(i.occurred_on)})" for i in inf.items}
        rows_removal(
            "im_del_item", rows=inf.items, name_of=lambda i: items[i.id], service=delete_influence,
            actor=actor, what="item", history="influence_item",
        )  # fmt: skip
        input_form(
            "im_influence",
            title="Record an invitation, publication, citation or adoption",
            rows=[
                [
                    Input("kind", "Kind", "choice", INFLUENCE_KIND_LABELS),
                    Input("occurred_on", "Date", "date", value=today, max_value=today),
                ],
                [Input("title", "What", max_chars=200)],
                [Input("organisation", "Organization", max_chars=200)],
                [Input("detail", "Detail (optional)", "area", max_chars=4000)],
                [Input("link", "Link (optional)", max_chars=300)],
            ],
            schema=InfluenceCreate,
            service=add_influence,
            actor=actor,
            confirm=lambda d: f"Recorded: {d.title} ({fmt_date(d.occurred_on)}).",
            button="Record",
        )
