"""The timetable pattern (pure) and the service that creates a batch's sessions from it."""

import datetime as dt

import pytest

from tests import factories
from workshops.errors import WorkshopError
from workshops.models import Session
from workshops.services import session_timetable_create
from workshops.timetable import WEEKEND, timetable_generate

pytestmark = pytest.mark.django_db


def test_every_day_gets_a_morning_and_an_afternoon_in_dhaka_time():
    specs = timetable_generate(start_date=dt.date(2015, 1, 12), end_date=dt.date(2015, 1, 13))
    assert [(s.starts_at.isoformat(), s.ends_at.isoformat()) for s in specs] == [
        ("2015-01-12T09:30:00+06:00", "2015-01-12T13:00:00+06:00"),
        ("2015-01-12T14:00:00+06:00", "2015-01-12T17:00:00+06:00"),
        ("2015-01-13T09:30:00+06:00", "2015-01-13T13:00:00+06:00"),
        ("2015-01-13T14:00:00+06:00", "2015-01-13T17:00:00+06:00"),
    ]
    assert [(s.day, s.slot) for s in specs] == [(1, 1), (1, 2), (2, 1), (2, 2)]


def test_fridays_and_saturdays_can_be_skipped():
    # 15 Jan 2015 is a Thursday; 16 and 17 are Friday and Saturday.
    specs = timetable_generate(
        start_date=dt.date(2015, 1, 15), end_date=dt.date(2015, 1, 18), skip_weekdays=WEEKEND
    )
    assert sorted({s.starts_at.date() for s in specs}) == [
        dt.date(2015, 1, 15),
        dt.date(2015, 1, 18),
    ]
    assert max(s.day for s in specs) == 2


def test_reversed_dates_and_slots_are_refused():
    with pytest.raises(ValueError):
        timetable_generate(start_date=dt.date(2015, 1, 2), end_date=dt.date(2015, 1, 1))
    with pytest.raises(ValueError):
        timetable_generate(
            start_date=dt.date(2015, 1, 1),
            end_date=dt.date(2015, 1, 1),
            slots=((dt.time(13), dt.time(9)),),
        )


def test_the_service_creates_sessions_once_and_keeps_existing_ones():
    batch = factories.BatchFactory(start_date=dt.date(2015, 1, 12), end_date=dt.date(2015, 1, 15))
    created = session_timetable_create(batch=batch)
    assert len(created) == 8
    assert session_timetable_create(batch=batch) == []
    assert Session.objects.filter(batch=batch).count() == 8
    first, second = Session.objects.filter(batch=batch).order_by("starts_at")[:2]
    assert (first.topic, first.topic_bn) == ("Day 1, session 1", "দিন ১, সেশন ১")
    assert (second.topic, second.topic_bn) == ("Day 1, session 2", "দিন ১, সেশন ২")
    assert first.checkin_secret


def test_the_timetable_gives_the_sessions_their_topics_in_turn():
    batch = factories.BatchFactory(start_date=dt.date(2015, 1, 12), end_date=dt.date(2015, 1, 13))
    topics = [("Targets", "লক্ষ্যমাত্রা"), ("Weights", "মান"), ("Review", "")]
    session_timetable_create(batch=batch, topics=topics)
    assert list(
        Session.objects.filter(batch=batch).order_by("starts_at").values_list("topic", "topic_bn")
    ) == [*topics, topics[0]]


def test_the_service_turns_a_bad_slot_into_a_workshop_error():
    batch = factories.BatchFactory()
    with pytest.raises(WorkshopError, match="not valid"):
        session_timetable_create(batch=batch, slots=((dt.time(13), dt.time(9)),))


def test_organiser_creates_the_timetable_in_the_admin(client, organiser):
    batch = factories.BatchFactory(start_date=dt.date(2015, 1, 15), end_date=dt.date(2015, 1, 18))
    client.force_login(organiser)
    url = f"/admin/workshops_sessions/batch/{batch.pk}/timetable/"
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "morning_start": "09:30",
            "morning_end": "13:00",
            "afternoon_start": "14:00",
            "afternoon_end": "17:00",
            "skip_weekend": "on",
            "room": "Room 3",
        },
    )
    assert response.status_code == 302
    assert Session.objects.filter(batch=batch, room="Room 3").count() == 4
