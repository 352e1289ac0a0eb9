from django.templatetags.static import static
from django.urls import path
from django.views.generic import RedirectView

from aqyl.web import views

app_name = "web"
urlpatterns = [
    path("", views.home, name="home"),
    path("compute/", views.section, {"slug": "compute"}, name="compute"),
    path("models/", views.section, {"slug": "models"}, name="models"),
    path("products/", views.section, {"slug": "products"}, name="products"),
    path("programme/", views.section, {"slug": "programme"}, name="programme"),
    path("language/", views.set_language, name="set_language"),
    path("favicon.ico", RedirectView.as_view(url=static("aqyl/favicon.svg"), permanent=True)),
]
