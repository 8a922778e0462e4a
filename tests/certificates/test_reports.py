"""Certificates report: issued, being issued, revoked and superseded per event and kind."""

import datetime as dt

import pytest

from certificates.models import Certificate
from lms.reports import get_report
from tests import factories
from tests.workshops import report_data

pytestmark = pytest.mark.django_db


def _certificate(world, name, *, status, kind="attendance", event=None, issued=None):
    n = Certificate.objects.count() + 1
    return Certificate.objects.create(
        kind=kind,
        participant=world.people[name],
        event=event or world.training,
        template=world.template,
        name=name,
        subject_title=(event or world.training).title,
        issued_on=issued or dt.date(2015, 1, 20),
        serial=f"GPMS-{n:05d}",
        code=f"CODE{n:08d}",
        status=status,
        sha256="" if status == "pending" else "x" * 64,
    )


@pytest.fixture
def world(home):
    world = report_data.build()
    world.template = factories.CertificateTemplateFactory()
    _certificate(world, "Amina", status="valid")
    _certificate(world, "Babul", status="superseded")
    _certificate(world, "Babul", status="valid")
    _certificate(world, "Chandra", status="revoked")
    _certificate(world, "Esha", status="pending")
    _certificate(world, "Amina", status="valid", kind="completion")
    _certificate(world, "Gazi", status="valid", event=world.workshop, issued=dt.date(2014, 11, 16))
    return world


def test_certificates_per_event_and_kind(world):
    frame = get_report("certificates").run()
    columns = ["subject", "kind", "valid", "pending", "revoked", "superseded"]
    assert frame[columns].to_dict("records") == [
        {
            "subject": "Secretaries' workshop",
            "kind": "Attendance",
            "valid": 1,
            "pending": 0,
            "revoked": 0,
            "superseded": 0,
        },
        {
            "subject": "APA training",
            "kind": "Attendance",
            "valid": 2,
            "pending": 1,
            "revoked": 1,
            "superseded": 1,
        },
        {
            "subject": "APA training",
            "kind": "Completion",
            "valid": 1,
            "pending": 0,
            "revoked": 0,
            "superseded": 0,
        },
    ]


def test_certificates_filtered_by_programme_issue_date_and_organisation(world):
    report = get_report("certificates")
    assert report.run(programme="cop-phase-2").empty
    assert report.run(date_to=dt.date(2014, 12, 31)).subject.tolist() == ["Secretaries' workshop"]
    ministry = report.run(organisation=world.ministry.pk)  # Amina, Gazi and Babul (division)
    assert ministry.valid.sum() == 4


def test_admin_home_shows_certificates_being_issued(client, organiser, world):
    from django.urls import reverse

    client.force_login(organiser)
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "certificates being issued" in html
    assert '<strong style="font-size:1.6em">1</strong><br>certificates being issued' in html
