"""What the privacy domain keeps: each version's (and upload's) scan, each dataset's policy,
the report of every de-identified version, and the justifications recorded at release."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from aqyl.catalog.models import Dataset, DatasetVersion, UploadDraft


class PrivacyScan(models.Model):
    """`aqyl.privacy.scan.TableScan.to_dict()` of a version or of an upload before publishing;
    examples inside are masked."""

    version = models.OneToOneField(DatasetVersion, null=True, blank=True,
                                   on_delete=models.CASCADE, related_name="privacy_scan")
    draft = models.OneToOneField(UploadDraft, null=True, blank=True, on_delete=models.CASCADE,
                                 related_name="privacy_scan")
    result = models.JSONField(_("scan"), default=dict)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("privacy scan")
        verbose_name_plural = _("privacy scans")

    def __str__(self) -> str:
        return f"privacy scan of {self.version or self.draft}"


class PrivacyPolicy(models.Model):
    dataset = models.OneToOneField(Dataset, on_delete=models.CASCADE,
                                   related_name="privacy_policy")
    text = models.TextField(_("policy (YAML)"))
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    updated_at = models.DateTimeField(_("updated"), default=timezone.now)

    class Meta:
        verbose_name = _("privacy policy")
        verbose_name_plural = _("privacy policies")

    def __str__(self) -> str:
        return f"privacy policy of {self.dataset}"


class Deidentification(models.Model):
    """A version made by applying a policy to another version, with the report of it."""

    version = models.OneToOneField(DatasetVersion, on_delete=models.CASCADE,
                                   related_name="deidentification")
    source = models.ForeignKey(DatasetVersion, null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="deidentified_copies")
    report = models.JSONField(_("de-identification report"), default=dict)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("de-identification")
        verbose_name_plural = _("de-identifications")

    def __str__(self) -> str:
        return f"de-identification of {self.version}"


class ReleaseDecision(models.Model):
    """A steward's recorded decision at the release gate, kept with the upload (and so with
    its version) or with the dataset, and in the audit log: either a justification for
    personal data in a restricted dataset (`columns` empty), or `columns` the scan flagged
    that are not a person's data (a hospital's public phone number), with the reason."""

    draft = models.ForeignKey(UploadDraft, null=True, blank=True, on_delete=models.CASCADE,
                              related_name="privacy_decisions")
    dataset = models.ForeignKey(Dataset, null=True, blank=True, on_delete=models.CASCADE,
                                related_name="privacy_decisions")
    columns = models.JSONField(_("columns"), default=list, blank=True)
    text = models.TextField(_("justification"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField(_("recorded"), default=timezone.now)

    class Meta:
        verbose_name = _("release decision")
        verbose_name_plural = _("release decisions")

    def __str__(self) -> str:
        return f"release decision by {self.recorded_by} at {self.recorded_at:%Y-%m-%d}"
