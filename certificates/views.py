"""Public verification, a trainee's own certificates, and organisers' batch downloads."""

from functools import wraps

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from certificates import credentials, rendering, selectors, services
from certificates.forms import VerifyForm
from certificates.models import CODE_PATTERN, Certificate
from certificates.services import normalise_code
from lms.private_files import private_file_response
from workshops.models import Batch

VERIFY_RATE_PER_MINUTE = 30


def _client_ip(request: HttpRequest) -> str:
    # Behind a trusted proxy set CERTIFICATES_CLIENT_IP_HEADER (e.g. HTTP_X_REAL_IP).
    header = getattr(settings, "CERTIFICATES_CLIENT_IP_HEADER", "")
    return (header and request.META.get(header)) or request.META.get("REMOTE_ADDR", "")


def _rate_limited(request: HttpRequest) -> bool:
    """Count this lookup for the client's IP in the shared cache; True past the limit."""
    limit = getattr(settings, "CERTIFICATES_VERIFY_RATE_PER_MINUTE", VERIFY_RATE_PER_MINUTE)
    minute = int(timezone.now().timestamp() // 60)
    key = f"certificates:verify:{_client_ip(request)}:{minute}"
    cache.add(key, 0, timeout=90)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=90)
        count = 1
    return count > limit


def _too_many(request: HttpRequest, *, as_json: bool) -> HttpResponse:
    message = _("Too many verification requests from your network. Please wait a minute.")
    if as_json:
        response = JsonResponse({"status": "rate_limited", "message": message}, status=429)
    else:
        response = TemplateResponse(
            request, "certificates/verify_limited.html", {"message": message}, status=429
        )
    response["Retry-After"] = "60"
    return response


@require_GET
def verify_lookup(request: HttpRequest) -> HttpResponse:
    """The form where anyone types a certificate's code."""
    form = VerifyForm(request.GET or None)
    if form.is_valid():
        return redirect("certificates:verify", code=form.cleaned_data["code"])
    return TemplateResponse(request, "certificates/verify_lookup.html", {"form": form})


@never_cache
@require_GET
def verify(request: HttpRequest, code: str) -> HttpResponse:
    """What the public may know of a certificate: status, name, what for, date."""
    if _rate_limited(request):
        return _too_many(request, as_json=False)
    canonical = normalise_code(code)
    well_formed = bool(CODE_PATTERN.match(canonical))
    if well_formed and canonical != code:
        return redirect("certificates:verify", code=canonical)
    # Anything else (also text that normalises to nothing, such as "-" or "....") is simply
    # unknown, and shown as typed (the template escapes it).
    result = selectors.verification(canonical)
    status = 404 if result["status"] == "unknown" else 200
    return TemplateResponse(
        request,
        "certificates/verify.html",
        {"result": result, "code": canonical if well_formed else code, "form": VerifyForm()},
        status=status,
    )


def _readable_from_any_site(view):
    """Let a page on any other site read this view's answers from a browser (CORS): GET only,
    without cookies or credentials; a preflight OPTIONS is answered with the same terms."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if request.method == "OPTIONS":
            response = HttpResponse(status=204)
            response["Access-Control-Allow-Methods"] = "GET"
            response["Access-Control-Max-Age"] = "86400"
        else:
            response = view(request, *args, **kwargs)
        response["Access-Control-Allow-Origin"] = "*"
        return response

    return wrapped


@never_cache
@_readable_from_any_site
@require_GET
def verify_json(request: HttpRequest, code: str) -> JsonResponse:
    """The verification result as JSON (the page's facts, the PDF's SHA-256 and, for a
    superseded certificate, its replacement); any site may read it from a browser."""
    if _rate_limited(request):
        return _too_many(request, as_json=True)
    result = selectors.verification(normalise_code(code))
    status = 404 if result["status"] == "unknown" else 200
    return JsonResponse(result, status=status, json_dumps_params={"ensure_ascii": False})


@login_required
def mine(request: HttpRequest) -> HttpResponse:
    """The signed-in trainee's own certificates."""
    participant = getattr(request.user, "participant", None)
    certificates = selectors.certificates_of(participant) if participant else []
    return TemplateResponse(
        request,
        "certificates/mine.html",
        {"certificates": certificates, "participant": participant},
    )


@login_required
def download(request: HttpRequest, serial: str) -> HttpResponse:
    """One certificate's PDF: its holder (valid ones) or an organiser; others get 404.

    The only way to the file: it lives in the private storage (lms.private_files)."""
    certificate = get_object_or_404(Certificate.objects.issued(), serial=serial)
    if not selectors.may_download(request.user, certificate):
        raise Http404
    return private_file_response(
        certificate.pdf.name,
        filename=f"{certificate.serial}.pdf",
        content_type="application/pdf",
    )


def _organiser_batch(request: HttpRequest, batch_id: int) -> Batch:
    if not request.user.has_perm("certificates.view_certificate"):
        raise Http404
    return get_object_or_404(Batch.objects.select_related("event"), pk=batch_id)


@login_required
def batch_zip(request: HttpRequest, batch_id: int) -> HttpResponse:
    """Every valid certificate of a batch as one ZIP of PDFs (organisers)."""
    batch = _organiser_batch(request, batch_id)
    response = HttpResponse(selectors.batch_zip(batch), content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="certificates-batch-{batch.pk}.zip"'
    patch_cache_control(response, private=True)  # built on the fly, personal: no shared cache
    return response


@login_required
def batch_pdf(request: HttpRequest, batch_id: int) -> HttpResponse:
    """Every valid certificate of a batch merged into one print-ready PDF (organisers)."""
    batch = _organiser_batch(request, batch_id)
    response = HttpResponse(selectors.batch_merged_pdf(batch), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="certificates-batch-{batch.pk}.pdf"'
    patch_cache_control(response, private=True)  # built on the fly, personal: no shared cache
    return response


# --- Open Badges credentials -------------------------------------------------------------

CREDENTIAL_TYPE = "application/vc"  # IANA: a Verifiable Credential 2.0 with embedded proof


def _credential_response(certificate: Certificate) -> JsonResponse:
    response = JsonResponse(
        certificate.credential,
        content_type=CREDENTIAL_TYPE,
        json_dumps_params={"ensure_ascii": False, "indent": 2},
    )
    response["Content-Disposition"] = f'attachment; filename="{certificate.serial}.json"'
    return response


@login_required
def credential(request: HttpRequest, serial: str) -> JsonResponse:
    """A certificate's Open Badges credential: its holder (valid ones) or an organiser.

    For a superseded certificate an organiser is pointed to the credential that replaced
    it (Link: rel="successor-version").
    """
    certificate = get_object_or_404(
        Certificate.objects.issued().select_related("superseded_by"), serial=serial
    )
    if not selectors.may_download(request.user, certificate) or not certificate.credential:
        raise Http404
    response = _credential_response(certificate)
    if certificate.superseded_by is not None:
        successor = certificate.superseded_by.get_credential_url()
        response["Link"] = f'<{successor}>; rel="successor-version"'
    return response


@never_cache
@require_GET
def verify_credential(request: HttpRequest, code: str) -> HttpResponse:
    """The credential of the certificate with this code, for whoever holds the code (the
    verification page links it); limited like the verification page."""
    if _rate_limited(request):
        return _too_many(request, as_json=True)
    certificate = selectors.by_code(normalise_code(code))
    if certificate is None or not certificate.credential:
        raise Http404
    return _credential_response(certificate)


@require_GET
def status_list(request: HttpRequest, number: int) -> JsonResponse:
    """A published Bitstring Status List credential (public: it names nobody)."""
    published = services.status_list_published(number=number)
    if published is None:
        raise Http404
    response = JsonResponse(published, content_type=CREDENTIAL_TYPE)
    response["Cache-Control"] = "public, max-age=300"
    response["Access-Control-Allow-Origin"] = "*"
    return response


@require_GET
def did_document(request: HttpRequest) -> JsonResponse:
    """The issuer's DID document (did:web); 404 while a development key (did:key) signs."""
    key = credentials.credential_key(rendering.public_base_url())
    if key.development:
        raise Http404
    document = credentials.did_document(key, settings.CREDENTIALS_PREVIOUS_KEYS)
    response = JsonResponse(document, content_type="application/did+ld+json")
    response["Access-Control-Allow-Origin"] = "*"
    return response
