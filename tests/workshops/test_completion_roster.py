"""Completion from the data: batch_completion/event_completion, extra requirements through
the hook, the admin roster and its constant query count."""

import datetime as dt

import pytest

from tests import factories
from tests.workshops.sessions_world import build_world
from workshops import hooks
from workshops.selectors import CompletionResult, batch_completion, event_completion

pytestmark = pytest.mark.django_db


def mark(world, person, statuses):
    for session, status in zip(world.sessions, statuses, strict=False):
        if status:
            factories.AttendanceFactory(session=session, participant=person, status=status)


def test_batch_completion_evaluates_every_confirmed_participant():
    world = build_world()
    full, partial, late_joiner = world.trainees
    mark(world, full, ["present", "late", "present", "present"])
    mark(world, partial, ["present", "absent", "excused", "present"])
    mark(world, late_joiner, [None, None, "present", "present"])
    nomination = late_joiner.nominations.get()
    nomination.joined_at = world.sessions[2].starts_at - dt.timedelta(minutes=5)
    nomination.save()
    results = {r.participant: r for r in batch_completion(world.batch)}
    assert set(results) == set(world.trainees)  # the wait-listed person is not there
    assert isinstance(results[full], CompletionResult)
    assert results[full].eligible
    assert not results[partial].eligible
    assert results[partial].reasons == [
        "attended 2 of 4 sessions, needs 4",
        "excused from 1 session (not counted as attended)",
    ]
    assert (results[late_joiner].counted_sessions, results[late_joiner].needed) == (2, 2)
    assert results[late_joiner].eligible


def test_event_completion_covers_all_batches_of_the_event():
    world = build_world()
    second = factories.BatchFactory(event=world.batch.event)
    factories.SessionFactory(batch=second)
    someone = factories.NominationFactory(batch=second, status="confirmed").participant
    results = event_completion(world.batch.event)
    assert len(results) == 4
    assert {r.batch for r in results} == {world.batch, second}
    assert [r.reasons for r in results if r.participant == someone] == [
        ["attended 0 of 1 session, needs 1"]
    ]


@pytest.fixture
def post_test(monkeypatch):
    """The only registered requirement during the test (courses registers its own)."""
    passed: set[int] = set()

    def requirement(*, participants_by_batch):
        return {
            (batch.pk, pid): (pid in passed, "post-test not passed")
            for batch, ids in participants_by_batch.items()
            for pid in ids
        }

    monkeypatch.setattr(hooks, "_completion_requirements", [])
    hooks.register_completion_requirement(requirement)
    return passed


def test_a_required_post_test_is_checked_through_the_registered_hook(post_test):
    world = build_world()
    event = world.batch.event
    for person in world.trainees[:2]:
        mark(world, person, ["present"] * 4)
    post_test.add(world.trainees[0].pk)
    by_person = {r.participant: r for r in batch_completion(world.batch)}
    assert by_person[world.trainees[1]].eligible  # the event does not ask for it yet
    event.requires_post_test = True
    event.save()
    by_person = {r.participant: r for r in batch_completion(world.batch)}
    assert by_person[world.trainees[0]].eligible
    assert by_person[world.trainees[1]].reasons == ["post-test not passed"]


def test_the_roster_has_a_constant_query_count(client, organiser, django_assert_max_num_queries):
    world = build_world()
    client.force_login(organiser)
    url = f"/admin/workshops_sessions/batch/{world.batch.pk}/completion/"
    client.get(url)
    with django_assert_max_num_queries(40) as small:
        response = client.get(url)
    assert "Completion" in response.content.decode()
    for _ in range(20):
        person = factories.NominationFactory(batch=world.batch, status="confirmed").participant
        mark(world, person, ["present", "present", "absent", "present"])
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(url)
    assert "attended 3 of 4 sessions, needs 4" in response.content.decode()
    csv = client.get(url + "?format=csv").content.decode()
    assert csv.count("\n") == 24


def test_the_batches_overview_and_sessions_listing_open_for_organisers(client, organiser):
    world = build_world()
    client.force_login(organiser)
    overview = client.get("/admin/workshops_sessions/").content.decode()
    assert str(world.batch) in overview
    listing = client.get("/admin/sessions/")
    assert listing.status_code == 200
    assert "Topic 1" in listing.content.decode()
