"""The ``glue`` command: migrate, serve, manage applications and encryption keys."""

from __future__ import annotations

import argparse
import json
import sys

from glue_api.config import Settings
from glue_api.crypto import KeyRingError


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="glue", description="Glue: customer-facing integrations, self-hosted.")
    commands = parser.add_subparsers(dest="command", required=True)

    commands.add_parser("migrate", help="create or upgrade the store's tables")

    serve = commands.add_parser("serve", help="run the REST APIs")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--workers", type=int, default=1,
                       help="processes serving requests (default 1; about one per CPU for throughput)")

    apps = commands.add_parser("apps", help="applications and their API keys").add_subparsers(dest="apps_command", required=True)
    create = apps.add_parser("create", help="create an application and print its API key (shown once)")
    create.add_argument("name")
    create.add_argument("--json", action="store_true", help="print {application_id, api_key} as JSON")

    keys = commands.add_parser("keys", help="encryption keys").add_subparsers(dest="keys_command", required=True)
    keys.add_parser("rotate", help="re-encrypt every secret under a new primary key")
    keys.add_parser("generate", help="print a new key for GLUE_SECRET_KEY")

    webhooks = commands.add_parser("webhooks", help="outgoing webhooks").add_subparsers(dest="webhooks_command", required=True)
    deliver = webhooks.add_parser("deliver", help="send the webhook events that are due (retries included)")
    deliver.add_argument("--loop", action="store_true", help="keep delivering until interrupted")
    deliver.add_argument("--interval", type=float, default=1.0, help="seconds between polls with --loop")

    logs = commands.add_parser("logs", help="request logs").add_subparsers(dest="logs_command", required=True)
    logs.add_parser("purge", help="delete request logs older than GLUE_REQUEST_LOG_RETENTION_DAYS (default 30)")

    args = parser.parse_args(argv)
    settings = Settings()
    handler = {
        "migrate": _migrate,
        "serve": _serve,
        "apps": _apps_create,
        "keys": _keys,
        "webhooks": _webhooks,
        "logs": _logs_purge,
    }[args.command]
    try:
        return handler(settings, args)
    except KeyRingError as exc:
        print(f"glue: {exc}", file=sys.stderr)
        return 2


def _migrate(settings: Settings, args: argparse.Namespace) -> int:
    from glue_api.migrate import upgrade

    upgrade(settings.resolved_database_url)
    print("store is up to date")
    return 0


def _serve(settings: Settings, args: argparse.Namespace) -> int:
    import uvicorn

    from glue_api.main import close_store_connections, create_app
    from glue_api.migrate import upgrade

    app = create_app(settings)  # first, so a missing key ring fails before anything else
    upgrade(settings.resolved_database_url)
    options = {"host": args.host, "port": args.port, "log_level": "info", "log_config": _serve_log_config()}
    if args.workers > 1:
        # Each worker process builds its own app from the same GLUE_* environment.
        close_store_connections(app)
        uvicorn.run("glue_api.main:create_app", factory=True, workers=args.workers, **options)
    else:
        uvicorn.run(app, **options)
    return 0


def _serve_log_config() -> dict:
    """uvicorn's logging, with page and link tokens redacted from the access log (in every worker)."""
    import copy

    from uvicorn.config import LOGGING_CONFIG

    config = copy.deepcopy(LOGGING_CONFIG)
    config.setdefault("filters", {})["redact_tokens"] = {"()": "glue_api.logs.redaction.RedactAccessLog"}
    config["handlers"]["access"]["filters"] = ["redact_tokens"]
    return config


def _apps_create(settings: Settings, args: argparse.Namespace) -> int:
    from glue_api.applications.service import create_application
    from glue_api.db import make_engine, make_session_factory, transaction

    engine = make_engine(settings.resolved_database_url)
    with transaction(make_session_factory(engine)) as session:
        issued = create_application(session, args.name)
    engine.dispose()
    if args.json:
        print(json.dumps({"application_id": issued.application_id, "api_key": issued.api_key}))
    else:
        print(f"application {issued.application_id} created")
        print(f"API key (shown once, keep it safe): {issued.api_key}")
    return 0


def _keys(settings: Settings, args: argparse.Namespace) -> int:
    from glue_api.crypto import encode_key, generate_key, key_id_for

    if args.keys_command == "generate":
        key = generate_key()
        print(f"{key_id_for(key)}:{encode_key(key)}")
        return 0
    from glue_api.key_rotation import rotate_keys

    summary = rotate_keys(settings)
    print(json.dumps(summary))
    return 0


def _webhooks(settings: Settings, args: argparse.Namespace) -> int:
    from glue_api.webhooks.worker import run_delivery

    try:
        attempted = run_delivery(settings, loop=args.loop, interval_seconds=args.interval)
    except KeyboardInterrupt:
        return 0
    print(json.dumps({"attempted": attempted}))
    return 0


def _logs_purge(settings: Settings, args: argparse.Namespace) -> int:
    from glue_api.db import make_engine, make_session_factory
    from glue_api.logs.retention import purge_expired_request_logs

    engine = make_engine(settings.resolved_database_url)
    try:
        purged = purge_expired_request_logs(make_session_factory(engine), settings.request_log_retention_days)
    finally:
        engine.dispose()
    print(json.dumps({"purged": purged, "retention_days": settings.request_log_retention_days}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
