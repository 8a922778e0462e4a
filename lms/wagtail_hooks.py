"""Wagtail hooks of the portal: the page cache mark, the "Training reports" admin menu and
the Bangla font in the admin."""

from django.templatetags.static import static
from django.urls import include, path, reverse
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem

from lms import admin_home, report_views
from lms.page_cache import page_cache_mark
from lms.permissions import is_organiser
from lms.reports import all_reports


class OrganiserMenuItem(MenuItem):
    def is_shown(self, request):
        return is_organiser(request.user)


@hooks.register("register_admin_urls")
def register_report_urls():
    urls = [
        path("", report_views.ReportIndexView.as_view(), name="index"),
        path("<slug:name>/", report_views.ReportView.as_view(), name="report"),
    ]
    return [path("training-reports/", include((urls, "lms_reports"), namespace="lms_reports"))]


@hooks.register("register_admin_menu_item")
def register_reports_menu():
    items = [
        OrganiserMenuItem(
            _("All reports"), reverse("lms_reports:index"), name="all-reports", order=0
        )
    ] + [
        OrganiserMenuItem(
            report.title,
            reverse("lms_reports:report", args=[report.name]),
            name=f"report-{report.name}",
            order=index + 1,
        )
        for index, report in enumerate(all_reports())
    ]
    return SubmenuMenuItem(
        _("Training reports"),
        Menu(items=items),
        icon_name="table",
        name="training-reports",
        order=900,
    )


# The dashboard's moderation panels and site summary, the same for less (lms.admin_home);
# the summary's hook runs after every app has added its items.
hooks.register("construct_homepage_panels", admin_home.moderation_panels_guard)
hooks.register("construct_homepage_summary_items", admin_home.summary_items_kept, order=1000)


@hooks.register("before_serve_page")
def allow_page_cache(page, request, serve_args, serve_kwargs):
    """Only responses of Wagtail's page view (live pages, not previews) may be cached."""
    page_cache_mark(request, page)


@hooks.register("insert_global_admin_css")
def bangla_font_in_admin():
    """Bangla names and pages in the admin are drawn with the site's Noto Sans Bengali, not
    with whatever the organiser's computer has (empty boxes where it has none)."""
    return format_html_join(
        "",
        '<link rel="stylesheet" href="{}">',
        [(static("css/fonts.css"),), (static("css/admin.css"),)],
    )
