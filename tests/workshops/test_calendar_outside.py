"""Every calendar the portal hands out, read back with Mozilla's ical.js (Thunderbird's
parser): personal feeds (with sessions and empty), the e-mail attachments of a confirmation,
a change and a cancellation, and the public "Add to calendar" file of a batch. Each event
must start at the session's real instant (a 09:30 Dhaka session is 03:30 UTC), name its
organiser, and the e-mail's MIME part must declare the calendar's own METHOD."""

import datetime as dt
import json
import time
from email import message_from_bytes
from pathlib import Path

import pytest
from django.core import mail
from django.urls import reverse
from django.utils.http import http_date
from wagtail.models import Locale

from lms.formatting import format_number
from tests import factories
from tests.outside import node_module, run_node
from tests.workshops.sessions_world import build_world
from workshops.models import Session
from workshops.services import (
    batch_cancel,
    batch_update,
    calendar_feed_regenerate,
    nomination_act,
    nomination_confirm,
    session_update,
)

pytestmark = pytest.mark.django_db

READER = (Path(__file__).parent / "read_calendar.js").read_text()
UNIT = "gpms-training@example.gov.bd"


@pytest.fixture(autouse=True)
def training_unit(settings):
    settings.TRAINING_UNIT_EMAIL = UNIT
    settings.TRAINING_UNIT_NAME = "GPMS Training Unit"


def read(*documents: bytes) -> list[dict]:
    """The documents as ical.js reads them (one node process for all)."""
    node_module("ical.js")
    done = run_node(READER, stdin=json.dumps([d.decode() for d in documents]))
    assert done.returncode == 0, done.stderr
    results = json.loads(done.stdout)
    for result in results:
        assert "error" not in result, result
    return results


def assert_sessions_at_their_instants(calendar: dict, sessions) -> None:
    """Each event starts and ends at its session's UTC instant, in the Dhaka time zone the
    calendar itself defines, and names the training unit as organiser."""
    assert calendar["timezones"] == ["Asia/Dhaka"]
    by_uid = {event["uid"]: event for event in calendar["events"]}
    assert len(by_uid) == len(sessions)
    for session in sessions:
        event = next(e for uid, e in by_uid.items() if uid.startswith(f"session-{session.pk}@"))
        assert event["start"] == session.starts_at.timestamp(), event
        assert event["end"] == session.ends_at.timestamp(), event
        assert event["zone"] == "Asia/Dhaka"
        assert event["organizer"] == f"mailto:{UNIT}"
        assert event["organizer_name"] == "GPMS Training Unit"
        assert event["dtstamp"]


def utc(timestamp: float) -> str:
    return dt.datetime.fromtimestamp(timestamp, dt.UTC).strftime("%H:%MZ")


def calendar_part(message) -> tuple[str, bytes]:
    """The METHOD parameter of the e-mail's text/calendar part and the part's content, as a
    mail program sees them (the message parsed back from its bytes)."""
    parsed = message_from_bytes(message.message().as_bytes())
    (part,) = [p for p in parsed.walk() if p.get_content_type() == "text/calendar"]
    return part.get_param("method"), part.get_payload(decode=True)


def feed(client, user, **headers):
    token = calendar_feed_regenerate(user=user).token
    return client.get(reverse("workshops:calendar_feed", args=[token]), headers=headers)


def test_a_feed_puts_a_0930_dhaka_session_at_0330_utc(client):
    world = build_world()
    (calendar,) = read(feed(client, world.trainees[0].user).content)
    assert_sessions_at_their_instants(calendar, world.sessions)
    first = min(calendar["events"], key=lambda e: e["start"])
    assert utc(first["start"]) == "03:30Z"  # 09:30 in Dhaka
    assert first["status"] == "CONFIRMED"


def test_a_feed_with_no_sessions_is_still_a_calendar(client):
    user = factories.UserFactory(group="Trainees")
    factories.ParticipantFactory(user=user)
    (calendar,) = read(feed(client, user).content)
    assert calendar["events"] == []
    assert calendar["components"] == 1  # the VTIMEZONE: RFC 5545 wants one component at least
    assert calendar["timezones"] == ["Asia/Dhaka"]


def test_a_feed_answers_304_until_a_session_changes(client):
    world = build_world()
    user = world.trainees[0].user
    token = calendar_feed_regenerate(user=user).token
    url = reverse("workshops:calendar_feed", args=[token])
    first = client.get(url)
    etag = first["ETag"]
    assert etag
    assert client.get(url, headers={"if-none-match": etag}).status_code == 304

    session_update(session=world.sessions[0], room="Room 2")
    changed = client.get(url, headers={"if-none-match": etag})
    assert changed.status_code == 200
    assert changed["ETag"] != etag
    assert client.get(url, headers={"if-none-match": changed["ETag"]}).status_code == 304


def test_a_feed_that_lost_a_batch_is_sent_again_whatever_the_client_asks(client):
    """The reader's nomination cancelled: the batch leaves the feed though none of its
    sessions changed. No Last-Modified is given, so If-Modified-Since cannot get a 304."""
    world = build_world()
    user = world.trainees[0].user
    token = calendar_feed_regenerate(user=user).token
    url = reverse("workshops:calendar_feed", args=[token])
    first = client.get(url)
    assert "Last-Modified" not in first
    nomination = world.batch.nominations.get(participant=world.trainees[0])
    nomination_act(nomination=nomination, action="cancel")
    later = http_date(time.time() + 60)
    again = client.get(url, headers={"if-modified-since": later})
    assert again.status_code == 200
    assert read(again.content)[0]["events"] == []


def test_a_cancelled_batch_changes_the_feed(client):
    world = build_world()
    user = world.trainees[0].user
    token = calendar_feed_regenerate(user=user).token
    url = reverse("workshops:calendar_feed", args=[token])
    before = client.get(url)
    batch_cancel(batch=world.batch)
    after = client.get(url, headers={"if-none-match": before["ETag"]})
    assert after.status_code == 200
    (calendar,) = read(after.content)
    assert {e["status"] for e in calendar["events"]} == {"CANCELLED"}


def bangla_event(world):
    translation = world.batch.event.copy_for_translation(
        Locale.objects.get(language_code="bn"), copy_parents=True
    )
    translation.title = "এপিএ প্রশিক্ষণ কর্মশালা"
    translation.save_revision().publish()


def test_a_bangla_readers_feed_is_in_bangla(client):
    world = build_world()
    bangla_event(world)
    reader = world.trainer
    reader.preferred_language = "bn"
    reader.name_bn = "করিম উদ্দিন"
    reader.save()
    (calendar,) = read(feed(client, world.trainer_user).content)
    assert_sessions_at_their_instants(calendar, world.sessions[:2])
    for event in calendar["events"]:
        assert event["summary"].endswith("– এপিএ প্রশিক্ষণ কর্মশালা")
        assert f"ব্যাচ {format_number(world.batch.number, 'bn')}" in event["description"]
        assert "করিম উদ্দিন" in event["description"]
        assert "Trainers" not in event["description"] and "batch" not in event["description"]


def confirmation(world, person, captured):
    nomination = factories.NominationFactory(
        batch=world.batch, participant=person, status="nominated"
    )
    with captured(execute=True):
        nomination_confirm(nomination=nomination)
    (message,) = mail.outbox
    return message


def test_the_confirmation_attachment_publishes_the_sessions_at_their_instants(
    django_capture_on_commit_callbacks,
):
    world = build_world()
    person = factories.ParticipantFactory(preferred_language="bn")
    bangla_event(world)
    message = confirmation(world, person, django_capture_on_commit_callbacks)
    method, content = calendar_part(message)
    (calendar,) = read(content)
    assert method == calendar["method"] == "PUBLISH"
    assert_sessions_at_their_instants(calendar, world.sessions)
    assert all("এপিএ প্রশিক্ষণ কর্মশালা" in e["summary"] for e in calendar["events"])


def test_change_and_cancellation_attachments_say_their_method_twice(
    django_capture_on_commit_callbacks,
):
    world = build_world()
    with django_capture_on_commit_callbacks(execute=True):
        batch_update(batch=world.batch, venue="NAPD, Nilkhet")
    changed = [calendar_part(m) for m in mail.outbox]
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        batch_cancel(batch=world.batch)
    cancelled = [calendar_part(m) for m in mail.outbox]
    assert len(changed) == len(cancelled) == 4  # three trainees and the trainer

    calendars = read(*[content for _, content in changed + cancelled])
    sessions = list(Session.objects.filter(batch=world.batch))
    for (method, _), calendar in zip(changed, calendars[:4], strict=True):
        assert method == calendar["method"] == "PUBLISH"
        assert_sessions_at_their_instants(calendar, sessions)
        assert {e["sequence"] for e in calendar["events"]} == {1}
    for (method, _), calendar in zip(cancelled, calendars[4:], strict=True):
        assert method == calendar["method"] == "CANCEL"
        assert_sessions_at_their_instants(calendar, sessions)
        assert {e["status"] for e in calendar["events"]} == {"CANCELLED"}
        assert {e["sequence"] for e in calendar["events"]} == {2}


def batch_file(client, batch, prefix=""):
    return client.get(prefix + reverse("workshops:batch_calendar", args=[batch.pk]))


def test_anybody_can_add_a_batch_to_their_calendar(client):
    world = build_world()
    response = batch_file(client, world.batch)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    assert response["Cache-Control"].startswith("public")
    assert "attachment" in response["Content-Disposition"]
    (calendar,) = read(response.content)
    assert calendar["method"] == "PUBLISH"
    assert_sessions_at_their_instants(calendar, world.sessions)
    # Public: nobody's name in it.
    assert not any(world.trainer.name in (e["description"] or "") for e in calendar["events"])
    assert (
        client.get(
            reverse("workshops:batch_calendar", args=[world.batch.pk]),
            headers={"if-none-match": response["ETag"]},
        ).status_code
        == 304
    )


def test_the_bangla_event_page_gives_a_bangla_file(client):
    world = build_world()
    bangla_event(world)
    response = client.get(f"/bn/workshops/batches/{world.batch.pk}/calendar.ics")
    assert response.status_code == 200
    (calendar,) = read(response.content)
    assert all(e["summary"].endswith("এপিএ প্রশিক্ষণ কর্মশালা") for e in calendar["events"])
    assert all("ব্যাচ" in e["description"] for e in calendar["events"])


def test_a_cancelled_batchs_file_withdraws_its_sessions(client):
    world = build_world()
    batch_cancel(batch=world.batch)
    (calendar,) = read(batch_file(client, world.batch).content)
    assert calendar["method"] == "CANCEL"
    assert {e["status"] for e in calendar["events"]} == {"CANCELLED"}
    assert_sessions_at_their_instants(calendar, world.sessions)


def test_a_batch_of_an_unpublished_event_has_no_file(client):
    world = build_world()
    world.batch.event.unpublish()
    assert batch_file(client, world.batch).status_code == 404
    assert client.get("/workshops/batches/999999/calendar.ics").status_code == 404


def test_the_event_page_links_each_batch_to_its_file(client):
    world = build_world()
    other = factories.BatchFactory(event=world.batch.event, number=world.batch.number + 1)
    batch_cancel(batch=other)
    page = client.get(world.batch.event.url).content.decode()
    assert reverse("workshops:batch_calendar", args=[world.batch.pk]) in page
    assert reverse("workshops:batch_calendar", args=[other.pk]) not in page
