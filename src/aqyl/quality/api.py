"""The profile of a version through the API, for readers of its data."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema

from aqyl.catalog import selectors
from aqyl.quality.models import VersionProfile

router = Router(tags=["quality"])


class ProfileOut(Schema):
    dataset: str
    version: int
    status: str  # pending, running, done, failed
    progress: float
    finished_at: datetime | None
    profile: dict[str, Any] | None  # see aqyl.quality.profiles for its keys
    score: dict[str, Any] | None  # total (0-100) and dimensions; see aqyl.quality.score


@router.get("/datasets/{org}/{name}/profile", response=ProfileOut,
            summary="Column statistics of a version (latest, or ?version=N)")
def profile(request: HttpRequest, org: str, name: str, version: int | None = None
            ) -> dict[str, Any]:
    found = selectors.resolve_readable(request.auth,  # type: ignore[attr-defined]
                                       f"{org}/{name}" + (f"@{version}" if version is not None
                                                          else ""))
    stored = VersionProfile.objects.filter(version=found).first()
    return {"dataset": found.dataset.slug, "version": found.number,
            "status": stored.status if stored else "pending",
            "progress": stored.progress if stored else 0.0,
            "finished_at": stored.finished_at if stored else None,
            "profile": stored.data if stored and stored.status == "done" else None,
            "score": stored.score if stored and stored.status == "done" else None}
