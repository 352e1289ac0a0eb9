"""What the profiler found about each published version, kept so the card and the API answer
at once: the profile is computed once, in the worker, when the version is published."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from aqyl.catalog.models import DatasetVersion


class ProfileStatus(models.TextChoices):
    PENDING = "pending", _("waiting")
    RUNNING = "running", _("being computed")
    DONE = "done", _("done")
    FAILED = "failed", _("failed")


class VersionProfile(models.Model):
    version = models.OneToOneField(DatasetVersion, on_delete=models.CASCADE,
                                   related_name="profile", verbose_name=_("version"))
    status = models.CharField(_("status"), max_length=16, choices=ProfileStatus.choices,
                              default=ProfileStatus.PENDING)
    progress = models.FloatField(_("progress"), default=0.0)
    data = models.JSONField(_("profile"), default=dict, blank=True)  # Profile.to_json()
    score = models.JSONField(_("quality score"), default=dict, blank=True)  # Score.to_json()
    error = models.TextField(_("error"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        verbose_name = _("version profile")
        verbose_name_plural = _("version profiles")

    def __str__(self) -> str:
        return f"{self.version} ({self.status})"
