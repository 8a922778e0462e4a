"""Read-only queries of certificates: verification, a person's list, batch downloads."""

import io
import zipfile

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, ngettext, override
from pypdf import PdfWriter
from pypdf.generic import NameObject, TextStringObject

from certificates.kinds import EVENT_DEFAULT, kind_get
from certificates.models import CODE_PATTERN, Certificate, CertificateTemplate
from lms.formatting import localise_numbers
from lms.portal import portal_url


def verification(code: str) -> dict:
    """The public facts of the certificate with this code; status 'unknown' when none.

    Dates are date objects (JsonResponse writes them as ISO 8601).
    Shows the minimum: status, name, what for (also in Bangla, blank when the subject had no
    Bangla page at issue) and the issue date, and the SHA-256 of the issued PDF, so that whoever
    holds the file can check it is the one issued; for a revoked one also the date and reason;
    a superseded one points to the certificate that replaced it (its code and public
    verification addresses), which says itself what is valid now.
    """
    certificate = None
    if CODE_PATTERN.match(code):
        certificate = (
            Certificate.objects.issued()
            .filter(code=code)
            .only(
                "kind",
                "name",
                "name_bn",
                "subject_title",
                "subject_title_bn",
                "batch_label",
                "issued_on",
                "serial",
                "status",
                "status_reason",
                "status_changed_at",
                "start_date",
                "end_date",
                "sha256",
                "superseded_by__code",
            )
            .select_related("superseded_by")
            .first()
        )
    if certificate is None:
        return {"status": "unknown", "code": code}
    result = {
        "status": certificate.status,
        "status_label": str(certificate.get_status_display()),
        "code": code,
        "serial": certificate.serial,
        "name": certificate.name,
        "name_bn": certificate.name_bn,
        "kind": certificate.kind,
        "kind_label": str(kind_get(certificate.kind).title),
        "for": certificate.subject_title,
        "for_bn": certificate.subject_title_bn,
        "batch": certificate.batch_label,
        "start_date": certificate.start_date,
        "end_date": certificate.end_date,
        "issued_on": certificate.issued_on,
        "sha256": certificate.sha256,
    }
    if certificate.status in (Certificate.Status.REVOKED, Certificate.Status.SUPERSEDED):
        result["changed_on"] = timezone.localdate(certificate.status_changed_at)
    if certificate.status == Certificate.Status.REVOKED:
        result["reason"] = certificate.status_reason
    replacement = certificate.superseded_by
    if certificate.status == Certificate.Status.SUPERSEDED and replacement is not None:
        with override(settings.LANGUAGE_CODE):  # the addresses without a language prefix
            result["replaced_by"] = {
                "code": replacement.code,
                "url": portal_url(replacement.get_verify_url()),
                "json": portal_url(reverse("certificates:verify_json", args=[replacement.code])),
            }
    return result


def by_code(code: str) -> Certificate | None:
    """The issued certificate with this (canonical) code, or None."""
    if not CODE_PATTERN.match(code):
        return None
    return Certificate.objects.issued().filter(code=code).first()


def certificates_of(participant) -> list[Certificate]:
    """A participant's issued certificates, newest first (one query)."""
    return list(
        Certificate.objects.for_participant(participant)
        .select_related("event", "course")
        .order_by("-issued_on", "-pk")
    )


def may_download(user, certificate: Certificate) -> bool:
    """Organisers download any issued certificate; a holder only their own valid ones."""
    if user.has_perm("certificates.view_certificate"):
        return True
    participant = getattr(user, "participant", None)
    return (
        participant is not None
        and certificate.participant_id == participant.pk
        and certificate.status == Certificate.Status.VALID
    )


def _batch_valid(batch) -> list[Certificate]:
    return list(
        Certificate.objects.filter(batch=batch, status=Certificate.Status.VALID)
        .select_related("template")
        .order_by("kind", "name")
    )


def batch_zip(batch) -> bytes:
    """The batch's valid certificates as a ZIP: <serial> <name>.pdf each."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for certificate in _batch_valid(batch):
            with certificate.pdf.open("rb") as handle:
                archive.writestr(f"{certificate.serial} {certificate.name}.pdf", handle.read())
    return buffer.getvalue()


def batch_merged_pdf(batch) -> bytes:
    """The batch's valid certificates as one PDF, one certificate per page, for printing.

    The merged file says what it is (title, author, subject) and its language (/Lang) as each
    certificate does: Bangla when every certificate is printed in Bangla only, else English.
    """
    writer = PdfWriter()
    certificates = _batch_valid(batch)
    for certificate in certificates:
        with certificate.pdf.open("rb") as handle:
            writer.append(io.BytesIO(handle.read()))
    count = len(certificates)
    writer.add_metadata(
        {
            "/Title": gettext("Certificates: %(batch)s") % {"batch": batch},
            "/Author": gettext("GPMS Training"),
            "/Subject": ngettext(
                "%(count)s certificate, one per page",
                "%(count)s certificates, one per page",
                count,
            )
            % localise_numbers({"count": count}),
        }
    )
    languages = {c.template.language for c in certificates}
    bangla = languages == {CertificateTemplate.Language.BANGLA}
    writer.root_object[NameObject("/Lang")] = TextStringObject("bn" if bangla else "en")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def event_certificate_kind(event) -> str:
    """Which certificate the event gives: a kind's value, or "" for none (one query; none
    for a page read from a revision, which carries its certificate panel)."""
    given = next(iter(event.certificate_given.all()), None)
    return EVENT_DEFAULT if given is None else given.kind
