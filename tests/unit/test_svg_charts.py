"""The inline SVG sparkline and the HTML bar charts place each figure where it belongs."""

from ui.svg import _x, progress_bars_html, readiness_bars_html, sparkline_svg, sparkline_text


def test_a_sparkline_spans_the_width_and_puts_the_lowest_point_at_the_bottom():
    # [1, 3, 2]: x at 0, 50, 100; y from 36 (lowest, 1) to 4 (highest, 3); 2 is halfway, 20.
    svg = sparkline_svg([1, 3, 2], text="Trend")
    assert 'd="M0.00 36.00 L50.00 4.00 L100.00 20.00"' in svg
    assert 'd="M100.00 20.00 l0 0"' in svg  # the newest point is marked


def test_a_flat_sparkline_sits_in_the_middle():
    assert 'd="M0.00 20.00 L100.00 20.00"' in sparkline_svg([7, 7], text="Trend")


def test_a_sparkline_says_its_points_in_words_and_escapes_its_text():
    text = sparkline_text([4829.0, 3.4, 12.25], "participants <per> month")
    assert text == "Trend (participants <per> month), oldest to newest: 4,829, 3.4, 12.2"
    svg = sparkline_svg([1, 2], text=text)
    assert "&lt;per&gt;" in svg and "<per>" not in svg


def test_progress_bars_place_bars_figures_and_the_time_marker_on_a_0_to_110_axis():
    # 50% of a 0-110 axis is 45.45% of the track; 40% is 36.36%.
    assert round(_x(50), 2) == 45.45
    html = progress_bars_html(
        [("Milestones done", 0.5), ("Exit checklist done", None)],
        marker=0.4,
        marker_label="Time elapsed 40%",
    )
    assert 'style="width:45.45%"' in html and ">50%</span>" in html
    assert ">no data</span>" in html
    assert 'left:36.36%">Time elapsed 40%</span>' in html


def test_readiness_columns_scale_to_the_largest_count_and_name_their_level():
    # Largest count 3, plus half a leader of headroom: 3 fills 80 * 3 / 3.5 = 68.6% of the plot.
    html = readiness_bars_html({"Ready now": 1, "Ready in 1-2 years": 3})
    assert "height:68.6%" in html and "height:22.9%" in html
    assert '<span class="gfj-sr">Ready now: </span>1</span>' in html
