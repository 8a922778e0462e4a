"""A trainee's journey in Chromium: pre-test, a lesson, the post-test, course complete."""

import os

import pytest
from django.conf import settings
from django.test import Client

from tests import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

QUESTIONS = [
    (
        "Which value does the Excellent target stand for?",
        [("100%", True, "Right."), ("90%", False, "That is Very Good.")],
    ),
    (
        "Which statements about weights are true?",
        [
            ("All weights sum to 100", True, ""),
            ("Weights may be fractional", True, ""),
            ("Every indicator weighs the same", False, "No."),
        ],
    ),
]
RIGHT = {"100%", "All weights sum to 100", "Weights may be fractional"}


@pytest.fixture
def browser_page():
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"), args=ARGS
        )
        yield browser.new_page()
        browser.close()


def _answer(page, *, right: bool) -> None:
    for label in page.locator("fieldset.question label").all():
        text = label.inner_text().strip()
        if (text in RIGHT) == right:
            label.locator("input").check()
    page.get_by_role("button", name="Submit answers").click()


def test_trainee_takes_pre_test_reads_lesson_passes_post_test(live_server, browser_page):
    pre = factories.quiz("pre", QUESTIONS, title="Pre-test")
    post = factories.quiz("post", QUESTIONS, title="Post-test", pass_percent=100)
    course = factories.course(
        title="APA basics", modules={"Targets": ["The target scale"]}, pre_test=pre, post_test=post
    )
    user = factories.UserFactory(group="Trainees")
    page = browser_page

    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie.value, "url": live_server.url}]
    )

    page.goto(live_server.url + course.url)
    page.get_by_role("button", name="Enrol").click()
    page.get_by_role("button", name="Start").click()  # enrolling leads to the pre-test
    assert "Right." not in page.content()
    _answer(page, right=False)
    assert page.get_by_test_id("score").inner_text() == "0.0%"

    page.get_by_role("link", name="Back to the course").click()
    page.get_by_role("link", name="Start the first lesson").click()
    assert page.locator("h1").inner_text() == "The target scale"
    page.get_by_role("button", name="Mark as done").click()

    page.get_by_role("button", name="Start").click()  # the last lesson leads to the post-test
    _answer(page, right=True)
    assert page.get_by_test_id("score").inner_text() == "100.0%"
    assert "Course complete" in page.content()

    page.get_by_role("link", name="Back to the course").click()
    assert page.get_by_test_id("course-complete").is_visible()
    assert "3 of 3 steps done (100%)" in page.content()  # 1 lesson + 2 tests
