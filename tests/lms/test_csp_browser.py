"""In Chromium, under the real Content-Security-Policy: nothing is blocked, everything works.

A trainee's pages run their scripts from static files (the calendar address selects itself
when clicked); an organiser comes in through Wagtail's old login address, which leads to
allauth's page, edits a page with the live preview, opens the image chooser and logs out
from the admin's menu. No page reports a CSP violation.
"""

import re

import pytest

from tests import factories

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PASSWORD = "secret-pass-123"  # UserFactory's
RECORD_VIOLATIONS = """
window.cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.cspViolations.push(`${event.violatedDirective} ${event.blockedURI}`);
});
"""


def watch(page) -> list[str]:
    """CSP violations the page reports, from the DOM event and from the console."""
    found: list[str] = []
    page.add_init_script(RECORD_VIOLATIONS)
    page.on(
        "console",
        lambda message: (
            found.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    return found


def violations(page, console: list[str]) -> list[str]:
    return console + page.evaluate("window.cspViolations || []")


def sign_in(page, email: str, path: str) -> None:
    page.goto(path)
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()


def verified(**kwargs):
    return factories.UserFactory(verified=True, **kwargs)


def test_a_trainees_pages_run_their_scripts_with_no_violation(browser_page):
    page = browser_page
    console = watch(page)
    factories.home_page()
    trainee = verified(group="Trainees")

    page.goto("/")
    assert violations(page, console) == []
    sign_in(page, trainee.email, "/accounts/login/?next=/workshops/calendar/")
    page.wait_for_url(re.compile(r"/workshops/calendar/$"))
    page.get_by_role("button", name="Create my calendar address").click()
    field = page.locator("#feed-url")
    field.click()
    selected = page.evaluate(
        "[document.activeElement.selectionStart, document.activeElement.selectionEnd]"
    )
    assert selected == [0, len(field.input_value())]  # select-on-click.js ran
    assert violations(page, console) == []


def test_the_admin_works_under_its_policy_from_login_to_logout(browser_page):
    page = browser_page
    console = watch(page)
    home = factories.home_page()
    template = factories.CertificateTemplateFactory(kind="attendance", title="Attendance")
    organiser = verified(group="Organisers", is_staff=True)

    sign_in(page, organiser.email, "/admin/login/?next=/admin/")  # Wagtail's old door
    page.wait_for_url(re.compile(r"/admin/$"))
    assert violations(page, console) == []

    page.goto(f"/admin/pages/{home.pk}/edit/")
    page.locator("button[data-side-panel-toggle='preview']").click()
    preview = page.frame_locator("#w-preview-iframe")
    preview.locator("main").first.wait_for()
    assert violations(page, console) == []

    page.goto(f"/admin/certificates/templates/edit/{template.pk}/")
    page.get_by_role("button", name="Choose an image").first.click()
    page.get_by_role("heading", name="Choose an image").wait_for()
    assert violations(page, console) == []

    page.goto("/admin/")
    page.locator(".sidebar-footer button").first.click()
    page.get_by_role("button", name="Log out").click()
    page.wait_for_url(re.compile(r"/$"))
    assert page.get_by_text("You have signed out.").is_visible()
    assert violations(page, console) == []
