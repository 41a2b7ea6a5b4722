"""Benchmarks (not tests): synthetic data sets, timings of the app against raw sqlite3.

Run ``python -m bench.run`` (``make bench``); see ``bench/run.py``.
"""
