"""Trainer certificates: issued when courses certifies a trainer, once per course."""

import datetime as dt
import io

import pytest
from django.core.management import call_command

from certificates.models import Certificate
from courses import hooks
from courses.models import TrainerCertification
from courses.services import trainer_certification_renew
from tests import factories
from tests.certificates.conftest import participant

pytestmark = pytest.mark.django_db


@pytest.fixture
def tot_course(db):
    return factories.course(title="Training of trainers: APA", kind="tot")


def certify(person, course, on=None):
    on = on or dt.date.today()
    return TrainerCertification.objects.create(
        participant=person, course=course, valid_from=on, valid_until=on + dt.timedelta(days=700)
    )


def test_certified_trainer_receives_a_trainer_certificate(templates, tot_course):
    person = participant(name="Kamrul Hasan")
    certification = certify(person, tot_course, on=dt.date(2015, 1, 11))
    hooks.trainer_certified.send(sender=TrainerCertification, certification=certification)
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
    hooks.trainer_certified.send(sender=TrainerCertification, certification=first)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        trainer_certification_renew(certification=first, on=dt.date(2016, 12, 1))
    assert callbacks  # courses announced the renewal
    assert Certificate.objects.filter(participant=person, kind="trainer").count() == 1


def test_bulk_issue_for_a_course_gives_every_current_trainer_a_certificate(templates, tot_course):
    current = [participant() for _ in range(3)]
    for person in current:
        certify(person, tot_course)
    lapsed = participant(name="Lapsed")
    TrainerCertification.objects.create(
        participant=lapsed,
        course=tot_course,
        valid_from=dt.date(2015, 1, 11),
        valid_until=dt.date(2017, 1, 10),
    )
    out = io.StringIO()
    call_command("issue_certificates", course=tot_course.pk, stdout=out)
    assert "3 issued" in out.getvalue()
    assert set(Certificate.objects.values_list("participant", flat=True)) == {p.pk for p in current}
