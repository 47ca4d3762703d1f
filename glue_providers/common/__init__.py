"""Supaglue's common models: one shape per category for each kind of record, whatever the provider.

``models`` declares the shapes (fields and their kinds); ``mapping`` is how a provider's folder
says how its records become them (``common.py`` beside its ``SPEC``); ``values`` holds the small
conversions mappings share (addresses, phones, emails, times, numbers).
"""
