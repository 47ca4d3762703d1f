"""Glue's system of record: the store, the vault and the REST APIs."""
