from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    name = "aqyl.privacy"
    label = "privacy"
    verbose_name = _("Personal data protection")

    def ready(self) -> None:
        from aqyl.privacy import permissions, signals  # noqa: F401  (registrations)
