"""URL configuration: the composition root that names every app."""

from django.conf import settings
from django.conf.urls.static import static
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from lms import views

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("accounts/me/", views.my_account, name="my_account"),
    path("accounts/", include("allauth.urls")),
    path("search/", views.search, name="search"),
    path("workshops/", include("workshops.urls")),
    path("courses/", include("courses.urls")),
    path("sandbox/", include("sandbox_apa.urls")),
    path("", include("certificates.urls")),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Wagtail's page serving comes last: it matches every remaining path.
urlpatterns += [path("", include(wagtail_urls))]
