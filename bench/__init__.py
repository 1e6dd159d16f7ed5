"""Benchmarks, run with `make bench`. Each prints ratios against a baseline run alongside."""
