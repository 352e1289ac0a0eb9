from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "aqyl.core"
    label = "core"
    verbose_name = _("Platform core")

    def ready(self) -> None:
        from django.db.backends.signals import connection_created

        from aqyl.core import labels, permissions_rules, sqlite_like  # noqa: F401  (registrations)

        connection_created.connect(sqlite_like.install, dispatch_uid="aqyl-sqlite-like")
