"""The scorecard grid and the digest cards are HTML drawn through st.markdown: what people typed
in them stays text, and no line break of theirs can end the HTML block (a blank line would let
Markdown read the rest as markup)."""

from datetime import date

from gfj_core.exports.safety import inert_html
from gfj_core.metrics.lights import Level, Light
from gfj_core.schemas.board import DigestItem, DigestSection, Tile
from ui.digest_cards import digest_column_html
from ui.tile_grid import tile_grid_html

TYPED = 'Fund <b>"drive"</b> & <script>alert(1)</script>\n\n**not bold** [link](http://x)'


def _tile(**kw) -> Tile:
    base = dict(
        key="k",
        area="transition",
        label="Milestones done",
        value_text="5 of 19",
        value=5.0,
        light=Light(level=Level.amber, word="Watch"),
        trend=[1.0, 2.0, 5.0],
        trend_label="done at each month end",
    )
    return Tile(**{**base, **kw})


def test_typed_text_in_a_tile_is_shown_as_text():
    html = tile_grid_html([_tile(caption=TYPED)])
    assert "<script>" not in html and "<b>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&amp;" in html
    assert "\n\n" not in html


def test_typed_text_in_a_digest_card_is_shown_as_text_with_its_date():
    section = DigestSection(
        key="milestones",
        title="Milestones slipped",
        summary="1 milestone slipped",
        items=[DigestItem(text=TYPED, when=date(2026, 10, 21))],
    )
    html = digest_column_html([section], limit=5)
    assert "<script>" not in html and "\n\n" not in html
    assert "<li>Oct 21, 2026: Fund &lt;b&gt;" in html


def test_each_light_reads_as_its_word_and_the_grid_keeps_the_cards_order():
    tiles = [
        _tile(key=f"t{i}", label=f"Tile {i}", light=Light(level=level, word=word))
        for i, (level, word) in enumerate(
            [(Level.green, "Healthy"), (Level.red, "Act"), (Level.none, "No data")]
        )
    ]
    html = tile_grid_html(tiles)
    positions = [html.index(f">Tile {i}<") for i in range(3)]
    assert positions == sorted(positions)
    for word in ("Healthy", "Act", "No data"):
        assert f"</svg>{word}</span>" in html  # the word after its decorative shape
    assert html.count('aria-hidden="true"') == 3


def test_inert_html_escapes_and_joins_lines():
    assert inert_html("a\n\nb <i>") == "a b &lt;i&gt;"
    assert inert_html(None) == ""
