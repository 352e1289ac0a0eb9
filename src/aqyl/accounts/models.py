"""Users, organisations, memberships with roles, and personal API tokens."""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from aqyl.core.identifiers import is_valid_bin


class PlatformRole(models.TextChoices):
    NONE = "", _("No platform role")
    ADMIN = "platform_admin", _("Platform administrator")
    AUDITOR = "platform_auditor", _("Platform auditor")


class User(AbstractUser):
    platform_role = models.CharField(
        _("platform role"), max_length=32, choices=PlatformRole.choices, blank=True, default=""
    )
    language = models.CharField(
        _("language"), max_length=8, choices=settings.LANGUAGES, blank=True, default=""
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    @property
    def is_platform_admin(self) -> bool:
        return self.is_active and (self.is_superuser or self.platform_role == PlatformRole.ADMIN)

    @property
    def is_platform_auditor(self) -> bool:
        return self.is_active and self.platform_role == PlatformRole.AUDITOR


class OrganisationType(models.TextChoices):
    GOVERNMENT = "government", _("Government body")
    QUASI_PUBLIC = "quasi_public", _("National company or quasi-public body")
    COMPANY = "company", _("Company")
    UNIVERSITY = "university", _("University")
    RESEARCH = "research", _("Research institute")
    NGO = "ngo", _("Non-governmental organisation")


class Sector(models.TextChoices):
    PUBLIC_ADMINISTRATION = "public_administration", _("Public administration")
    DIGITAL = "digital", _("Digital development and communications")
    HEALTH = "health", _("Health")
    EDUCATION = "education", _("Education and science")
    AGRICULTURE = "agriculture", _("Agriculture")
    ENERGY = "energy", _("Energy and natural resources")
    FINANCE = "finance", _("Finance")
    TRANSPORT = "transport", _("Transport and logistics")
    INDUSTRY = "industry", _("Industry")
    SOCIAL = "social", _("Labour and social protection")
    ECOLOGY = "ecology", _("Ecology")
    OTHER = "other", _("Other")


def validate_bin(value: str) -> None:
    if not is_valid_bin(value):
        raise ValidationError(
            _("%(value)s is not a valid BIN (12 digits with a correct check digit)."),
            params={"value": value},
            code="invalid_bin",
        )


class Organisation(models.Model):
    slug = models.SlugField(_("short name"), max_length=64, unique=True)
    name_kk = models.CharField(_("name in Kazakh"), max_length=300)
    name_ru = models.CharField(_("name in Russian"), max_length=300)
    name_en = models.CharField(_("name in English"), max_length=300)
    bin = models.CharField(
        _("BIN"), max_length=12, unique=True, null=True, blank=True, validators=[validate_bin]
    )
    type = models.CharField(_("type"), max_length=32, choices=OrganisationType.choices)
    sector = models.CharField(_("sector"), max_length=32, choices=Sector.choices)
    website = models.URLField(_("website"), blank=True)
    is_demo = models.BooleanField(_("demo content"), default=False)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        ordering = ["slug"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        """The name in the active language, falling back to Kazakh."""
        lang = (get_language() or "kk")[:2]
        return str(getattr(self, f"name_{lang}", "") or self.name_kk)


class Role(models.TextChoices):
    ORG_ADMIN = "org_admin", _("Organisation administrator")
    STEWARD = "steward", _("Data steward")
    DEVELOPER = "developer", _("Developer")
    AUDITOR = "auditor", _("Auditor")
    MEMBER = "member", _("Member")


class Membership(models.Model):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    created_at = models.DateTimeField(_("joined"), default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation"], name="one_membership_per_org")
        ]
        ordering = ["organisation__slug", "user__username"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")

    def __str__(self) -> str:
        return f"{self.user} @ {self.organisation.slug} ({self.role})"


class TokenScope(models.TextChoices):
    READ = "read", _("Read only")
    WRITE = "write", _("Read and write")


class ApiToken(models.Model):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(max_length=8, unique=True)
    digest = models.CharField(max_length=64)
    scope = models.CharField(_("scope"), max_length=8, choices=TokenScope.choices)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires"))
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.name} (aqyl_{self.prefix}_…)"

    def is_usable(self, now: datetime | None = None) -> bool:
        moment = now or timezone.now()
        return self.revoked_at is None and self.expires_at > moment and self.user.is_active
