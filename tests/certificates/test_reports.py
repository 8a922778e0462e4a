"""Certificates report: issued, being issued, revoked and superseded per event and kind."""

import datetime as dt

import pytest

from certificates.services import Subject, _reserve, template_default
from lms.reports import get_report
from tests import factories
from tests.workshops import report_data

pytestmark = pytest.mark.django_db


def _certificate(world, name, *, kind="attendance", event=None, issued=dt.date(2015, 1, 20)):
    """A valid certificate issued through the service."""
    return factories.CertificateFactory(
        kind=kind, participant=world.people[name], subject=event or world.training, issued_on=issued
    )


@pytest.fixture
def world(home):
    world = report_data.build()
    factories.CertificateTemplateFactory(kind="attendance")
    factories.CertificateTemplateFactory(kind="completion", title="Certificate of completion")
    _certificate(world, "Amina")
    factories.CertificateEventFactory(  # Babul's first superseded by a corrected one
        certificate=_certificate(world, "Babul"), action="reissued", reason="Name misspelt"
    )
    factories.CertificateEventFactory(certificate=_certificate(world, "Chandra"))  # revoked
    # What a worker killed half-way through issuing leaves: reserved, not yet valid.
    _reserve(
        kind="attendance",
        participant=world.people["Esha"],
        subject=Subject.of(world.training),
        template=template_default("attendance"),
        issued_on=dt.date(2015, 1, 20),
        by=None,
    )
    _certificate(world, "Amina", kind="completion")
    _certificate(world, "Gazi", event=world.workshop, issued=dt.date(2014, 11, 16))
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
