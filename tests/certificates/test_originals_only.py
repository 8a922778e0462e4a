"""Certificates are issued for the original event or course, never its Bangla copy: bulk
issue offers originals only, and issuing refuses a translation."""

import pytest
from django.urls import reverse

from certificates.models import BulkIssueJob, Certificate
from certificates.services import (
    CertificateError,
    bulk_issue_plan,
    bulk_issue_start,
    certificate_issue,
    event_certificate_set,
)
from tests import factories
from tests.certificates.conftest import nominate, participant

pytestmark = pytest.mark.django_db


@pytest.fixture
def translation(event):
    return factories.bangla(event)


def test_bulk_issue_offers_each_event_and_course_once(client, organiser, event, batch, translation):
    course = factories.course(title="APA basics")
    course_bn = factories.bangla(course)
    client.force_login(organiser)
    html = client.get(reverse("certificates_admin:bulk")).content.decode()
    assert f'value="event:{event.pk}"' in html and f'value="course:{course.pk}"' in html
    assert f'value="event:{translation.pk}"' not in html
    assert f'value="course:{course_bn.pk}"' not in html
    assert "(বাংলা)" not in html


def test_a_bulk_issue_posted_for_the_bangla_copy_starts_nothing(
    client, organiser, templates, event, batch, translation
):
    client.force_login(organiser)
    response = client.post(
        reverse("certificates_admin:bulk"),
        {"kind": "attendance", "subject": f"event:{translation.pk}"},
        follow=True,
    )
    assert "Choose a certificate kind" in response.content.decode()
    assert not BulkIssueJob.objects.exists()


def test_issuing_for_a_translation_is_refused_with_a_message(templates, event, batch, translation):
    person = participant()
    nominate(batch, person)
    with pytest.raises(CertificateError, match="is a translation") as refused:
        certificate_issue(kind="attendance", participant=person, subject=translation, batch=batch)
    assert refused.value.code == "translation"
    assert not Certificate.objects.exists()
    certificate = certificate_issue(
        kind="attendance", participant=person, subject=event, batch=batch
    )
    assert certificate.event == event


def test_a_course_certificate_for_a_translated_course_is_refused(templates):
    course = factories.course(title="Training of trainers", kind="tot")
    with pytest.raises(CertificateError, match="is a translation"):
        certificate_issue(
            kind="trainer", participant=participant(), subject=factories.bangla(course)
        )
    assert not Certificate.objects.exists()


def test_bulk_issue_and_the_events_certificate_refuse_a_translation(
    organiser, templates, event, batch, translation
):
    with pytest.raises(CertificateError, match="is a translation"):
        bulk_issue_plan(kind="attendance", event=translation)
    with pytest.raises(CertificateError, match="is a translation"):
        bulk_issue_start(kind="attendance", by=organiser, event=translation)
    with pytest.raises(CertificateError, match="is a translation"):
        event_certificate_set(event=translation, kind="attendance")
    assert not BulkIssueJob.objects.exists()
    assert bulk_issue_start(kind="attendance", by=organiser, event=event).event == event
