"""Benchmarks, run on demand (never as tests): ``python -m bench.sync``, ``bench.incremental``,
``bench.api`` and ``bench.schedule``. Each starts and stops what it needs (PostgreSQL, the
HubSpot emulator, ``glue serve``) on loopback and prints one JSON line per result:
``{"name", "value", "unit", "baseline"?}``. See the README's "Benchmarks" section.
"""
