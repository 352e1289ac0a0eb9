from django.urls import path

from aqyl.web import views

app_name = "web"
urlpatterns = [
    path("", views.home, name="home"),
    path("datasets/", views.section, {"slug": "datasets"}, name="datasets"),
    path("compute/", views.section, {"slug": "compute"}, name="compute"),
    path("models/", views.section, {"slug": "models"}, name="models"),
    path("products/", views.section, {"slug": "products"}, name="products"),
    path("programme/", views.section, {"slug": "programme"}, name="programme"),
    path("organisations/", views.organisations, name="organisations"),
    path("organisations/<slug:slug>/", views.organisation, name="organisation"),
    path("organisations/<slug:slug>/members/", views.organisation_members,
         name="organisation_members"),
    path("audit/", views.audit_log, name="audit"),
    path("audit/export.csv", views.audit_export, name="audit_export"),
    path("audit/verify/", views.audit_verify, name="audit_verify"),
    path("tasks/", views.tasks, name="tasks"),
    path("tasks/<uuid:run_id>/", views.task, name="task"),
    path("language/", views.set_language, name="set_language"),
]
