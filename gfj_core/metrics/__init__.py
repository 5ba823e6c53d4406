"""Pure calculations on plain values: no database, no streamlit. Unit-tested by hand-worked figures."""
