"""Pydantic v2 boundary models: what crosses into and out of gfj_core services."""
