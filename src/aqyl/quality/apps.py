from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class QualityConfig(AppConfig):
    name = "aqyl.quality"
    label = "quality"
    verbose_name = _("Data quality")

    def ready(self) -> None:
        from aqyl.quality import chores, permissions, signals  # noqa: F401  (registrations)
