"""The factories build test data through the services, so a test cannot start from a state
the rules forbid."""

import pytest

from courses.errors import CourseError
from tests import factories
from workshops.errors import WorkshopError
from workshops.models import Nomination, NominationChange

pytestmark = pytest.mark.django_db


def test_a_confirmed_nomination_takes_a_seat_and_leaves_its_history():
    nomination = factories.NominationFactory()
    assert nomination.status == "confirmed"
    assert list(
        NominationChange.objects.filter(nomination=nomination).values_list(
            "from_status", "to_status"
        )
    ) == [("", "confirmed")]


def test_a_full_batch_cannot_be_given_one_more_confirmed_nomination():
    batch = factories.BatchFactory(capacity=1)
    factories.NominationFactory(batch=batch)
    with pytest.raises(factories.FactoryError, match="waitlisted, not confirmed"):
        factories.NominationFactory(batch=batch)
    assert Nomination.objects.filter(batch=batch, status="confirmed").count() == 1


def test_a_completed_batch_gets_its_late_confirmation_and_stays_completed():
    batch = factories.BatchFactory(status="completed")
    assert factories.NominationFactory(batch=batch).status == "confirmed"
    batch.refresh_from_db()
    assert batch.status == "completed"


def test_only_a_confirmed_participant_gets_an_attendance_mark():
    session = factories.SessionFactory()
    stranger = factories.ParticipantFactory()
    with pytest.raises(WorkshopError):
        factories.AttendanceFactory(session=session, participant=stranger)
    assert factories.AttendanceFactory(session=session).status == "present"


def test_a_trainer_cannot_be_put_on_two_sessions_at_once():
    first = factories.SessionFactory()
    clash = factories.SessionFactory(starts_at=first.starts_at, ends_at=first.ends_at)
    trainer = factories.ParticipantFactory()
    factories.TrainerAssignmentFactory(session=first, trainer=trainer)
    with pytest.raises(WorkshopError):
        factories.TrainerAssignmentFactory(session=clash, trainer=trainer)


def test_quiz_attempts_are_scored_by_the_service_and_limited_by_the_quiz():
    quiz = factories.QuizFactory(kind="post", max_attempts=1)
    participant = factories.ParticipantFactory()
    attempt = factories.QuizAttemptFactory(quiz=quiz, participant=participant, correct=False)
    assert (attempt.passed, attempt.correct, attempt.total) == (False, 0, 2)
    with pytest.raises(CourseError):
        factories.QuizAttemptFactory(quiz=quiz, participant=participant)


def test_enrolment_progress_and_certificate_go_through_their_services():
    enrolment = factories.EnrolmentFactory()
    progress = factories.LessonProgressFactory(enrolment=enrolment)
    assert progress.via == "read"
    enrolment.refresh_from_db()
    assert enrolment.last_lesson_id == progress.lesson_id
    factories.CertificateTemplateFactory(kind="attendance")
    batch = factories.NominationFactory().batch
    person = batch.nominations.get().participant
    certificate = factories.CertificateFactory(kind="attendance", participant=person, subject=batch)
    assert certificate.serial.startswith("GPMS-")
