"""Assessments: mentors and the CEO score leaders' competencies (1-5); the CEO records readiness
ratings and maintains the competency framework."""

from __future__ import annotations

from datetime import date

import streamlit as st

from gfj_core.access import can
from gfj_core.services.leader_pipeline import leader_options
from ui.assessment_forms import framework_editor, readiness_tab, score_sheet
from ui.data import read
from ui.guard import require_page

actor = require_page("assessments")
today = date.today()

st.title("Assessments")

options = [o for o in read(leader_options, actor) if o.status == "active"]
if not options:
    st.info("There are no active leaders for you to assess.")
    st.stop()
names = {o.leader_id: o.name for o in options}
ceo = can(actor.role, "readiness.write")
sections = ["Competency scores"] + (["Readiness", "Competency framework"] if ceo else [])
tabs = st.tabs(sections)

with tabs[0]:
    score_sheet(actor, names, today)
if ceo:
    with tabs[1]:
        readiness_tab(actor, names, today)
    with tabs[2]:
        framework_editor(actor)
