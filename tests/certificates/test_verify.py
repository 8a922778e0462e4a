"""The public verification page and its JSON: valid, revoked, superseded, unknown."""

import hashlib

import pytest
from django.urls import reverse

from certificates.services import certificate_issue, certificate_reissue, certificate_revoke
from tests.certificates.conftest import participant

pytestmark = pytest.mark.django_db


@pytest.fixture
def certificate(templates, batch):
    person = participant(
        name="Rahima Khatun",
        name_bn="রহিমা খাতুন",
        email="rahima@example.gov.bd",
        designation="Senior Assistant Secretary",
        mobile="+8801711000000",
    )
    return certificate_issue(kind="attendance", participant=person, subject=batch)


def test_valid_certificate_shows_name_what_for_and_date_only(client, certificate):
    response = client.get(f"/verify/{certificate.code}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Valid certificate" in html
    assert "Rahima Khatun" in html and "রহিমা খাতুন" in html
    assert certificate.subject_title in html and certificate.serial in html
    for private in ["rahima@example.gov.bd", "+8801711000000", "Senior Assistant Secretary"]:
        assert private not in html


def test_codes_are_accepted_as_printed_and_in_lower_case(client, certificate):
    typed = certificate.code_display.lower()
    response = client.get("/verify/", {"code": typed})
    assert response.status_code == 302
    assert response["Location"] == f"/verify/{certificate.code}/"
    response = client.get(f"/verify/{typed}/")
    assert response.status_code == 302


def test_json_of_a_valid_certificate(client, certificate):
    data = client.get(f"/verify/{certificate.code}.json").json()
    assert data == {
        "status": "valid",
        "status_label": "Valid",
        "code": certificate.code,
        "serial": certificate.serial,
        "name": "Rahima Khatun",
        "name_bn": "রহিমা খাতুন",
        "kind": "attendance",
        "kind_label": "Certificate of attendance",
        "for": certificate.subject_title,
        "for_bn": "",
        "batch": "",
        "start_date": "2015-01-12",
        "end_date": "2015-01-13",
        "issued_on": certificate.issued_on.isoformat(),
        "sha256": certificate.sha256,
    }


def test_the_sha256_in_the_json_is_that_of_the_issued_pdf(client, certificate):
    # Whoever holds a file checks it against the JSON: the hash of the stored PDF's bytes.
    with certificate.pdf.open("rb") as handle:
        issued = hashlib.sha256(handle.read()).hexdigest()
    assert client.get(f"/verify/{certificate.code}.json").json()["sha256"] == issued
    assert len(issued) == 64


def test_revoked_certificate_says_when_and_why(client, certificate, organiser):
    certificate_revoke(certificate=certificate, by=organiser, reason="Did not attend")
    html = client.get(f"/verify/{certificate.code}/").content.decode()
    assert "has been revoked" in html and "Did not attend" in html
    data = client.get(f"/verify/{certificate.code}.json").json()
    assert data["status"] == "revoked" and data["reason"] == "Did not attend"
    assert data["changed_on"]


def test_a_superseded_certificates_json_points_to_its_replacement(
    client, certificate, organiser, settings
):
    settings.PORTAL_BASE_URL = "https://training.example.gov.bd"
    new = certificate_reissue(certificate=certificate, by=organiser, reason="Name corrected")
    html = client.get(f"/verify/{certificate.code}/").content.decode()
    assert "has been replaced" in html
    data = client.get(f"/verify/{certificate.code}.json").json()
    assert data["status"] == "superseded" and "reason" not in data
    assert data["replaced_by"] == {
        "code": new.code,
        "url": f"https://training.example.gov.bd/verify/{new.code}/",
        "json": f"https://training.example.gov.bd/verify/{new.code}.json",
    }
    assert data["sha256"] == certificate.sha256 != new.sha256
    # The replacement speaks for itself, and only the public facts travel.
    replacement = client.get(data["replaced_by"]["json"].removeprefix(settings.PORTAL_BASE_URL))
    assert replacement.json()["status"] == "valid"
    assert "replaced_by" not in replacement.json()
    for private in ["rahima@example.gov.bd", "+8801711000000", "Name corrected"]:
        assert private not in str(data)
    # From the Bangla address too, the addresses are the language-neutral ones.
    assert (
        client.get(f"/bn/verify/{certificate.code}.json").json()["replaced_by"]
        == (data["replaced_by"])
    )


def test_a_revoked_certificate_points_to_no_replacement(client, certificate, organiser):
    certificate_revoke(certificate=certificate, by=organiser, reason="Did not attend")
    assert "replaced_by" not in client.get(f"/verify/{certificate.code}.json").json()


def test_any_site_may_read_the_json_from_a_browser_with_get_only(client, certificate):
    url = f"/verify/{certificate.code}.json"
    response = client.get(url, HTTP_ORIGIN="https://ministry.example.gov.bd")
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Credentials" not in response
    unknown = client.get("/verify/" + "A" * 24 + ".json", HTTP_ORIGIN="https://x.example")
    assert unknown.status_code == 404 and unknown["Access-Control-Allow-Origin"] == "*"
    preflight = client.options(
        url, HTTP_ORIGIN="https://x.example", HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET"
    )
    assert preflight.status_code == 204
    assert preflight["Access-Control-Allow-Origin"] == "*"
    assert preflight["Access-Control-Allow-Methods"] == "GET"
    assert "Access-Control-Allow-Credentials" not in preflight
    posted = client.post(url, HTTP_ORIGIN="https://x.example")
    assert posted.status_code == 405
    # The page itself stays for this site only.
    assert "Access-Control-Allow-Origin" not in client.get(f"/verify/{certificate.code}/")


def test_a_rate_limited_answer_is_readable_by_the_other_site_too(client, certificate, settings):
    settings.CERTIFICATES_VERIFY_RATE_PER_MINUTE = 1
    url = f"/verify/{certificate.code}.json"
    client.get(url)
    limited = client.get(url, HTTP_ORIGIN="https://x.example")
    assert limited.status_code == 429 and limited["Access-Control-Allow-Origin"] == "*"


@pytest.mark.parametrize("code", ["A" * 24, "not-a-code", "x"])
def test_unknown_code(client, templates, code):
    response = client.get(f"/verify/{code}/", follow=True)
    assert response.status_code == 404
    assert b"No certificate has this code" in response.content
    assert client.get(f"/verify/{code}.json").json()["status"] == "unknown"


@pytest.mark.parametrize("typed", ["-", "%20", "....", "%C3%A9%E2%80%94"])
def test_a_code_with_nothing_of_a_code_in_it_is_unknown(client, db, typed):
    """Text that normalises to nothing, or to no well-formed code, is an unknown code."""
    response = client.get(f"/verify/{typed}/")
    assert response.status_code == 404
    assert b"No certificate has this code" in response.content


def test_an_address_with_a_nul_character_is_a_bad_request(client, db):
    response = client.get("/verify/%00/")
    assert response.status_code == 400
    assert b"This address is not valid" in response.content
    assert client.get("/verify/", {"code": "ab\x00c"}).status_code == 400


def test_lookup_form_explains_a_malformed_code(client, db):
    response = client.get("/verify/", {"code": "12345"})
    assert response.status_code == 200
    assert "24 characters" in response.content.decode()


def test_verification_is_rate_limited_per_client(client, certificate, settings):
    settings.CERTIFICATES_VERIFY_RATE_PER_MINUTE = 5
    url = f"/verify/{certificate.code}.json"
    assert [client.get(url).status_code for _ in range(5)] == [200] * 5
    response = client.get(url)
    assert response.status_code == 429
    assert response["Retry-After"] == "60"
    assert "wait a minute" in response.json()["message"]
    page = client.get(f"/verify/{certificate.code}/")
    assert page.status_code == 429 and b"Please wait a minute" in page.content
    other = client.get(url, REMOTE_ADDR="10.0.0.2")  # another client is not affected
    assert other.status_code == 200


def test_verify_url_names(db):
    assert reverse("certificates:verify", args=["ABC"]) == "/verify/ABC/"
    assert reverse("certificates:verify_json", args=["ABC"]) == "/verify/ABC.json"
