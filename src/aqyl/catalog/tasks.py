"""Background work of the catalog: reading an uploaded file in the worker, with progress."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django_tasks import task

from aqyl.catalog import drafts
from aqyl.catalog.models import UploadDraft
from aqyl.core.actors import Actor
from aqyl.core.models import TaskRun
from aqyl.core.task_runs import start_task, tracked_run


@task()
def read_upload_task(run_id: str, draft_id: str) -> dict[str, Any]:
    with tracked_run(run_id) as handle:
        draft = drafts.read_draft(UploadDraft.objects.get(pk=draft_id), handle.progress)
        result: dict[str, Any] = {**_shown(draft), "draft": draft_id, "status": draft.status}
        handle.run.result = result
        return result


def _shown(draft: UploadDraft) -> dict[str, str]:
    """What the task lists show of the run: the file and its target, and where to go."""
    return {"subject": f"{draft.source_name} → {draft.target_slug}",
            "url": reverse("catalog:draft", kwargs={"draft_id": draft.pk})}


def start_reading(actor: Actor, draft: UploadDraft) -> UploadDraft:
    """Read the draft in the worker; its page follows the run's progress."""
    run = start_task(actor, kind="catalog.read_upload", task=read_upload_task,
                     draft_id=str(draft.pk))
    UploadDraft.objects.filter(pk=draft.pk).update(task_run=run)
    TaskRun.objects.filter(pk=run.pk).update(result=_shown(draft))
    draft.task_run = run
    return draft
