"""Benchmarks for cleaner: repair quality (``bench.quality``) and speed (``bench.speed``).

Run from the repository root, e.g. ``python -m bench.quality`` and ``python -m bench.speed``.
They read the development corpus beside the repository and never copy it in.
"""
