"""Open Badges 3.0 credentials: what a certificate says, signed so anyone can check it offline.

A credential is a W3C Verifiable Credential 2.0 of type OpenBadgeCredential, secured with a
Data Integrity proof (cryptosuite eddsa-rdfc-2022: the document and the proof options are
canonicalised with RDF Dataset Canonicalization, hashed with SHA-256 and signed with
Ed25519). Its `credentialStatus` points into a Bitstring Status List credential that the
portal publishes, where revoked and superseded certificates have their bit set.

Issuer: `did:web` of the portal's public address when CREDENTIALS_SIGNING_KEY names the
production key (the portal serves the DID document at /.well-known/did.json), else a
development key made on first use under SIGNING_KEYS_DIR and the issuer `did:key` of it.

Everything here is pure except `credential_key()` (reads or makes the key file). The JSON-LD
contexts are bundled in certificates/contexts/: nothing is fetched at run time.
"""

from __future__ import annotations

import base64
import datetime as dt
import gzip
import hashlib
import json
import unicodedata
import uuid
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from urllib.parse import quote, urlsplit

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)
from django.conf import settings
from pyld import jsonld

from lms.signing import keys_dir, private_file

VC_V2 = "https://www.w3.org/ns/credentials/v2"
OB_V3 = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
DID_V1 = "https://www.w3.org/ns/did/v1"
MULTIKEY_V1 = "https://w3id.org/security/multikey/v1"
CONTEXTS_DIR = Path(__file__).resolve().parent / "contexts"
BUNDLED = {
    VC_V2: CONTEXTS_DIR / "credentials-v2.jsonld",
    OB_V3: CONTEXTS_DIR / "ob-v3p0-context-3.0.3.json",
}
# Bitstring Status List: 131,072 entries (16 KB) per list, the specification's minimum,
# so that a list hides which of many certificates a verifier asks about.
STATUS_LIST_SIZE = 131_072
# An odd multiplier spreads consecutive certificates over a list (a bijection modulo 2**17):
# the position tells nothing about the order of issue.
_SPREAD = 92_821
DEVELOPMENT_CREDENTIAL_KEY = "credentials-development-ed25519.pem"
ED25519_MULTICODEC = b"\xed\x01"


class CredentialError(Exception):
    """A credential or its key could not be made or read; the message says why."""


# --- encodings (pure) --------------------------------------------------------------------

_B58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"


def base58btc_encode(data: bytes) -> str:
    """Bitcoin's base58 alphabet, as multibase 'z' uses it (leading zero bytes -> '1')."""
    number = int.from_bytes(data, "big")
    digits = []
    while number:
        number, remainder = divmod(number, 58)
        digits.append(_B58[remainder])
    zeros = len(data) - len(data.lstrip(b"\0"))
    return "1" * zeros + "".join(reversed(digits))


def base58btc_decode(text: str) -> bytes:
    number = 0
    for char in text:
        index = _B58.find(char)
        if index < 0:
            raise ValueError(f"not base58: {char!r}")
        number = number * 58 + index
    zeros = len(text) - len(text.lstrip("1"))
    body = number.to_bytes((number.bit_length() + 7) // 8, "big") if number else b""
    return b"\0" * zeros + body


def multibase_public_key(public: bytes) -> str:
    """An Ed25519 public key as Multikey `publicKeyMultibase` ('z6Mk...')."""
    return "z" + base58btc_encode(ED25519_MULTICODEC + public)


def public_key_from_multibase(text: str) -> bytes:
    if not text.startswith("z"):
        raise ValueError("publicKeyMultibase must be base58btc ('z...')")
    data = base58btc_decode(text[1:])
    if data[:2] != ED25519_MULTICODEC or len(data) != 34:
        raise ValueError("not an Ed25519 public key")
    return data[2:]


def did_web(base_url: str) -> str:
    """The did:web of a public address: https://host:8443/path -> did:web:host%3A8443:path."""
    parts = urlsplit(base_url)
    if not parts.hostname:
        raise CredentialError(f"The portal's public address {base_url!r} has no host name.")
    host = parts.hostname + (f"%3A{parts.port}" if parts.port else "")
    path = [quote(segment, safe="") for segment in parts.path.split("/") if segment]
    return ":".join(["did:web", host, *path])


# --- the key -----------------------------------------------------------------------------


@dataclass(frozen=True)
class CredentialKey:
    """The Ed25519 key credentials are signed with and the issuer it belongs to."""

    private_key: Ed25519PrivateKey
    did: str
    development: bool

    @property
    def public_multibase(self) -> str:
        public = self.private_key.public_key().public_bytes(
            serialization.Encoding.Raw, serialization.PublicFormat.Raw
        )
        return multibase_public_key(public)

    @property
    def verification_method(self) -> str:
        return f"{self.did}#{self.public_multibase}"


def _new_ed25519_pem() -> bytes:
    return Ed25519PrivateKey.generate().private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )


def _load_private_key(data: bytes, passphrase: str, source: str) -> Ed25519PrivateKey:
    try:
        key = serialization.load_pem_private_key(data, password=passphrase.encode() or None)
    except (ValueError, TypeError) as error:
        raise CredentialError(f"The credential key in {source} cannot be read: {error}") from error
    if not isinstance(key, Ed25519PrivateKey):
        raise CredentialError(f"The credential key in {source} is not an Ed25519 key.")
    return key


@lru_cache(maxsize=4)
def _key(path: str, passphrase: str, base_url: str, folder: str) -> CredentialKey:
    if path:
        try:
            data = Path(path).read_bytes()
        except OSError as error:
            raise CredentialError(f"The credential key {path} cannot be read: {error}") from error
        key = _load_private_key(data, passphrase, path)
        return CredentialKey(private_key=key, did=did_web(base_url), development=False)
    data = private_file(DEVELOPMENT_CREDENTIAL_KEY, _new_ed25519_pem)
    key = _load_private_key(data, "", str(keys_dir() / DEVELOPMENT_CREDENTIAL_KEY))
    public = key.public_key().public_bytes(
        serialization.Encoding.Raw, serialization.PublicFormat.Raw
    )
    fingerprint = multibase_public_key(public)
    return CredentialKey(private_key=key, did=f"did:key:{fingerprint}", development=True)


def credential_key(base_url: str) -> CredentialKey:
    """The configured credential key; `base_url` is the portal's public address (did:web)."""
    return _key(
        settings.CREDENTIALS_SIGNING_KEY,
        settings.CREDENTIALS_SIGNING_PASSPHRASE,
        base_url,
        str(settings.SIGNING_KEYS_DIR),
    )


def did_document(key: CredentialKey, previous_keys: list[str]) -> dict:
    """The did:web DID document: the current key and the retired ones still trusted.

    Credentials signed before a key rotation name their old key; listing it here (from
    CREDENTIALS_PREVIOUS_KEYS) keeps them verifiable. Dropping it makes them fail.
    """
    keys = [key.public_multibase] + [k for k in previous_keys if k != key.public_multibase]
    methods = [
        {
            "id": f"{key.did}#{multibase}",
            "type": "Multikey",
            "controller": key.did,
            "publicKeyMultibase": multibase,
        }
        for multibase in keys
    ]
    ids = [method["id"] for method in methods]
    return {
        "@context": [DID_V1, MULTIKEY_V1],
        "id": key.did,
        "verificationMethod": methods,
        "assertionMethod": ids,
        "authentication": ids[:1],
    }


# --- canonicalisation and proofs ---------------------------------------------------------


@cache
def _bundled(url: str) -> dict:
    return json.loads(BUNDLED[url].read_text(encoding="utf-8"))


def document_loader(url: str, options=None) -> dict:
    """pyld's loader: the bundled contexts only ('static' lets pyld cache their processing)."""
    if url not in BUNDLED:
        raise CredentialError(f"JSON-LD context {url} is not bundled; nothing is fetched.")
    return {"contextUrl": None, "documentUrl": url, "document": _bundled(url), "tag": "static"}


def canonical_nquads(document: dict) -> str:
    """RDF Dataset Canonicalization of a JSON-LD document, as N-Quads.

    pyld's URDNA2015 is RDFC-1.0 for every document without control characters in its
    strings (they differ only in how those are escaped); credential_text() removes them.
    """
    return jsonld.normalize(
        document,
        {
            "algorithm": "URDNA2015",
            "format": "application/n-quads",
            "documentLoader": document_loader,
        },
    )


@lru_cache(maxsize=256)
def _canonical_proof_options(options_json: str) -> bytes:
    # Bulk issue signs many credentials within the same second: the proof options are then
    # identical, and so is their canonical form.
    return canonical_nquads(json.loads(options_json)).encode()


def _hash_data(document: dict, options: dict) -> bytes:
    unsigned = {key: value for key, value in document.items() if key != "proof"}
    options_json = json.dumps({**options, "@context": document["@context"]}, sort_keys=True)
    return (
        hashlib.sha256(_canonical_proof_options(options_json)).digest()
        + hashlib.sha256(canonical_nquads(unsigned).encode()).digest()
    )


def proof_sign(document: dict, *, key: CredentialKey, created: dt.datetime) -> dict:
    """`document` with a DataIntegrityProof (eddsa-rdfc-2022, assertionMethod) added."""
    options = {
        "type": "DataIntegrityProof",
        "cryptosuite": "eddsa-rdfc-2022",
        "created": created.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "verificationMethod": key.verification_method,
        "proofPurpose": "assertionMethod",
    }
    signature = key.private_key.sign(_hash_data(document, options))
    return {**document, "proof": {**options, "proofValue": "z" + base58btc_encode(signature)}}


def proof_verify(document: dict, *, public_multibase: str) -> bool:
    """Whether the document's eddsa-rdfc-2022 proof was made by this key over this content."""
    proof = document.get("proof") or {}
    if proof.get("cryptosuite") != "eddsa-rdfc-2022" or not proof.get("proofValue", "z")[1:]:
        return False
    options = {k: v for k, v in proof.items() if k != "proofValue"}
    public = Ed25519PublicKey.from_public_bytes(public_key_from_multibase(public_multibase))
    try:
        public.verify(base58btc_decode(proof["proofValue"][1:]), _hash_data(document, options))
    except (InvalidSignature, ValueError):
        return False
    return True


# --- what a certificate says -------------------------------------------------------------


def credential_text(text: str) -> str:
    """Text as a credential carries it: without control characters (see canonical_nquads)."""
    return "".join(" " if unicodedata.category(ch) == "Cc" else ch for ch in text).strip()


def status_position(certificate_id: int) -> int:
    """The certificate's entry in the status lists: list (index // size) and position."""
    block, rest = divmod(certificate_id, STATUS_LIST_SIZE)
    return block * STATUS_LIST_SIZE + (rest * _SPREAD) % STATUS_LIST_SIZE


def status_list_url(base_url: str, number: int) -> str:
    return f"{base_url.rstrip('/')}/credentials/status/{number}"


def status_entry(base_url: str, status_index: int) -> dict:
    number, position = divmod(status_index, STATUS_LIST_SIZE)
    list_url = status_list_url(base_url, number + 1)
    return {
        "id": f"{list_url}#{position}",
        "type": "BitstringStatusListEntry",
        "statusPurpose": "revocation",
        "statusListIndex": str(position),
        "statusListCredential": list_url,
    }


def _midnight_dhaka(day: dt.date) -> str:
    return f"{day.isoformat()}T00:00:00+06:00"


@dataclass(frozen=True)
class Facts:
    """What the credential states about one certificate (read from its snapshot)."""

    kind: str
    kind_label: str
    achievement_type: str
    name: str
    name_bn: str
    subject_key: str
    subject_title: str
    batch_label: str
    start_date: dt.date | None
    end_date: dt.date | None
    venue: str
    hours: str
    issued_on: dt.date
    criteria: str
    status_index: int


def _description(facts: Facts) -> str:
    parts = [f"{facts.kind_label}: {facts.subject_title}"]
    if facts.batch_label:
        parts.append(f"batch {facts.batch_label}")
    if facts.start_date:
        dates = facts.start_date.isoformat()
        if facts.end_date and facts.end_date != facts.start_date:
            dates += f" to {facts.end_date.isoformat()}"
        parts.append(dates)
    if facts.venue:
        parts.append(facts.venue)
    if facts.hours:
        parts.append(f"{facts.hours} hours of training")
    return credential_text(", ".join(parts) + ".")


def badge_credential(facts: Facts, *, issuer: dict, base_url: str) -> dict:
    """The unsigned OpenBadgeCredential (VC 2.0) of a certificate."""
    achievement_id = uuid.uuid5(uuid.NAMESPACE_URL, f"{base_url}/achievements/{facts.subject_key}")
    identifiers = [
        {"type": "IdentityObject", "identityType": "name", "hashed": False, "identityHash": name}
        for name in dict.fromkeys(filter(None, [facts.name, facts.name_bn]))
    ]
    subject = {
        "type": ["AchievementSubject"],
        "name": credential_text(facts.name),
        "identifier": identifiers,
        "achievement": {
            "id": f"urn:uuid:{achievement_id}",
            "type": ["Achievement"],
            "achievementType": facts.achievement_type,
            "name": credential_text(facts.subject_title),
            "description": _description(facts),
            "criteria": {"narrative": credential_text(facts.criteria)},
            "inLanguage": "en",
        },
    }
    if facts.start_date:
        subject["activityStartDate"] = facts.start_date.isoformat()
        subject["activityEndDate"] = (facts.end_date or facts.start_date).isoformat()
    return {
        "@context": [VC_V2, OB_V3],
        "id": f"urn:uuid:{uuid.uuid4()}",
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": credential_text(f"{facts.kind_label}: {facts.subject_title}"),
        "issuer": issuer,
        "validFrom": _midnight_dhaka(facts.issued_on),
        "credentialSubject": subject,
        "credentialStatus": status_entry(base_url, facts.status_index),
    }


def issuer_profile(key: CredentialKey, *, name: str, base_url: str) -> dict:
    return {"id": key.did, "type": ["Profile"], "name": name, "url": base_url.rstrip("/") + "/"}


# --- the status list ---------------------------------------------------------------------


def encode_status_list(revoked_positions, size: int = STATUS_LIST_SIZE) -> str:
    """The bitstring (position 0 = the first byte's highest bit), GZIP, multibase base64url."""
    bits = bytearray(size // 8)
    for position in revoked_positions:
        bits[position // 8] |= 0x80 >> (position % 8)
    packed = gzip.compress(bytes(bits), mtime=0)
    return "u" + base64.urlsafe_b64encode(packed).decode().rstrip("=")


def decode_status_list(encoded: str) -> bytes:
    if not encoded.startswith("u"):
        raise ValueError("encodedList must be multibase base64url ('u...')")
    body = encoded[1:]
    return gzip.decompress(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))


def status_list_credential(
    *, base_url: str, number: int, revoked_positions, issuer_did: str, valid_from: dt.datetime
) -> dict:
    """The unsigned BitstringStatusListCredential of list `number` (revocation)."""
    url = status_list_url(base_url, number)
    return {
        "@context": [VC_V2],
        "id": url,
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": issuer_did,
        "validFrom": valid_from.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "credentialSubject": {
            "id": f"{url}#list",
            "type": "BitstringStatusList",
            "statusPurpose": "revocation",
            "encodedList": encode_status_list(revoked_positions),
        },
    }
