"""The main public, trainee and trainer pages, in English and Bangla, checked by the Nu HTML
Checker (vnu, the W3C's validator): any error fails the test, with the page and the message."""

import json
import subprocess

import pytest
from django.conf import settings
from django.urls import reverse

from certificates.models import Certificate
from courses.models import CoursePage, LessonPage
from lms.models import NewsIndexPage, NewsPage
from sandbox_apa.models import PracticeAPA
from tests.outside import vnu_command
from workshops.models import EventPage, TrainerAssignment

pytestmark = pytest.mark.django_db


def public_addresses() -> dict[str, str]:
    return {
        "home": "/",
        "event page": EventPage.objects.live().first().url,
        "news": NewsIndexPage.objects.live().first().url,
        "news item": NewsPage.objects.live().first().url,
        "course": CoursePage.objects.live().first().url,
        "lesson": LessonPage.objects.live().first().url,
        "verify": reverse("certificates:verify", args=[Certificate.objects.first().code]),
    }


def trainee_addresses() -> dict[str, str]:
    apa = PracticeAPA.objects.first()
    return {
        "a message": reverse("workshops:calendar_settings"),
        "My learning": reverse("courses:my_learning"),
        "My attendance": reverse("workshops:my_attendance"),
        "APA list": reverse("sandbox_apa:list"),
        "APA editor": reverse("sandbox_apa:detail", args=[apa.pk]),
    }


def trainer_addresses(batch) -> dict[str, str]:
    return {
        "My teaching": reverse("courses:my_teaching"),
        "roster": reverse("courses:batch_roster", args=[batch.pk]),
        "My sessions": reverse("workshops:my_sessions"),
    }


def in_bangla(address: str) -> str:
    return address if address.startswith("/bn/") else "/bn" + address


def fetch(client, pages: dict[str, str], into, found: dict) -> None:
    for name, address in pages.items():
        for language, url in (("en", address), ("bn", in_bangla(address))):
            client.cookies[settings.LANGUAGE_COOKIE_NAME] = language  # no redirect to the other
            response = client.get(url, follow=True)
            assert response.status_code == 200, (name, url, response.status_code)
            assert response["Content-Type"].startswith("text/html"), url
            path = into / f"{len(found):02d}-{language}-{name.replace(' ', '-')}.html"
            path.write_bytes(response.content)
            found[str(path)] = f"{name} ({language}) {url}"


def test_the_main_pages_have_no_html_errors(client, portal_world, tmp_path):
    vnu = vnu_command()
    pages: dict[str, str] = {}
    fetch(client, public_addresses(), tmp_path, pages)
    client.force_login(portal_world.trainee)
    # A page that shows a message (the messages list and its live region).
    client.post(reverse("workshops:calendar_settings"), {"action": "regenerate"})
    fetch(client, trainee_addresses(), tmp_path, pages)
    assert any("message--success" in open(p, encoding="utf-8").read() for p in pages)
    assignment = TrainerAssignment.objects.select_related("trainer__user", "session").first()
    client.force_login(assignment.trainer.user)
    fetch(client, trainer_addresses(assignment.session.batch), tmp_path, pages)

    done = subprocess.run(
        [*vnu, "--errors-only", "--format", "json", *pages],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    messages = json.loads(done.stderr or done.stdout or '{"messages": []}')["messages"]
    errors = [
        f"{pages.get(m.get('url', '').removeprefix('file:'), m.get('url'))}: line "
        f"{m.get('lastLine')}: {m.get('message')} [{m.get('extract', '').strip()[:120]}]"
        for m in messages
        if m.get("type") == "error"
    ]
    assert len(pages) == 30
    assert not errors, "\n".join(errors)


def meta_description(html: str) -> str:
    import re
    from html import unescape

    found = re.findall(r'<meta name="description" content="([^"]*)">', html)
    assert len(found) == 1, found
    return unescape(found[0])


def test_public_pages_describe_themselves(client, portal_world):
    event = EventPage.objects.live().first()
    event.summary = "Two days on drafting & scoring APAs."
    event.search_description = ""
    event.save_revision().publish()
    assert meta_description(client.get(event.url).content.decode()) == event.summary
    event.search_description = "What search engines show."
    event.save_revision().publish()
    assert meta_description(client.get(event.url).content.decode()) == "What search engines show."
    news = NewsIndexPage.objects.live().first()
    assert "Government Performance Management System" in meta_description(
        client.get(news.url).content.decode()
    )
    assert "জিপিএমএস" in meta_description(client.get("/bn" + news.url).content.decode())


def test_favicon_is_served(client, db):
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/vnd.microsoft.icon"
    assert b"".join(response.streaming_content)[:4] == b"\x00\x00\x01\x00"  # an ICO file
