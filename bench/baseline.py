"""The yardstick for ``bench.api``: a bare FastAPI app that answers one authenticated GET.

Its one route does the least an authenticated read has to: it hashes the ``x-api-key`` header,
looks the key up in Glue's own ``api_keys`` table (the same PostgreSQL, through an engine made as
Glue makes its own) and returns a small JSON list. It runs under uvicorn as ``glue serve`` runs Glue.

    python -m bench.baseline --port 8001 [--workers 2]     # GLUE_DATABASE_URL names the database
"""

from __future__ import annotations

import argparse
import hashlib
import os
from typing import Annotated

from fastapi import FastAPI, Header, HTTPException
from sqlalchemy import text

from glue_api.db import make_engine

ITEMS = [{"id": f"item-{i}", "name": f"Item {i}", "active": True} for i in range(5)]
KEY_LOOKUP = text("SELECT application_id FROM api_keys WHERE key_hash = :key_hash AND revoked_at IS NULL")


def create_baseline_app() -> FastAPI:
    engine = make_engine(os.environ["GLUE_DATABASE_URL"])  # Glue's engine and pool: neither side gets a bigger one
    app = FastAPI()

    @app.get("/items")
    def items(x_api_key: Annotated[str | None, Header()] = None) -> list[dict]:
        if not x_api_key:
            raise HTTPException(401, "missing key")
        with engine.connect() as connection:
            found = connection.execute(KEY_LOOKUP, {"key_hash": hashlib.sha256(x_api_key.encode()).hexdigest()})
            if found.first() is None:
                raise HTTPException(401, "invalid key")
        return ITEMS

    @app.get("/health")
    def health() -> dict[str, str]:
        return {"status": "ok"}

    return app


def main() -> None:
    import uvicorn

    parser = argparse.ArgumentParser(prog="python -m bench.baseline", description=__doc__.split("\n\n")[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8001)
    parser.add_argument("--workers", type=int, default=1)
    args = parser.parse_args()
    # What glue serve passes uvicorn (glue_api/cli.py): the same log level, so the same access log.
    uvicorn.run("bench.baseline:create_baseline_app", factory=True, host=args.host, port=args.port,
                log_level="info", workers=args.workers)


if __name__ == "__main__":
    main()
