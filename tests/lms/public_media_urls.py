"""A URLconf that serves MEDIA_ROOT at MEDIA_URL as the public media server does (nginx's
`location /media/ { alias MEDIA_ROOT; }`, or Django's static view in development), to prove
that personal files are not behind it."""

from django.conf import settings
from django.urls import re_path
from django.views.static import serve


def media(request, path):
    return serve(request, path, document_root=settings.MEDIA_ROOT)


urlpatterns = [re_path(r"^media/(?P<path>.*)$", media)]


def not_found(request, exception):
    from django.http import HttpResponseNotFound

    return HttpResponseNotFound("not found")


handler404 = not_found
