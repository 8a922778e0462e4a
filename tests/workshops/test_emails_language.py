"""E-mails in the recipient's preferred language: Bangla words, Bangla digits and month
names, the Bangla name, the event's Bangla title; English for English readers. The .ics
stays attached whatever the language."""

import unicodedata

import pytest
from django.core import mail
from icalendar import Calendar

from tests import factories
from tests.workshops.sessions_world import build_world
from workshops.services import batch_update, nomination_confirm, nomination_waitlist

pytestmark = pytest.mark.django_db


def confirm(world, person, captured):
    nomination = factories.NominationFactory(
        batch=world.batch, participant=person, status="nominated"
    )
    with captured(execute=True):
        nomination_confirm(nomination=nomination)
    (message,) = mail.outbox
    return message


def nfc(text: str) -> str:
    """য় may come as one code point or as য + nukta; compare the composed form."""
    return unicodedata.normalize("NFC", text)


def bangla_world():
    world = build_world()
    batch_update(batch=world.batch, number=12)
    world.batch.refresh_from_db()
    return world


def test_a_bangla_reader_is_confirmed_in_bangla(django_capture_on_commit_callbacks):
    world = bangla_world()
    person = factories.ParticipantFactory(
        name="Rahima Khatun", name_bn="রহিমা খাতুন", preferred_language="bn"
    )
    message = confirm(world, person, django_capture_on_commit_callbacks)

    assert message.subject.startswith("আপনার আসন নিশ্চিত:")
    assert "ব্যাচ ১২" in message.subject
    html = message.alternatives[0].content
    for body in (nfc(message.body), nfc(html)):
        assert "প্রিয় রহিমা খাতুন" in body
        assert "Rahima" not in body
        assert nfc("১২ জানুয়ারি ২০১৫") in body and nfc("১৩ জানুয়ারি ২০১৫") in body
        assert "০৯:৩০" in body  # the first session's time
        assert "ব্যাচ ১২" in body
        assert "Your place" not in body and "January" not in body
    assert '<html lang="bn">' in html
    name, content, mimetype = message.attachments[0]
    assert name == "sessions.ics" and mimetype.startswith("text/calendar")
    assert len(Calendar.from_ical(content).walk("VEVENT")) == 4


def test_an_english_reader_is_confirmed_in_english(django_capture_on_commit_callbacks):
    world = bangla_world()
    person = factories.ParticipantFactory(
        name="Rahima Khatun", name_bn="রহিমা খাতুন", preferred_language="en"
    )
    message = confirm(world, person, django_capture_on_commit_callbacks)

    assert message.subject.startswith("Your place is confirmed:")
    assert "batch 12" in message.subject
    assert "Dear Rahima Khatun," in message.body
    assert "12 Jan 2015" in message.body
    assert "রহিমা" not in message.body and "১২" not in message.body
    assert message.attachments[0][0] == "sessions.ics"


def test_a_bangla_reader_without_a_bangla_name_is_greeted_by_their_name(
    django_capture_on_commit_callbacks,
):
    world = bangla_world()
    person = factories.ParticipantFactory(name="Rahima Khatun", name_bn="", preferred_language="bn")
    message = confirm(world, person, django_capture_on_commit_callbacks)
    assert "প্রিয় Rahima Khatun" in message.body


def test_the_event_title_comes_from_its_bangla_translation(django_capture_on_commit_callbacks):
    from wagtail.models import Locale

    world = bangla_world()
    translation = world.batch.event.copy_for_translation(
        Locale.objects.get(language_code="bn"), copy_parents=True
    )
    translation.title = "এপিএ প্রশিক্ষণ কর্মশালা"
    translation.save_revision().publish()
    person = factories.ParticipantFactory(preferred_language="bn")
    message = confirm(world, person, django_capture_on_commit_callbacks)
    assert "এপিএ প্রশিক্ষণ কর্মশালা" in message.subject
    assert "এপিএ প্রশিক্ষণ কর্মশালা" in message.body


def test_a_batch_change_goes_to_each_person_in_their_own_language(
    django_capture_on_commit_callbacks,
):
    world = bangla_world()
    bangla_reader = world.trainees[0]
    bangla_reader.preferred_language = "bn"
    bangla_reader.save()
    with django_capture_on_commit_callbacks(execute=True):
        batch_update(batch=world.batch, venue="NAPD, Nilkhet")
    subjects = {m.to[0]: m.subject for m in mail.outbox}
    assert subjects[bangla_reader.email].startswith("পরিবর্তিত:")
    assert "ব্যাচ ১২" in subjects[bangla_reader.email]
    others = [s for to, s in subjects.items() if to != bangla_reader.email]
    assert len(others) == 3 and all(s.startswith("Changed:") for s in others)


def test_wait_list_position_is_in_bangla_digits(django_capture_on_commit_callbacks):
    world = bangla_world()
    factories.NominationFactory(batch=world.batch, status="waitlisted", waitlist_position=2)
    nomination = factories.NominationFactory(
        batch=world.batch,
        status="nominated",
        participant=factories.ParticipantFactory(preferred_language="bn"),
    )
    with django_capture_on_commit_callbacks(execute=True):
        nomination_waitlist(nomination=nomination)
    assert "তালিকায় আপনার ক্রম ৩" in mail.outbox[0].body
