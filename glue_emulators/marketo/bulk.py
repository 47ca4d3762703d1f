"""The Bulk Lead Extract (Marketo's reference: Bulk Extract, Bulk Lead Extract), under /bulk/v1/leads/export.

``POST create.json`` (JSON ``{fields, format: "CSV", filter: {createdAt: {startAt, endAt}}}``, a range of 31 days
or fewer) answers the job as ``Created``; ``POST {exportId}/enqueue.json`` queues it; ``GET {exportId}/status.json``
reports it (the emulator finishes a job as soon as it is queued: ``Completed``, with ``numberOfRecords``);
``GET {exportId}/file.json`` is the CSV: a header of the requested fields, then one line per live lead created in
the range (both ends inclusive, to the second).
"""

from __future__ import annotations

import csv
import io
import threading
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from glue_emulators.dataset import Dataset
from glue_emulators.marketo import render as marketo
from glue_emulators.marketo.api import BULK, failure, success

MAX_SPAN = timedelta(days=31)
EXPORT = f"{BULK}/leads/export"


@dataclass
class Job:
    export_id: str
    fields: list[str]
    start: datetime
    end: datetime
    status: str = "Created"


@dataclass
class BulkExports:
    dataset: Dataset
    jobs: dict[str, Job] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def rows(self, job: Job) -> list[dict]:
        store = self.dataset["leads"]
        return [marketo.lead(r) for r in store.by_index(-1, store.count)
                if job.start <= r.created_at.replace(microsecond=0) <= job.end]


def bulk_routes(exports: BulkExports) -> list[Route]:
    async def create(request: Request) -> Response:
        try:
            body = await request.json()
            fields = [str(f) for f in body["fields"]]
            if body.get("format", "CSV") != "CSV":
                return failure("1003", "Only CSV is emulated")
            span = body["filter"]["createdAt"]
            start, end = (datetime.fromisoformat(span[k].replace("Z", "+00:00")) for k in ("startAt", "endAt"))
        except (ValueError, KeyError, TypeError, AttributeError):
            return failure("1003", "fields and filter.createdAt.startAt/endAt are required")
        unknown = [f for f in fields if f not in marketo.LEAD_FIELDS]
        if unknown:
            return failure("1006", f"Field '{unknown[0]}' not found")
        if end < start or end - start > MAX_SPAN:
            return failure("1003", "createdAt date range must be 31 days or fewer")
        job = Job(str(uuid.uuid4()), fields, start, end)
        with exports._lock:
            exports.jobs[job.export_id] = job
        return success(result=[_view(job)])

    def job_of(request: Request) -> Job | None:
        return exports.jobs.get(request.path_params["export_id"])

    async def enqueue(request: Request) -> Response:
        job = job_of(request)
        if job is None:
            return failure("1029", "Export job not found")
        if job.status != "Created":
            return failure("1029", f"Export job is {job.status}")
        job.status = "Completed"  # the emulator does the work at once
        return success(result=[{**_view(job), "status": "Queued"}])

    async def status(request: Request) -> Response:
        job = job_of(request)
        if job is None:
            return failure("1029", "Export job not found")
        view = _view(job)
        if job.status == "Completed":
            view["numberOfRecords"] = len(exports.rows(job))
        return success(result=[view])

    async def file(request: Request) -> Response:
        job = job_of(request)
        if job is None or job.status != "Completed":
            return failure("1029", "Export job not found or not completed")
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=job.fields, extrasaction="ignore", lineterminator="\n")
        writer.writeheader()
        writer.writerows({k: ("" if v is None else v) for k, v in row.items()} for row in exports.rows(job))
        return Response(out.getvalue(), media_type="text/csv")

    return [
        Route(f"{EXPORT}/create.json", create, methods=["POST"]),
        Route(EXPORT + "/{export_id}/enqueue.json", enqueue, methods=["POST"]),
        Route(EXPORT + "/{export_id}/status.json", status, methods=["GET"]),
        Route(EXPORT + "/{export_id}/file.json", file, methods=["GET"]),
    ]


def _view(job: Job) -> dict:
    return {"exportId": job.export_id, "format": "CSV", "status": job.status}
