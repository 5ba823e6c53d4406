"""The bare Streamlit page the board overview is compared with in Chromium: two pages, one
title and one line each, so a sidebar click costs only Streamlit's own round trip."""

import streamlit as st


def start():
    st.title("Start")


def target():
    st.title("Target")
    st.write("A bare Streamlit page.")


st.navigation([st.Page(start, title="Start"), st.Page(target, title="Target")]).run()
