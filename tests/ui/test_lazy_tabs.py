"""ui.widgets.lazy_tabs draws only the open tab: the others cost neither the server (their
services are not read) nor the browser (their elements are not sent)."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from tests.ui.apptest import open_tab


def _three_tabs(keep=()):
    import streamlit as st

    from ui.widgets import lazy_tabs

    drawn = st.session_state.setdefault("drawn", [])

    def section(name: str):
        def draw() -> None:
            drawn.append(name)
            st.markdown(f"the {name} tab")

        return draw

    shown = lazy_tabs({n: section(n) for n in ("One", "Two", "Three")}, key="t", keep=keep)
    st.caption(f"shown: {shown}")


def _texts(at) -> list[str]:
    return [m.value for m in at.markdown]


def test_only_the_first_tab_is_drawn_at_first():
    at = AppTest.from_function(_three_tabs).run()
    assert not at.exception
    assert [t.label for t in at.tabs] == ["One", "Two", "Three"]
    assert _texts(at) == ["the One tab"]
    assert at.session_state["drawn"] == ["One"]
    assert at.caption[0].value == "shown: One"


def test_choosing_a_tab_draws_it_alone_and_a_rerun_stays_on_it():
    at = AppTest.from_function(_three_tabs).run()
    open_tab(at, "t", "Three")
    assert _texts(at) == ["the Three tab"]
    at.run()  # a save or a picker reruns the page: the same tab, drawn again
    assert _texts(at) == ["the Three tab"]
    assert at.session_state["drawn"] == ["One", "Three", "Three"]
    assert at.caption[0].value == "shown: Three"


def test_a_kept_tab_is_drawn_while_closed_so_its_unsaved_input_survives():
    at = AppTest.from_function(_three_tabs, kwargs={"keep": ("Three",)}).run()
    assert _texts(at) == ["the One tab", "the Three tab"]
    open_tab(at, "t", "Two")
    assert _texts(at) == ["the Two tab", "the Three tab"]
    assert at.caption[0].value == "shown: Two"
