"""Who may download which PDF: holders their own, organisers any, and batch bundles."""

import io
import zipfile

import pytest
from pypdf import PdfReader

from certificates.services import certificate_issue, certificate_revoke
from tests import factories
from tests.certificates.conftest import participant

pytestmark = pytest.mark.django_db


@pytest.fixture
def holder(trainee, templates, batch):
    person = participant(name="Own Holder", user=trainee)
    certificate_issue(kind="attendance", participant=person, subject=batch)
    return trainee


@pytest.fixture
def own(holder):
    return holder.participant.certificates.get()


@pytest.fixture
def someone_elses(templates, batch):
    return certificate_issue(
        kind="attendance", participant=participant(name="Somebody Else"), subject=batch
    )


def test_trainee_downloads_their_own_certificate(client, holder, own):
    client.force_login(holder)
    response = client.get(f"/certificates/{own.serial}.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_nobody_downloads_another_persons_pdf_by_changing_the_url(client, holder, someone_elses):
    client.force_login(holder)
    assert client.get(f"/certificates/{someone_elses.serial}.pdf").status_code == 404
    assert client.get("/certificates/GPMS-2015-ATT-999999.pdf").status_code == 404


def test_a_trainer_is_not_an_organiser(client, trainer, someone_elses):
    client.force_login(trainer)
    assert client.get(f"/certificates/{someone_elses.serial}.pdf").status_code == 404


def test_anonymous_visitors_are_sent_to_log_in(client, own):
    response = client.get(f"/certificates/{own.serial}.pdf")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_a_revoked_certificate_is_no_longer_downloadable_by_its_holder(
    client, holder, own, organiser
):
    certificate_revoke(certificate=own, by=organiser, reason="issued in error")
    client.force_login(holder)
    assert client.get(f"/certificates/{own.serial}.pdf").status_code == 404
    client.force_login(organiser)
    assert client.get(f"/certificates/{own.serial}.pdf").status_code == 200


def test_my_certificates_lists_only_mine(client, holder, own, someone_elses):
    client.force_login(holder)
    html = client.get("/certificates/mine/").content.decode()
    assert own.serial in html and someone_elses.serial not in html


def test_my_certificates_query_count_does_not_grow(
    client, holder, templates, django_assert_max_num_queries
):
    person = holder.participant
    programme = factories.programme_page(slug="phase-2", title="CoP Phase II")
    for n in range(5):
        event = factories.event_page(programme, slug=f"seminar-{n}", title=f"Seminar {n}")
        certificate_issue(kind="attendance", participant=person, subject=event)
    client.force_login(holder)
    with django_assert_max_num_queries(6):
        response = client.get("/certificates/mine/")
    assert response.content.decode().count("Download PDF") == 6


def test_account_without_participant_sees_an_explanation(client, trainee):
    client.force_login(trainee)
    assert b"not linked to a participant" in client.get("/certificates/mine/").content


def test_organiser_downloads_a_batch_as_zip_and_as_one_pdf(
    client, organiser, templates, batch, own, someone_elses
):
    client.force_login(organiser)
    response = client.get(f"/certificates/batch/{batch.pk}.zip")
    names = sorted(zipfile.ZipFile(io.BytesIO(response.content)).namelist())
    assert names == sorted(
        [f"{own.serial} Own Holder.pdf", f"{someone_elses.serial} Somebody Else.pdf"]
    )
    merged = PdfReader(io.BytesIO(client.get(f"/certificates/batch/{batch.pk}.pdf").content))
    assert len(merged.pages) == 2
    assert "Own Holder" in merged.pages[0].extract_text()


def test_batch_downloads_are_for_organisers_only(client, holder, batch):
    client.force_login(holder)
    assert client.get(f"/certificates/batch/{batch.pk}.zip").status_code == 404
    assert client.get(f"/certificates/batch/{batch.pk}.pdf").status_code == 404
