"""The journeys of a visitor, a trainee and a trainer in Chromium, at 1366 and 360 px, in
English and Bangla (issue 17; issue 16 part 4).

On every page: nothing scrolls sideways at 360 px, no request leaves the server's own host
(the admin included), and axe-core finds no serious or critical violation. One browser, one
context per language and width, the roles signed in one after the other in it.

Set BROWSER_SCREENSHOTS=/some/folder to keep a full-page PNG of every page looked at.
"""

import datetime as dt
import os
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.test import Client
from django.utils import timezone
from wagtail.models import Locale

from tests import factories
from tests.outside import node_module
from tests.workshops.sessions_world import build_world

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

WIDTHS = {1366: 900, 360: 740}
SERIOUS = {"serious", "critical"}
AXE_RUN = """async () => {
  const result = await axe.run(document, {resultTypes: ["violations"]});
  return result.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.slice(0, 3).map(n => n.target.join(" ")),
  }));
}"""


@pytest.fixture
def journeys(db):
    """Pages in both languages, a batch running today with its timetable, a trainee in it
    (with a mark and a practice APA), its trainer, and an organiser."""
    from tests.lms.test_pages import build_portal

    build_portal(2)
    factories.course(title="APA basics")
    world = build_world(start=timezone.localdate())
    trainee = world.trainees[0]
    factories.AttendanceFactory(session=world.sessions[0], participant=trainee, status="late")
    later = timezone.localdate() + dt.timedelta(days=30)
    factories.NominationFactory(  # a second batch where they wait for a seat
        batch=factories.BatchFactory(
            event=world.batch.event,
            number=max(world.batch.event.batches.values_list("number", flat=True)) + 1,
            start_date=later,
            end_date=later,
        ),
        participant=trainee,
        status="waitlisted",
        waitlist_position=1,
    )
    factories.sandbox_apa(trainee=trainee.user, batch=world.batch)
    factories.bangla(factories.home_page())  # the whole tree, the course and event included
    bn = Locale.objects.get(language_code="bn")
    event, course = world.batch.event, _course()
    organiser = factories.UserFactory(group="Organisers", is_staff=True)
    visitor_pages = [
        ("/", "/bn/"),
        ("/news/", "/bn/news/"),
        (event.url, event.get_translation(bn).url),
        ("/courses/", "/bn/courses/"),  # E-learning: to the course index
        (course.url, course.get_translation(bn).url),
        ("/verify/", "/bn/verify/"),
        ("/search/?q=APA", "/bn/search/?q=APA"),
    ]
    return {
        "visitor": (None, visitor_pages),
        "trainee": (
            trainee.user,
            _both(
                ["/courses/my/", "/workshops/my/attendance/", "/certificates/mine/", "/sandbox/"]
            ),
        ),
        "trainer": (
            world.trainer_user,
            _both(
                [
                    "/workshops/my/sessions/",
                    "/courses/teaching/",
                    f"/workshops/sessions/{world.sessions[0].pk}/attendance/",
                ]
            ),
        ),
        "organiser": (organiser, [("/admin/", "/admin/")]),
    }


def _course():
    from courses.models import CoursePage

    return CoursePage.objects.get(locale__language_code="en")


def _both(paths: list[str]) -> list[tuple[str, str]]:
    return [(path, f"/bn{path}") for path in paths]


def _session_cookie(user, live_server) -> dict:
    client = Client()
    client.force_login(user)
    return {"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}


@pytest.mark.parametrize("language", ["en", "bn"])
def test_the_journeys_fit_stay_on_our_host_and_pass_axe(chromium, live_server, journeys, language):
    host = urlsplit(live_server.url).netloc
    problems: list[str] = []
    for width, height in WIDTHS.items():
        # bypass_csp: axe is injected as an inline script, which the portal's CSP forbids.
        context = chromium.new_context(
            base_url=live_server.url, viewport={"width": width, "height": height}, bypass_csp=True
        )
        context.set_default_timeout(20_000)
        requests: list[str] = []
        context.on("request", lambda request, seen=requests: seen.append(request.url))
        page = context.new_page()
        for role, (user, pages) in journeys.items():
            context.clear_cookies()
            if user is not None:
                context.add_cookies([_session_cookie(user, live_server)])
            for english, bangla in pages:
                path = bangla if language == "bn" else english
                problems += _look_at(page, path, f"{language} {width}px {role}", role, width)
        _check_phone_menu(page, journeys["trainee"][0], live_server, language, width)
        context.close()
        foreign = sorted(
            {url for url in requests if urlsplit(url).scheme in ("http", "https", "ws", "wss")}
            - {url for url in requests if urlsplit(url).netloc == host}
        )
        problems.extend(f"{language} {width}px: request to {url}" for url in foreign)
    assert not problems, "\n".join(problems)


def _look_at(page, path: str, who: str, role: str, width: int) -> list[str]:
    """Open `path`, keep a screenshot if asked, and say what is wrong with the page."""
    where = f"{who} {path}"
    response = page.goto(path)
    assert response is not None and response.ok, f"{where}: {response and response.status}"
    page.wait_for_load_state("networkidle")
    shots = os.environ.get("BROWSER_SCREENSHOTS")
    if shots:
        name = re.sub(r"[^a-z0-9]+", "-", f"{who}-{path}".lower()).strip("-")
        page.screenshot(path=str(Path(shots) / f"{name}.png"), full_page=True)
    if role == "organiser":
        return []  # the admin: only its requests are judged
    problems = []
    if width == 360:
        wide = page.evaluate("document.documentElement.scrollWidth")
        if wide > page.evaluate("innerWidth"):
            problems.append(f"{where}: {wide} px wide")
    page.add_script_tag(path=str(node_module("axe-core") / "axe.min.js"))
    for violation in page.evaluate(AXE_RUN):
        if violation["impact"] in SERIOUS:
            problems.append(f"{where}: axe {violation}")
    return problems


def _check_phone_menu(page, trainee, live_server, language: str, width: int) -> None:
    """On a phone the menu sits behind a Menu button; a trainee finds My attendance there."""
    page.context.clear_cookies()
    page.context.add_cookies([_session_cookie(trainee, live_server)])
    page.goto("/bn/" if language == "bn" else "/")
    nav = page.locator("#site-nav")
    button = page.locator(".menu-button")
    if width == 360:
        assert button.is_visible() and not nav.is_visible()
        button.click()
    assert nav.is_visible()
    assert page.evaluate("document.documentElement.scrollWidth <= innerWidth")
    page.locator(".account-menu summary").click()
    attendance = page.locator('.account-menu a[href$="/workshops/my/attendance/"]')
    assert attendance.is_visible()
    shots = os.environ.get("BROWSER_SCREENSHOTS")
    if shots:
        page.screenshot(path=str(Path(shots) / f"{language}-{width}px-trainee-menu-open.png"))
    attendance.click()
    page.wait_for_url(re.compile(r"/workshops/my/attendance/$"))
