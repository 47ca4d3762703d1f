"""Slack's records as the Vault describes them (see glue_providers.resources), from Slack's Web API reference
(users.list members, conversations.list channels, conversations.history messages). Times are epoch seconds;
a message's ``ts`` is text (seconds with six decimals)."""

from __future__ import annotations

from glue_providers.resources import ProviderResource, fields

RESOURCES = (
    ProviderResource("users", "Users", "users", "Users", fields(
        ("id", "string", "U0123ABCD"), ("team_id", "string", "T0123ABCD"), ("name", "string", "ada"),
        ("real_name", "string", "Ada Lovelace"), ("deleted", "boolean", False), ("is_admin", "boolean", False),
        ("is_bot", "boolean", False), ("tz", "string", "Europe/London"),
        ("profile.email", "string", "ada@acme.example"), ("updated", "integer", 1716309612),
    )),
    ProviderResource("channels", "Channels", "channels", "Channels", fields(
        ("id", "string", "C0123ABCD"), ("name", "string", "release"), ("is_private", "boolean", False),
        ("is_archived", "boolean", False), ("creator", "string", "U0123ABCD"), ("num_members", "integer", 14),
        ("topic", "object", {"value": "Release train", "creator": "U0123ABCD", "last_set": 1716309612}),
        ("created", "integer", 1709543700),
    )),
    ProviderResource("messages", "Messages", "messages", "Messages", fields(
        ("ts", "string", "1716309612.000200"), ("channel", "string", "C0123ABCD"), ("user", "string", "U0123ABCD"),
        ("type", "string", "message"), ("text", "string", "The release is out."),
        ("thread_ts", "string", "1716309600.000100"), ("reply_count", "integer", 2),
    )),
)
