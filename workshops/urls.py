from django.urls import path  # noqa: F401

from workshops.urls_sessions import urlpatterns as session_urlpatterns

app_name = "workshops"

urlpatterns: list = []
urlpatterns += session_urlpatterns
