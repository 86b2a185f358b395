"""Settings shared by every test."""

from __future__ import annotations

from hypothesis import settings

# Property and fuzz tests must give the same verdict on every run and every machine (CI
# included): hypothesis draws its examples from a fixed seed instead of a random one, and
# keeps no example database between runs.
settings.register_profile("quickscan", derandomize=True, database=None, print_blob=True)
settings.load_profile("quickscan")
