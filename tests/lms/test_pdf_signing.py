"""PAdES signatures (lms.signing): judged by pyHanko's validator and by poppler's pdfsig.

A signed PDF validates with both, and no longer validates once one byte has changed. Keys
come from a PKCS#12 file or PEM key and chain (production) or are made on first use
(development); a configured timestamp authority (a local one here, no network) adds an
RFC 3161 timestamp.
"""

import datetime as dt
import io
import stat
import subprocess
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from asn1crypto import tsp
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID
from pyhanko.keys.internal import (
    translate_pyca_cryptography_cert_to_asn1,
    translate_pyca_cryptography_key_to_asn1,
)
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.timestamps.dummy_client import DummyTimeStamper
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext
from reportlab.pdfgen import canvas

from lms import signing
from tests.outside import program

# --- helpers other tests use --------------------------------------------------------------


def sample_pdf(text: str = "Certificate of attendance") -> bytes:
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer)
    page.drawString(72, 720, text)
    page.save()
    return buffer.getvalue()


def pyhanko_status(data: bytes, trust_roots=(), *, timestamp_roots=()):
    """pyHanko's verdict on the PDF's one signature, trusting `trust_roots`."""
    reader = PdfFileReader(io.BytesIO(data))
    (signature,) = reader.embedded_signatures
    context = ValidationContext(trust_roots=list(trust_roots), allow_fetching=False)
    ts_context = ValidationContext(trust_roots=list(timestamp_roots), allow_fetching=False)
    return validate_pdf_signature(
        signature, signer_validation_context=context, ts_validation_context=ts_context
    )


def pdfsig(data: bytes, tmp_path) -> str:
    """poppler's report on the PDF's signatures (`pdfsig -nocert`: the development key has
    no trusted issuer; the integrity check is what it judges here)."""
    path = tmp_path / "signed.pdf"
    path.write_bytes(data)
    command = [program("pdfsig", "poppler-utils"), "-nocert", str(path)]
    return subprocess.run(command, capture_output=True, text=True, check=False).stdout


def one_byte_changed(data: bytes) -> bytes:
    """The PDF with one byte of its original (signed) content changed: the producer's name."""
    at = data.index(b"ReportLab")
    return data[:at] + b"r" + data[at + 1 :]


# --- key material made by the tests -------------------------------------------------------


def _name(common_name: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)])


def _certificate(subject, issuer, public_key, signing_key, *, ca=False, usage=None):
    now = dt.datetime.now(dt.UTC)
    builder = (
        x509.CertificateBuilder()
        .subject_name(_name(subject))
        .issuer_name(_name(issuer))
        .public_key(public_key)
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=365))
        .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=not ca,
                content_commitment=not ca and not usage,  # non-repudiation: document signing
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=ca,
                crl_sign=ca,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
    )
    if usage:
        builder = builder.add_extension(x509.ExtendedKeyUsage(usage), critical=True)
    return builder.sign(signing_key, hashes.SHA256())


@pytest.fixture(scope="module")
def authority():
    """A root CA and the issuing authority's certificate under it."""
    root_key = ec.generate_private_key(ec.SECP256R1())
    root = _certificate("Test Root CA", "Test Root CA", root_key.public_key(), root_key, ca=True)
    key = ec.generate_private_key(ec.SECP256R1())
    leaf = _certificate(
        "Cabinet Division Training Unit", "Test Root CA", key.public_key(), root_key
    )
    return {"root": root, "key": key, "leaf": leaf}


def _pem(certificate) -> bytes:
    return certificate.public_bytes(serialization.Encoding.PEM)


@pytest.fixture
def keys_dir(settings, tmp_path):
    settings.SIGNING_KEYS_DIR = tmp_path / "keys"
    return settings.SIGNING_KEYS_DIR


# --- development key ----------------------------------------------------------------------


def test_development_key_is_made_once_in_a_private_folder_outside_media(keys_dir, settings):
    first = signing.signing_key()
    assert first.development
    path = keys_dir / signing.DEVELOPMENT_PDF_KEY
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(keys_dir.stat().st_mode) == 0o700
    assert settings.MEDIA_ROOT not in path.parents
    signing._load.cache_clear()  # another process: reads the same file
    assert signing.signing_key().fingerprint == first.fingerprint


def test_signed_pdf_validates_with_pyhanko_and_pdfsig(keys_dir, tmp_path):
    original = sample_pdf()
    signed = signing.pdf_sign(data=original, reason="Certificate GPMS-1 issued", location="Dhaka")
    assert signed.startswith(original)  # an incremental update: the rendering is untouched
    root = signing.signing_key().certificate
    status = pyhanko_status(signed, [root])
    assert status.intact and status.valid and status.trusted
    assert status.coverage.name == "ENTIRE_FILE"
    report = pdfsig(signed, tmp_path)
    assert "Signature Validation: Signature is Valid." in report
    assert "Total document signed" in report
    assert "ETSI.CAdES.detached" in report  # PAdES, not the older PKCS#7 form


def test_a_pdf_changed_by_one_byte_after_signing_fails_both_checks(keys_dir, tmp_path):
    signed = signing.pdf_sign(data=sample_pdf(), reason="Certificate issued")
    tampered = one_byte_changed(signed)
    assert len(tampered) == len(signed) and tampered != signed
    status = pyhanko_status(tampered, [signing.signing_key().certificate])
    assert not status.intact and not status.bottom_line
    report = pdfsig(tampered, tmp_path)
    assert "Signature is Valid." not in report
    assert "Digest Mismatch" in report or "Signature is Invalid" in report


def test_a_file_that_is_not_a_pdf_is_refused_with_a_message(keys_dir):
    with pytest.raises(signing.SigningError) as error:
        signing.pdf_sign(data=b"not a pdf at all", reason="x")
    assert error.value.message.startswith("The PDF could not be signed")


# --- production keys ----------------------------------------------------------------------


def test_production_key_from_a_pkcs12_file_chains_to_its_root(settings, tmp_path, authority):
    path = tmp_path / "authority.p12"
    path.write_bytes(
        pkcs12.serialize_key_and_certificates(
            b"authority",
            authority["key"],
            authority["leaf"],
            [authority["root"]],
            serialization.BestAvailableEncryption(b"s3cret"),
        )
    )
    settings.PDF_SIGNING_PKCS12 = str(path)
    settings.PDF_SIGNING_PASSPHRASE = "s3cret"
    key = signing.signing_key()
    assert not key.development and "Cabinet Division Training Unit" in key.subject
    signed = signing.pdf_sign(data=sample_pdf(), reason="Certificate issued")
    root = translate_pyca_cryptography_cert_to_asn1(authority["root"])
    status = pyhanko_status(signed, [root])
    assert status.intact and status.valid and status.trusted
    assert not pyhanko_status(signed, []).trusted  # trust comes from the root, not the file


def test_production_key_from_pem_key_certificate_and_chain(settings, tmp_path, authority):
    key_path, cert_path, chain_path = (tmp_path / n for n in ("key.pem", "cert.pem", "ca.pem"))
    key_path.write_bytes(
        authority["key"].private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.BestAvailableEncryption(b"pem-pass"),
        )
    )
    cert_path.write_bytes(_pem(authority["leaf"]))
    chain_path.write_bytes(_pem(authority["root"]))
    settings.PDF_SIGNING_KEY, settings.PDF_SIGNING_CERT = str(key_path), str(cert_path)
    settings.PDF_SIGNING_CHAIN = [str(chain_path)]
    settings.PDF_SIGNING_PASSPHRASE = "pem-pass"
    signed = signing.pdf_sign(data=sample_pdf(), reason="Certificate issued")
    status = pyhanko_status(signed, [translate_pyca_cryptography_cert_to_asn1(authority["root"])])
    assert status.bottom_line


def test_a_wrong_passphrase_or_missing_file_is_reported_by_name(settings, tmp_path, authority):
    path = tmp_path / "authority.p12"
    path.write_bytes(
        pkcs12.serialize_key_and_certificates(
            b"a", authority["key"], authority["leaf"], None, serialization.NoEncryption()
        )
    )
    settings.PDF_SIGNING_PKCS12 = str(tmp_path / "missing.p12")
    with pytest.raises(signing.SigningError) as error:
        signing.pdf_sign(data=sample_pdf(), reason="x")
    assert "missing.p12" in error.value.message
    settings.PDF_SIGNING_PKCS12 = ""
    settings.PDF_SIGNING_KEY = str(path)
    with pytest.raises(signing.SigningError) as error:
        signing.signing_key()
    assert "PDF_SIGNING_CERT" in error.value.message


# --- timestamps ---------------------------------------------------------------------------


class _TimestampHandler(BaseHTTPRequestHandler):
    def do_POST(self):  # noqa: N802 (http.server's name)
        request = tsp.TimeStampReq.load(self.rfile.read(int(self.headers["Content-Length"])))
        body = self.server.stamper.request_tsa_response(request).dump()
        self.send_response(200)
        self.send_header("Content-Type", "application/timestamp-reply")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def timestamp_authority():
    """A local RFC 3161 timestamp authority over HTTP (pyHanko's DummyTimeStamper answers)."""
    root_key = ec.generate_private_key(ec.SECP256R1())
    root = _certificate("Test TSA Root", "Test TSA Root", root_key.public_key(), root_key, ca=True)
    tsa_key = rsa.generate_private_key(
        public_exponent=65537, key_size=2048
    )  # pyHanko's is RSA-only
    tsa = _certificate(
        "Test TSA",
        "Test TSA Root",
        tsa_key.public_key(),
        root_key,
        usage=[ExtendedKeyUsageOID.TIME_STAMPING],
    )
    server = ThreadingHTTPServer(("127.0.0.1", 0), _TimestampHandler)
    server.stamper = DummyTimeStamper(
        tsa_cert=translate_pyca_cryptography_cert_to_asn1(tsa),
        tsa_key=translate_pyca_cryptography_key_to_asn1(tsa_key),
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield {"url": f"http://127.0.0.1:{server.server_port}/", "root": root}
    server.shutdown()
    server.server_close()


def test_a_configured_timestamp_authority_timestamps_the_signature(
    settings, keys_dir, timestamp_authority, tmp_path
):
    settings.PDF_SIGNING_TSA_URL = timestamp_authority["url"]
    signed = signing.pdf_sign(data=sample_pdf(), reason="Certificate issued")
    tsa_root = translate_pyca_cryptography_cert_to_asn1(timestamp_authority["root"])
    status = pyhanko_status(signed, [signing.signing_key().certificate], timestamp_roots=[tsa_root])
    assert status.timestamp_validity is not None
    assert status.timestamp_validity.intact and status.timestamp_validity.trusted
    assert status.bottom_line
    assert "Signature Validation: Signature is Valid." in pdfsig(signed, tmp_path)


def test_an_unreachable_timestamp_authority_is_reported(settings, keys_dir):
    settings.PDF_SIGNING_TSA_URL = "http://127.0.0.1:9/"  # the discard port: nobody answers
    with pytest.raises(signing.SigningError) as error:
        signing.pdf_sign(data=sample_pdf(), reason="Certificate issued")
    assert "127.0.0.1:9" in error.value.message
