"""Turning a certificate (its snapshot and its template) into a PDF through lms.pdf.

Only the snapshot stored on the certificate is printed, so a PDF rendered again later
matches the one issued. The QR code holds the absolute verification URL.
"""

import base64
from decimal import Decimal

import segno
from django.utils.translation import gettext as _
from django.utils.translation import override

from certificates.models import Certificate, CertificateTemplate
from lms.portal import portal_url


def public_base_url() -> str:
    """The portal's public address, without a trailing slash (settings.PORTAL_BASE_URL, see
    lms.portal). QR codes, credential links and the issuer's did:web use it."""
    return portal_url()


def absolute_url(path: str) -> str:
    """The public address of a path (settings.PORTAL_BASE_URL, see lms.portal)."""
    return portal_url(path)


def qr_data_uri(text: str) -> str:
    """A PNG QR code of `text` as a data: URI (xhtml2pdf embeds it as an image)."""
    qr = segno.make(text, error="m")
    return qr.png_data_uri(scale=8, border=2)


def _formatting():
    from lms import formatting

    return formatting


def dates_text(start, end, lang: str) -> str:
    """'12 Nov 2014' or '12–13 Nov 2014': the portal's one date style (lms.formatting)."""
    if start is None:
        return ""
    return _formatting().format_date_range(start, end, lang)


def hours_text(hours: Decimal | None, lang: str) -> str:
    if hours is None:
        return ""
    value = int(hours) if hours == int(hours) else hours
    return _formatting().format_number(value, lang)


def placeholder_values(certificate: Certificate, lang: str) -> dict[str, str]:
    """What each body placeholder prints in one language."""
    bangla = lang == "bn"
    to_lang = _formatting().to_bangla_digits if bangla else str
    return {
        "name": (certificate.name_bn or certificate.name) if bangla else certificate.name,
        "designation": certificate.designation,
        "organisation": (certificate.organisation_bn or certificate.organisation)
        if bangla
        else certificate.organisation,
        "event": (certificate.subject_title_bn or certificate.subject_title)
        if bangla
        else certificate.subject_title,
        "batch": to_lang(certificate.batch_label),
        "dates": dates_text(certificate.start_date, certificate.end_date, lang),
        "venue": certificate.venue,
        "hours": hours_text(certificate.hours, lang),
    }


def _side(template: CertificateTemplate, certificate: Certificate, lang: str) -> dict:
    bangla = lang == "bn"
    body = template.body_bn if bangla else template.body
    values = placeholder_values(certificate, lang)
    with override(lang):
        return {
            "lang": lang,
            "title": (template.title_bn or template.title) if bangla else template.title,
            "body": body.format_map(values),
            "name": values["name"],
            "event": values["event"],
            "serial_label": _("Certificate no."),
            "issued_label": _("Issued on"),
            "issued_on": dates_text(certificate.issued_on, None, lang),
            "verify_label": _("Verify at"),
            "code_label": _("Verification code"),
        }


def _languages(template: CertificateTemplate) -> list[str]:
    if template.language == CertificateTemplate.Language.BOTH:
        return ["en", "bn"]
    return [template.language]


def _image_uri(image) -> str:
    """A Wagtail image (original file) as a data: URI, so rendering reads no URL."""
    if image is None:
        return ""
    try:
        with image.file.open("rb") as handle:
            data = handle.read()
    except (FileNotFoundError, OSError):
        return ""
    mime = "image/png" if image.file.name.lower().endswith(".png") else "image/jpeg"
    return f"data:{mime};base64,{base64.b64encode(data).decode()}"


# Height of the bordered frame: the page less its 1.1 cm margins and the border.
FRAME_HEIGHTS = {
    ("a4", "landscape"): "18.2cm",
    ("a4", "portrait"): "26.9cm",
    ("letter", "landscape"): "18.8cm",
    ("letter", "portrait"): "25.2cm",
}


def certificate_context(certificate: Certificate) -> dict:
    """Everything the PDF template needs, computed from the certificate alone."""
    template = certificate.template
    verify_url = absolute_url(certificate.get_verify_url())
    signatories = [
        {
            "name": s.name,
            "designation": s.designation,
            "name_bn": s.name_bn,
            "designation_bn": s.designation_bn,
            "signature": _image_uri(s.signature),
        }
        for s in template.signatories.all()[:3]
    ]
    return {
        "certificate": certificate,
        "template": template,
        "sides": [_side(template, certificate, lang) for lang in _languages(template)],
        "both": template.language == CertificateTemplate.Language.BOTH,
        "page_size": f"{template.paper_size} {template.orientation}",
        "landscape": template.orientation == CertificateTemplate.Orientation.LANDSCAPE,
        "frame_height": FRAME_HEIGHTS[(template.paper_size, template.orientation)],
        "logo": _image_uri(template.logo),
        "signatories": signatories,
        "verify_url": verify_url,
        "qr": qr_data_uri(verify_url),
    }


class RenderError(Exception):
    """The PDF could not be made (lms.pdf failed); the message says why."""


def certificate_pdf(certificate: Certificate) -> bytes:
    """The certificate's PDF bytes; raises RenderError when rendering fails."""
    from lms.pdf import PDFError, render_pdf

    try:
        return render_pdf("certificates/certificate_pdf.html", certificate_context(certificate))
    except PDFError as error:
        raise RenderError(str(error)) from error
