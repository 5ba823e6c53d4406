"""Draws a captured page spec from constants: no database, no services (see bench/floor.py).

The spec's path is in the environment variable GFJ_FLOOR_SPEC."""

import json
import os
from itertools import count

import pandas as pd
import streamlit as st


@st.cache_resource
def _load(path: str) -> dict:
    # Parsed once per process, like a page's cached data: the floor must not pay for JSON.
    with open(path, encoding="utf-8") as fh:
        return json.load(fh)


SPEC = _load(os.environ["GFJ_FLOOR_SPEC"])
_keys = count()


def draw(node, in_form=False):
    kind = node["kind"]
    if kind == "block":
        kids = node["children"]
        t = node.get("type")
        if kids and all(k["kind"] == "block" and k.get("type") == "column" for k in kids):
            for col, kid in zip(st.columns(len(kids)), kids, strict=True):
                with col:
                    for c in kid["children"]:
                        draw(c, in_form)
            return
        if t == "form":
            with st.form(f"floor-form-{next(_keys)}"):
                for c in kids:
                    draw(c, True)
            return
        if t in ("expander", "expandable", "status"):
            with st.expander(node.get("label") or "Details"):
                for c in kids:
                    draw(c, in_form)
            return
        if t == "tab_container" or (kids and all(k.get("type") == "tab" for k in kids)):
            tabs = st.tabs([k.get("label") or f"Tab {i}" for i, k in enumerate(kids)])
            for tab, kid in zip(tabs, kids, strict=True):
                with tab:
                    for c in kid["children"]:
                        draw(c, in_form)
            return
        with st.container():
            for c in kids:
                draw(c, in_form)
        return
    key = f"floor-{next(_keys)}"
    if kind in (
        "title",
        "header",
        "subheader",
        "markdown",
        "caption",
        "text",
        "code",
        "info",
        "warning",
        "error",
        "success",
        "latex",
    ):
        getattr(st, kind)(node["value"])
    elif kind == "metric":
        st.metric(node["label"], node["value"], chart_data=node.get("chart"))
    elif kind == "plotly_chart":
        st.plotly_chart(node["spec"], theme=None, key=key)
    elif kind == "dataframe":
        st.dataframe(pd.DataFrame(node["data"]), key=key)
    elif kind == "table":
        st.table(pd.DataFrame(node["data"]))
    elif kind == "button":
        if in_form:
            st.form_submit_button(node["label"], key=key)
        else:
            st.button(node["label"], key=key)
    elif kind in ("selectbox", "radio", "segmented_control", "pills", "select_slider"):
        opts = node.get("options") or ["a"]
        getattr(st, kind)(node["label"], opts, key=key)
    elif kind == "multiselect":
        st.multiselect(node["label"], node.get("options") or ["a"], key=key)
    elif kind in (
        "text_input",
        "text_area",
        "number_input",
        "checkbox",
        "toggle",
        "date_input",
        "time_input",
        "file_uploader",
        "slider",
    ):
        getattr(st, kind)(node["label"], key=key)
    elif kind == "link":
        st.link_button(node["label"] or "link", "https://example.org")
    else:
        st.markdown(str(node.get("value", kind)))


if SPEC.get("sidebar"):
    with st.sidebar:
        for child in SPEC["sidebar"]["children"]:
            draw(child)
if SPEC.get("main"):
    for child in SPEC["main"]["children"]:
        draw(child)
