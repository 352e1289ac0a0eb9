"""Datasets, their immutable versions in the lake, upload drafts and access requests."""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from aqyl.accounts.models import Organisation, Sector

LANGUAGES = ("kk", "ru", "en")
"""The languages a dataset's own texts are written in, in fallback order."""

DATASET_NAME = RegexValidator(
    r"^[a-z0-9](?:[a-z0-9-]{0,78}[a-z0-9])?$",
    _("Use 1-80 lowercase Latin letters, digits and hyphens, not starting or ending with a "
      "hyphen."),
    code="invalid_dataset_name",
)


class AccessLevel(models.TextChoices):
    OPEN = "open", _("Open")
    RESTRICTED = "restricted", _("Restricted")
    CONFIDENTIAL = "confidential", _("Confidential")


class UpdateFrequency(models.TextChoices):
    CONTINUOUS = "continuous", _("Continuously")
    DAILY = "daily", _("Daily")
    WEEKLY = "weekly", _("Weekly")
    MONTHLY = "monthly", _("Monthly")
    QUARTERLY = "quarterly", _("Quarterly")
    ANNUAL = "annual", _("Annually")
    IRREGULAR = "irregular", _("Irregularly")
    NEVER = "never", _("Not updated")


class Licence(models.TextChoices):
    CC_BY = "CC-BY-4.0", "CC BY 4.0"
    CC_BY_SA = "CC-BY-SA-4.0", "CC BY-SA 4.0"
    CC_BY_NC = "CC-BY-NC-4.0", "CC BY-NC 4.0"
    CC0 = "CC0-1.0", "CC0 1.0"
    ODBL = "ODbL-1.0", "ODbL 1.0"
    OWNER_TERMS = "owner-terms", _("Terms set by the owner")


LICENCE_URLS = {
    Licence.CC_BY: "https://creativecommons.org/licenses/by/4.0/",
    Licence.CC_BY_SA: "https://creativecommons.org/licenses/by-sa/4.0/",
    Licence.CC_BY_NC: "https://creativecommons.org/licenses/by-nc/4.0/",
    Licence.CC0: "https://creativecommons.org/publicdomain/zero/1.0/",
    Licence.ODBL: "https://opendatacommons.org/licenses/odbl/1-0/",
}


class Dataset(models.Model):
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="datasets",
        verbose_name=_("organisation"),
    )
    name = models.CharField(_("short name"), max_length=80, validators=[DATASET_NAME])
    title_kk = models.CharField(_("title in Kazakh"), max_length=300)
    title_ru = models.CharField(_("title in Russian"), max_length=300, blank=True)
    title_en = models.CharField(_("title in English"), max_length=300, blank=True)
    description_kk = models.TextField(_("description in Kazakh"), blank=True)
    description_ru = models.TextField(_("description in Russian"), blank=True)
    description_en = models.TextField(_("description in English"), blank=True)
    steward = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="stewarded_datasets", verbose_name=_("steward"),
    )
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    sector = models.CharField(_("sector"), max_length=32, choices=Sector.choices)
    tags = models.JSONField(_("tags"), default=list, blank=True)
    licence = models.CharField(_("licence"), max_length=32, choices=Licence.choices,
                               default=Licence.CC_BY)
    update_frequency = models.CharField(_("update frequency"), max_length=16,
                                        choices=UpdateFrequency.choices,
                                        default=UpdateFrequency.IRREGULAR)
    spatial_coverage_kk = models.CharField(_("spatial coverage in Kazakh"), max_length=300,
                                           blank=True)
    spatial_coverage_ru = models.CharField(_("spatial coverage in Russian"), max_length=300,
                                           blank=True)
    spatial_coverage_en = models.CharField(_("spatial coverage in English"), max_length=300,
                                           blank=True)
    temporal_start = models.DateField(_("covers from"), null=True, blank=True)
    temporal_end = models.DateField(_("covers until"), null=True, blank=True)
    access_level = models.CharField(_("access level"), max_length=16,
                                    choices=AccessLevel.choices, default=AccessLevel.OPEN)
    column_descriptions = models.JSONField(_("column descriptions"), default=dict, blank=True)
    # Denormalised for search and facets: kept current by the services that change a dataset.
    format = models.CharField(_("format"), max_length=16, blank=True)
    search_text = models.TextField(blank=True, editable=False)
    # Filled by the quality domain; None until the dataset has been assessed.
    quality_score = models.FloatField(_("quality score"), null=True, blank=True)
    view_count = models.PositiveIntegerField(_("views"), default=0)
    download_count = models.PositiveIntegerField(_("downloads"), default=0)
    query_count = models.PositiveIntegerField(_("queries"), default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), default=timezone.now)
    # A withdrawn dataset leaves the catalog, its feeds and every data path; its card stays
    # to say why, and its stewards can restore it.
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+", verbose_name=_("withdrawn by"),
    )
    withdrawal_reason = models.TextField(_("reason for withdrawal"), blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="one_name_per_org"),
        ]
        indexes = [
            # Covering indexes for search: facet counts and the newest-first order are read
            # from them without touching the wide rows (descriptions, search text).
            models.Index(fields=["access_level", "organisation", "sector", "format", "licence",
                                 "update_frequency", "quality_score", "withdrawn_at"],
                         name="dataset_listed_facets"),
            models.Index(fields=["updated_at", "access_level", "withdrawn_at"],
                         name="dataset_listed_recent"),
        ]
        ordering = ["organisation__slug", "name"]
        verbose_name = _("dataset")
        verbose_name_plural = _("datasets")

    def __str__(self) -> str:
        return self.slug

    @property
    def slug(self) -> str:
        return f"{self.organisation.slug}/{self.name}"

    def localized(self, field: str) -> str:
        """`title`, `description` or `spatial_coverage` in the active language, else in
        Kazakh (the state language), else Russian, else English."""
        lang = (get_language() or "kk")[:2]
        return next((str(text) for code in (lang, *LANGUAGES)
                     if (text := getattr(self, f"{field}_{code}", ""))), "")

    @property
    def title(self) -> str:
        return self.localized("title")

    @property
    def description(self) -> str:
        return self.localized("description")

    @property
    def spatial_coverage(self) -> str:
        return self.localized("spatial_coverage")

    @property
    def is_withdrawn(self) -> bool:
        return self.withdrawn_at is not None

    def column_description(self, column: str) -> str:
        """The steward's note on `column` in the active language, with the same fallbacks
        as the title."""
        texts = (self.column_descriptions or {}).get(column) or {}
        if not isinstance(texts, dict):
            return str(texts)
        lang = (get_language() or "kk")[:2]
        return next((str(text) for code in (lang, *LANGUAGES) if (text := texts.get(code))), "")


class DatasetVersion(models.Model):
    """One immutable Parquet file in the lake, with where it came from."""

    dataset = models.ForeignKey(Dataset, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="children")
    storage_key = models.CharField(max_length=200)
    sha256 = models.CharField(_("checksum (SHA-256)"), max_length=64)
    size_bytes = models.PositiveBigIntegerField(_("size"))
    row_count = models.PositiveBigIntegerField(_("rows"))
    schema = models.JSONField(_("schema"), default=list)
    format = models.CharField(_("source format"), max_length=16)
    understood = models.JSONField(_("how the source was read"), default=dict)
    source_name = models.CharField(_("source file"), max_length=300, blank=True)
    source_sha256 = models.CharField(_("source checksum"), max_length=64, blank=True)
    source_size = models.PositiveBigIntegerField(_("source size"), null=True, blank=True)
    source_database = models.CharField(_("source database"), max_length=300, blank=True)
    source_query = models.TextField(_("source query"), blank=True)
    note = models.TextField(_("change note"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["dataset", "number"], name="one_number_per_dataset"),
        ]
        ordering = ["dataset", "-number"]
        verbose_name = _("dataset version")
        verbose_name_plural = _("dataset versions")

    def __str__(self) -> str:
        return f"{self.dataset.slug}@{self.number}"

    @property
    def column_names(self) -> list[str]:
        return [column["name"] for column in self.schema]


class DraftStatus(models.TextChoices):
    READING = "reading", _("Reading the file")
    READY = "ready", _("Ready to publish")
    FAILED = "failed", _("Could not be read")
    COMMITTED = "committed", _("Published")
    DISCARDED = "discarded", _("Discarded")


class UploadDraft(models.Model):
    """An upload being read in the staging area: nothing reaches the lake or the catalog until
    the steward publishes it, so an abandoned or failed upload leaves nothing behind."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    dataset = models.ForeignKey(Dataset, null=True, blank=True, on_delete=models.CASCADE,
                                related_name="drafts")
    # For a new dataset: the fields it will be created with when the draft is published.
    new_dataset = models.JSONField(default=dict, blank=True)
    source_name = models.CharField(max_length=300, blank=True)
    source_sha256 = models.CharField(max_length=64, blank=True)
    source_size = models.PositiveBigIntegerField(null=True, blank=True)
    source_database = models.CharField(max_length=300, blank=True)
    source_query = models.TextField(blank=True)
    options = models.JSONField(default=dict, blank=True)
    status = models.CharField(max_length=16, choices=DraftStatus.choices,
                              default=DraftStatus.READING)
    format = models.CharField(max_length=16, blank=True)
    understood = models.JSONField(default=dict, blank=True)
    schema = models.JSONField(default=list, blank=True)
    row_count = models.PositiveBigIntegerField(null=True, blank=True)
    preview = models.JSONField(default=list, blank=True)
    error = models.JSONField(default=dict, blank=True)
    task_run = models.ForeignKey("core.TaskRun", null=True, blank=True,
                                 on_delete=models.SET_NULL, related_name="+")
    version = models.ForeignKey(DatasetVersion, null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"draft {self.pk} ({self.status})"

    @property
    def target_slug(self) -> str:
        if self.dataset_id is not None:
            return self.dataset.slug  # type: ignore[union-attr]
        return f"{self.organisation.slug}/{self.new_dataset.get('name', '')}"


class RequestStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for a decision")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    REVOKED = "revoked", _("Revoked")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class AccessRequest(models.Model):
    """A request to read a restricted dataset: a purpose, an end date, and the steward's word."""

    dataset = models.ForeignKey(Dataset, on_delete=models.CASCADE,
                                related_name="access_requests")
    requester = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                  related_name="access_requests")
    purpose = models.TextField(_("purpose"))
    requested_until = models.DateField(_("needed until"))
    status = models.CharField(_("status"), max_length=16, choices=RequestStatus.choices,
                              default=RequestStatus.PENDING)
    expires_at = models.DateTimeField(_("access until"), null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decision_note = models.TextField(_("decision note"), blank=True)
    created_at = models.DateTimeField(_("requested"), default=timezone.now)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("access request")
        verbose_name_plural = _("access requests")

    def __str__(self) -> str:
        return f"{self.requester} → {self.dataset} ({self.status})"

    def grants_access(self, now: Any = None) -> bool:
        moment = now or timezone.now()
        return (self.status == RequestStatus.APPROVED and self.expires_at is not None
                and self.expires_at > moment)
