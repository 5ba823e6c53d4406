"""Imports each area's synthetic-data generator so it registers itself with bench.synth."""
