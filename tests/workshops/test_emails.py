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
from workshops.signals import nomination_status_changed

pytestmark = pytest.mark.django_db


def change(nomination, from_status, to_status, captured):
    """What the nomination services do: change the status and send the signal."""
    nomination.status = to_status
    nomination.save()
    with captured(execute=True):
        nomination_status_changed.send(
            sender=Nomination,
            nomination=nomination,
            from_status=from_status,
            to_status=to_status,
            by=None,
        )


def test_confirmation_carries_the_batch_sessions_as_an_ics(django_capture_on_commit_callbacks):
    world = build_world()
    person = factories.ParticipantFactory(email="karim@example.gov.bd")
    nomination = factories.NominationFactory(
        batch=world.batch, participant=person, status="nominated"
    )
    change(nomination, "nominated", "confirmed", django_capture_on_commit_callbacks)
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
    change(nomination, "waitlisted", "confirmed", django_capture_on_commit_callbacks)
    assert mail.outbox[0].subject.startswith("A place has become free")
    assert "moved from the wait-list" in mail.outbox[0].body


def test_wait_listed_people_are_told_their_position(django_capture_on_commit_callbacks):
    world = build_world()
    nomination = factories.NominationFactory(
        batch=world.batch, status="nominated", waitlist_position=2
    )
    change(nomination, "nominated", "waitlisted", django_capture_on_commit_callbacks)
    assert "You are number 2 on the list." in mail.outbox[0].body
    assert not mail.outbox[0].attachments


def test_no_mail_is_sent_before_the_transaction_commits(django_capture_on_commit_callbacks):
    world = build_world()
    nomination = Nomination.objects.get(participant=world.waitlisted)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        nomination_status_changed.send(
            sender=Nomination,
            nomination=nomination,
            from_status="waitlisted",
            to_status="confirmed",
            by=None,
        )
    assert mail.outbox == []
    assert len(callbacks) == 1


def test_a_batch_change_tells_participants_and_trainers(django_capture_on_commit_callbacks):
    world = build_world()
    with django_capture_on_commit_callbacks(execute=True):
        world.batch.venue = "NAPD, Nilkhet"
        world.batch.save()
    recipients = sorted(m.to[0] for m in mail.outbox)
    expected = sorted([p.email for p in world.trainees] + [world.trainer.email])
    assert recipients == expected
    assert all(m.subject.startswith("Changed:") for m in mail.outbox)
    assert "NAPD, Nilkhet" in mail.outbox[0].body


def test_opening_a_batch_is_not_news_but_cancelling_it_is(django_capture_on_commit_callbacks):
    world = build_world()
    with django_capture_on_commit_callbacks(execute=True):
        world.batch.status = "running"
        world.batch.save()
    assert mail.outbox == []
    with django_capture_on_commit_callbacks(execute=True):
        world.batch.status = "cancelled"
        world.batch.save()
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
    Reminder.objects.create(
        batch=world.batch, participant=world.trainees[0], day=dt.date(2015, 1, 12)
    )
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


def test_the_promoted_flag_of_workshops_one_chooses_the_promotion_words(
    django_capture_on_commit_callbacks,
):
    world = build_world()
    nomination = Nomination.objects.get(participant=world.waitlisted)
    nomination.status = "confirmed"
    nomination.save()
    with django_capture_on_commit_callbacks(execute=True):
        nomination_status_changed.send(
            sender=Nomination,
            nomination=nomination,
            from_status="nominated",
            to_status="confirmed",
            by=None,
            reason="",
            promoted=True,
        )
    assert mail.outbox[0].subject.startswith("A place has become free")
