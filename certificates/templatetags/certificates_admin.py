"""Admin template tags of certificates: which keys sign what the portal issues."""

from django import template

from certificates import credentials, rendering
from lms import signing

register = template.Library()


@register.inclusion_tag("certificates/admin/includes/signing_keys.html")
def signing_keys_notice() -> dict:
    """Who signs PDFs and credentials; a warning while development keys do, or a key fails."""
    context: dict = {}
    try:
        context["pdf"] = signing.signing_key()
    except signing.SigningError as error:
        context["pdf_error"] = error.message
    try:
        context["credential"] = credentials.credential_key(rendering.public_base_url())
    except credentials.CredentialError as error:
        context["credential_error"] = str(error)
    return context
