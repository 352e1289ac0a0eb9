from django.contrib import admin
from django.urls import include, path

from aqyl.accounts.api import router as accounts_router
from aqyl.catalog.api import router as catalog_router
from aqyl.core.api import api
from aqyl.core.api_routes import router as core_router
from aqyl.privacy.api import router as privacy_router
from aqyl.quality.api import router as quality_router

api.add_router("/v1/", core_router)
api.add_router("/v1/", accounts_router)
api.add_router("/v1/", catalog_router)
api.add_router("/v1/", quality_router)
api.add_router("/v1/", privacy_router)

admin.site.site_header = "aqyl"
admin.site.site_title = "aqyl"

urlpatterns = [
    # Croissant, DCAT and the CKAN Action API subset (/api/3/action/…): before the REST API.
    path("", include("aqyl.catalog.export_views")),
    path("api/", api.urls),
    path("admin/", admin.site.urls),
    path("", include("aqyl.accounts.urls")),
    path("", include("aqyl.catalog.urls")),
    path("", include("aqyl.quality.urls")),
    path("", include("aqyl.privacy.urls")),
    path("", include("aqyl.core.urls")),
    path("", include("aqyl.web.urls")),
]

handler403 = "aqyl.web.views.permission_denied"
handler404 = "aqyl.web.views.page_not_found"
handler500 = "aqyl.web.views.server_error"
