"""Imports each area's synthetic-data generator so it registers itself with bench.synth."""

from bench import (  # noqa: F401  (each module calls bench.synth.register on import)
    synth_board,
    synth_continuity,
    synth_evaluation,
    synth_finance,
    synth_leadership,
)
