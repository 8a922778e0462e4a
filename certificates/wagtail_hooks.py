"""Certificates in the Wagtail admin: templates, issued certificates and bulk issue."""

from django.templatetags.static import static
from django.urls import include, path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem
from wagtail.admin.ui.tables import Column, StatusTagColumn
from wagtail.admin.viewsets.model import ModelViewSet

from certificates import admin_views
from certificates.models import Certificate, CertificateTemplate
from lms.admin_listing import ListingIndexView
from lms.admin_records import records_register


class LinkColumn(Column):
    """A column of links built by `links(instance) -> [(url, label)]`."""

    def __init__(self, name, links, **kwargs):
        super().__init__(name, **kwargs)
        self.links = links

    def get_value(self, instance):
        return format_html(
            " · ".join(['<a href="{}">{}</a>'] * len(links := self.links(instance))),
            *[part for link in links for part in link],
        )


def _preview_links(template):
    url = reverse("certificates_admin:template_preview", args=[template.pk])
    links = [(url, _("Preview PDF"))]
    if template.language == CertificateTemplate.Language.BOTH:
        links += [(f"{url}?lang=en", _("English only")), (f"{url}?lang=bn", _("Bangla only"))]
    return links


class CertificateTemplateViewSet(ModelViewSet):
    model = CertificateTemplate
    icon = "doc-full-inverse"
    menu_label = _("Templates")
    add_to_admin_menu = False
    url_prefix = "certificates/templates"
    url_namespace = "certificate_templates"
    list_display = [
        "name",
        "kind",
        "language",
        "is_default",
        LinkColumn("preview", _preview_links, label=_("Preview")),
    ]
    list_filter = ["kind", "language"]
    search_fields = ["name", "title"]
    copy_view_enabled = True


# Certificates are made by the services, never typed into a form or deleted. (Organisers'
# add and change permissions stand for bulk issue and revoking: admin_views.)
records_register(Certificate)


def _certificate_links(certificate):
    return [(reverse("certificates_admin:certificate", args=[certificate.pk]), _("Open"))]


class IssuedCertificateIndexView(ListingIndexView):
    """The listing and its exports show issued certificates only: a pending one (its PDF not
    yet rendered) exists for nobody until the issue finishes."""

    def get_base_queryset(self):
        return Certificate.objects.issued()


class CertificateViewSet(ModelViewSet):
    index_view_class = IssuedCertificateIndexView
    model = Certificate
    icon = "doc-full"
    menu_label = _("Issued certificates")
    add_to_admin_menu = False
    url_prefix = "certificates/issued"
    url_namespace = "certificates_issued"
    index_template_name = "certificates/admin/issued_index.html"
    list_display = [
        "serial",
        "name",
        "subject_title",
        "kind",
        StatusTagColumn(
            "get_status_display",
            primary=lambda c: c.status == Certificate.Status.VALID,
            label=_("Status"),
        ),
        "issued_on",
        LinkColumn("open", _certificate_links, label=""),
    ]
    list_filter = ["kind", "status", "issued_on"]
    search_fields = ["serial", "name", "name_bn", "code", "subject_title", "subject_title_bn"]
    search_backend_name = None
    list_export = [
        "serial",
        "name",
        "name_bn",
        "designation",
        "organisation",
        "subject_title",
        "subject_title_bn",
        "batch_label",
        "kind",
        "status",
        "issued_on",
        "sha256",
    ]
    export_filename = "certificates"
    copy_view_enabled = False
    inspect_view_enabled = False
    form_fields = ["status_reason"]  # required by ModelViewSet; editing is denied above


templates_viewset = CertificateTemplateViewSet("certificate_templates")
certificates_viewset = CertificateViewSet("certificates_issued")


@hooks.register("register_admin_viewset")
def register_viewsets():
    return [templates_viewset, certificates_viewset]


admin_urls = (
    [
        path("bulk/", admin_views.BulkIssueView.as_view(), name="bulk"),
        path("bulk/<int:pk>/", admin_views.BulkIssueJobView.as_view(), name="job"),
        path(
            "certificate/<int:pk>/", admin_views.CertificateDetailView.as_view(), name="certificate"
        ),
        path(
            "certificate/<int:pk>/revoke/",
            admin_views.CertificateRevokeView.as_view(),
            name="revoke",
        ),
        path(
            "templates/<int:pk>/preview/",
            admin_views.template_preview,
            name="template_preview",
        ),
    ],
    "certificates_admin",
)


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [path("certificates/", include(admin_urls))]


class _CertificatesMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("certificates.view_certificate")


@hooks.register("register_admin_menu_item")
def register_menu():
    items = [
        _CertificatesMenuItem(
            _("Issued certificates"), "/admin/certificates/issued/", icon_name="doc-full", order=100
        ),
        _CertificatesMenuItem(
            _("Bulk issue"), "/admin/certificates/bulk/", icon_name="upload", order=200
        ),
        _CertificatesMenuItem(
            _("Templates"),
            "/admin/certificates/templates/",
            icon_name="doc-full-inverse",
            order=300,
        ),
    ]
    return SubmenuMenuItem(_("Certificates"), Menu(items=items), icon_name="doc-full", order=350)


@hooks.register("insert_global_admin_css")
def event_certificate_panel_css():
    """The event editor's certificate panel shows one choice (certificates.pages)."""
    return format_html('<link rel="stylesheet" href="{}">', static("css/certificates_admin.css"))
