import pytest

from gfj_core.metrics.lights import Level, light_for
from gfj_core.schemas.settings import Band

CASH = Band(red=1, amber=3)  # months of cash: red < 1, amber < 3
ADMIN = Band(red=0.25, amber=0.15, higher_is_better=False)  # admin ratio: amber > .15, red > .25


@pytest.mark.parametrize(
    ("value", "level", "word"),
    [
        (0.5, Level.red, "Act"),
        (1.0, Level.amber, "Watch"),
        (2.99, Level.amber, "Watch"),
        (3.0, Level.green, "Healthy"),
        (None, Level.none, "No data"),
    ],
)
def test_higher_is_better_band(value, level, word):
    light = light_for(value, CASH)
    assert (light.level, light.word) == (level, word)


@pytest.mark.parametrize(
    ("value", "level"),
    [
        (0.10, Level.green),
        (0.15, Level.green),
        (0.16, Level.amber),
        (0.25, Level.amber),
        (0.26, Level.red),
    ],
)
def test_lower_is_better_band(value, level):
    assert light_for(value, ADMIN).level == level


def test_inclusive_band_counts_the_bound_itself():
    band = Band(red=0.25, amber=0.10, higher_is_better=False, inclusive=True)
    assert light_for(0.25, band).level == Level.red
    assert light_for(0.10, band).level == Level.amber


def test_band_refuses_thresholds_in_the_wrong_order():
    with pytest.raises(ValueError, match="red must not be above amber"):
        Band(red=3, amber=1)
