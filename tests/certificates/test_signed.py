"""Issued certificate PDFs are signed before their SHA-256 is recorded, reissues too, and the
admin says when the signing key is a development key."""

import hashlib
import io

import pytest
from pyhanko.pdf_utils.reader import PdfFileReader

from certificates.services import certificate_issue, certificate_reissue
from lms import signing
from tests.certificates.conftest import participant
from tests.lms.test_pdf_signing import one_byte_changed, pdfsig, pyhanko_status

pytestmark = pytest.mark.django_db


@pytest.fixture
def certificate(templates, batch):
    person = participant(name="Nasrin Akter", name_bn="নাসরিন আক্তার")
    return certificate_issue(kind="attendance", participant=person, subject=batch)


def _bytes(certificate) -> bytes:
    with certificate.pdf.open("rb") as handle:
        return handle.read()


def test_the_issued_pdf_is_signed_and_its_sha256_is_that_of_the_signed_file(certificate, tmp_path):
    data = _bytes(certificate)
    assert hashlib.sha256(data).hexdigest() == certificate.sha256
    status = pyhanko_status(data, [signing.signing_key().certificate])
    assert status.bottom_line
    assert status.coverage.name == "ENTIRE_FILE"
    assert "Signature Validation: Signature is Valid." in pdfsig(data, tmp_path)
    (signature,) = PdfFileReader(io.BytesIO(data)).embedded_signatures
    assert certificate.serial in str(signature.sig_object["/Reason"])


def test_an_altered_certificate_fails_the_checks_a_holder_or_employer_can_run(
    certificate, tmp_path
):
    altered = one_byte_changed(_bytes(certificate))
    assert not pyhanko_status(altered, [signing.signing_key().certificate]).intact
    assert "Signature is Valid." not in pdfsig(altered, tmp_path)


def test_a_reissued_certificate_is_signed_too(certificate, organiser, tmp_path):
    new = certificate_reissue(certificate=certificate, by=organiser, reason="Name corrected")
    assert "Signature Validation: Signature is Valid." in pdfsig(_bytes(new), tmp_path)


def test_a_broken_signing_key_leaves_the_certificate_pending_with_a_message(
    settings, templates, batch, tmp_path
):
    settings.PDF_SIGNING_PKCS12 = str(tmp_path / "missing.p12")
    from certificates.services import CertificateError

    person = participant(name="Karim Uddin")
    with pytest.raises(CertificateError) as error:
        certificate_issue(kind="attendance", participant=person, subject=batch)
    assert "could not be signed" in error.value.message and "missing.p12" in error.value.message
    held = person.certificates.get()
    assert held.status == "pending" and not held.sha256  # the next run resumes it
    settings.PDF_SIGNING_PKCS12 = ""
    assert certificate_issue(kind="attendance", participant=person, subject=batch).pk == held.pk


def test_admin_pages_say_a_development_key_signs(client, organiser, certificate):
    client.force_login(organiser)
    for url in [
        f"/admin/certificates/certificate/{certificate.pk}/",
        "/admin/certificates/bulk/",
        "/admin/certificates/issued/",
    ]:
        html = client.get(url).content.decode()
        assert "PDFs are signed with a development key" in html, url


def test_admin_pages_name_the_production_signer_instead(
    client, organiser, certificate, settings, tmp_path
):
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import ec

    from tests.lms.test_pdf_signing import _certificate, _pem

    key = ec.generate_private_key(ec.SECP256R1())
    cert = _certificate("Cabinet Division", "Cabinet Division", key.public_key(), key)
    (tmp_path / "k.pem").write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    (tmp_path / "c.pem").write_bytes(_pem(cert))
    settings.PDF_SIGNING_KEY = str(tmp_path / "k.pem")
    settings.PDF_SIGNING_CERT = str(tmp_path / "c.pem")
    client.force_login(organiser)
    html = client.get(f"/admin/certificates/certificate/{certificate.pk}/").content.decode()
    assert "PDFs are signed with a development key" not in html
    assert "PDFs are signed by" in html and "Cabinet Division" in html
