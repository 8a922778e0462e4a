"""E-mails after commit, through the e-mail task: nomination confirmed (with the .ics),
promoted, wait-listed; batch changed or cancelled; reminders sent once only."""

import datetime as dt

import pytest
from django.core import mail
from django.core.management import call_command
from icalendar import Calendar

from tests import factories
from tests.workshops.sessions_world import build_world
from workshops.models import Nomination, Reminder
from workshops.services import (
    batch_cancel,
    batch_update,
    nomination_cancel,
    nomination_confirm,
    nomination_waitlist,
)

pytestmark = pytest.mark.django_db


def test_confirmation_carries_the_batch_sessions_as_an_ics(django_capture_on_commit_callbacks):
    world = build_world()
    person = factories.ParticipantFactory(email="karim@example.gov.bd")
    nomination = factories.NominationFactory(
        batch=world.batch, participant=person, status="nominated"
    )
    with django_capture_on_commit_callbacks(execute=True):
        nomination_confirm(nomination=nomination)
    (message,) = mail.outbox
    assert message.to == ["karim@example.gov.bd"]
    assert message.subject.startswith("Your place is confirmed:")
    assert "Topic 1" in message.body
    html = message.alternatives[0].content
    assert "<strong>" in html
    name, content, mimetype = message.attachments[0]
    assert name == "sessions.ics" and mimetype.startswith("text/calendar")
    assert len(Calendar.from_ical(content).walk("VEVENT")) == 4


def test_promotion_from_the_wait_list_has_its_own_words(django_capture_on_commit_callbacks):
    world = build_world()
    nomination = Nomination.objects.get(participant=world.waitlisted)
    with django_capture_on_commit_callbacks(execute=True):
        nomination_confirm(nomination=nomination)
    assert mail.outbox[0].subject.startswith("A place has become free")
    assert "moved from the wait-list" in mail.outbox[0].body


def test_wait_listed_people_are_told_their_position(django_capture_on_commit_callbacks):
    world = build_world()
    nomination = factories.NominationFactory(batch=world.batch, status="nominated")
    with django_capture_on_commit_callbacks(execute=True):
        nomination_waitlist(nomination=nomination)
    assert "You are number 2 on the list." in mail.outbox[0].body
    assert not mail.outbox[0].attachments


def test_no_mail_is_sent_before_the_transaction_commits(django_capture_on_commit_callbacks):
    world = build_world()
    nomination = Nomination.objects.get(participant=world.waitlisted)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        nomination_confirm(nomination=nomination)
    assert mail.outbox == [] and callbacks
    for callback in callbacks:
        callback()
    assert [m.to[0] for m in mail.outbox] == [world.waitlisted.email]


def test_a_batch_change_tells_participants_and_trainers(django_capture_on_commit_callbacks):
    world = build_world()
    with django_capture_on_commit_callbacks(execute=True):
        batch_update(batch=world.batch, venue="NAPD, Nilkhet")
    recipients = sorted(m.to[0] for m in mail.outbox)
    expected = sorted([p.email for p in world.trainees] + [world.trainer.email])
    assert recipients == expected
    assert all(m.subject.startswith("Changed:") for m in mail.outbox)
    assert "NAPD, Nilkhet" in mail.outbox[0].body


def test_opening_a_batch_is_not_news_but_cancelling_it_is(django_capture_on_commit_callbacks):
    world = build_world()
    with django_capture_on_commit_callbacks(execute=True):
        batch_update(batch=world.batch, status="running")
    assert mail.outbox == []
    with django_capture_on_commit_callbacks(execute=True):
        batch_cancel(batch=world.batch)
    assert len(mail.outbox) == 4
    assert mail.outbox[0].subject.startswith("Cancelled:")
    ics = Calendar.from_ical(mail.outbox[0].attachments[0][1])
    assert str(ics["METHOD"]) == "CANCEL"


def test_reminders_go_out_the_day_before_and_never_twice(django_capture_on_commit_callbacks):
    world = build_world()
    day = world.batch.start_date
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_reminders", day=day, stdout=open("/dev/null", "w"))
    first_run = sorted(m.to[0] for m in mail.outbox)
    assert first_run == sorted([p.email for p in world.trainees] + [world.trainer.email])
    assert any("you teach in" in m.body for m in mail.outbox)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_reminders", day=day, stdout=open("/dev/null", "w"))
    assert len(mail.outbox) == len(first_run)
    assert Reminder.objects.count() == 4


def test_the_reminder_record_is_unique_in_the_database():
    from django.db import IntegrityError, transaction

    world = build_world()
    reminder = factories.ReminderFactory(batch=world.batch, participant=world.trainees[0])
    assert reminder.day == dt.date(2015, 1, 12)
    # Written directly on purpose: the database itself must refuse the second record.
    with pytest.raises(IntegrityError), transaction.atomic():
        Reminder.objects.create(
            batch=world.batch, participant=world.trainees[0], day=dt.date(2015, 1, 12)
        )


def test_trainees_are_reminded_of_the_first_day_only_trainers_of_each_day_they_teach(
    django_capture_on_commit_callbacks,
):
    world = build_world()
    second_day = world.batch.start_date + dt.timedelta(days=1)
    factories.TrainerAssignmentFactory(session=world.sessions[2], trainer=world.trainer)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_reminders", day=second_day, stdout=open("/dev/null", "w"))
    assert [m.to[0] for m in mail.outbox] == [world.trainer.email]


def test_a_seat_freed_by_a_cancellation_goes_to_the_wait_list_with_the_promotion_words(
    django_capture_on_commit_callbacks,
):
    world = build_world()
    batch_update(batch=world.batch, capacity=3)  # full: three confirmed
    leaving = Nomination.objects.get(participant=world.trainees[0])
    with django_capture_on_commit_callbacks(execute=True):
        nomination_cancel(nomination=leaving, reason="On leave")
    subjects = {m.to[0]: m.subject for m in mail.outbox}
    assert subjects[world.waitlisted.email].startswith("A place has become free")
    assert Nomination.objects.get(participant=world.waitlisted).status == "confirmed"
