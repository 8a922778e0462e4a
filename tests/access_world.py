"""A small world for the access sweep (tests/lms/test_access_sweep.py): objects of every kind
owned by trainee A, in batch X, trained by trainer T; a second batch Y with trainee B and
trainer U; an organiser.

A's name, e-mail and texts contain CANARY, so that a page another person may open but that
must not show A's data (``BLIND`` in tests/access_table.py) is caught when it does.
`ids` gives the real keys that the table's rows put into object addresses.
"""

import datetime as dt
from types import SimpleNamespace

from allauth.account.models import EmailAddress
from django.core.files.base import ContentFile
from django.utils import timezone
from wagtail.log_actions import log

from tests import factories

CANARY = "Canaryowner"


def _verified(user):
    """The account, whose primary address ``account_create`` (through UserFactory) made
    verified: it may sign in with allauth's mandatory verification."""
    assert EmailAddress.objects.filter(user=user, primary=True, verified=True).exists()
    return user


def _session(batch, *, starts, hours=2, topic="APA targets", **fields):
    return factories.SessionFactory(
        batch=batch,
        starts_at=starts,
        ends_at=starts + dt.timedelta(hours=hours),
        topic=topic,
        room="",
        **fields,
    )


def build_access_world() -> SimpleNamespace:  # noqa: PLR0915 (one world, read top to bottom)
    from certificates.services import certificate_issue
    from courses.services import course_enrol
    from sandbox_apa.models import PracticeAPA
    from sandbox_apa.services import agreement_submit, agreement_update
    from workshops.services import session_checkin_code

    home = factories.home_page()
    event = factories.event_page(title="APA officers' training", slug="apa-training")
    post_test = factories.quiz("post", title="APA post-test")
    course = factories.course(title="APA basics", post_test=post_test, event=event)
    lesson = course.get_descendants().type(_lesson_type()).first().specific

    def person(group, *, first="Officer", last="", **extra):
        user = _verified(
            factories.UserFactory(group=group, first_name=first, last_name=last, **extra)
        )
        participant = factories.ParticipantFactory(
            user=user,
            name=f"{first} {last}".strip(),
            email=user.email,
            organisation=None,
            rank=None,
        )
        return user, participant

    trainee, a = person("Trainees", first=CANARY, last="Rahman", username="canaryowner@example.org")
    other_trainee, b = person("Trainees", first="Bilkis", last="Other")
    colleague, c = person("Trainees", first="Chandan", last="Colleague")
    trainer, t = person("Trainers", first="Tahmina", last="Trainer", is_staff=True)
    other_trainer, u = person("Trainers", first="Ujjal", last="Othertrainer", is_staff=True)
    organiser = _verified(
        factories.UserFactory(group="Organisers", is_staff=True, first_name="Organiser")
    )

    start = dt.date(2015, 1, 12)
    x = factories.BatchFactory(
        event=event, number=1, start_date=start, end_date=start + dt.timedelta(days=1),
        capacity=30, venue="BPATC, Savar",
    )  # fmt: skip
    y = factories.BatchFactory(
        event=event, number=2, start_date=start + dt.timedelta(days=7),
        end_date=start + dt.timedelta(days=8), capacity=30, venue="NAPD, Dhaka",
    )  # fmt: skip
    scan = ContentFile(b"%PDF-1.4\n%%EOF\n", name="scan.pdf")
    first = _session(x, starts=factories.dhaka(start, 9, 30), sign_in_sheet=scan)
    now = timezone.now()
    running = _session(x, starts=now - dt.timedelta(minutes=5), topic="Now")
    other_session = _session(y, starts=factories.dhaka(start + dt.timedelta(days=7), 9, 30))
    for session, who in ((first, t), (running, t), (other_session, u)):
        factories.TrainerAssignmentFactory(session=session, trainer=who)
    nomination = factories.NominationFactory(batch=x, participant=a)
    factories.NominationFactory(batch=x, participant=c)
    factories.NominationFactory(batch=y, participant=b)
    attendance = factories.AttendanceFactory(session=first, participant=a, status="present")

    apa = factories.sandbox_apa(trainee=trainee, batch=x, valid=True)
    apa = agreement_update(agreement=apa, by=trainee, vision=f"{CANARY}'s vision")
    agreement_submit(agreement=apa, by=trainee)
    draft = factories.sandbox_apa(trainee=trainee)  # in no batch: A's and organisers' alone
    colleague_apa = factories.sandbox_apa(trainee=colleague, batch=x, valid=True)
    agreement_submit(agreement=colleague_apa, by=colleague)
    # A reviews C's APA and C reviews A's: the round's ring of two.
    peer_round = factories.PeerReviewRoundFactory(batch=x, by=trainer)
    review = peer_round.reviews.get(reviewer=trainee, agreement=colleague_apa)

    enrolment = course_enrol(course=course, participant=a, batch=x)
    attempt = factories.QuizAttemptFactory(quiz=post_test, participant=a, submitted=False)
    feedback = factories.FeedbackResponseFactory(
        batch=x, participant=a, what_worked=f"{CANARY} liked it"
    )
    # T is certified as a trainee is: a ToT course read, its batch attended a month before.
    tot = factories.event_page(
        event.get_parent().specific,
        title="Training of trainers",
        slug="tot",
        kind="tot",
        start_date=start - dt.timedelta(days=30),
        end_date=start - dt.timedelta(days=29),
    )
    tot_course = factories.course(
        title="Training of trainers", kind="tot", modules={"Method": ["Facilitation"]}, event=tot
    )
    certification = factories.trainer_certify(course=tot_course, participant=t, on=start)

    for kind in ("attendance", "completion", "trainer"):
        factories.CertificateTemplateFactory(kind=kind, title=f"Certificate of {kind}")
    template = factories.CertificateTemplateFactory(
        kind="attendance", title="Spare", is_default=False
    )
    certificate = certificate_issue(kind="attendance", participant=a, subject=x)
    job = factories.BulkIssueJobFactory(kind="attendance", batch=x, by=organiser)

    feed = factories.CalendarFeedFactory(user=trainee)
    # The office order of batch X lists A (its PDFs are private: T's batch, organisers).
    from tests.workshops.office_order_world import signatory
    from workshops.services.office_orders import office_order_issue

    signatory()
    office_order = office_order_issue(batch=x, by=organiser)
    # An organiser's change in the admin: its log entry names A's APA (site history).
    log(instance=apa, action="wagtail.edit", user=organiser)
    focal = _focal_world(a=a, c=c, organiser=organiser, programme=event.get_parent().specific)
    ids = {
        "home": home.pk,
        "event": event.pk,
        "course": course.pk,
        "lesson": lesson.pk,
        "quiz": post_test.pk,
        "batch": x.pk,
        "session": first.pk,
        "running_session": running.pk,
        "checkin_code": lambda: session_checkin_code(session=running),  # this minute's
        "participant": a.pk,
        "trainer_participant": t.pk,
        "nomination": nomination.pk,
        "attendance": attendance.pk,
        "apa": apa.pk,
        "draft_apa": draft.pk,
        "peer_round": peer_round.pk,
        "peer_review": review.pk,
        "enrolment": enrolment.pk,
        "attempt": attempt.pk,
        "feedback": feedback.pk,
        "certification": certification.pk,
        "certificate": certificate.pk,
        "serial": certificate.serial,
        "code": certificate.code,
        "template": template.pk,
        "job": job.pk,
        "feed_token": feed.token,
        "office_order": office_order.pk,
        "english": "en",
        "user": trainee.pk,
        "organisation": a.organisation_id or _organisation_id(),
        "rank": _rank_id(),
        "scenario": apa.scenario_id,
        "framework": apa.scenario.framework_id,
        "status_list": 1,
        "row_kind": "objective",
        "row": apa.objectives.filter(is_mandatory=False).first().pk,
        "draft_row": draft.objectives.order_by("pk").first().pk,
        "missing": 999999,
        **focal.ids,
    }
    assert not PracticeAPA.objects.filter(pk=draft.pk, batch__isnull=False).exists()
    return SimpleNamespace(
        users={
            "trainee": trainee,
            "other_trainee": other_trainee,
            "trainer": trainer,
            "other_trainer": other_trainer,
            "organiser": organiser,
            **focal.users,
        },
        ids={key: value if callable(value) else str(value) for key, value in ids.items()},
    )


def _focal_world(*, a, c, organiser, programme) -> SimpleNamespace:
    """Focal point F of A's ministry and focal point G of another ministry, a nomination call
    to a seminar with a quota for each ministry, F's nomination of A's colleague C through
    it, and A's own request to be nominated, waiting for F."""
    from workshops.services import (
        batch_create,
        call_create,
        call_send,
        focal_point_assign,
        nomination_request_create,
        nomination_submit,
        participants_upsert,
    )

    ministry = factories.OrganisationFactory(name="Ministry of the Canary", kind="ministry")
    other_ministry = factories.OrganisationFactory(name="Ministry of Elsewhere", kind="ministry")
    a, c = participants_upsert(people=[{"user": p.user, "organisation": ministry} for p in (a, c)])
    focal = _verified(factories.UserFactory(first_name="Farida", last_name="Focal"))
    other_focal = _verified(factories.UserFactory(first_name="Golam", last_name="Otherfocal"))
    focal_point_assign(user=focal, organisation=ministry, by=organiser)
    focal_point_assign(user=other_focal, organisation=other_ministry, by=organiser)

    seminar = factories.event_page(
        programme, title="Seminar on APA review", slug="apa-review-seminar"
    )
    starts = timezone.localdate() + dt.timedelta(days=30)
    batch = batch_create(
        event=seminar, number=1, start_date=starts, end_date=starts, capacity=20, venue="Dhaka"
    )
    call = call_create(
        event=seminar,
        batch=batch,
        deadline=timezone.now() + dt.timedelta(days=10),
        quotas={ministry: 3, other_ministry: 3},
        by=organiser,
    )
    call_send(call=call, by=organiser, notify=False)
    call.refresh_from_db()
    request = nomination_request_create(
        participant=a, event=seminar, note=f"{CANARY} would like to attend"
    )
    nomination = nomination_submit(
        call=call, participant=c, by=focal, for_organisations={ministry.pk}
    )
    return SimpleNamespace(
        users={"focal": focal, "other_focal": other_focal},
        ids={
            "call": call.pk,
            "call_nomination": nomination.pk,
            "nomination_request": request.pk,
        },
    )


def _lesson_type():
    from courses.models import LessonPage

    return LessonPage


def _organisation_id() -> int:
    from workshops.models import Organisation

    return Organisation.objects.order_by("pk").values_list("pk", flat=True).first()


def _rank_id() -> int:
    from workshops.models import Rank

    return Rank.objects.order_by("pk").values_list("pk", flat=True).first()
