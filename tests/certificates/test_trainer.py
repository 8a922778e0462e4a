"""Trainer certificates: issued when courses certifies a trainer, once per course."""

import datetime as dt
import io

import pytest
from django.core.management import call_command

from certificates.models import Certificate
from courses.services import trainer_certification_renew
from tests import factories
from tests.certificates.conftest import participant

pytestmark = pytest.mark.django_db


@pytest.fixture
def tot_course(db):
    tot = factories.event_page(
        title="Training of trainers",
        slug="tot",
        kind="tot",
        start_date=dt.date(2015, 1, 5),
        end_date=dt.date(2015, 1, 6),
    )
    return factories.course(title="Training of trainers: APA", kind="tot", event=tot)


def certify(person, course, on=None):
    """Certified by the ToT course and its batch; courses announces it after commit."""
    return factories.trainer_certify(course=course, participant=person, on=on)


def test_certified_trainer_receives_a_trainer_certificate(templates, tot_course):
    person = participant(name="Kamrul Hasan")
    certify(person, tot_course, on=dt.date(2015, 1, 11))
    certificate = Certificate.objects.get(participant=person)
    assert (certificate.kind, certificate.status) == ("trainer", "valid")
    assert certificate.course.pk == tot_course.pk and certificate.event is None
    assert certificate.subject_title == "Training of trainers: APA"
    assert certificate.serial == "GPMS-2015-TRN-000001"


def test_renewal_keeps_the_one_trainer_certificate(
    templates, tot_course, django_capture_on_commit_callbacks
):
    person = participant()
    first = certify(person, tot_course, on=dt.date(2015, 1, 11))
    assert Certificate.objects.filter(participant=person, kind="trainer").count() == 1
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        trainer_certification_renew(certification=first, on=dt.date(2016, 12, 1))
    assert callbacks  # courses announced the renewal
    assert Certificate.objects.filter(participant=person, kind="trainer").count() == 1


def test_bulk_issue_for_a_course_gives_every_current_trainer_a_certificate(tot_course):
    # Certified before there was a trainer certificate template: none was issued then.
    current = [participant() for _ in range(3)]
    for person in current:
        certify(person, tot_course, on=dt.date.today())
    certify(participant(name="Lapsed"), tot_course, on=dt.date(2015, 1, 11))
    assert not Certificate.objects.exists()
    factories.CertificateTemplateFactory(kind="trainer", title="Certificate of trainer")
    out = io.StringIO()
    call_command("issue_certificates", course=tot_course.pk, stdout=out)
    assert "3 issued" in out.getvalue()
    assert set(Certificate.objects.values_list("participant", flat=True)) == {p.pk for p in current}
