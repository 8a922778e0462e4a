"""A trainee's journey in Chromium: draft a small APA, fix the weight error the editor points
out, submit, and (once accepted) report the year and see the score."""

import pytest
from django.conf import settings
from django.test import Client

from sandbox_apa.models import Indicator, PracticeAPA, QuarterlyAchievement
from sandbox_apa.services import agreement_review, agreement_submit
from tests import factories

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture
def browser_page(chromium):
    """A laptop-sized tab of the run's one Chromium (tests/conftest.py)."""
    context = chromium.new_context(viewport={"width": 1366, "height": 768})
    page = context.new_page()
    page.on("dialog", lambda dialog: dialog.accept())
    yield page
    context.close()


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
    indicator = agreement.objectives.get(is_mandatory=False).activities.get().indicators.get()
    assert indicator.targets[:3] == [30, 28, 26]  # every cell typed was kept
    expect(page.locator(".improve")).to_contain_text("Agricultural credit disbursed")


def test_achievements_save_as_one_types_and_closing_the_year_keeps_them(live_server, browser_page):
    """Issue 17: the page saves as the editor does, and "Close the year" without pressing
    "Save achievements" first neither drops nor loses what was typed."""
    from playwright.sync_api import expect

    factories.sandbox_scenario()
    trainee = factories.UserFactory(group="Trainees")
    organiser = factories.UserFactory(group="Organisers", is_staff=True)
    agreement = factories.sandbox_apa(trainee=trainee, valid=True)
    agreement_submit(agreement=agreement, by=trainee)
    agreement_review(agreement=agreement, by=organiser, accept=True)
    indicators = list(
        Indicator.objects.filter(activity__objective__agreement=agreement).order_by("pk")
    )
    page = browser_page
    _log_in(page, live_server, trainee)
    url = live_server.url + f"/sandbox/{agreement.pk}/achievements/"
    page.goto(url)

    def cell(indicator, quarter):
        return page.locator(f"#id_q{quarter}-{indicator.pk}")

    def typed(indicator):
        return "2020-06-11" if indicator.direction == "date" else "5"

    # Typing alone saves: a reload shows the value.
    first, *others = indicators
    cell(first, 1).fill(typed(first))
    expect(page.locator("#save-state")).to_have_text("All changes saved.", timeout=20_000)
    page.goto(url)
    expect(cell(first, 1)).to_have_value(typed(first))

    # Every indicator but the last typed, then straight to "Close the year": refused with
    # what is missing, and what was typed is still there (and saved).
    for indicator in others[:-1]:
        cell(indicator, 2).fill(typed(indicator))
    page.get_by_role("button", name="Close the year and evaluate").click()
    expect(page.locator(".messages")).to_contain_text("1 indicator(s) have no achievement yet.")
    for indicator in others[:-1]:
        expect(cell(indicator, 2)).to_have_value(typed(indicator))
    assert (
        QuarterlyAchievement.objects.filter(indicator__in=indicators).count() == len(indicators) - 1
    )

    # The last one typed and the year closed at once, without "Save achievements".
    last = others[-1]
    cell(last, 4).fill(typed(last))
    page.get_by_role("button", name="Close the year and evaluate").click()
    expect(page.locator(".messages")).to_contain_text("The year is closed")
    agreement.refresh_from_db()
    assert agreement.status == PracticeAPA.Status.EVALUATED
    assert last.achievements.get().value == typed(last)
