"""HTTP that a Streamlit script cannot own, served by the same process through st.App: the
session cookie's routes and the security headers. web/app.py is what `streamlit run` starts."""
