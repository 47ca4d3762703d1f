"""Linear's records as the Vault describes them (see glue_providers.resources), from Linear's GraphQL schema
(Issue, Comment, Project, Team, User). Times are ISO 8601 in UTC; related records are objects with an id."""

from __future__ import annotations

from glue_providers.resources import ProviderResource, fields

_TIMES = (("createdAt", "string", "2024-03-04T09:15:00.000Z"), ("updatedAt", "string", "2024-05-21T16:40:12.000Z"),
          ("archivedAt", "string", None))

RESOURCES = (
    ProviderResource("issues", "Issues", "issues", "Issues", fields(
        ("id", "string", "0f3c2b1a-7d4e-4b6a-9c8d-1e2f3a4b5c6d"), ("identifier", "string", "ENG-142"),
        ("number", "integer", 142), ("title", "string", "Fix login page redirect"),
        ("description", "string", "Users land on a blank page after signing in."), ("priority", "integer", 2),
        ("priorityLabel", "string", "High"), ("estimate", "number", 3),
        ("url", "string", "https://linear.app/acme/issue/eng-142"),
        ("state", "object", {"name": "In Progress", "type": "started"}),
        ("team", "object", {"id": "5a6b7c8d-1e2f-4a3b-8c4d-9e0f1a2b3c4d"}),
        ("assignee", "object", {"id": "9c8d7e6f-5a4b-4c3d-8e2f-1a0b9c8d7e6f"}), *_TIMES,
    )),
    ProviderResource("comments", "Comments", "comments", "Comments", fields(
        ("id", "string", "3e4f5a6b-7c8d-4e9f-8a1b-2c3d4e5f6a7b"), ("body", "string", "Reproduced on staging."),
        ("issue", "object", {"id": "0f3c2b1a-7d4e-4b6a-9c8d-1e2f3a4b5c6d"}),
        ("user", "object", {"id": "9c8d7e6f-5a4b-4c3d-8e2f-1a0b9c8d7e6f"}), *_TIMES,
    )),
    ProviderResource("projects", "Projects", "projects", "Projects", fields(
        ("id", "string", "7b8c9d0e-1f2a-4b3c-9d4e-5f6a7b8c9d0e"), ("name", "string", "Billing revamp"),
        ("description", "string", "New invoices and exports."), ("state", "string", "started"),
        ("progress", "number", 0.42), ("lead", "object", {"id": "9c8d7e6f-5a4b-4c3d-8e2f-1a0b9c8d7e6f"}), *_TIMES,
    )),
    ProviderResource("teams", "Teams", "teams", "Teams", fields(
        ("id", "string", "5a6b7c8d-1e2f-4a3b-8c4d-9e0f1a2b3c4d"), ("name", "string", "Engineering"),
        ("key", "string", "ENG"), ("private", "boolean", False), *_TIMES,
    )),
    ProviderResource("users", "Users", "users", "Users", fields(
        ("id", "string", "9c8d7e6f-5a4b-4c3d-8e2f-1a0b9c8d7e6f"), ("name", "string", "Grace Hopper"),
        ("displayName", "string", "grace"), ("email", "string", "grace@acme.example"), ("active", "boolean", True),
        ("admin", "boolean", False), *_TIMES,
    )),
)
