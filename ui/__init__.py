"""Streamlit-side helpers shared by app.py and pages/: state, guard, cached reads, widgets, theme.

No business rules here: figures come from gfj_core services."""
