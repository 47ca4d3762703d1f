"""HTTP emulators of the providers' public APIs, for tests, benchmarks and the sandbox.

They follow the providers' documentation, not Glue's code, so they can catch
Glue's mistakes; the tests drive them with the providers' own client libraries
where one exists (tests/emulators/test_*_with_sdk.py). Each serves deterministic
generated data of any size.

The shared kit: dataset.py (generated records and their changes), faults.py and
control.py (the /_emulator control API), wire.py (whole-second Retry-After, JSON
answers for unknown routes), api_key.py (credential gate) and profile.py (a simple
REST provider declared as data: Apollo and Gong), bearer_api.py and token_routes.py (an
OAuth provider's API and authorization server: Zendesk Sell and Capsule). HubSpot,
Salesforce and Pipedrive are bespoke packages on the same kit.
"""
