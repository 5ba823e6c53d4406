"""gfj_core: the domain library behind the transition dashboard. Never imports streamlit."""
