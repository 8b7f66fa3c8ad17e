"""Benchmarks of the library API: ``python -m bench.library.clean_many`` (batch throughput by job count)."""
