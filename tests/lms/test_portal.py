"""One setting for the portal's public address (PORTAL_BASE_URL): certificate QR codes and
"Verify at", e-mails and calendar feeds use it; `make run` sets it from HOST and PORT; the
deploy check warns while production leaves it pointing at this machine."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.core import mail
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.urls import reverse
from icalendar import Calendar

from lms import portal
from tests import factories
from tests.workshops.sessions_world import build_world
from workshops.services import calendar_feed_regenerate, nomination_confirm

ROOT = Path(__file__).resolve().parents[2]
PUBLIC = "https://training.example.gov.bd"


def settings_of(**environment) -> dict[str, str]:
    """lms.settings as a fresh process reads it from this environment."""
    code = "import lms.settings as s; print(s.PORTAL_BASE_URL); print(s.WAGTAILADMIN_BASE_URL)"
    env = {k: v for k, v in os.environ.items() if k != "PORTAL_BASE_URL"} | environment
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    ).stdout.split()
    return {"PORTAL_BASE_URL": out[0], "WAGTAILADMIN_BASE_URL": out[1]}


def test_wagtails_base_url_is_the_portals_address():
    assert settings_of(PORTAL_BASE_URL=PUBLIC + "/") == {
        "PORTAL_BASE_URL": PUBLIC,
        "WAGTAILADMIN_BASE_URL": PUBLIC,
    }
    assert settings_of()["PORTAL_BASE_URL"] == "http://127.0.0.1:8000"


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
def test_make_run_gives_the_portal_its_host_and_port():
    # A probe that `make run` builds on the way (run -> demo -> probe): it prints the
    # environment the demo and the server get. "+" runs it even under --dry-run, which keeps
    # everything else from running.
    probe = "probe-portal:\n\t+@echo PORTAL=$$PORTAL_BASE_URL\ndemo: probe-portal\n"
    makefile = (ROOT / "Makefile").read_text() + "\n" + probe
    env = {k: v for k, v in os.environ.items() if k != "PORTAL_BASE_URL"}

    def make(*args: str) -> str:
        return subprocess.run(
            ["make", "--dry-run", "-f", "-", *args],
            input=makefile,
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            check=True,
        ).stdout

    assert "PORTAL=http://10.0.0.5:8101\n" in make("run", "HOST=10.0.0.5", "PORT=8101")
    assert "PORTAL=http://127.0.0.1:8000\n" in make("run")
    assert f"PORTAL={PUBLIC}\n" in make("run", f"PORTAL_BASE_URL={PUBLIC}")


def test_an_address_that_is_not_http_is_an_error(settings):
    settings.PORTAL_BASE_URL = "training.example.gov.bd"
    assert [m.id for m in portal.check_portal_base_url()] == ["lms.E001"]
    settings.PORTAL_BASE_URL = PUBLIC
    assert portal.check_portal_base_url() == []


@pytest.mark.parametrize(
    "address", ["http://127.0.0.1:8000", "http://localhost:8101", "http://[::1]:8000"]
)
def test_the_deploy_check_warns_while_the_address_is_this_machine(settings, address):
    settings.PORTAL_BASE_URL = address
    [warning] = portal.check_portal_base_url_deploy()
    assert warning.id == "lms.W001"
    assert "QR codes" in warning.msg


def test_the_deploy_check_is_quiet_with_a_public_address(settings):
    settings.PORTAL_BASE_URL = PUBLIC
    assert portal.check_portal_base_url_deploy() == []


def test_manage_check_deploy_reports_the_local_address(settings):
    settings.PORTAL_BASE_URL = "http://127.0.0.1:8000"
    with pytest.raises(SystemCheckError, match="lms.W001"):
        call_command("check", "--deploy", "--fail-level", "WARNING")


@pytest.mark.django_db
def test_emails_and_calendar_feeds_use_the_public_address(
    client, settings, django_capture_on_commit_callbacks
):
    settings.PORTAL_BASE_URL = PUBLIC
    world = build_world()
    person = factories.ParticipantFactory(email="karim@example.gov.bd")
    nomination = factories.NominationFactory(
        batch=world.batch, participant=person, status="nominated"
    )
    with django_capture_on_commit_callbacks(execute=True):
        nomination_confirm(nomination=nomination)
    (sent,) = mail.outbox
    html = sent.alternatives[0].content
    assert f'href="{PUBLIC}"' in html
    assert "127.0.0.1" not in html
    user = world.trainees[0].user
    token = calendar_feed_regenerate(user=user).token
    feed = Calendar.from_ical(client.get(reverse("workshops:calendar_feed", args=[token])).content)
    uids = {str(event["UID"]) for event in feed.walk("VEVENT")}
    assert uids == {f"session-{s.pk}@training.example.gov.bd" for s in world.sessions}
    client.force_login(user)
    page = client.get(reverse("workshops:calendar_settings")).content.decode()
    assert f"{PUBLIC}/workshops/calendar/" in page
