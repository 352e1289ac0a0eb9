"""API shapes for core: health, audit entries, task runs."""


import uuid
from datetime import datetime
from typing import Any

from ninja import Schema


class CheckOut(Schema):
    name: str
    ok: bool
    detail: str


class HealthOut(Schema):
    status: str
    version: str
    checks: list[CheckOut]


class AuditEntryOut(Schema):
    seq: int
    created_at: datetime
    actor_label: str
    action: str
    object_type: str
    object_id: str
    organisation_id: int | None
    outcome: str
    client_address: str
    details: dict[str, Any]
    hash: str


class TaskRunOut(Schema):
    id: uuid.UUID
    kind: str
    status: str
    progress: float
    message: str
    error: str
    result: dict[str, Any]
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None
