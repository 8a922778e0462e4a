"""URL configuration: the composition root that names every app.

Pages people read carry the language: English without a prefix, Bangla under /bn/.
The admin, health check, documents and the language switch have no language prefix.
"""

from allauth.account.views import logout as allauth_logout
from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.conf.urls.static import static
from django.urls import include, path, re_path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls
from wagtail.utils.urlpatterns import decorate_urlpatterns

from certificates.urls import public_urlpatterns as credential_urls
from lms import views
from lms.accounts.views import login_door, password_reset_door
from lms.admin_ids import ids_checked
from lms.security import admin_csp

# One way in: the libraries' login, password-reset and logout routes lead to allauth's
# (README, "Security"). They come before the libraries' own patterns, which they shadow.
login_doors = [
    path("admin/login/", login_door),
    re_path(r"^admin/password_reset/", password_reset_door),
    path("admin/logout/", allauth_logout),
]

# The admin's views in its Content-Security-Policy; those that take ids as text answer 404 to
# an id that is no id (lms.admin_ids).
admin_urlpatterns = decorate_urlpatterns(
    decorate_urlpatterns(wagtailadmin_urls.urlpatterns, ids_checked), admin_csp
)

urlpatterns = login_doors + [
    path("healthz", views.healthz, name="healthz"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("admin/", include(admin_urlpatterns)),
    path("documents/", include(wagtaildocs_urls)),
    path("i18n/setlang/", views.set_language, name="set_language"),
    path("", include((credential_urls, "credentials"))),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += i18n_patterns(
    path("accounts/me/", views.my_account, name="my_account"),
    path("accounts/", include("allauth.urls")),
    path("search/", views.search, name="search"),
    path("workshops/", include("workshops.urls")),
    path("courses/", include("courses.urls")),
    path("sandbox/", include("sandbox_apa.urls")),
    path("", include("certificates.urls")),
    # Wagtail's login for private pages: allauth's, like every other (see login_doors).
    path("_util/login/", login_door),
    # Wagtail's page serving comes last: it matches every remaining path.
    path("", include(wagtail_urls)),
    prefix_default_language=False,
)
