"""What the profiler found about each published version, kept so the card and the API answer
at once: the profile is computed once, in the worker, when the version is published."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from aqyl.catalog.models import Dataset, DatasetVersion, UploadDraft


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


class DatasetRules(models.Model):
    """The steward's rules for a dataset, as the YAML they wrote (comments and order kept)."""

    dataset = models.OneToOneField(Dataset, on_delete=models.CASCADE, related_name="rules",
                                   verbose_name=_("dataset"))
    text = models.TextField(_("rules"), blank=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("dataset rules")
        verbose_name_plural = _("dataset rules")

    def __str__(self) -> str:
        return f"rules of {self.dataset}"


class RuleRun(models.Model):
    """The rules' results on one version, or on an upload waiting to be published. `digest`
    names the rules they were computed with, so a change of rules shows as out of date."""

    version = models.OneToOneField(DatasetVersion, null=True, blank=True,
                                   on_delete=models.CASCADE, related_name="rule_run")
    draft = models.OneToOneField(UploadDraft, null=True, blank=True, on_delete=models.CASCADE,
                                 related_name="rule_run")
    status = models.CharField(_("status"), max_length=16, choices=ProfileStatus.choices,
                              default=ProfileStatus.PENDING)
    digest = models.CharField(max_length=64, blank=True)
    results = models.JSONField(default=list, blank=True)  # RuleResult.to_json() each
    error = models.TextField(blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.CheckConstraint(
            condition=models.Q(version__isnull=False) | models.Q(draft__isnull=False),
            name="rule_run_has_subject")]

    def __str__(self) -> str:
        return f"rules on {self.version or self.draft} ({self.status})"

    @property
    def failing(self) -> list[dict[str, Any]]:
        return [r for r in self.results if r["status"] != "pass"]

    @property
    def blocking(self) -> list[dict[str, Any]]:
        return [r for r in self.failing if r["rule"].get("severity") == "critical"]


class DatasetRecipe(models.Model):
    """The steward's preparation recipe for a dataset, as the YAML they wrote. With
    `auto_apply`, each uploaded version is followed by a prepared one."""

    dataset = models.OneToOneField(Dataset, on_delete=models.CASCADE, related_name="recipe",
                                   verbose_name=_("dataset"))
    text = models.TextField(_("recipe"), blank=True)
    auto_apply = models.BooleanField(_("apply to every new upload"), default=False)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("preparation recipe")
        verbose_name_plural = _("preparation recipes")

    def __str__(self) -> str:
        return f"recipe of {self.dataset}"


class RecipeRun(models.Model):
    """One application of a recipe: from which version, to which new one, and the before/after
    report of each step (aqyl.quality.recipe_run.RecipeReport)."""

    dataset = models.ForeignKey(Dataset, on_delete=models.CASCADE, related_name="recipe_runs")
    source = models.ForeignKey(DatasetVersion, on_delete=models.CASCADE, related_name="+")
    result = models.ForeignKey(DatasetVersion, null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="+")
    text = models.TextField(blank=True)  # the recipe as it was applied
    status = models.CharField(_("status"), max_length=16, choices=ProfileStatus.choices,
                              default=ProfileStatus.PENDING)
    progress = models.FloatField(default=0.0)
    report = models.JSONField(default=dict, blank=True)
    error = models.JSONField(default=dict, blank=True)  # code and params, or a message
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"recipe run {self.pk} on {self.source} ({self.status})"
