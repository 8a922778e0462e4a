"""The public verification page and its JSON: valid, revoked, superseded, unknown."""

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
    }


def test_revoked_certificate_says_when_and_why(client, certificate, organiser):
    certificate_revoke(certificate=certificate, by=organiser, reason="Did not attend")
    html = client.get(f"/verify/{certificate.code}/").content.decode()
    assert "has been revoked" in html and "Did not attend" in html
    data = client.get(f"/verify/{certificate.code}.json").json()
    assert data["status"] == "revoked" and data["reason"] == "Did not attend"
    assert data["changed_on"]


def test_superseded_certificate_points_to_nothing_private(client, certificate, organiser):
    new = certificate_reissue(certificate=certificate, by=organiser, reason="Name corrected")
    html = client.get(f"/verify/{certificate.code}/").content.decode()
    assert "has been replaced" in html
    assert new.code not in html and new.serial not in html
    data = client.get(f"/verify/{certificate.code}.json").json()
    assert data["status"] == "superseded" and "reason" not in data
    assert new.code not in str(data)
    assert client.get(f"/verify/{new.code}.json").json()["status"] == "valid"


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
