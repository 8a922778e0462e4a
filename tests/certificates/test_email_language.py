"""The "certificate is ready" e-mail in the participant's preferred language, PDF attached."""

import datetime as dt

import pytest
from django.core import mail

from certificates.services import certificate_issue
from tests.certificates.conftest import participant

pytestmark = pytest.mark.django_db


def issue_to(person, batch, captured):
    with captured(execute=True):
        certificate_issue(
            kind="attendance", participant=person, subject=batch, issued_on=dt.date(2015, 1, 20)
        )
    (message,) = mail.outbox
    return message


def test_a_bangla_reader_gets_the_certificate_email_in_bangla(
    templates, batch, django_capture_on_commit_callbacks
):
    person = participant(name="Rahima Khatun", name_bn="রহিমা খাতুন", preferred_language="bn")
    message = issue_to(person, batch, django_capture_on_commit_callbacks)

    assert message.subject.startswith("আপনার সনদপত্র প্রস্তুত:")
    assert message.body.startswith("প্রিয় রহিমা খাতুন,")
    assert "Rahima" not in message.body and "Your certificate" not in message.body
    assert "GPMS-2015-ATT-000001" in message.body  # the serial stays as printed: readers type it
    assert message.attachments[0].filename == "GPMS-2015-ATT-000001.pdf"


def test_an_english_reader_gets_it_in_english(templates, batch, django_capture_on_commit_callbacks):
    person = participant(name="Rahima Khatun", name_bn="রহিমা খাতুন", preferred_language="en")
    message = issue_to(person, batch, django_capture_on_commit_callbacks)

    assert message.subject.startswith("Your certificate is ready:")
    assert message.body.startswith("Dear Rahima Khatun,")
    assert message.attachments[0].filename == "GPMS-2015-ATT-000001.pdf"


def test_a_bangla_reader_gets_the_bangla_title_where_the_event_is_translated(
    templates, batch, django_capture_on_commit_callbacks
):
    from tests import factories

    title_bn = factories.bangla(batch.event).title
    person = participant(name="Rahima Khatun", preferred_language="bn")
    message = issue_to(person, batch, django_capture_on_commit_callbacks)

    assert message.subject.endswith(title_bn)
    assert f"“{title_bn}”" in message.body or f'"{title_bn}"' in message.body
