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
from workshops.models import Batch, Nomination, Participant

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
    batch = factories.BatchFactory(
        event=event,
        number=number,
        start_date=day,
        end_date=day + dt.timedelta(days=sessions - 1),
        venue="BIAM Foundation, Dhaka",
        capacity=30,
        status=Batch.Status.PLANNED,
    )
    for offset in range(sessions):
        start = dt.datetime.combine(day + dt.timedelta(days=offset), dt.time(9, 30), DHAKA)
        factories.SessionFactory(
            batch=batch, starts_at=start, ends_at=start + dt.timedelta(hours=7), topic="", room=""
        )
    return batch


@pytest.fixture
def batch(event):
    return add_batch(event)


_counter = iter(range(1, 10**6))


def participant(**fields) -> Participant:
    n = next(_counter)
    defaults = {
        "name": f"Participant {n}",
        "name_bn": "",
        "designation": "Senior Assistant Secretary",
        "email": f"participant{n}@example.gov.bd",
        "organisation": factories.OrganisationFactory(),
        "rank": None,
    }
    return factories.ParticipantFactory(**(defaults | fields))


def nominate(batch, person, status="confirmed", attendance=("present", "present")) -> Nomination:
    nomination = factories.NominationFactory(batch=batch, participant=person, status=status)
    sessions = batch.sessions.order_by("starts_at")
    factories.attendance_record_all(
        [(session, person, mark) for session, mark in zip(sessions, attendance, strict=False)]
    )
    return nomination
