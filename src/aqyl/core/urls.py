from django.urls import path

from aqyl.core import views

app_name = "core"
urlpatterns = [
    path("audit/", views.audit_log, name="audit"),
    path("audit/export.csv", views.audit_export, name="audit_export"),
    path("audit/verify/", views.audit_verify, name="audit_verify"),
    path("tasks/", views.tasks, name="tasks"),
    path("tasks/<uuid:run_id>/", views.task, name="task"),
]
