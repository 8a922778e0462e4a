"""Browser: a trainer opens today's session on a phone and marks attendance by keyboard and
touch, then marks the rest present at once."""

import os

import pytest
from django.utils import timezone

from tests.workshops.sessions_world import build_world
from workshops.models import Attendance

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture
def browser():
    from playwright.sync_api import sync_playwright

    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as p:
        chromium = p.chromium.launch(
            executable_path=os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"),
            args=CHROMIUM_ARGS,
        )
        yield chromium
        chromium.close()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_trainer_marks_todays_session_on_a_phone(browser, live_server, client):
    world = build_world(start=timezone.localdate())
    session = world.sessions[0]
    first, second, third = sorted(world.trainees, key=lambda p: (p.name, p.pk))  # page order
    client.force_login(world.trainer_user)
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True
    )
    context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    page = context.new_page()
    page.goto(f"{live_server.url}/workshops/my/sessions/")
    page.get_by_role("link", name=session.topic).click()
    page.wait_for_url(f"**/workshops/sessions/{session.pk}/attendance/")
    assert page.get_by_role("heading", name=session.topic).is_visible()
    # No sideways scrolling on a phone.
    assert page.evaluate("document.documentElement.scrollWidth") <= 390

    rows = page.locator("[data-row]")
    rows.nth(0).locator("label.m-present").tap()  # touch
    rows.nth(1).locator("input[value=present]").focus()
    page.keyboard.press("a")  # absent; focus moves on to the third person
    page.keyboard.press("l")  # late
    page.get_by_role("button", name="Save attendance").click()
    page.wait_for_load_state()
    assert page.get_by_text("Attendance saved (3 changed).").is_visible()
    marks = dict(Attendance.objects.filter(session=session).values_list("participant", "status"))
    assert marks == {first.pk: "present", second.pk: "absent", third.pk: "late"}

    page.goto(f"{live_server.url}/workshops/sessions/{world.sessions[1].pk}/attendance/")
    page.get_by_role("button", name="Mark all present").click()
    page.wait_for_load_state()
    assert page.get_by_text("3 marked present.").is_visible()
    assert page.locator("input[value=present]:checked").count() == 3
    context.close()
