"""The project: settings, site pages, accounts, PDF and formatting helpers."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LmsConfig(AppConfig):
    name = "lms"
    verbose_name = _("Portal")

    def ready(self) -> None:
        from lms import (
            admin_sidebar,
            portal,  # noqa: F401 (registers the checks of PORTAL_BASE_URL)
            private_files,  # noqa: F401  (registers the check lms.E001)
        )

        self._connect_page_cache_invalidation()
        admin_sidebar.install()  # Wagtail's sidebar, kept per user and permissions

    @staticmethod
    def _connect_page_cache_invalidation() -> None:
        """Any change to what a public page shows starts a new page-cache generation."""
        from django.db.models.signals import post_delete, post_save
        from wagtail.models import Site
        from wagtail.signals import page_published, page_unpublished, post_page_move

        from lms.models import NavigationLink, NavigationSettings, SiteSettings
        from lms.page_cache import page_cache_invalidate as invalidate

        uid = "lms.page_cache"
        page_published.connect(invalidate, dispatch_uid=f"{uid}.published")
        page_unpublished.connect(invalidate, dispatch_uid=f"{uid}.unpublished")
        post_page_move.connect(invalidate, dispatch_uid=f"{uid}.moved")
        post_delete.connect(_page_deleted, dispatch_uid=f"{uid}.deleted")
        for model in (Site, NavigationSettings, NavigationLink, SiteSettings):
            post_save.connect(invalidate, sender=model, dispatch_uid=f"{uid}.{model.__name__}")
            post_delete.connect(
                invalidate, sender=model, dispatch_uid=f"{uid}.del.{model.__name__}"
            )


def _page_deleted(sender, instance, **kwargs) -> None:
    from wagtail.models import Page

    from lms.page_cache import page_cache_invalidate

    if isinstance(instance, Page):
        page_cache_invalidate()
