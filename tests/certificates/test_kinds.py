"""Certificate kinds defined once, and which certificate an event gives (kept by certificates,
edited with the event, shown on its page, the default of the issue command)."""

import io
import re

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from certificates import kinds
from certificates.models import BulkIssueJob, Certificate, EventCertificate
from certificates.selectors import event_certificate_kind, verification
from certificates.services import CertificateError, certificate_issue, event_certificate_set
from tests import factories
from tests.certificates.conftest import nominate, participant

pytestmark = pytest.mark.django_db


def test_each_kind_has_its_serial_title_and_credential(templates, batch):
    """A certificate of each event kind: serial prefix, title on the verification page and
    achievement type of its credential all come from the kind."""
    person = participant(name="Farhana Akter")
    nominate(batch, person)
    for kind, prefix, title, achievement in [
        ("attendance", "ATT", "Certificate of attendance", "Certificate"),
        ("completion", "CMP", "Certificate of completion", "CertificateOfCompletion"),
    ]:
        certificate = certificate_issue(kind=kind, participant=person, subject=batch)
        assert certificate.serial.startswith(f"GPMS-{certificate.issued_on.year}-{prefix}-")
        assert verification(certificate.code)["kind_label"] == title
        achievement_of = certificate.credential["credentialSubject"]["achievement"]
        assert achievement_of["achievementType"] == achievement
    assert {kind.value for kind in kinds.KINDS} == set(kinds.Kind.values)


def test_a_kind_is_issued_for_its_subject_only(batch):
    with pytest.raises(ValueError, match="for a course"):
        kinds.kind_eligibility(kind="trainer", batch=batch)
    with pytest.raises(ValueError, match="for an event or a batch"):
        kinds.kind_eligibility(kind="attendance", course=object())
    with pytest.raises(LookupError):
        kinds.kind_get("participation")


# --- which certificate an event gives ---------------------------------------------------------


def test_an_event_gives_an_attendance_certificate_until_told_otherwise(event):
    assert event_certificate_kind(event) == "attendance"
    event_certificate_set(event=event, kind="completion")
    assert event_certificate_kind(event) == "completion"
    event_certificate_set(event=event, kind="")
    assert event_certificate_kind(event) == ""
    assert EventCertificate.objects.filter(page=event).count() == 1
    with pytest.raises(CertificateError, match="no kind of certificate"):
        event_certificate_set(event=event, kind="participation")


def _edit_form(event, **certificate) -> dict:
    """The event editor's form as an organiser sends it (publish)."""
    given = EventCertificate.objects.filter(page=event).first()
    row = {"id": str(given.pk)} if given else {}
    return nested_form_data(
        {
            "title": event.title,
            "slug": event.slug,
            "kind": event.kind,
            "start_date": event.start_date.isoformat(),
            "end_date": event.end_date.isoformat(),
            "min_attendance_percent": str(event.min_attendance_percent),
            "planned_participants": "179",
            "body": streamfield([]),
            "agenda": streamfield([]),
            "documents": inline_formset([]),
            "certificate_given": inline_formset(
                [row | certificate], initial=1 if given else 0, min=1, max=1
            ),
            "action-publish": "publish",
        }
    )


def test_organisers_choose_the_certificate_where_they_edit_the_event(client, organiser, event):
    client.force_login(organiser)
    url = reverse("wagtailadmin_pages:edit", args=[event.pk])
    html = client.get(url).content.decode()
    assert 'name="certificate_given-0-kind"' in html and "No certificate" in html

    response = client.post(url, _edit_form(event, kind="completion"))
    assert response.status_code == 302, response.content.decode()[:2000]
    assert event_certificate_kind(type(event).objects.get(pk=event.pk)) == "completion"

    response = client.post(url, _edit_form(event, kind=""))
    assert response.status_code == 302
    assert event_certificate_kind(type(event).objects.get(pk=event.pk)) == ""
    html = client.get(url).content.decode()
    select = re.search(r'<select name="certificate_given-0-kind".*?</select>', html, re.S)
    assert '<option value="" selected>' in select.group()  # the editor shows what was saved


def test_the_event_page_says_which_certificate_it_gives_in_both_languages(client, event):
    event_certificate_set(event=event, kind="completion")
    html = client.get(event.url).content.decode()
    assert "<dt>Certificate</dt><dd>Completion</dd>" in html
    bangla = factories.bangla(event)
    assert event_certificate_kind(bangla) == "completion"  # the translation carries it
    html = client.get(bangla.url).content.decode()
    assert "<dt>সনদপত্র</dt><dd>সমাপ্তি</dd>" in html
    event_certificate_set(event=event, kind="")
    assert "<dt>Certificate</dt>" not in client.get(event.url).content.decode()


def test_the_issue_command_defaults_to_the_events_certificate(templates, event, batch):
    nominate(batch, participant(name="Attended all"))
    event_certificate_set(event=event, kind="completion")
    call_command("issue_certificates", event=event.slug, stdout=io.StringIO())
    assert BulkIssueJob.objects.get().kind == "completion"
    assert Certificate.objects.get().kind == "completion"
    event_certificate_set(event=event, kind="")
    with pytest.raises(CommandError, match="gives no certificate; pass --kind"):
        call_command("issue_certificates", batch=batch.pk, stdout=io.StringIO())
