"""The knowledge heatmap's columns: everyone in a small organisation, holders at scale."""

from types import SimpleNamespace as NS

from ui.transition import MAX_PEOPLE_COLUMNS, people_for_columns


def _people(n: int, departing: int = 0) -> list:
    return [NS(id=i, is_departing=i == departing) for i in range(n)]


def test_a_small_organisation_shows_everyone_even_without_a_capability():
    people = _people(8)
    functions = [NS(capabilities={1: "can_do"})]
    assert people_for_columns(people, functions) == people


def test_at_scale_only_holders_and_the_departing_leader_get_a_column():
    people = _people(MAX_PEOPLE_COLUMNS + 70, departing=5)
    functions = [NS(capabilities={40: "can_do", 7: "learning"}), NS(capabilities={40: "expert"})]
    assert [p.id for p in people_for_columns(people, functions)] == [5, 7, 40]
