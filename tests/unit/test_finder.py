"""ui/finder.py's pure parts: which items a finder shows, how it counts them, what it says."""

from ui.finder import MANY, first_matching, plural, shown_caption


def test_without_a_query_the_first_items_are_shown_and_all_are_counted():
    items = [f"Person {i}" for i in range(MANY * 3)]
    shown, matching = first_matching(items, str, "")
    assert shown == items[:MANY]
    assert matching == MANY * 3


def test_a_query_matches_anywhere_in_the_text_whatever_the_case():
    items = ["Ann Lee", "Joanne Wu", "Bob Ray", "ANNA Diaz"]
    shown, matching = first_matching(items, str, "ann")
    assert shown == ["Ann Lee", "Joanne Wu", "ANNA Diaz"]
    assert matching == 3
    assert first_matching(items, str, "zed") == ([], 0)


def test_the_caption_says_how_many_are_shown_of_how_many():
    assert shown_caption(50, 700, 700, "leaders", "") == (
        "Showing 50 of 700 leaders: type in the box above to find the others."
    )
    assert shown_caption(3, 3, 4_100, "people", "ann") == (
        "Showing 3 of 3 people matching “ann” (4,100 in all)"
    )


def test_nouns_are_made_plural():
    assert [plural(n) for n in ("story", "entry", "event", "day", "rows")] == [
        "stories",
        "entries",
        "events",
        "days",
        "rows",
    ]
