"""The Outreach objects Glue syncs, spelled as the API's paths (``/api/v2/{object}``)."""

OBJECTS = ("prospects", "accounts", "users", "sequences", "sequenceStates", "mailboxes", "sequenceSteps")
