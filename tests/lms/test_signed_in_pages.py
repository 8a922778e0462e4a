"""Signed-in pages keep their number of queries when batches, participants, sessions and
enrolments grow tenfold: the trainee's, the trainer's and the organisers' pages alike.

Each page is counted twice at both sizes: with nothing in the shared cache (the figures kept
per batch, participant and trainer are built) and right after (they are read).
"""

import datetime as dt
from types import SimpleNamespace

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from courses.models import Enrolment
from lms.admin_home import summary_shown_forget
from lms.admin_sidebar import sidebar_forget
from tests import factories
from workshops.models import Batch

pytestmark = pytest.mark.django_db


class World(SimpleNamespace):
    """A trainee, a trainer and an organiser, and what they see, grown a unit at a time."""

    def grow(self, units: int) -> None:
        for _ in range(units):
            self.unit += 1
            self._unit()

    def _unit(self) -> None:
        n = self.unit
        # After the main batch, a week apart: nobody is confirmed in two batches at once.
        start = dt.date(2015, 2, 1) + dt.timedelta(days=7 * n)
        batch = factories.BatchFactory(event=self.event, number=n + 1, start_date=start)
        sessions = [
            factories.SessionFactory(batch=batch, starts_at=factories.dhaka(start, hour, 30))
            for hour in (9, 14)
        ]
        # The main batch (roster, register) grows too: another day, two more people.
        day = self.main.start_date + dt.timedelta(days=n)
        sessions_main = [
            factories.SessionFactory(batch=self.main, starts_at=factories.dhaka(day, hour))
            for hour in (9, 14)
        ]
        people = [factories.ParticipantFactory() for _ in range(2)]
        for person in people:
            factories.NominationFactory(batch=batch, participant=person)
            factories.NominationFactory(batch=self.main, participant=person)
        factories.NominationFactory(batch=batch, participant=self.trainee)
        for session in sessions + sessions_main:
            factories.TrainerAssignmentFactory(session=session, trainer=self.trainer)
        factories.attendance_record_all(
            [(s, p, "present") for s in sessions for p in [*people, self.trainee]]
            + [(s, p, "late") for s in sessions_main for p in people]
        )
        for person in people:
            # The pre-test failed, the post-test passed.
            factories.QuizAttemptFactory(quiz=self.pre, participant=person, correct=False)
            factories.QuizAttemptFactory(quiz=self.post, participant=person)
        course = factories.course(title=f"Course {n}", modules={f"Module {n}": [f"Lesson {n}"]})
        factories.EnrolmentFactory(course=course, participant=self.trainee)
        factories.sandbox_apa(trainee=self.trainee_user, batch=batch)


@pytest.fixture
def world(db):
    factories.home_page()
    event = factories.event_page(factories.programme_page())
    trainee_user = factories.UserFactory(group="Trainees")
    trainer_user = factories.UserFactory(group="Trainers", is_staff=True)
    pre, post = factories.quiz("pre"), factories.quiz("post")
    factories.course(title="Before the training", pre_test=pre, post_test=post, event=event)
    main = factories.BatchFactory(event=event, number=1, start_date=dt.date(2015, 1, 5))
    world = World(
        unit=0,
        event=event,
        main=main,
        pre=pre,
        post=post,
        trainee_user=trainee_user,
        trainee=factories.ParticipantFactory(user=trainee_user, email=trainee_user.email),
        trainer_user=trainer_user,
        trainer=factories.ParticipantFactory(user=trainer_user, email=trainer_user.email),
        organiser=factories.UserFactory(group="Organisers", is_staff=True),
    )
    factories.NominationFactory(batch=main, participant=world.trainee)
    world.draft = factories.sandbox_apa(trainee=trainee_user, batch=main)
    return world


def pages(world) -> list[tuple[str, object, str]]:
    register = reverse("workshops_sessions:register", args=[world.main.pk])
    return [
        ("My learning", world.trainee_user, reverse("courses:my_learning")),
        ("APA list", world.trainee_user, reverse("sandbox_apa:list")),
        ("APA editor", world.trainee_user, reverse("sandbox_apa:detail", args=[world.draft.pk])),
        ("My attendance", world.trainee_user, reverse("workshops:my_attendance")),
        ("My teaching", world.trainer_user, reverse("courses:my_teaching")),
        ("roster", world.trainer_user, reverse("courses:batch_roster", args=[world.main.pk])),
        ("admin dashboard", world.organiser, reverse("wagtailadmin_home")),
        ("attendance report", world.organiser, reverse("lms_reports:report", args=["attendance"])),
        (
            "participation report",
            world.organiser,
            reverse("lms_reports:report", args=["participation"]),
        ),
        ("register", world.organiser, f"{register}?day={world.main.start_date:%Y-%m-%d}"),
    ]


def _counts(client, world) -> dict[tuple[str, str], int]:
    counts = {}
    for name, user, url in pages(world):
        client.force_login(user)
        client.get(url)  # the first visit makes the admin user profile and such
        cache.clear()
        sidebar_forget()
        summary_shown_forget()
        for state in ("built", "kept"):
            with CaptureQueriesContext(connection) as queries:
                response = client.get(url)
            assert response.status_code == 200, (name, response.status_code)
            counts[(name, state)] = len(queries.captured_queries)
    return counts


def test_signed_in_pages_ask_no_more_queries_with_ten_times_the_data(
    client, world, django_assert_max_num_queries
):
    world.grow(1)
    small = _counts(client, world)
    world.grow(9)
    for name, user, url in pages(world):
        client.force_login(user)
        cache.clear()
        sidebar_forget()
        summary_shown_forget()
        for state in ("built", "kept"):
            with django_assert_max_num_queries(small[(name, state)], info=f"{name}, {state}"):
                client.get(url)
    # The data did grow tenfold: batches taught, people in the main batch, enrolments.
    taught = Batch.objects.filter(sessions__trainers__trainer=world.trainer).distinct()
    assert taught.count() == 11
    assert world.main.nominations.count() == 1 + 2 * 10
    assert Enrolment.objects.filter(participant=world.trainee).count() == 10


def test_pages_read_from_the_cache_ask_fewer_queries_than_when_they_build(client, world):
    world.grow(2)
    counts = _counts(client, world)
    for name in ("My learning", "My teaching", "roster", "admin dashboard", "attendance report"):
        assert counts[(name, "kept")] < counts[(name, "built")], name
