"""The "your certificate is ready" e-mail, in the participant's preferred language.

Subject and text are rendered inside ``translation.override`` of
`Participant.preferred_language`, so a Bangla reader gets Bangla words and their name as
printed in Bangla. The serial stays as printed (a code readers copy), the PDF is attached.
"""

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from certificates.models import Certificate
from certificates.rendering import absolute_url
from lms.translation import bilingual


def certificate_ready_email(certificate: Certificate) -> EmailMessage:
    """The message to the certificate's participant, with its PDF attached."""
    participant = certificate.participant
    language = participant.preferred_language or settings.LANGUAGE_CODE
    context = {
        "certificate": certificate,
        "recipient_name": bilingual(certificate.name, certificate.name_bn, language),
        "mine_url": absolute_url(reverse("certificates:mine")),
        "verify_url": absolute_url(certificate.get_verify_url()),
    }
    with translation.override(language):
        subject = _("Your certificate is ready: %(title)s") % {
            "title": certificate.local_subject_title
        }
        body = render_to_string("certificates/email/certificate_ready.txt", context)
    message = EmailMessage(
        subject=subject, body=body, from_email=settings.DEFAULT_FROM_EMAIL, to=[participant.email]
    )
    with certificate.pdf.open("rb") as handle:
        message.attach(f"{certificate.serial}.pdf", handle.read(), "application/pdf")
    return message
