"""A trainee's journey in Chromium: draft a small APA, fix the weight error the editor points
out, submit, and (once accepted) report the year and see the score."""

import os

import pytest
from django.conf import settings
from django.test import Client

from sandbox_apa.models import PracticeAPA
from sandbox_apa.services import agreement_review
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


@pytest.fixture
def browser_page():
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"), args=ARGS
        )
        page = browser.new_page(viewport={"width": 1366, "height": 768})
        page.on("dialog", lambda dialog: dialog.accept())
        yield page
        browser.close()


def _log_in(page, live_server, user):
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie.value, "url": live_server.url}]
    )


def test_draft_fix_the_weight_submit_and_see_the_score(live_server, browser_page):
    from playwright.sync_api import expect

    factories.sandbox_scenario()  # restore the shipped scenarios if a flush removed them
    trainee = factories.UserFactory(group="Trainees")
    organiser = factories.UserFactory(group="Organisers", is_staff=True)
    page = browser_page
    _log_in(page, live_server, trainee)

    page.goto(live_server.url + "/sandbox/")
    page.get_by_role("link", name="Start a practice APA").click()
    page.get_by_label("Financial Institutions Division, FY2019-20").check()
    page.get_by_role("button", name="Start drafting").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Financial Institutions")

    page.get_by_label("Vision").fill("A sound and inclusive financial sector.")
    page.get_by_label("Strategic objective").first.fill("Expand agricultural credit")
    page.get_by_label("Objective weight").first.fill("70")
    page.get_by_label("Activity").first.fill("Disburse credit through state-owned banks")
    page.get_by_label("Performance indicator").first.fill("Agricultural credit disbursed")
    page.get_by_label("Unit").first.fill("thousand crore Tk")
    page.get_by_label("Indicator weight").first.fill("75")
    page.get_by_label("Target 100%").first.fill("30")
    page.get_by_label("Target 90%").first.fill("28")
    page.get_by_label("Target 80%").first.fill("26")

    # The editor points at the weights: the total and the objective's own indicators.
    # Generous timeouts: each row saves 0.7 s after the last keystroke, on a busy machine.
    apa_checks = page.locator('[data-checks="apa"]')
    expect(apa_checks).to_contain_text("add up to 95; they must total 100", timeout=20_000)
    expect(page.locator(".cell-objective").first).to_contain_text(
        "add up to 75, not the objective's weight of 70", timeout=20_000
    )
    expect(page.locator("#weight-total")).to_have_text("95")

    page.get_by_label("Objective weight").first.fill("75")
    expect(page.locator("#check-summary")).to_have_text(
        "No errors: ready to submit.", timeout=20_000
    )
    expect(page.locator("#weight-total")).to_have_text("100")
    page.get_by_role("button", name="Submit to trainer").click()
    expect(page.locator(".messages")).to_contain_text("sent to the trainer")

    agreement = PracticeAPA.objects.get(trainee=trainee)
    assert agreement.status == PracticeAPA.Status.SUBMITTED
    assert agreement.vision == "A sound and inclusive financial sector."
    agreement_review(agreement=agreement, by=organiser, accept=True)

    page.goto(live_server.url + f"/sandbox/{agreement.pk}/")
    page.get_by_role("link", name="Quarterly achievements").click()
    for quarter, value in zip("1234", ["6", "7", "6.5", "7.5"], strict=True):
        page.get_by_label(f"Agricultural credit disbursed Q{quarter}").fill(value)
    page.get_by_role("button", name="Save achievements").click()
    expect(page.locator(".messages")).to_contain_text("Achievements saved.")
    page.get_by_role("link", name="See the score so far").click()
    # 6 + 7 + 6.5 + 7.5 = 27 against 30/28/26 -> 85%, x weight 75 = 63.75 of 100.
    expect(page.locator("#score-total")).to_have_text("63.75")
    expect(page.locator(".improve")).to_contain_text("Agricultural credit disbursed")
