"""HTTP emulators of the providers' public APIs, for tests, benchmarks and the sandbox.

They follow the providers' documentation, not Glue's code, so they can catch
Glue's mistakes. Each serves deterministic generated data of any size.
"""
