"""Admin screens: template preview, certificate page with revoke and reissue, bulk issue."""

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.utils import timezone
from pypdf import PdfReader

from certificates.models import BulkIssueJob, Certificate, SerialCounter
from certificates.services import Subject, _reserve, certificate_issue
from tests import factories
from tests.certificates.conftest import nominate, participant

pytestmark = pytest.mark.django_db


def test_template_preview_returns_a_pdf_and_writes_nothing(client, organiser, templates):
    client.force_login(organiser)
    template = templates["completion"]
    response = client.get(f"/admin/certificates/templates/{template.pk}/preview/?lang=en")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert not Certificate.objects.exists() and not SerialCounter.objects.exists()


def test_template_preview_command_writes_the_default_attendance_template(templates, tmp_path):
    out = tmp_path / "preview.pdf"
    call_command("certificate_preview", name="Nasrin Akter", out=str(out), stdout=io.StringIO())
    text = PdfReader(out).pages[0].extract_text()
    assert "Nasrin Akter" in text  # the conftest's stand-in prints serial and name
    assert not SerialCounter.objects.exists()


def test_template_edit_form_refuses_unknown_placeholders(client, organiser, templates):
    client.force_login(organiser)
    template = templates["attendance"]
    url = f"/admin/certificates/templates/edit/{template.pk}/"
    assert client.get(url).status_code == 200
    data = {
        "name": template.name,
        "kind": "attendance",
        "language": "en",
        "title": "Certificate",
        "body": "{name} attended {workshop}.",
        "paper_size": "a4",
        "orientation": "landscape",
        "signatories-TOTAL_FORMS": "0",
        "signatories-INITIAL_FORMS": "0",
        "signatories-MIN_NUM_FORMS": "0",
        "signatories-MAX_NUM_FORMS": "3",
    }
    response = client.post(url, data)
    assert response.status_code == 200
    assert "Unknown placeholder {workshop}" in response.content.decode()


def test_organiser_revokes_and_reissues_from_the_certificate_page(
    client, organiser, templates, batch
):
    certificate = certificate_issue(
        kind="attendance", participant=participant(name="Rahima Katun"), subject=batch
    )
    client.force_login(organiser)
    url = f"/admin/certificates/certificate/{certificate.pk}/"
    assert b"Reissue certificate" in client.get(url).content
    response = client.post(
        url,
        {"action": "reissue", "name": "Rahima Khatun", "name_bn": "", "reason": "Name misspelt"},
    )
    new = Certificate.objects.get(status="valid")
    assert response["Location"] == f"/admin/certificates/certificate/{new.pk}/"
    assert new.name == "Rahima Khatun"
    revoke = f"/admin/certificates/certificate/{new.pk}/revoke/"
    client.post(revoke, {"reason": ""})
    new.refresh_from_db()
    assert new.status == "valid"  # no reason, no revocation
    client.post(revoke, {"reason": "Duplicate"})
    new.refresh_from_db()
    assert (new.status, new.status_reason) == ("revoked", "Duplicate")


def test_revoking_first_says_what_will_happen_and_only_a_post_revokes(
    client, organiser, templates, batch
):
    certificate = certificate_issue(
        kind="attendance", participant=participant(name="Rahima Khatun"), subject=batch
    )
    client.force_login(organiser)
    page = f"/admin/certificates/certificate/{certificate.pk}/"
    revoke = f"{page}revoke/"
    assert revoke in client.get(page).content.decode()  # a link to the confirmation step
    # The one-step form of before no longer revokes: it leads to the confirmation page.
    response = client.post(page, {"action": "revoke", "reason": "Duplicate"})
    assert response["Location"] == revoke
    confirmation = client.get(revoke, {"reason": "Duplicate"}).content.decode()
    assert f"Certificate {certificate.serial}, issued to Rahima Khatun" in confirmation
    assert "This cannot be undone" in confirmation and 'name="reason"' in confirmation
    certificate.refresh_from_db()
    assert certificate.status == "valid"  # neither the old form nor a GET revoked it
    response = client.post(revoke, {"reason": "Duplicate"})
    assert response["Location"] == page
    certificate.refresh_from_db()
    assert (certificate.status, certificate.status_reason) == ("revoked", "Duplicate")
    assert "only a valid certificate can be revoked" in client.get(revoke).content.decode()


def test_a_trainer_cannot_revoke(client, trainer, templates, batch):
    certificate = certificate_issue(kind="attendance", participant=participant(), subject=batch)
    client.force_login(trainer)
    response = client.post(
        f"/admin/certificates/certificate/{certificate.pk}/revoke/", {"reason": "No"}
    )
    assert response.status_code in (302, 403)
    certificate.refresh_from_db()
    assert certificate.status == "valid"


def test_trainer_cannot_open_certificate_admin(client, trainer, templates, batch):
    certificate = certificate_issue(kind="attendance", participant=participant(), subject=batch)
    client.force_login(trainer)
    assert client.get(f"/admin/certificates/certificate/{certificate.pk}/").status_code in (
        302,
        403,
    )
    assert client.get("/admin/certificates/bulk/").status_code in (302, 403)


def test_issued_certificates_cannot_be_added_or_edited_in_the_admin(
    client, organiser, templates, batch
):
    certificate = certificate_issue(kind="attendance", participant=participant(), subject=batch)
    client.force_login(organiser)
    assert client.get("/admin/certificates/issued/").status_code == 200
    assert client.get("/admin/certificates/issued/new/").status_code in (302, 403)
    assert client.get(f"/admin/certificates/issued/edit/{certificate.pk}/").status_code in (
        302,
        403,
    )


def test_a_pending_certificate_is_in_neither_the_listing_nor_its_export(
    client, organiser, templates, batch
):
    issued = certificate_issue(kind="attendance", participant=participant(), subject=batch)
    # What a worker killed between the two steps of issuing leaves: reserved, no PDF yet.
    pending = _reserve(
        kind="attendance",
        participant=participant(),
        subject=Subject.of(batch),
        template=templates["attendance"],
        issued_on=timezone.localdate(),
        by=None,
    )
    client.force_login(organiser)
    listing = client.get("/admin/certificates/issued/").content.decode()
    assert issued.serial in listing and pending.serial not in listing
    export = b"".join(client.get("/admin/certificates/issued/?export=csv").streaming_content)
    assert issued.serial.encode() in export and pending.serial.encode() not in export


def test_bulk_issue_screen_lists_who_is_not_eligible_and_why(
    client, organiser, templates, batch, django_capture_on_commit_callbacks
):
    nominate(batch, participant(name="Came"))
    nominate(batch, participant(name="Stayed Away"), attendance=("absent", "absent"))
    client.force_login(organiser)
    subject = f"batch:{batch.pk}"
    html = client.get(
        "/admin/certificates/bulk/", {"kind": "attendance", "subject": subject}
    ).content.decode()
    assert "1 participant is eligible" in html
    assert "Stayed Away" in html and "attended none of the 2 sessions" in html

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/admin/certificates/bulk/", {"kind": "attendance", "subject": subject}
        )
    job = BulkIssueJob.objects.get()
    assert response["Location"] == f"/admin/certificates/bulk/{job.pk}/"
    page = client.get(response["Location"]).content.decode()
    assert "Done" in page and f"/certificates/batch/{batch.pk}.pdf" in page
    assert Certificate.objects.get().name == "Came"


def test_running_job_page_refreshes_itself(client, organiser, batch):
    job = factories.BulkIssueJobFactory(batch=batch)
    # Stands for its worker half-way: counters published, its lease live.
    BulkIssueJob.objects.filter(pk=job.pk).update(
        status=BulkIssueJob.Status.RUNNING,
        total=10,
        issued=3,
        runs=1,
        lease_owner="worker:4242:cafe",
        lease_expires_at=timezone.now() + dt.timedelta(minutes=1),
    )
    client.force_login(organiser)
    html = client.get(f"/admin/certificates/bulk/{job.pk}/").content.decode()
    assert 'http-equiv="refresh"' in html and 'value="3"' in html


def test_a_stuck_job_can_be_run_again(
    client, organiser, templates, batch, django_capture_on_commit_callbacks
):
    nominate(batch, participant(name="Came"))
    job = factories.BulkIssueJobFactory(batch=batch)
    # Stands for a worker that took the job and was killed: "running", its lease run out.
    BulkIssueJob.objects.filter(pk=job.pk).update(
        status=BulkIssueJob.Status.RUNNING,
        runs=1,
        lease_owner="worker:4242:cafe",
        lease_expires_at=timezone.now() - dt.timedelta(minutes=1),
    )
    client.force_login(organiser)
    assert b"Run again" in client.get(f"/admin/certificates/bulk/{job.pk}/").content
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/admin/certificates/bulk/{job.pk}/")
    job.refresh_from_db()
    assert (job.status, job.issued) == ("done", 1)
