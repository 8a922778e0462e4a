"""Issuing, the snapshot, serials, duplicate protection, revoke and reissue."""

import datetime as dt
import hashlib
import re

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from certificates import rendering
from certificates.models import Certificate, CertificateEvent, SerialCounter
from certificates.services import (
    AlreadyIssued,
    CertificateError,
    Subject,
    _reserve,
    certificate_issue,
    certificate_reissue,
    certificate_revoke,
    serial_allocate,
)
from tests import factories
from tests.certificates.conftest import participant

pytestmark = pytest.mark.django_db

ISSUED_ON = dt.date(2015, 1, 20)


def issue(person, subject, kind="attendance", **kwargs):
    return certificate_issue(
        kind=kind, participant=person, subject=subject, issued_on=ISSUED_ON, **kwargs
    )


def test_issue_makes_a_valid_certificate_with_serial_code_pdf_and_history(
    templates, batch, organiser, django_capture_on_commit_callbacks
):
    person = participant(name="Rahima Khatun", name_bn="রহিমা খাতুন")
    with django_capture_on_commit_callbacks(execute=True):
        certificate = issue(person, batch, by=organiser)

    assert certificate.status == Certificate.Status.VALID
    assert certificate.serial == "GPMS-2015-ATT-000001"
    assert re.fullmatch(r"[A-Z2-7]{24}", certificate.code)
    with certificate.pdf.open("rb") as handle:
        assert hashlib.sha256(handle.read()).hexdigest() == certificate.sha256
    assert certificate.event == batch.event and certificate.batch == batch
    assert list(certificate.history.values_list("action", "changed_by")) == [
        ("issued", organiser.pk)
    ] + [("emailed", None)]
    (message,) = mail.outbox
    assert message.to == [person.email]
    assert "GPMS-2015-ATT-000001" in message.body
    assert message.attachments[0].filename == "GPMS-2015-ATT-000001.pdf"


def test_certificate_snapshots_what_it_prints(templates, batch):
    person = participant(name="Rahima Khatun", name_bn="রহিমা খাতুন", designation="Deputy Secretary")
    certificate = issue(person, batch)
    person.name = "Someone Else"
    person.save()
    certificate.refresh_from_db()
    assert certificate.name == "Rahima Khatun"
    assert certificate.name_bn == "রহিমা খাতুন"
    assert certificate.designation == "Deputy Secretary"
    assert certificate.subject_title == batch.event.title
    assert (certificate.start_date, certificate.end_date) == (batch.start_date, batch.end_date)
    assert certificate.venue == "BIAM Foundation, Dhaka"
    assert certificate.hours == 14  # two sessions of seven hours


def test_second_issue_for_the_same_person_kind_and_event_is_refused(templates, batch):
    person = participant()
    first = issue(person, batch)
    with pytest.raises(AlreadyIssued) as caught:
        issue(person, batch.event)  # the event itself: same subject
    assert caught.value.certificate == first
    assert Certificate.objects.count() == 1
    assert SerialCounter.objects.get().last == 1  # the refused issue took no serial


def test_other_kinds_of_the_same_event_are_separate_certificates(templates, batch):
    person = participant()
    issue(person, batch, kind="attendance")
    issue(person, batch, kind="completion")
    assert sorted(Certificate.objects.values_list("serial", flat=True)) == [
        "GPMS-2015-ATT-000001",
        "GPMS-2015-CMP-000001",
    ]


def test_database_refuses_a_second_live_certificate(templates, batch):
    person = participant()
    certificate = issue(person, batch)
    duplicate = Certificate.objects.get(pk=certificate.pk)
    duplicate.pk = None
    duplicate.serial, duplicate.code = "GPMS-2015-ATT-999999", "A" * 24
    with pytest.raises(IntegrityError), transaction.atomic():
        duplicate.save()


def test_database_requires_exactly_one_subject(templates, batch):
    certificate = issue(participant(), batch)
    with pytest.raises(IntegrityError), transaction.atomic():
        Certificate.objects.filter(pk=certificate.pk).update(course=batch.event.get_parent())


def test_serials_count_per_year_and_kind_without_gaps(templates, batch):
    people = [participant() for _ in range(3)]
    serials = [issue(p, batch).serial for p in people]
    assert serials == [f"GPMS-2015-ATT-00000{n}" for n in (1, 2, 3)]
    with transaction.atomic():
        assert serial_allocate(kind="attendance", year=2016) == "GPMS-2016-ATT-000001"


def test_serial_is_given_back_when_the_issuing_transaction_fails(templates, batch):
    with pytest.raises(RuntimeError), transaction.atomic():
        serial_allocate(kind="attendance", year=2015)
        raise RuntimeError("the insert failed")
    assert issue(participant(), batch).serial == "GPMS-2015-ATT-000001"


def test_failed_rendering_leaves_a_pending_certificate_that_the_next_issue_resumes(
    templates, batch, monkeypatch, client
):
    person = participant()

    def broken(certificate):
        raise rendering.RenderError("font missing")

    monkeypatch.setattr(rendering, "certificate_pdf", broken)
    with pytest.raises(CertificateError, match="font missing"):
        issue(person, batch)
    pending = Certificate.objects.get()
    assert pending.status == Certificate.Status.PENDING and not pending.pdf
    assert client.get(f"/verify/{pending.code}/").status_code == 404  # nobody sees it

    monkeypatch.undo()
    from tests.certificates.conftest import small_pdf

    monkeypatch.setattr(rendering, "certificate_pdf", small_pdf)
    resumed = issue(person, batch)
    assert (resumed.pk, resumed.serial, resumed.status) == (pending.pk, pending.serial, "valid")
    assert Certificate.objects.count() == 1


def test_reserve_after_a_crash_returns_the_pending_certificate(templates, batch):
    person = participant()
    args = {
        "kind": "attendance",
        "participant": person,
        "subject": Subject.of(batch),
        "template": templates["attendance"],
        "issued_on": ISSUED_ON,
        "by": None,
    }
    first = _reserve(**args)
    assert _reserve(**args) == first


def test_issue_without_a_default_template_is_a_clear_error(batch):
    with pytest.raises(CertificateError, match="no default attendance certificate template"):
        issue(participant(), batch)


# --- revoke and reissue ------------------------------------------------------------------


def test_revoke_keeps_the_certificate_and_records_who_and_why(templates, batch, organiser):
    certificate = issue(participant(), batch)
    certificate_revoke(certificate=certificate, by=organiser, reason="Attendance sheet was wrong")
    certificate.refresh_from_db()
    assert certificate.status == "revoked"
    assert certificate.status_reason == "Attendance sheet was wrong"
    assert certificate.status_changed_by == organiser
    event = certificate.history.last()
    assert (event.action, event.changed_by, event.reason) == (
        "revoked",
        organiser,
        "Attendance sheet was wrong",
    )
    with pytest.raises(CertificateError, match="Only a valid certificate"):
        certificate_revoke(certificate=certificate, by=organiser, reason="again")


def test_revoke_needs_a_reason(templates, batch, organiser):
    certificate = issue(participant(), batch)
    with pytest.raises(CertificateError, match="Say why"):
        certificate_revoke(certificate=certificate, by=organiser, reason="  ")
    certificate.refresh_from_db()
    assert certificate.status == "valid"


def test_revoked_certificate_can_be_issued_again(templates, batch, organiser):
    person = participant()
    old = issue(person, batch)
    certificate_revoke(certificate=old, by=organiser, reason="issued by mistake")
    new = issue(person, batch)
    assert new.serial == "GPMS-2015-ATT-000002" and new.status == "valid"


def test_reissue_after_a_name_correction_supersedes_the_old_certificate(
    templates, batch, organiser
):
    person = participant(name="Rahima Katun")
    old = issue(person, batch)
    new = certificate_reissue(
        certificate=old,
        by=organiser,
        reason="Name misspelt",
        name="Rahima Khatun",
        name_bn="রহিমা খাতুন",
    )
    old.refresh_from_db()
    person.refresh_from_db()
    assert person.name == "Rahima Khatun"
    assert (old.status, old.superseded_by) == ("superseded", new)
    assert (new.status, new.name, new.name_bn) == ("valid", "Rahima Khatun", "রহিমা খাতুন")
    assert new.serial != old.serial and new.code != old.code
    assert list(old.history.values_list("action", flat=True)) == ["issued", "superseded"]
    assert list(new.history.values_list("action", "reason")) == [("reissued", "Name misspelt")]
    assert CertificateEvent.objects.filter(changed_by=organiser).count() == 2


def test_failed_reissue_leaves_the_old_certificate_valid(templates, batch, organiser, monkeypatch):
    old = issue(participant(), batch)

    def broken(certificate):
        raise rendering.RenderError("disk full")

    monkeypatch.setattr(rendering, "certificate_pdf", broken)
    with pytest.raises(CertificateError):
        certificate_reissue(certificate=old, by=organiser, reason="Name misspelt", name="X")
    old.refresh_from_db()
    assert old.status == "valid" and old.participant.name != "X"
    assert Certificate.objects.count() == 1


# --- templates ---------------------------------------------------------------------------


def test_template_body_with_an_unknown_placeholder_is_refused(db):
    template = factories.CertificateTemplateFactory.build(body="Dear {name}, {nmae} attended.")
    with pytest.raises(ValidationError) as caught:
        template.full_clean()
    assert "{nmae}" in str(caught.value.message_dict["body"])


def test_template_body_with_a_broken_brace_is_refused(db):
    template = factories.CertificateTemplateFactory.build(body="{name attended")
    with pytest.raises(ValidationError, match="unmatched brace"):
        template.full_clean()


def test_one_default_template_per_kind(templates):
    with pytest.raises(IntegrityError), transaction.atomic():
        factories.CertificateTemplateFactory(kind="attendance", is_default=True)
    factories.CertificateTemplateFactory(kind="attendance", is_default=False)
