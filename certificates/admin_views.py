"""Admin screens of certificates: one certificate (revoke, reissue, history), bulk issue with
progress, and the template preview. Registered under /admin/certificates/ by wagtail_hooks."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from certificates import services
from certificates.forms import BulkIssueForm, ReissueForm, RevokeForm
from certificates.models import BulkIssueJob, Certificate, CertificateTemplate
from courses.models import CoursePage
from lms.translation import in_default_language
from workshops.models import Batch, EventPage


def _require(request, codename: str) -> None:
    if not request.user.has_perm(f"certificates.{codename}"):
        raise PermissionDenied


class AdminPage(WagtailAdminTemplateMixin, TemplateView):
    header_icon = "doc-full"
    permission = "view_certificate"

    def dispatch(self, request, *args, **kwargs):
        _require(request, self.permission)
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse("certificates_admin:bulk"), "label": _("Certificates")},
            {"url": "", "label": self.get_page_title()},
        ]


class CertificateDetailView(AdminPage):
    """One certificate: what it prints, its status, its history; revoke or reissue it."""

    template_name = "certificates/admin/certificate_detail.html"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.certificate = get_object_or_404(
            Certificate.objects.select_related("participant", "template", "superseded_by"),
            pk=kwargs["pk"],
        )

    def get_page_title(self):
        return self.certificate.serial

    def get_context_data(self, **kwargs):
        participant = self.certificate.participant
        kwargs.setdefault(
            "reissue_form",
            ReissueForm(initial={"name": participant.name, "name_bn": participant.name_bn}),
        )
        return super().get_context_data(
            certificate=self.certificate,
            history=self.certificate.history.select_related("changed_by"),
            supersedes=getattr(self.certificate, "supersedes", None),
            may_change=self.request.user.has_perm("certificates.change_certificate"),
            **kwargs,
        )

    def post(self, request, pk):
        """Reissue. Revoking has its own page that says what will happen first."""
        _require(request, "change_certificate")
        if request.POST.get("action") == "revoke":
            return redirect("certificates_admin:revoke", pk=pk)
        form = ReissueForm(request.POST)
        if form.is_valid():
            try:
                result = services.certificate_reissue(
                    certificate=self.certificate,
                    by=request.user,
                    reason=form.cleaned_data["reason"],
                    name=form.cleaned_data["name"],
                    name_bn=form.cleaned_data["name_bn"],
                )
            except services.CertificateError as error:
                messages.error(request, error.message)
            else:
                messages.success(request, _("Reissued as %s.") % result.serial)
                return redirect("certificates_admin:certificate", pk=result.pk)
        return self.render_to_response(self.get_context_data(reissue_form=form))


class CertificateRevokeView(AdminPage):
    """The confirmation step of a revocation: what will happen, the reason, then POST."""

    template_name = "certificates/admin/certificate_revoke.html"
    permission = "change_certificate"
    header_icon = "warning"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.certificate = get_object_or_404(
            Certificate.objects.select_related("participant"), pk=kwargs["pk"]
        )

    def get_page_title(self):
        return _("Revoke %s?") % self.certificate.serial

    def get_context_data(self, **kwargs):
        kwargs.setdefault("form", RevokeForm())
        return super().get_context_data(certificate=self.certificate, **kwargs)

    def post(self, request, pk):
        form = RevokeForm(request.POST)
        if form.is_valid():
            try:
                result = services.certificate_revoke(
                    certificate=self.certificate,
                    by=request.user,
                    reason=form.cleaned_data["reason"],
                )
            except services.CertificateError as error:
                messages.error(request, error.message)
            else:
                messages.success(request, _("Certificate %s revoked.") % result.serial)
            return redirect("certificates_admin:certificate", pk=pk)
        return self.render_to_response(self.get_context_data(form=form))


def _subjects() -> list[tuple[str, str]]:
    """Choices for bulk issue: each event, each batch of it, and course pages (trainer);
    originals only (certificates hang off the default-language page)."""
    choices = []
    batches = Batch.objects.select_related("event").order_by("event__start_date", "number")
    by_event: dict[int, list[Batch]] = {}
    for batch in batches:
        by_event.setdefault(batch.event_id, []).append(batch)
    for event in in_default_language(EventPage.objects.order_by("start_date", "title")):
        choices.append((f"event:{event.pk}", event.title))
        for batch in by_event.get(event.pk, []):
            label = _("%(event)s — batch %(number)s") % {
                "event": event.title,
                "number": batch.number,
            }
            choices.append((f"batch:{batch.pk}", f"    {label}"))
    for course in in_default_language(CoursePage.objects.order_by("title")):
        choices.append((f"course:{course.pk}", _("Course: %s") % course.title))
    return choices


def _parse_subject(value: str) -> dict:
    kind, _sep, pk = value.partition(":")
    if kind == "event":
        return {"event": get_object_or_404(EventPage, pk=pk)}
    if kind == "batch":
        return {"batch": get_object_or_404(Batch.objects.select_related("event"), pk=pk)}
    return {"course": get_object_or_404(CoursePage, pk=pk)}


class BulkIssueView(AdminPage):
    """Choose what to issue for, see who is not eligible and why, then start the task."""

    template_name = "certificates/admin/bulk_issue.html"
    page_title = gettext_lazy("Bulk issue")

    def get_context_data(self, **kwargs):
        form = BulkIssueForm(self.request.GET or None, subjects=_subjects())
        plan, subject, error = None, None, None
        if form.is_valid():
            subject = _parse_subject(form.cleaned_data["subject"])
            try:
                plan = services.bulk_issue_plan(kind=form.cleaned_data["kind"], **subject)
            except services.CertificateError as exc:
                error = exc.message
        return super().get_context_data(
            form=form,
            plan=plan,
            eligible=[item for item in plan or [] if item.eligible],
            not_eligible=[item for item in plan or [] if not item.eligible],
            error=error,
            jobs=BulkIssueJob.objects.select_related("event", "batch", "course", "created_by")[:20],
            may_issue=self.request.user.has_perm("certificates.add_certificate"),
            **kwargs,
        )

    def post(self, request):
        _require(request, "add_certificate")
        form = BulkIssueForm(request.POST, subjects=_subjects())
        if not form.is_valid():
            messages.error(request, _("Choose a certificate kind and what it is for."))
            return redirect("certificates_admin:bulk")
        try:
            with transaction.atomic():
                job = services.bulk_issue_start(
                    kind=form.cleaned_data["kind"],
                    by=request.user,
                    **_parse_subject(form.cleaned_data["subject"]),
                )
        except services.CertificateError as error:
            messages.error(request, error.message)
            return redirect("certificates_admin:bulk")
        return redirect("certificates_admin:job", pk=job.pk)


class BulkIssueJobView(AdminPage):
    """Progress of one bulk issue; the page refreshes itself until the job is done."""

    template_name = "certificates/admin/bulk_issue_job.html"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.job = get_object_or_404(
            BulkIssueJob.objects.select_related("event", "batch", "course"), pk=kwargs["pk"]
        )

    def get_page_title(self):
        return str(self.job)

    def post(self, request, pk):
        """Run the job again (after a failure or a fix): issued certificates are skipped.
        Refused while a live worker holds the job."""
        _require(request, "add_certificate")
        try:
            with transaction.atomic():
                services.bulk_issue_resume(job=self.job)
        except services.CertificateError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("The bulk issue runs again."))
        return redirect("certificates_admin:job", pk=self.job.pk)

    def get_context_data(self, **kwargs):
        job = self.job
        batches = [job.batch] if job.batch else list(job.event.batches.all()) if job.event else []
        return super().get_context_data(
            job=job,
            running=job.status in (BulkIssueJob.Status.QUEUED, BulkIssueJob.Status.RUNNING),
            lease_seconds=settings.CERTIFICATES_JOB_LEASE_SECONDS,
            may_issue=self.request.user.has_perm("certificates.add_certificate"),
            batches=batches,
            **kwargs,
        )


def template_preview(request, pk: int) -> HttpResponse:
    """The template as a PDF with sample data (nothing is saved)."""
    _require(request, "view_certificatetemplate")
    template = get_object_or_404(CertificateTemplate, pk=pk)
    lang = request.GET.get("lang") or None
    try:
        pdf = services.template_preview(template=template, lang=lang)
    except services.CertificateError as error:
        messages.error(request, error.message)
        return redirect(reverse("certificate_templates:index"))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="preview-{template.kind}.pdf"'
    return response
