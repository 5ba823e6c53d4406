"""The benchmark: every page at 1x, 10x and 100x the demo's data, against Streamlit's own floor."""
