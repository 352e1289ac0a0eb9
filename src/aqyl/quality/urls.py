from django.urls import path

from aqyl.quality import views

app_name = "quality"
urlpatterns = [
    path("datasets/<slug:org>/<slug:name>/rules/", views.rules, name="rules"),
    path("datasets/<slug:org>/<slug:name>/recipe/", views.recipe, name="recipe"),
    path("quality/", views.overview, name="overview"),
    path("quality/compare/", views.compare, name="compare"),
]
