from django.urls import path

from aqyl.catalog import access_views, lifecycle_views, sql_views, upload_views, views

app_name = "catalog"
urlpatterns = [
    path("datasets/", views.datasets, name="datasets"),
    path("datasets/new/", upload_views.new_dataset, name="new_dataset"),
    path("datasets/<slug:org>/<slug:name>/", views.dataset, name="dataset"),
    path("datasets/<slug:org>/<slug:name>/edit/", views.dataset_edit, name="dataset_edit"),
    path("datasets/<slug:org>/<slug:name>/columns/", views.dataset_columns,
         name="dataset_columns"),
    path("datasets/<slug:org>/<slug:name>/withdraw/", lifecycle_views.withdraw,
         name="withdraw"),
    path("datasets/<slug:org>/<slug:name>/restore/", lifecycle_views.restore, name="restore"),
    path("datasets/<slug:org>/<slug:name>/delete/", lifecycle_views.delete, name="delete"),
    path("datasets/<slug:org>/<slug:name>/upload/", upload_views.new_version,
         name="new_version"),
    path("datasets/<slug:org>/<slug:name>/download.<str:fmt>", views.download,
         name="download"),
    path("datasets/<slug:org>/<slug:name>/access/", access_views.request_access,
         name="request_access"),
    path("uploads/<uuid:draft_id>/", upload_views.draft, name="draft"),
    path("uploads/<uuid:draft_id>/status/", upload_views.draft_status, name="draft_status"),
    path("sql/", sql_views.console, name="sql"),
    path("sql/export.csv", sql_views.export, name="sql_export"),
    path("access-requests/", access_views.access_requests, name="access_requests"),
    path("access-requests/<int:request_id>/", access_views.access_request_action,
         name="access_request_action"),
]
