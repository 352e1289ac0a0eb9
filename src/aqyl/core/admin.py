"""Operators' admin: the audit log read-only, and a base class that audits every admin change."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import Model
from django.http import HttpRequest

from aqyl.core import audit
from aqyl.core.actors import actor_from_request
from aqyl.core.models import AuditEntry, TaskRun, WorkerHeartbeat


class AuditedAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Changes made in the admin reach the audit log like any other."""

    def save_model(self, request: HttpRequest, obj: Model, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        audit.record(actor_from_request(request, channel="admin"),
                     f"admin.{obj._meta.label_lower}.{'update' if change else 'create'}", obj,
                     details={"fields": sorted(form.changed_data)})

    def delete_model(self, request: HttpRequest, obj: Model) -> None:
        ref = audit.describe(obj)
        super().delete_model(request, obj)
        audit.record(actor_from_request(request, channel="admin"),
                     f"admin.{obj._meta.label_lower}.delete", ref)

    def delete_queryset(self, request: HttpRequest, queryset: Any) -> None:
        for obj in queryset:
            self.delete_model(request, obj)


class ReadOnlyAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin):
    list_display = ("seq", "created_at", "actor_label", "action", "object_type", "object_id",
                    "outcome", "client_address")
    list_filter = ("outcome",)
    search_fields = ("action", "actor_label", "object_id")


@admin.register(TaskRun)
class TaskRunAdmin(ReadOnlyAdmin):
    list_display = ("id", "kind", "started_by", "status", "progress", "created_at")
    list_filter = ("status", "kind")


@admin.register(WorkerHeartbeat)
class WorkerHeartbeatAdmin(ReadOnlyAdmin):
    list_display = ("worker_id", "hostname", "pid", "started_at", "last_seen")
