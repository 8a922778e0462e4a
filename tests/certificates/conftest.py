"""Fixtures of the certificates tests: an event with a batch, sessions and nominations.

Most tests replace the PDF renderer by a small reportlab canvas (milliseconds instead of
tens of milliseconds per certificate); tests of the PDF itself override `fast_pdf`.
"""

import datetime as dt
import io
from zoneinfo import ZoneInfo

import pytest
from reportlab.pdfgen import canvas

from certificates import rendering
from tests import factories
from workshops.models import Attendance, Batch, Nomination, Participant, Session

DHAKA = ZoneInfo("Asia/Dhaka")


def small_pdf(certificate) -> bytes:
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer)
    page.drawString(72, 720, f"{certificate.serial} {certificate.name}")
    page.save()
    return buffer.getvalue()


@pytest.fixture(autouse=True)
def fast_pdf(monkeypatch):
    monkeypatch.setattr(rendering, "certificate_pdf", small_pdf)


@pytest.fixture
def templates(db):
    return {
        kind: factories.CertificateTemplateFactory(kind=kind, title=f"Certificate of {kind}")
        for kind in ["attendance", "completion", "trainer"]
    }


@pytest.fixture
def event(db):
    return factories.event_page(slug="apa-officers-training", venue="Dhaka")


def add_batch(event, number=1, sessions=2) -> Batch:
    day = dt.date(2015, 1, 12) + dt.timedelta(days=2 * (number - 1))
    batch = Batch.objects.create(
        event=event,
        number=number,
        start_date=day,
        end_date=day + dt.timedelta(days=sessions - 1),
        venue="BIAM Foundation, Dhaka",
        capacity=30,
    )
    for offset in range(sessions):
        start = dt.datetime.combine(day + dt.timedelta(days=offset), dt.time(9, 30), DHAKA)
        Session.objects.create(batch=batch, starts_at=start, ends_at=start + dt.timedelta(hours=7))
    return batch


@pytest.fixture
def batch(event):
    return add_batch(event)


_counter = iter(range(1, 10**6))


def participant(**fields) -> Participant:
    n = next(_counter)
    defaults = {
        "name": f"Participant {n}",
        "designation": "Senior Assistant Secretary",
        "email": f"participant{n}@example.gov.bd",
        "organisation": factories.OrganisationFactory(),
    }
    return Participant.objects.create(**(defaults | fields))


def nominate(batch, person, status="confirmed", attendance=("present", "present")):
    nomination = Nomination.objects.create(batch=batch, participant=person, status=status)
    for session, mark in zip(batch.sessions.order_by("starts_at"), attendance, strict=False):
        if mark:
            Attendance.objects.create(session=session, participant=person, status=mark)
    return nomination
