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


# --- courses: evaluation and trainer certification ------------------------------------------


def _evaluated_batch():
    """A batch with a session, a trainer on it and a confirmed participant, on its last day."""
    session = factories.SessionFactory()
    trainer = factories.TrainerAssignmentFactory(session=session).trainer
    person = factories.NominationFactory(batch=session.batch).participant
    return session, trainer, person


def test_an_evaluation_is_given_once_with_a_rating_for_each_session_and_trainer():
    session, trainer, person = _evaluated_batch()
    batch = session.batch
    rating = factories.SessionRatingFactory(batch=batch, participant=person, rating=5)
    assert (rating.session, rating.rating) == (session, 5)
    assert rating.response.trainer_ratings.get().trainer == trainer
    with pytest.raises(CourseError):
        factories.FeedbackSubmissionFactory(batch=batch, participant=person)
    other = factories.NominationFactory(batch=batch).participant
    submission = factories.FeedbackSubmissionFactory(batch=batch, participant=other)
    assert submission.participant == other
    given = factories.TrainerRatingFactory(
        batch=batch, participant=factories.NominationFactory(batch=batch).participant, rating=2
    )
    assert (given.trainer, given.rating) == (trainer, 2)


def test_a_trainer_is_certified_by_the_tot_course_and_its_batch_and_renewed_once():
    import datetime as dt

    tot = factories.event_page(title="ToT", slug="tot", kind="tot")
    course = factories.course(title="ToT course", kind="tot", event=tot)
    certification = factories.trainer_certify(course=course, on=dt.date(2015, 1, 20))
    assert (certification.valid_from, certification.is_current) == (dt.date(2015, 1, 20), True)
    renewed = factories.TrainerCertificationRenewalFactory(renewal_of=certification)
    assert renewed.renewal_of == certification and renewed.is_current
    with pytest.raises(CourseError):
        factories.TrainerCertificationRenewalFactory(renewal_of=certification)
    with pytest.raises(factories.FactoryError, match="ToT event"):
        factories.trainer_certify(course=factories.course(title="No event", kind="tot"))


# --- certificates ----------------------------------------------------------------------------


def test_an_event_gives_one_known_kind_of_certificate():
    from certificates.services import CertificateError

    event = factories.event_page()
    given = factories.EventCertificateFactory(page=event, kind="completion")
    assert (given.page_id, given.kind) == (event.pk, "completion")
    assert factories.EventCertificateFactory(page=event, kind="").pk == given.pk
    with pytest.raises(CertificateError):
        factories.EventCertificateFactory(page=event, kind="gold-star")


def test_a_started_bulk_issue_waits_for_its_worker_and_needs_a_fitting_subject():
    from certificates.services import CertificateError, bulk_issue_run

    factories.CertificateTemplateFactory(kind="attendance")
    batch = factories.NominationFactory().batch
    job = factories.BulkIssueJobFactory(batch=batch)
    assert (job.status, job.runs, job.issued) == ("queued", 0, 0)
    assert bulk_issue_run(job=job).status == "done"
    with pytest.raises(CertificateError):  # a trainer certificate is for a course
        factories.BulkIssueJobFactory(kind="trainer", batch=batch)


def test_only_a_valid_certificate_is_revoked_or_reissued_and_with_a_reason():
    from certificates.services import CertificateError

    factories.CertificateTemplateFactory(kind="attendance")
    nomination = factories.NominationFactory()
    certificate = factories.CertificateFactory(
        participant=nomination.participant, subject=nomination.batch
    )
    with pytest.raises(CertificateError):
        factories.CertificateEventFactory(certificate=certificate, reason=" ")
    reissued = factories.CertificateEventFactory(certificate=certificate, action="reissued")
    assert reissued.certificate.status == "valid" and reissued.certificate != certificate
    with pytest.raises(CertificateError):
        factories.CertificateEventFactory(certificate=certificate)  # superseded now
    revoked = factories.CertificateEventFactory(certificate=reissued.certificate)
    assert (revoked.action, revoked.certificate.status) == ("revoked", "revoked")
    status_list = factories.CredentialStatusListFactory()
    assert status_list.number == 1 and status_list.credential["proof"]


# --- sandbox_apa -----------------------------------------------------------------------------


def test_shipped_scenarios_are_used_as_they_are_or_copied():
    scenario = factories.ScenarioFactory()
    assert factories.FrameworkFactory() == scenario.framework
    copy = factories.ScenarioFactory(copy_as="closed-case", is_active=False)
    assert copy.pk != scenario.pk and copy.mandatory_objectives.raw_data
    with pytest.raises(factories.FactoryError):
        factories.ScenarioFactory(is_active=False)


def test_own_rows_are_drafted_by_the_trainee_and_only_while_the_apa_is_a_draft():
    from sandbox_apa.services import SandboxError

    indicator = factories.IndicatorFactory(name="Loans disbursed", weight=5)
    objective = indicator.activity.objective
    assert (indicator.name, objective.is_mandatory) == ("Loans disbursed", False)
    mandatory = objective.agreement.objectives.filter(is_mandatory=True).first()
    with pytest.raises(SandboxError):
        factories.ActivityFactory(objective=mandatory)
    submitted = factories.sandbox_apa_in("submitted")
    with pytest.raises(factories.FactoryError):
        factories.StrategicObjectiveFactory(agreement=submitted)


def test_achievements_are_taken_only_once_the_trainer_accepted_the_apa():
    from sandbox_apa.services import SandboxError

    achievement = factories.QuarterlyAchievementFactory(quarter=2, value="27")
    assert (achievement.quarter, achievement.value) == (2, "27")
    draft = factories.sandbox_apa(trainee=factories.UserFactory(), valid=True)
    indicator = (
        draft.objectives.get(order=1, is_mandatory=False).activities.get().indicators.first()
    )
    with pytest.raises(SandboxError):
        factories.QuarterlyAchievementFactory(indicator=indicator)


def test_a_review_comment_returns_a_submitted_apa():
    from sandbox_apa.services import SandboxError

    comment = factories.ReviewCommentFactory(text="Targets too easy.")
    assert comment.agreement.status == "returned" and comment.author is not None
    with pytest.raises(SandboxError):  # returned: to be submitted again first
        factories.ReviewCommentFactory(agreement=comment.agreement)


def test_one_open_peer_round_per_batch_and_reviews_by_their_reviewer():
    from sandbox_apa.services import SandboxError

    round_ = factories.PeerReviewRoundFactory(submitted=2)
    assert round_.reviews.count() == 2
    with pytest.raises(SandboxError):
        factories.PeerReviewRoundFactory(batch=round_.batch)
    review = factories.PeerReviewFactory(review=round_.reviews.first(), clarity=5)
    assert (review.clarity, review.submitted_at is not None) == (5, True)
    with pytest.raises(SandboxError):
        factories.PeerReviewFactory(review=round_.reviews.last(), realism=6)
