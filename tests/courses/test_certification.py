"""Trainer certification through a ToT course: grant, validity, renewal, hooks, cascade."""

import datetime as dt

import pytest
from django.db import IntegrityError, transaction

from courses import hooks as course_hooks
from courses.models import TrainerCertification
from courses.selectors import certified_trainer_ids, trainer_cascade, trainer_certifications
from courses.services import (
    CourseError,
    course_enrol,
    lesson_complete,
    trainer_certification_grant,
    trainer_certification_record,
    trainer_certification_renew,
)
from tests import factories
from tests.courses.conftest import assign, attend, confirm, make_batch, make_participant
from workshops import hooks

pytestmark = pytest.mark.django_db

ON = dt.date(2015, 1, 11)


@pytest.fixture
def tot_course(tot_event):
    return factories.course(
        title="APA and GPMS basics", kind="tot", modules={"M": ["L"]}, event=tot_event
    )


def _graduate(course, batch, *, attended=4):
    participant = make_participant()
    confirm(batch, participant)
    attend(batch, participant, attended)
    enrolment = course_enrol(course=course, participant=participant)
    for lesson in course.lessons():
        lesson_complete(enrolment=enrolment, lesson=lesson)
    return participant


def test_completing_the_course_and_attending_the_tot_batch_certifies(
    tot_course, tot_event, django_capture_on_commit_callbacks
):
    received = []

    def receiver(sender, certification, **kwargs):
        received.append(certification)

    course_hooks.trainer_certified.connect(receiver)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            participant = _graduate(tot_course, make_batch(tot_event))
    finally:
        course_hooks.trainer_certified.disconnect(receiver)
    certification = TrainerCertification.objects.get(participant=participant)
    assert certification.course.pk == tot_course.pk and certification.is_current
    assert received == [certification]


def test_short_attendance_does_not_certify(tot_course, tot_event):
    participant = _graduate(tot_course, make_batch(tot_event), attended=3)  # 75% < 80%
    assert not TrainerCertification.objects.filter(participant=participant).exists()
    with pytest.raises(CourseError, match="not attended enough"):
        trainer_certification_grant(participant=participant, course=tot_course)


def test_only_a_completed_tot_course_certifies(tot_course, tot_event):
    participant = make_participant()
    with pytest.raises(CourseError, match="not complete"):
        trainer_certification_grant(participant=participant, course=tot_course)
    regular = factories.course(title="Regular", modules={"R": ["R1"]})
    with pytest.raises(CourseError, match="training-of-trainers"):
        trainer_certification_grant(participant=participant, course=regular)


def test_a_certification_is_valid_for_the_course_years_inclusive(tot_course, tot_event):
    participant = _graduate(tot_course, make_batch(tot_event))
    TrainerCertification.objects.all().delete()
    certification = trainer_certification_grant(participant=participant, course=tot_course, on=ON)
    assert certification.valid_until == dt.date(2018, 1, 10)
    assert certified_trainer_ids(participant_ids=[participant.pk], on=ON) == {participant.pk}
    assert certified_trainer_ids(participant_ids=[participant.pk], on=dt.date(2018, 1, 10))
    assert not certified_trainer_ids(participant_ids=[participant.pk], on=dt.date(2018, 1, 11))
    assert not certified_trainer_ids(participant_ids=[participant.pk], on=dt.date(2015, 1, 10))
    assert list(trainer_certifications(on=ON)) == [certification]


def test_renewal_continues_the_period_and_keeps_history(tot_course, tot_event):
    participant = _graduate(tot_course, make_batch(tot_event))
    TrainerCertification.objects.all().delete()
    first = trainer_certification_grant(participant=participant, course=tot_course, on=ON)
    renewed = trainer_certification_renew(certification=first, on=dt.date(2017, 12, 1))
    first.refresh_from_db()
    assert not first.is_current and renewed.is_current and renewed.renewal_of == first
    assert (renewed.valid_from, renewed.valid_until) == (dt.date(2018, 1, 11), dt.date(2021, 1, 10))
    assert certified_trainer_ids(participant_ids=[participant.pk], on=dt.date(2019, 6, 1))
    with pytest.raises(CourseError, match="current"):
        trainer_certification_renew(certification=first)


def test_a_lapsed_certification_renews_from_today(tot_course, tot_event):
    participant = _graduate(tot_course, make_batch(tot_event))
    TrainerCertification.objects.all().delete()
    first = trainer_certification_grant(participant=participant, course=tot_course, on=ON)
    renewed = trainer_certification_renew(certification=first, on=dt.date(2020, 3, 1))
    assert renewed.valid_from == dt.date(2020, 3, 1)


def test_one_current_certification_per_participant_and_course(tot_course, tot_event):
    participant = _graduate(tot_course, make_batch(tot_event))
    with pytest.raises(CourseError, match="already"):
        trainer_certification_grant(participant=participant, course=tot_course)
    # Written directly on purpose: the database itself refuses a second current row.
    with pytest.raises(IntegrityError), transaction.atomic():
        TrainerCertification.objects.create(
            participant=participant, course=tot_course, valid_from=ON, valid_until=ON
        )


def test_certified_trainers_are_registered_with_workshops():
    assert certified_trainer_ids in hooks.trainer_certification_checks()


def test_the_cascade_counts_batches_taught_and_officers_reached(tot_course, tot_event, event):
    trainer = _graduate(tot_course, make_batch(tot_event))
    for number in (1, 2):
        batch = make_batch(event, number=number, start=dt.date(2015, 1, 12 + 2 * number))
        assign(batch, trainer)
        for _ in range(3):
            confirm(batch, make_participant())
    idle = make_participant()
    rows = trainer_cascade()
    assert [(r.trainer, r.batches, r.officers_reached) for r in rows] == [(trainer, 2, 6)]
    assert rows[0].certified_from is not None
    assert idle not in [r.trainer for r in rows]


def test_an_organiser_renews_from_the_trainer_record(
    client, organiser, trainer, tot_course, tot_event
):
    from django.urls import reverse

    participant = _graduate(tot_course, make_batch(tot_event))
    certification = TrainerCertification.objects.get(participant=participant)
    url = reverse("courses:certification_renew", args=[certification.pk])
    client.force_login(trainer)
    assert client.post(url).status_code == 403
    client.force_login(organiser)
    assert client.post(url).status_code == 302
    assert TrainerCertification.objects.filter(participant=participant).count() == 2
    assert TrainerCertification.objects.get(participant=participant, is_current=True).renewal_of


def test_the_command_enrols_a_batch(event):
    import io

    from django.core.management import call_command

    from courses.models import Enrolment

    course = factories.course(modules={"M": ["L"]}, event=event)
    batch = make_batch(event)
    confirm(batch, make_participant())
    out = io.StringIO()
    call_command("course_enrol_batch", course.pk, batch.pk, stdout=out)
    assert "1 participants" in out.getvalue()
    assert Enrolment.objects.filter(course=course, batch=batch).count() == 1


def test_a_certification_granted_before_the_platform_is_recorded_with_its_source(
    tot_course, django_capture_on_commit_callbacks
):
    """A ToT held before the platform has no attendance here: the grant refuses it, the
    record of a certification granted outside keeps where it came from and is a trainer's
    certification like any other."""
    participant = make_participant()
    organiser = factories.UserFactory(group="Organisers")
    with pytest.raises(CourseError):
        trainer_certification_grant(participant=participant, course=tot_course, on=ON)
    with django_capture_on_commit_callbacks(execute=True):
        recorded = trainer_certification_record(
            participant=participant,
            course=tot_course,
            on=ON,
            reason="Cabinet Division's list of ToT graduates, January 2015",
            by=organiser,
        )
    assert (recorded.valid_from, recorded.valid_until) == (ON, dt.date(2018, 1, 10))
    assert recorded.is_current and recorded.recorded_by == organiser
    assert recorded.recorded_reason == "Cabinet Division's list of ToT graduates, January 2015"
    assert certified_trainer_ids(participant_ids=[participant.pk], on=ON) == {participant.pk}


def test_recording_a_certification_needs_its_source_and_refuses_a_second_one(tot_course):
    participant = make_participant()
    with pytest.raises(CourseError, match="Say where"):
        trainer_certification_record(participant=participant, course=tot_course, on=ON, reason=" ")
    trainer_certification_record(participant=participant, course=tot_course, on=ON, reason="List")
    with pytest.raises(CourseError, match="already a certified trainer"):
        trainer_certification_record(
            participant=participant, course=tot_course, on=dt.date(2016, 1, 1), reason="List"
        )
    assert TrainerCertification.objects.filter(participant=participant).count() == 1


def test_only_a_tot_course_is_recorded_as_a_certification():
    course = factories.course(title="APA essentials", modules={"M": ["L"]})
    with pytest.raises(CourseError, match="training-of-trainers"):
        trainer_certification_record(
            participant=make_participant(), course=course, on=ON, reason="List"
        )
