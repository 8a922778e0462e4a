"""The factories build test data through the services, so a test cannot start from a state
the rules forbid."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from courses.errors import CourseError
from lms.models import NavigationLink
from tests import factories
from workshops.errors import WorkshopError
from workshops.models import (
    BatchMessage,
    CalendarFeed,
    CallQuota,
    FocalPoint,
    Nomination,
    NominationCall,
    NominationChange,
    Reminder,
)
from workshops.services import nomination_submit

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


# --- workshops: calendars, reminders, messages, calls, requests, office orders, history ------


def test_a_second_calendar_feed_replaces_the_first_address():
    first = factories.CalendarFeedFactory()
    second = factories.CalendarFeedFactory(user=first.user)
    assert second.pk == first.pk and second.token != first.token
    assert CalendarFeed.objects.filter(user=first.user).count() == 1


def test_a_participant_is_reminded_of_a_batch_once():
    reminder = factories.ReminderFactory()
    assert reminder.day == reminder.batch.start_date
    with pytest.raises(factories.FactoryError, match="reminded already"):
        factories.ReminderFactory(
            batch=reminder.batch, participant=reminder.participant, day=reminder.day
        )
    assert Reminder.objects.count() == 1


def test_nobody_is_reminded_of_a_day_without_their_batch_starting():
    batch = factories.BatchFactory()
    factories.SessionFactory(batch=batch)
    with pytest.raises(factories.FactoryError, match="not due"):
        factories.ReminderFactory(batch=batch, day=batch.start_date + dt.timedelta(days=1))


def test_a_message_counts_the_confirmed_readers_and_needs_one():
    message = factories.BatchMessageFactory()
    assert message.readers == 1
    with pytest.raises(WorkshopError, match="No confirmed participant"):
        factories.BatchMessageFactory(batch=factories.BatchFactory())
    assert BatchMessage.objects.count() == 1


def test_a_user_is_a_focal_point_of_an_organisation_once():
    focal = factories.FocalPointFactory()
    again = factories.FocalPointFactory(
        user=focal.user, organisation=focal.organisation, acts_for_sub_organisations=True
    )
    assert again.pk == focal.pk and again.acts_for_sub_organisations
    assert FocalPoint.objects.count() == 1


def test_a_call_past_its_deadline_is_not_sent_nor_kept():
    assert factories.NominationCallFactory(send=True).sent_at is not None
    yesterday = dt.datetime.now(dt.UTC) - dt.timedelta(days=1)
    with pytest.raises(WorkshopError, match="deadline has passed"):
        factories.NominationCallFactory(deadline=yesterday, send=True)
    assert NominationCall.objects.count() == 1


def test_a_quota_cannot_be_set_below_the_nominations_it_has():
    batch = factories.BatchFactory()
    focal = factories.FocalPointFactory()
    ministry = focal.organisation
    call = factories.NominationCallFactory(
        event=batch.event, batch=batch, quotas={ministry: 2}, send=True
    )
    for _ in range(2):
        nomination_submit(
            call=call,
            participant=factories.ParticipantFactory(organisation=ministry),
            by=focal.user,
            for_organisations={ministry.pk},
        )
    with pytest.raises(WorkshopError, match="already has 2 nominations"):
        factories.CallQuotaFactory(call=call, organisation=ministry, seats=1)
    assert CallQuota.objects.get(call=call, organisation=ministry).seats == 2
    assert factories.CallQuotaFactory(call=call, organisation=ministry, seats=3).seats == 3


def test_an_officer_has_one_waiting_request_per_event_and_none_once_nominated():
    request = factories.NominationRequestFactory()
    with pytest.raises(WorkshopError, match="already waiting"):
        factories.NominationRequestFactory(participant=request.participant, event=request.event)
    factories.BatchFactory(event=request.event)
    endorsed = factories.NominationRequestFactory(status="endorsed")
    assert Nomination.objects.get(participant=endorsed.participant).status == "nominated"
    with pytest.raises(WorkshopError, match="already nominated"):
        factories.NominationRequestFactory(participant=endorsed.participant, event=endorsed.event)


def test_a_confirmation_writes_the_nominations_history_and_a_full_batch_refuses_it():
    change = factories.NominationChangeFactory()
    assert (change.from_status, change.to_status) == ("waitlisted", "confirmed")
    full = factories.BatchFactory(capacity=1)
    waiting = factories.NominationFactory(batch=full, status="waitlisted")
    factories.NominationFactory(batch=full)
    with pytest.raises(WorkshopError):
        factories.NominationChangeFactory(nomination=waiting)
    assert waiting.changes.count() == 2  # nominated, wait-listed


def test_a_changed_mark_writes_its_history_and_an_unchanged_one_none():
    change = factories.AttendanceChangeFactory()
    assert (change.from_status, change.to_status) == ("present", "late")
    with pytest.raises(factories.FactoryError, match="already late"):
        factories.AttendanceChangeFactory(attendance=change.attendance)


@pytest.mark.parametrize("action", ["created", "changed", "sent", "reminded", "released"])
def test_each_step_of_a_call_is_recorded_by_the_service_that_takes_it(action):
    change = factories.CallChangeFactory(action=action)
    assert change.action == action
    assert change.call.changes.filter(action="created").exists()


def test_an_office_order_is_issued_again_only_when_its_list_changes():
    order = factories.OfficeOrderFactory()
    with pytest.raises(WorkshopError):
        factories.OfficeOrderFactory(batch=order.batch)
    reissue = factories.OfficeOrderEventFactory(office_order=order, action="reissued")
    assert reissue.office_order.version == 2 and "added:" in reissue.reason


def test_a_menu_link_without_a_page_needs_an_address_and_a_label():
    with pytest.raises(ValidationError):
        factories.NavigationLinkFactory(url="/search/")
    link = factories.NavigationLinkFactory(page=factories.news_index())
    assert factories.NavigationLinkFactory(url="/search/", label="Find").sort_order == 1
    assert list(NavigationLink.objects.values_list("pk", flat=True)) == [link.pk, link.pk + 1]


def test_site_settings_refuse_a_memo_number_pattern_without_the_sequence():
    with pytest.raises(ValidationError):
        factories.site_settings(office_order_memo_pattern="04.00.0000.313")


# --- every model has a way to be built ------------------------------------------------------

# Models built by a function of tests/factories.py rather than a factory class (pages, and
# rows that only exist as a part of another).
BUILT_BY_FUNCTION = {
    "lms.HomePage": factories.home_page,
    "lms.StandardPage": factories.standard_page,
    "lms.NewsIndexPage": factories.news_index,
    "lms.NewsPage": factories.news_page,
    "lms.ResourceIndexPage": factories.resource_index,
    "lms.ResourcePage": factories.resource_page,
    "lms.NavigationSettings": factories.NavigationLinkFactory,  # made with its first link
    "lms.SiteSettings": factories.site_settings,
    "workshops.ProgrammePage": factories.programme_page,
    "workshops.EventPage": factories.event_page,
    "workshops.EventDocument": factories.event_document,
    "courses.CourseIndexPage": factories.course_index,
    "courses.CoursePage": factories.course,
    "courses.ModulePage": factories.course,  # a course is made with its modules...
    "courses.LessonPage": factories.course,  # ...and their lessons
}
# Counters a service keeps for itself; a test never needs one of its own.
NOT_BUILT = {
    "workshops.MemoCounter": "office_order_issue numbers memos with it",
    "certificates.SerialCounter": "serial_allocate numbers certificates with it",
}
PORTAL_APPS = ("lms", "workshops", "courses", "certificates", "sandbox_apa")


def test_every_model_of_the_portal_has_a_factory_or_a_reason_not_to():
    from django.apps import apps
    from factory.django import DjangoModelFactory

    by_class = {
        value._meta.get_model_class()._meta.label
        for value in vars(factories).values()
        if isinstance(value, type)
        and issubclass(value, DjangoModelFactory)
        and value._meta.model is not None
    }
    models = {
        model._meta.label for app in PORTAL_APPS for model in apps.get_app_config(app).get_models()
    }
    assert not set(NOT_BUILT) & (by_class | set(BUILT_BY_FUNCTION))
    assert sorted(models - by_class - set(BUILT_BY_FUNCTION) - set(NOT_BUILT)) == []
    assert sorted((set(BUILT_BY_FUNCTION) | set(NOT_BUILT)) - models) == []
