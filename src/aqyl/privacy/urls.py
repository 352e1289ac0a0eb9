from django.urls import path

from aqyl.privacy import views

app_name = "privacy"
urlpatterns = [
    path("datasets/<slug:org>/<slug:name>/privacy/", views.privacy, name="privacy"),
]
