"""Benchmarks: run them as scripts (python bench/<name>.py) or modules (python -m bench.<name>)."""
