"""A small portal with a trainee who has something on every trainee page (tests of bad input
and of the security headers)."""

import datetime as dt
from types import SimpleNamespace

import pytest
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Page

from tests import factories
from tests.certificates.conftest import small_pdf
from tests.workshops.sessions_world import build_world


@pytest.fixture
def portal_world(db, monkeypatch):
    """Pages (programme, event, news, resources, a course), a batch with a session open for
    check-in now, and a trainee in it with a verified e-mail, an attendance certificate and a
    practice APA. `addresses` are trainee and public pages of those objects."""
    from certificates.services import certificate_issue
    from tests.lms.test_pages import build_portal
    from workshops.services import calendar_feed_regenerate, session_checkin_code

    monkeypatch.setattr("certificates.rendering.certificate_pdf", small_pdf)
    portal = build_portal(2)
    course = factories.course(title="APA basics")
    sessions = build_world()
    me = sessions.trainees[0]
    trainee = me.user  # a factory account: its e-mail is verified
    factories.AttendanceFactory(session=sessions.sessions[0], participant=me, status="present")
    now = timezone.now()
    running = factories.SessionFactory(
        batch=sessions.batch,
        starts_at=now - dt.timedelta(minutes=5),
        ends_at=now + dt.timedelta(hours=2),
    )
    for kind in ("attendance", "completion", "trainer"):
        factories.CertificateTemplateFactory(kind=kind, title=f"Certificate of {kind}")
    certificate = certificate_issue(kind="attendance", participant=me, subject=sessions.batch)
    apa = factories.sandbox_apa(trainee=trainee, batch=sessions.batch)
    code = session_checkin_code(session=running, at=now)
    feed = calendar_feed_regenerate(user=trainee)
    addresses = [
        reverse("sandbox_apa:detail", args=[apa.pk]),
        reverse("sandbox_apa:score", args=[apa.pk]),
        reverse("workshops:check_in", args=[running.pk, code]),
        reverse("certificates:verify", args=[certificate.code]),
        reverse("certificates:mine"),
        reverse("courses:my_learning"),
        reverse("workshops:my_attendance"),
        reverse("workshops:calendar_settings"),
        reverse("workshops:calendar_feed", args=[feed.token]),
        reverse("workshops:batch_calendar", args=[sessions.batch.pk]),
        reverse("my_account"),
    ]
    objects = [sessions.batch, running, me, apa, course, certificate]
    return SimpleNamespace(
        trainee=trainee,
        pages=[page.url for page in Page.objects.live().specific() if page.url],
        addresses=addresses,
        ids=sorted({str(obj.pk) for obj in objects} | {str(p.pk) for p in portal.values()}),
        codes=[certificate.code, certificate.serial, feed.token],
    )
