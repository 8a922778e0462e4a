"""Calendar feeds and .ics files, parsed back with icalendar: stable UIDs, SEQUENCE on
change, the sessions a person attends or teaches, revocable addresses."""

import datetime as dt

import pytest
from django.urls import reverse
from icalendar import Calendar

from tests import factories
from tests.workshops.sessions_world import build_world
from workshops.calendar import batch_calendar
from workshops.models import CalendarFeed, Nomination
from workshops.services import batch_cancel, batch_update, calendar_feed_regenerate, session_update

pytestmark = pytest.mark.django_db


def events(body: bytes) -> dict[str, object]:
    cal = Calendar.from_ical(body)
    return {str(e["UID"]): e for e in cal.walk("VEVENT")}


def feed(client, user) -> bytes:
    token = calendar_feed_regenerate(user=user).token
    response = client.get(reverse("workshops:calendar_feed", args=[token]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    return response.content


def test_a_trainees_feed_lists_the_sessions_of_their_confirmed_batches(client):
    world = build_world()
    other_batch = factories.BatchFactory()
    factories.SessionFactory(batch=other_batch)
    factories.NominationFactory(
        batch=other_batch, participant=world.trainees[0], status=Nomination.Status.WAITLISTED
    )
    found = events(feed(client, world.trainees[0].user))
    assert sorted(found) == sorted(f"session-{s.pk}@127.0.0.1" for s in world.sessions)
    first = found[f"session-{world.sessions[0].pk}@127.0.0.1"]
    assert first.decoded("dtstart") == world.sessions[0].starts_at
    assert first.decoded("dtstart").utcoffset() == dt.timedelta(hours=6)
    assert str(first["SUMMARY"]).startswith("Topic 1 – ")
    assert "BPATC, Savar" in str(first["LOCATION"])
    assert world.trainer.name in str(first["DESCRIPTION"])
    assert str(first["STATUS"]) == "CONFIRMED"


def test_a_trainers_feed_lists_the_sessions_they_teach(client):
    world = build_world()
    found = events(feed(client, world.trainer_user))
    assert sorted(found) == sorted(f"session-{s.pk}@127.0.0.1" for s in world.sessions[:2])


def test_a_changed_session_keeps_its_uid_and_raises_its_sequence(client):
    world = build_world()
    session = world.sessions[0]
    uid = f"session-{session.pk}@127.0.0.1"
    assert int(events(batch_calendar(world.batch).body)[uid]["SEQUENCE"]) == 0
    session = session_update(
        session=session, starts_at=session.starts_at + dt.timedelta(minutes=30)
    )
    session = session_update(session=session, topic=session.topic)  # no change, no new sequence
    changed = events(batch_calendar(world.batch).body)[uid]
    assert int(changed["SEQUENCE"]) == 1
    assert changed.decoded("dtstart") == session.starts_at


def test_a_bangla_reader_gets_the_sessions_bangla_topic_and_a_new_one_replaces_it():
    world = build_world()
    session = session_update(session=world.sessions[0], topic="Targets", topic_bn="লক্ষ্যমাত্রা")
    uid = f"session-{session.pk}@127.0.0.1"
    assert str(events(batch_calendar(world.batch, language="bn").body)[uid]["SUMMARY"]).startswith(
        "লক্ষ্যমাত্রা – "
    )
    assert str(events(batch_calendar(world.batch).body)[uid]["SUMMARY"]).startswith("Targets – ")
    sequence = session.sequence
    session = session_update(session=session, topic_bn="লক্ষ্যমাত্রা নির্ধারণ")
    assert session.sequence == sequence + 1, "calendars replace the event with the new topic"


def test_a_batch_change_raises_every_sessions_sequence_and_cancelling_marks_them():
    world = build_world()
    batch_update(batch=world.batch, venue="NAPD, Nilkhet")
    world.batch.refresh_from_db()
    found = events(batch_calendar(world.batch).body)
    assert {int(e["SEQUENCE"]) for e in found.values()} == {1}
    assert all("NAPD" in str(e["LOCATION"]) for e in found.values())
    batch_cancel(batch=world.batch)
    world.batch.refresh_from_db()
    cal = Calendar.from_ical(batch_calendar(world.batch).body)
    assert str(cal["METHOD"]) == "CANCEL"
    assert {str(e["STATUS"]) for e in cal.walk("VEVENT")} == {"CANCELLED"}
    assert {int(e["SEQUENCE"]) for e in cal.walk("VEVENT")} == {2}


def test_a_regenerated_address_replaces_the_old_one_and_revoking_ends_it(client):
    world = build_world()
    user = world.trainees[0].user
    old = calendar_feed_regenerate(user=user).token
    client.force_login(user)
    client.post(reverse("workshops:calendar_settings"), {"action": "regenerate"})
    assert client.get(reverse("workshops:calendar_feed", args=[old])).status_code == 404
    new = CalendarFeed.objects.get(user=user).token
    assert client.get(reverse("workshops:calendar_feed", args=[new])).status_code == 200
    page = client.get(reverse("workshops:calendar_settings")).content.decode()
    assert new in page
    client.post(reverse("workshops:calendar_settings"), {"action": "revoke"})
    assert client.get(reverse("workshops:calendar_feed", args=[new])).status_code == 404


def test_the_feed_keeps_its_query_count(client, django_assert_max_num_queries):
    world = build_world()
    token = calendar_feed_regenerate(user=world.trainer_user).token
    url = reverse("workshops:calendar_feed", args=[token])
    with django_assert_max_num_queries(6):
        client.get(url)
    for day in range(3, 9):
        start = world.batch.start_date + dt.timedelta(days=day)
        factories.TrainerAssignmentFactory(
            trainer=world.trainer,
            session=factories.SessionFactory(
                batch=world.batch,
                starts_at=factories.dhaka(start, 9),
                ends_at=factories.dhaka(start, 12),
            ),
        )
    with django_assert_max_num_queries(6):
        assert len(events(client.get(url).content)) == 8
