"""On Bangla pages every number of the interface is written in Bangla digits.

The main pages of the public site and of the trainee and trainer areas are rendered in Bangla
with the demo data (seats, batch numbers, days, counts, scores, percentages, times, years) and
their visible text is searched for Latin digits. Allowed are only:

- codes a reader copies or types back: certificate serials, verification codes, and ISO
  dates that show the format a date field expects ("enter dates as 2020-06-11");
- names editors typed, shown as typed: the APA frameworks ("2015-16 to 2020-21 (75 + 25)");
- figures inside English text, which is content shown in English because no Bangla
  translation exists (an English course or scenario: "2.1 million people", "FY2019-20").
  A figure counts as inside English text when the word itself, or the word before or after
  it, is written in Latin letters.
"""

import html
import re

import pytest
from django.test import Client

CODES = [
    re.compile(r"GPMS-\d{4}-[A-Z]{3}-\d{6}"),  # certificate serial
    re.compile(r"[A-Z2-7]{24}"),  # verification code
    re.compile(r"\b\d{4}-\d{2}-\d{2}\b"),  # ISO date, the input format of date fields
]
LATIN_WORD = re.compile(r"[A-Za-z]")
LATIN_DIGIT = re.compile(r"[0-9]")


def visible_text(body: str) -> str:
    """What a reader sees: text between tags, and the alt/title/placeholder/aria-label texts."""
    text = re.sub(r"<(script|style)\b.*?</\1>|<!--.*?-->", " ", body, flags=re.S | re.I)
    shown = re.findall(r'\s(?:alt|title|placeholder|aria-label)="([^"]*)"', text)
    text = re.sub(r"<[^>]*>", "  ", text, flags=re.S)
    return html.unescape(" ".join([text, *shown]))


def latin_figures(body: str, names: tuple[str, ...] = ()) -> list[str]:
    """Words with a Latin digit that are neither a code, one of ``names``, nor English text."""
    text = visible_text(body)
    for code in CODES:
        text = code.sub(" ", text)
    for name in names:
        text = text.replace(name, " ")
    words = text.split()
    found = []
    for index, word in enumerate(words):
        if not LATIN_DIGIT.search(word):
            continue
        neighbours = words[max(0, index - 1) : index + 2]
        if any(LATIN_WORD.search(w) for w in neighbours):
            continue
        found.append(" ".join(words[max(0, index - 3) : index + 3]))
    return found


def test_the_check_finds_latin_figures_and_allows_codes_and_english_text():
    assert latin_figures('<p title="৩ দিন">ব্যাচ 3</p>') == ["ব্যাচ 3 ৩ দিন"]
    assert latin_figures("<p>আসন</p><td>150</td><p>জন</p>") == ["আসন 150 জন"]
    allowed = (
        "<p>ক্রমিক GPMS-2015-CMP-000007 কোড ZSJLK5VUICNE4FNZMYEGDRIO, লিখুন 2020-06-11</p>"
        "<p>a district of 2.1 million people</p><script>var n = 5;</script>"
        "<p>কাঠামো 2015-16 to 2020-21 (75 + 25)</p>"
    )
    assert latin_figures(allowed, names=("2015-16 to 2020-21 (75 + 25)",)) == []
    assert latin_figures("<p>ব্যাচ ৩</p><td>১৫০</td>") == []


@pytest.fixture
def demo(demo_world):
    """The demo data, loaded once for the module (tests/conftest.py)."""


def _client(email: str | None) -> Client:
    from django.contrib.auth import get_user_model

    client = Client()
    if email:
        client.force_login(get_user_model().objects.get(email=email))
    return client


def _bangla_pages() -> list[tuple[str | None, str]]:
    """(who, URL) of the main pages, with the demo's own objects."""
    from certificates.models import Certificate
    from courses.models import CoursePage, LessonPage
    from sandbox_apa.models import PracticeAPA
    from workshops.models import Batch, EventPage, ProgrammePage
    from workshops.services import session_checkin_code

    trainee, trainer = "trainee@example.org", "trainer@example.org"
    programme = ProgrammePage.objects.live().filter(locale__language_code="bn").first()
    event = EventPage.objects.live().filter(locale__language_code="bn").first()
    course = CoursePage.objects.live().first()
    lesson = LessonPage.objects.live().first()
    agreement = PracticeAPA.objects.filter(trainee__email=trainee).order_by("pk").first()
    scored = PracticeAPA.objects.filter(trainee__email=trainee, evaluated_at__isnull=False).first()
    certificate = Certificate.objects.filter(participant__email=trainee).first()
    batch = Batch.objects.filter(sessions__trainers__trainer__email=trainer).first()
    session = batch.sessions.order_by("starts_at").first()
    code = session_checkin_code(session=session, at=session.starts_at)
    bn = "/bn"
    return [
        (None, "/bn/"),
        (None, programme.url),
        (None, event.url),
        (None, bn + course.url),
        (None, bn + "/news/"),
        (None, f"/bn/verify/{certificate.code}/"),
        (trainee, bn + lesson.url),
        (trainee, "/bn/courses/my/"),
        (trainee, "/bn/workshops/my/attendance/"),
        (trainee, "/bn/certificates/mine/"),
        (trainee, "/bn/sandbox/"),
        (trainee, f"/bn/sandbox/{agreement.pk}/"),
        (trainee, f"/bn/sandbox/{(scored or agreement).pk}/score/"),
        (trainee, f"/bn/sandbox/{agreement.pk}/achievements/"),
        (trainee, f"/bn/workshops/check-in/{session.pk}/{code}/"),
        (trainer, "/bn/courses/teaching/"),
        (trainer, f"/bn/courses/teaching/batch/{batch.pk}/"),
        (trainer, f"/bn/courses/feedback/{batch.pk}/results/"),
        (trainer, "/bn/workshops/my/sessions/"),
        (trainer, f"/bn/workshops/sessions/{session.pk}/attendance/"),
        (trainer, f"/bn/sandbox/batches/{batch.pk}/"),
    ]


def test_bangla_pages_write_every_number_in_bangla_digits(demo):
    from sandbox_apa.models import Framework

    names = tuple(Framework.objects.values_list("name", flat=True))
    clients = {}
    leaks = {}
    for who, url in _bangla_pages():
        client = clients.setdefault(who, _client(who))
        response = client.get(url)
        assert response.status_code in (200, 400), (url, response.status_code)
        found = latin_figures(response.content.decode(), names)
        if found:
            leaks[url] = found[:6]
    assert leaks == {}
