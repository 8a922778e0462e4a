"""The portal's public address: one setting, ``PORTAL_BASE_URL``, for every absolute link
that leaves the portal without a request to take its host from.

Certificates print it under their QR code ("Verify at ...") and encode it in the code itself,
e-mails link to it, calendar feeds name their events after its host and are subscribed at it.
``make run`` sets it from its HOST and PORT; production sets it to the address people use
(``https://training.example.gov.bd``), and ``manage.py check --deploy`` warns while it still
points at this machine. Wagtail's own ``WAGTAILADMIN_BASE_URL`` is derived from it.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings
from django.core import checks

#: Hosts that only ever mean "this machine": a QR code or a link there is dead for everyone else.
LOCAL_HOSTS = frozenset({"localhost", "127.0.0.1", "::1", "0.0.0.0"})


def portal_url(path: str = "") -> str:
    """The public address of ``path`` (an absolute path such as "/verify/ABCD/")."""
    return settings.PORTAL_BASE_URL.rstrip("/") + path


def portal_host() -> str:
    """The host name of the public address ("training.example.gov.bd")."""
    return urlsplit(settings.PORTAL_BASE_URL).hostname or ""


def _is_local(host: str) -> bool:
    return host in LOCAL_HOSTS or host.endswith(".localhost") or host.startswith("127.")


@checks.register(checks.Tags.urls)
def check_portal_base_url(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    """PORTAL_BASE_URL must be an http(s) address with a host (always checked)."""
    parts = urlsplit(settings.PORTAL_BASE_URL)
    if parts.scheme in ("http", "https") and parts.hostname:
        return []
    return [
        checks.Error(
            f"PORTAL_BASE_URL is {settings.PORTAL_BASE_URL!r}, not an http(s) address.",
            hint="Set it to the address people open, e.g. https://training.example.gov.bd",
            id="lms.E001",
        )
    ]


@checks.register(checks.Tags.security, deploy=True)
def check_portal_base_url_deploy(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    """In production the public address must not be this machine (check --deploy)."""
    host = portal_host()
    if not host or not _is_local(host):
        return []
    return [
        checks.Warning(
            f"PORTAL_BASE_URL points at this machine ({settings.PORTAL_BASE_URL}): the QR codes "
            "and 'Verify at' lines of certificates, the links in e-mails and the calendar "
            "feeds will not work for anybody else.",
            hint="Set PORTAL_BASE_URL to the portal's public address, e.g. "
            "https://training.example.gov.bd",
            id="lms.W001",
        )
    ]
