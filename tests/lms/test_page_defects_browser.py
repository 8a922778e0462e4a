"""Page defects found by outside checkers, looked at in Chromium: "Sign out" on the sandbox's
pages (axe-core's colour-contrast rule), the favicon, and the event page's "Add to calendar"
link at laptop and phone widths."""

import os
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

from tests import factories
from tests.outside import node_module
from tests.workshops.sessions_world import build_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def tab(chromium):
    context = chromium.new_context(viewport={"width": 1366, "height": 900}, bypass_csp=True)
    yield context.new_page()
    context.close()


def log_in(page, live_server, user) -> None:
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie.value, "url": live_server.url}]
    )


def shots(tmp_path) -> Path:
    """Where screenshots go: GPMS_SCREENSHOTS to keep them for a look, else the test's tmp."""
    return Path(os.environ.get("GPMS_SCREENSHOTS", tmp_path))


def contrast_violations(page) -> list[dict]:
    page.add_script_tag(path=str(node_module("axe-core") / "axe.min.js"))
    result = page.evaluate(
        "() => axe.run(document, {runOnly: {type: 'rule', values: ['color-contrast']}})"
    )
    return [
        {"target": node["target"], "summary": node["failureSummary"]}
        for violation in result["violations"]
        for node in violation["nodes"]
    ]


def test_sign_out_is_readable_on_the_sandbox_pages(live_server, tab):
    factories.home_page()
    trainee = factories.UserFactory(group="Trainees")
    log_in(tab, live_server, trainee)
    for path in ("/sandbox/", "/bn/sandbox/"):
        tab.goto(live_server.url + path)
        tab.locator(".account-menu summary").click()  # "My pages": Sign out is in it
        assert (
            tab.get_by_role("button", name="Sign out")
            .or_(tab.get_by_role("button", name="সাইন আউট"))
            .first.is_visible()
        )
        assert contrast_violations(tab) == [], path


def test_the_favicon_is_served_and_named(live_server, tab):
    factories.home_page()
    response = tab.request.get(live_server.url + "/favicon.ico")
    assert response.status == 200
    assert response.headers["content-type"] == "image/vnd.microsoft.icon"
    tab.goto(live_server.url + "/")
    assert tab.locator('link[rel="icon"]').count() == 1


def test_the_event_page_offers_each_batch_for_the_calendar(live_server, tab, tmp_path):
    world = build_world()
    url = live_server.url + world.batch.event.url
    for width in (1366, 360):
        for prefix in ("", "/bn"):
            tab.set_viewport_size({"width": width, "height": 900})
            tab.goto(url.replace(live_server.url, live_server.url + prefix))
            name = f"event-{width}{prefix.replace('/', '-')}"
            tab.screenshot(path=str(shots(tmp_path) / f"{name}.png"), full_page=True)
            # The page itself never scrolls sideways (the table scrolls inside its frame).
            assert tab.evaluate("document.documentElement.scrollWidth") <= width, tab.evaluate(
                "[...document.querySelectorAll('body *')].filter(e => !e.closest('.table-wrap')"
                " && e.getBoundingClientRect().right > innerWidth + 1).slice(0, 8)"
                ".map(e => e.tagName + '.' + e.className)"
            )
            link = tab.locator("a.calendar-link").first
            link.scroll_into_view_if_needed()
            assert link.is_visible()
            tab.screenshot(path=str(shots(tmp_path) / f"{name}-link.png"))
            with tab.expect_download() as download:
                link.click()
            assert download.value.suggested_filename == f"batch-{world.batch.pk}.ics"
