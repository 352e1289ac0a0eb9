"""Names of the catalog's audit actions and background tasks."""

from django.utils.translation import gettext_lazy as _

from aqyl.core.labels import register_actions, register_tasks

register_actions({
    "catalog.dataset.create": _("Dataset created"),
    "catalog.dataset.update": _("Dataset description changed"),
    "catalog.dataset.withdraw": _("Dataset withdrawn"),
    "catalog.dataset.restore": _("Dataset restored"),
    "catalog.dataset.delete": _("Dataset deleted permanently"),
    "catalog.version.create": _("Dataset version published"),
    "catalog.upload.start": _("File uploaded for a dataset"),
    "catalog.upload.discard": _("Upload discarded"),
    "catalog.access.request": _("Access requested"),
    "catalog.access.approve": _("Access approved"),
    "catalog.access.reject": _("Access rejected"),
    "catalog.access.revoke": _("Access revoked"),
    "catalog.access.withdraw": _("Access request withdrawn"),
    "catalog.download": _("Dataset downloaded"),
    "catalog.read_rows": _("Rows of a dataset read"),
    "catalog.query": _("SQL query over a dataset"),
    "catalog.view_dataset": _("View a dataset"),
    "catalog.read_data": _("Read a dataset's data"),
    "catalog.create_dataset": _("Create a dataset"),
    "catalog.change_dataset": _("Change a dataset"),
    "catalog.withdraw_dataset": _("Withdraw a dataset"),
    "catalog.restore_dataset": _("Restore a withdrawn dataset"),
    "catalog.delete_dataset": _("Delete a dataset permanently"),
    "catalog.request_access": _("Request access to a dataset"),
    "catalog.decide_access": _("Decide access requests"),
    "catalog.view_access_request": _("View an access request"),
    "catalog.withdraw_access_request": _("Withdraw an access request"),
})

register_tasks({
    "catalog.read_upload": _("Reading an uploaded file"),
})
