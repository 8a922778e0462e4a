"""Wagtail hooks of the portal: mark served pages as cacheable for anonymous visitors."""

from wagtail import hooks

from lms.page_cache import page_cache_mark


@hooks.register("before_serve_page")
def allow_page_cache(page, request, serve_args, serve_kwargs):
    """Only responses of Wagtail's page view (live pages, not previews) may be cached."""
    page_cache_mark(request)
