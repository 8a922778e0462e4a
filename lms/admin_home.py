"""Wagtail's admin home (the dashboard): the same panels for about half the cost.

Profiled (issue 20), Wagtail's own panels were most of an organiser's dashboard: the site
summary (how many pages, images and documents the user can reach) 7 ms of 28, building
collection-permission filters and three counts; the two moderation panels 4.5 ms, four
queries, for panels that print nothing while nothing is in moderation. Two hooks from
`lms.wagtail_hooks` change that, and nothing that is shown:

- `moderation_panels_guard`: "Awaiting your review" and "Your pages and snippets in a
  workflow" ask their queries only when some page or snippet is in a workflow (one EXISTS
  query, shared by both); otherwise they are empty, as they would have been.
- `summary_items_kept`: each summary item's HTML is kept in the shared cache per user
  fingerprint (`lms.admin_sidebar.sidebar_fingerprint`: the user, their permissions,
  language) and starts anew when pages are published, moved or deleted (the `pages` scope).
  Pages saved as drafts, images and documents uploaded or deleted show in the counts within
  `ADMIN_SUMMARY_SECONDS` (60): Wagtail's views that change them are not our services and
  tell nobody. All items of the page come from one cache round trip.
  Whether an item is shown at all (Wagtail asks the user's page and collection permissions
  for it, 3 ms of the dashboard) is kept in this process per fingerprint and item for the
  same `ADMIN_SUMMARY_SECONDS`, as the sidebar keeps its menu: a change of the user's model
  permissions shows at once, a change of their groups' page or collection permissions
  within that time; every view behind the summary checks permissions itself.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict

from django.conf import settings
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from wagtail.admin.site_summary import SummaryItem
from wagtail.admin.views.home import (
    UserObjectsInWorkflowModerationPanel,
    WorkflowObjectsToModeratePanel,
)

from lms.admin_sidebar import sidebar_fingerprint
from lms.scoped_cache import PAGES, scoped_get_many

MAX_SHOWN_ENTRIES = 2048
_shown: OrderedDict[tuple[str, str], tuple[float, bool]] = OrderedDict()
_shown_lock = threading.Lock()


def _in_moderation(request) -> bool:
    """Whether any page or snippet is in a workflow now (one query per request)."""
    memo = getattr(request, "_lms_in_moderation", None)
    if memo is None:
        from wagtail.models import WorkflowState

        memo = request._lms_in_moderation = WorkflowState.objects.active().exists()
    return memo


class _WhenInModeration:
    """Mixin for Wagtail's moderation panels: empty, without their queries, while nothing is
    in a workflow (their templates print nothing for no states)."""

    def render_html(self, parent_context=None) -> str:
        if not _in_moderation(parent_context["request"]):
            return ""
        return super().render_html(parent_context)


class AwaitingReviewPanel(_WhenInModeration, WorkflowObjectsToModeratePanel):
    pass


class InModerationPanel(_WhenInModeration, UserObjectsInWorkflowModerationPanel):
    pass


_GUARDED = {
    WorkflowObjectsToModeratePanel: AwaitingReviewPanel,
    UserObjectsInWorkflowModerationPanel: InModerationPanel,
}


def moderation_panels_guard(request, panels: list) -> None:
    """construct_homepage_panels hook: Wagtail's moderation panels, asked only when needed."""
    for index, panel in enumerate(panels):
        guarded = _GUARDED.get(type(panel))
        if guarded is not None:
            panels[index] = guarded()


class KeptSummaryItem(SummaryItem):
    """One of Wagtail's summary items (pages, images, documents), its HTML kept (see above)."""

    def __init__(self, request, item: SummaryItem, group: list[KeptSummaryItem]):
        super().__init__(request)
        self.item, self.group = item, group
        self.order = item.order

    @property
    def name(self) -> str:
        return f"{type(self.item).__module__}.{type(self.item).__qualname__}"

    @property
    def media(self):
        return self.item.media

    def is_shown(self) -> bool:
        return _shown_kept(self.request, self.name, self.item.is_shown)

    def render_html(self, parent_context=None) -> str:
        request = self.request
        kept = getattr(request, "_lms_summary", None)
        if kept is None:
            kept = request._lms_summary = _summary_html(request, self.group, parent_context)
        return mark_safe(kept[self.name])  # noqa: S308 (Wagtail's own component HTML)


def _fingerprint(request) -> str:
    """The user's sidebar fingerprint, computed once per request."""
    memo = getattr(request, "_lms_fingerprint", None)
    if memo is None:
        memo = request._lms_fingerprint = sidebar_fingerprint(request.user)
    return memo


def _shown_kept(request, name: str, ask) -> bool:
    """Whether the summary item `name` is shown to the user: `ask()`ed once per fingerprint
    and `ADMIN_SUMMARY_SECONDS` in this process."""
    key = (_fingerprint(request), name)
    now = time.monotonic()
    with _shown_lock:
        entry = _shown.get(key)
        if entry is not None and entry[0] > now:
            _shown.move_to_end(key)
            return entry[1]
    shown = bool(ask())
    with _shown_lock:
        _shown[key] = (now + getattr(settings, "ADMIN_SUMMARY_SECONDS", 60), shown)
        while len(_shown) > MAX_SHOWN_ENTRIES:
            _shown.popitem(last=False)
    return shown


def summary_shown_forget() -> None:
    """Drop every kept answer (tests, or after changing group permissions by hand)."""
    with _shown_lock:
        _shown.clear()


def _summary_html(request, items: list[KeptSummaryItem], parent_context) -> dict[str, str]:
    """{item name: its HTML} for the user, from the cache where the pages are unchanged."""
    prefix = f"admin-summary:{_fingerprint(request)}:{get_language()}:"
    by_key = {prefix + item.name: item for item in items}

    def build(missing: list[str]) -> dict[str, str]:
        return {key: str(by_key[key].item.render_html(parent_context)) for key in missing}

    found = scoped_get_many(
        {key: [PAGES] for key in by_key},
        build,
        timeout=getattr(settings, "ADMIN_SUMMARY_SECONDS", 60),
    )
    return {item.name: found[key] for key, item in by_key.items()}


def summary_items_kept(request, items: list) -> None:
    """construct_homepage_summary_items hook (registered last): wraps every item."""
    group: list[KeptSummaryItem] = []
    group.extend(KeptSummaryItem(request, item, group) for item in items)
    items[:] = group
