from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "aqyl.core"
    label = "core"
    verbose_name = _("Platform core")

    def ready(self) -> None:
        from aqyl.core import permissions_rules  # noqa: F401  (registers rules)
