"""PAdES signatures on the PDFs the portal issues (certificates; office orders later).

`pdf_sign(data=..., reason=...)` takes the bytes of a finished PDF and returns them signed
with the issuing authority's key: an invisible PAdES baseline signature (ETSI.CAdES.detached,
SHA-256, the signer's certificate and chain embedded, with an RFC 3161 timestamp when
PDF_SIGNING_TSA_URL is set). Any PDF reader, pyHanko or poppler's `pdfsig` then tells whether
a byte changed since and who signed it.

Where the key comes from (settings, read from the environment):

- PDF_SIGNING_PKCS12 (+ PDF_SIGNING_PASSPHRASE): a PKCS#12 file with key, certificate and
  chain; or PDF_SIGNING_KEY + PDF_SIGNING_CERT (+ PDF_SIGNING_CHAIN, PEM or DER files).
- Neither: a development key. A self-signed ECDSA certificate is made on first use under
  SIGNING_KEYS_DIR (a private folder outside the repository's tracked files and MEDIA_ROOT)
  and used from then on. Nobody outside can trust it; `signing_key().development` says so,
  and the admin's certificate pages show it.

The key is loaded once per process (and again when the settings change).
"""

from __future__ import annotations

import asyncio
import dataclasses
import datetime as dt
import io
import os
import tempfile
import warnings
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

from asn1crypto import cms
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID
from django.conf import settings
from django.utils.translation import gettext_lazy as _

with warnings.catch_warnings():
    # pyHanko imports DSA support at start-up, which cryptography deprecates; nothing here
    # signs with DSA, and the warning would be printed by every manage.py command.
    warnings.filterwarnings("ignore", message="DSA is deprecated")
    from pyhanko.keys import (
        load_certs_from_pemder_data,
        load_private_key_from_pemder_data,
    )
    from pyhanko.keys.internal import (
        translate_pyca_cryptography_cert_to_asn1,
        translate_pyca_cryptography_key_to_asn1,
    )
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.pdf_utils.misc import PdfError
    from pyhanko.sign import fields, signers
    from pyhanko.sign.timestamps import HTTPTimeStamper
    from pyhanko_certvalidator.registry import SimpleCertificateStore

DEVELOPMENT_PDF_KEY = "pdf-signing-development.pem"
FIELD_NAME = "IssuingAuthority"
# Signed attributes that do not change from one signature to the next (see _PadesSigner).
_CONSTANT_ATTRIBUTES = {"content_type", "signing_certificate_v2", "cms_algorithm_protection"}


class SigningError(Exception):
    """The PDF could not be signed (bad key configuration, unreadable PDF, TSA down)."""

    messages = {
        "no_key": _("The PDF signing key could not be read from %(path)s: %(error)s"),
        "no_certificate": _("%(path)s holds no certificate for the signing key."),
        "half_configured": _(
            "PDF_SIGNING_KEY and PDF_SIGNING_CERT must be set together (or PDF_SIGNING_PKCS12)."
        ),
        "bad_pdf": _("The PDF could not be signed: %(error)s"),
        "timestamp": _("The timestamp authority at %(url)s did not answer: %(error)s"),
    }

    def __init__(self, code: str, **params):
        self.code = code
        self.message = str(self.messages[code]) % params
        super().__init__(self.message)


class _PadesSigner(signers.SimpleSigner):
    """pyHanko's SimpleSigner, keeping the signed attributes that never change.

    pyHanko builds content-type, signing-certificate-v2 (a hash of our certificate) and the
    algorithm protection attribute afresh for every signature through asn1crypto, which
    costs more than rendering a small PDF. They depend only on the certificate and the
    algorithms, so they are built once by pyHanko itself and reused; only the message
    digest is new each time. Any other attribute in pyHanko's set (a future version, other
    settings) turns the reuse off.
    """

    _constant: dict

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._constant = {}

    async def signed_attrs(self, data_digest, digest_algorithm, *args, **kwargs):
        settings_ = kwargs.get("attr_settings")
        if dataclasses.is_dataclass(settings_) and kwargs.get("use_pades"):
            # PAdES puts the signing time in the signature dictionary, not in here.
            kwargs_key = {**kwargs, "attr_settings": replace(settings_, signing_time=None)}
        else:
            kwargs_key = kwargs
        key = (digest_algorithm, repr(args), repr(sorted(kwargs_key.items())))
        template = self._constant.get(key)
        if template is None:
            built = await super().signed_attrs(data_digest, digest_algorithm, *args, **kwargs)
            names = {attribute["type"].native for attribute in built}
            if not names <= _CONSTANT_ATTRIBUTES | {"message_digest"}:
                return built
            template = [cms.CMSAttribute.load(attribute.dump()) for attribute in built]
            self._constant[key] = template
            return built
        return cms.CMSAttributes(
            [
                cms.CMSAttribute({"type": "message_digest", "values": [data_digest]})
                if attribute["type"].native == "message_digest"
                else attribute
                for attribute in template
            ]
        )


@dataclass(frozen=True)
class SigningKey:
    """The key PDFs are signed with, its certificate and where it came from."""

    signer: _PadesSigner
    development: bool
    source: str

    @property
    def certificate(self):
        return self.signer.signing_cert

    @property
    def subject(self) -> str:
        return self.certificate.subject.human_friendly

    @property
    def fingerprint(self) -> str:
        """SHA-256 of the certificate, as printed by `openssl x509 -fingerprint -sha256`."""
        digest = self.certificate.sha256.hex().upper()
        return ":".join(digest[i : i + 2] for i in range(0, len(digest), 2))

    @property
    def valid_until(self) -> dt.datetime:
        return self.certificate.not_valid_after


# --- the private folder -----------------------------------------------------------------


def keys_dir() -> Path:
    """SIGNING_KEYS_DIR, created private (0700) when missing."""
    folder = Path(settings.SIGNING_KEYS_DIR)
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    return folder


def private_file(name: str, make) -> bytes:
    """The bytes of `name` in the keys folder; on first use `make()` writes them (0600).

    Written to a temporary file and linked into place, so that two processes starting at
    once (test workers, gunicorn workers) end up using the same key: the second link fails
    and that process reads the first one's file.
    """
    path = keys_dir() / name
    if path.exists():
        return path.read_bytes()
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{name}.")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(make())
        try:
            os.link(temporary, path)
        except FileExistsError:
            pass
    finally:
        os.unlink(temporary)
    return path.read_bytes()


def _development_certificate() -> bytes:
    """A new ECDSA P-256 key and a self-signed certificate for it, as one PEM."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name(
        [
            x509.NameAttribute(NameOID.COMMON_NAME, "GPMS Training development signing key"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Development only - not trusted"),
        ]
    )
    now = dt.datetime.now(dt.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=10 * 365))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=True,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=False,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .sign(key, hashes.SHA256())
    )
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ) + certificate.public_bytes(serialization.Encoding.PEM)


# --- loading ------------------------------------------------------------------------------


def _read(path: str) -> bytes:
    try:
        return Path(path).read_bytes()
    except OSError as error:
        raise SigningError("no_key", path=path, error=error.strerror or error) from error


def _signer(key, certificate, chain) -> _PadesSigner:
    store = SimpleCertificateStore()
    store.register_multiple(chain)
    return _PadesSigner(signing_key=key, signing_cert=certificate, cert_registry=store)


def _from_pkcs12(path: str, passphrase: str) -> SigningKey:
    try:
        key, certificate, chain = pkcs12.load_key_and_certificates(
            _read(path), passphrase.encode() or None
        )
    except ValueError as error:
        raise SigningError("no_key", path=path, error=error) from error
    if key is None or certificate is None:
        raise SigningError("no_certificate", path=path)
    signer = _signer(
        translate_pyca_cryptography_key_to_asn1(key),
        translate_pyca_cryptography_cert_to_asn1(certificate),
        [translate_pyca_cryptography_cert_to_asn1(c) for c in chain],
    )
    return SigningKey(signer=signer, development=False, source=path)


def _from_pem(key_path: str, cert_path: str, chain_paths, passphrase: str) -> SigningKey:
    try:
        key = load_private_key_from_pemder_data(
            _read(key_path), passphrase=passphrase.encode() or None
        )
    except (ValueError, TypeError) as error:
        raise SigningError("no_key", path=key_path, error=error) from error
    certificates = list(load_certs_from_pemder_data(_read(cert_path)))
    if not certificates:
        raise SigningError("no_certificate", path=cert_path)
    chain = certificates[1:]
    for path in chain_paths:
        chain += list(load_certs_from_pemder_data(_read(path)))
    signer = _signer(key, certificates[0], chain)
    return SigningKey(signer=signer, development=False, source=cert_path)


def _development() -> SigningKey:
    data = private_file(DEVELOPMENT_PDF_KEY, _development_certificate)
    key = load_private_key_from_pemder_data(data, passphrase=None)
    (certificate,) = load_certs_from_pemder_data(data)
    path = str(keys_dir() / DEVELOPMENT_PDF_KEY)
    return SigningKey(signer=_signer(key, certificate, []), development=True, source=path)


@lru_cache(maxsize=4)
def _load(pkcs12_path, key_path, cert_path, chain_paths, passphrase, keys_folder) -> SigningKey:
    if pkcs12_path:
        return _from_pkcs12(pkcs12_path, passphrase)
    if key_path or cert_path:
        if not (key_path and cert_path):
            raise SigningError("half_configured")
        return _from_pem(key_path, cert_path, chain_paths, passphrase)
    return _development()


def signing_key() -> SigningKey:
    """The configured PDF signing key (see the module docstring); raises SigningError."""
    return _load(
        settings.PDF_SIGNING_PKCS12,
        settings.PDF_SIGNING_KEY,
        settings.PDF_SIGNING_CERT,
        tuple(settings.PDF_SIGNING_CHAIN),
        settings.PDF_SIGNING_PASSPHRASE,
        str(settings.SIGNING_KEYS_DIR),
    )


# --- signing ------------------------------------------------------------------------------


def _reserved(key: SigningKey) -> int:
    """Room for the signature container: the embedded certificates plus the signature."""
    certificates = [key.certificate, *key.signer.cert_registry]
    size = sum(len(c.dump()) for c in certificates) + 2048
    return size + size % 2  # pyHanko writes it as hex digits: an even number


def _run(coroutine):
    """Run pyHanko's coroutine to the end, also from a thread whose event loop is already
    running (asyncio.run refuses there): then in a thread of its own."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coroutine)
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


def pdf_sign(*, data: bytes, reason: str, location: str = "", contact: str = "") -> bytes:
    """`data` (a whole PDF) signed by the issuing authority; raises SigningError.

    The signature is appended as an incremental update: the original bytes stay as they
    were, so a PDF reader can also show the document as rendered.
    """
    key = signing_key()
    tsa_url = settings.PDF_SIGNING_TSA_URL
    metadata = signers.PdfSignatureMetadata(
        field_name=FIELD_NAME,
        subfilter=fields.SigSeedSubFilter.PADES,
        md_algorithm="sha256",
        reason=reason,
        location=location or None,
        contact_info=contact or None,
    )
    timestamper = HTTPTimeStamper(tsa_url, timeout=10) if tsa_url else None
    signer = signers.PdfSigner(metadata, signer=key.signer, timestamper=timestamper)
    try:
        writer = IncrementalPdfFileWriter(io.BytesIO(data))
        output = _run(
            signer.async_sign_pdf(
                writer,
                # A timestamp token's size is not known before asking: pyHanko measures it.
                bytes_reserved=None if tsa_url else _reserved(key),
                chunk_size=1 << 20,
            )
        )
    except (PdfError, ValueError, KeyError) as error:
        raise SigningError("bad_pdf", error=error) from error
    except OSError as error:  # TimeoutError and pyHanko's TimestampRequestError too
        raise SigningError("timestamp", url=tsa_url, error=error) from error
    return output.getvalue()
