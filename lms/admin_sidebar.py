"""Wagtail's admin sidebar, built once per user, permissions and language in each process.

On every admin page Wagtail builds the sidebar (main menu, search, account menu): each of the
seventy menu items asks the user's permissions, and the menu is serialised for the script
that draws it. That is a third of a small admin page (10 ms), for output that depends on the
user, not on the page.

`install()` (from `LmsConfig.ready`) puts `sidebar_props` in front of Wagtail's tag of that
name: the props are kept per *fingerprint*: the user, their name, e-mail and avatar, the
hints they dismissed, the active language, whether they are a superuser or an organiser,
and every model permission they hold (already loaded by Wagtail's own access check, so the
fingerprint costs no query). A change to any of these builds a new sidebar at once. What
the fingerprint leaves out, page and collection permissions of the user's groups (where the
page explorer starts, whether Images and Documents are listed), is at most
`ADMIN_SIDEBAR_SECONDS` (300) old; the menu is navigation only, every admin view checks
permissions itself. Entries live in this process's memory: a deployment with new menu items
starts new processes, and no shared-cache round trip is spent on 15 KB of JSON.
"""

from __future__ import annotations

import hashlib
import json
import threading
import time
from collections import OrderedDict

from django.conf import settings
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

MAX_ENTRIES = 512

_entries: OrderedDict[str, tuple[float, str]] = OrderedDict()
_lock = threading.Lock()
_wagtail_sidebar_props = None


def install() -> None:
    """Register `sidebar_props` in Wagtail's admin tag library, in front of Wagtail's own."""
    global _wagtail_sidebar_props
    from wagtail.admin.templatetags import wagtailadmin_tags

    if _wagtail_sidebar_props is None:
        _wagtail_sidebar_props = wagtailadmin_tags.sidebar_props
    wagtailadmin_tags.register.simple_tag(sidebar_props, takes_context=True, name="sidebar_props")


def sidebar_props(context) -> str:
    """Wagtail's sidebar props for the request's user, from this process's memory when the
    user's fingerprint is unchanged and the entry is recent."""
    request = context["request"]
    key = sidebar_fingerprint(request.user)
    now = time.monotonic()
    with _lock:
        entry = _entries.get(key)
        if entry is not None and entry[0] > now:
            _entries.move_to_end(key)
            return mark_safe(entry[1])  # noqa: S308 (Wagtail's own json_script output)
    html = str(_wagtail_sidebar_props(context))
    with _lock:
        _entries[key] = (now + getattr(settings, "ADMIN_SIDEBAR_SECONDS", 300), html)
        while len(_entries) > MAX_ENTRIES:
            _entries.popitem(last=False)
    return mark_safe(html)  # noqa: S308


def sidebar_fingerprint(user) -> str:
    """Everything the sidebar shows of `user`, hashed (no query beyond what the admin's
    permission check has loaded)."""
    from lms.permissions import is_organiser

    profile = getattr(user, "wagtail_userprofile", None)
    parts = {
        "user": user.pk,
        "name": [user.first_name, user.get_username(), user.email],
        "avatar": str(getattr(profile, "avatar", "") or ""),
        "dismissed": getattr(profile, "dismissibles", None) or {},
        "language": get_language(),
        "superuser": user.is_superuser,
        "organiser": is_organiser(user),
        "permissions": sorted(user.get_all_permissions()),
    }
    text = json.dumps(parts, sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()


def sidebar_forget() -> None:
    """Drop every kept sidebar (tests, or after changing group permissions by hand)."""
    with _lock:
        _entries.clear()
