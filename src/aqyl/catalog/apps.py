from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CatalogConfig(AppConfig):
    name = "aqyl.catalog"
    label = "catalog"
    verbose_name = _("Dataset catalog")

    def ready(self) -> None:
        from aqyl.catalog import (  # noqa: F401  (registrations)
            chores,
            labels,
            org_datasets,
            permissions,
        )
