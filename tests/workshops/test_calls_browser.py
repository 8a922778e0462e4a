"""Browser, on a phone (360 px): a ministry's focal point nominates an officer, the
organiser approves it in the admin's approval queue, the officer sees their seat."""

import os
from pathlib import Path

import pytest
from django.test import Client

from tests import factories
from tests.workshops import calls_world as world
from workshops.models import Nomination

expect = pytest.importorskip("playwright.sync_api").expect

SHOTS = Path(os.environ.get("GPMS_SCREENSHOTS", "")) if os.environ.get("GPMS_SCREENSHOTS") else None


def _context(chromium, live_server, user, *, width=360):
    client = Client()
    client.force_login(user)
    context = chromium.new_context(
        base_url=live_server.url,
        viewport={"width": width, "height": 780},
        is_mobile=width < 500,
        has_touch=width < 500,
    )
    context.set_default_timeout(15_000)
    context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    return context


def _shot(page, name):
    if SHOTS:
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def _fits(page, width=360):
    assert page.evaluate("document.documentElement.scrollWidth") <= width


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_focal_point_nominates_organiser_approves_officer_sees_it(chromium, live_server):
    w = world.build()
    officer_user = factories.UserFactory(email="rafiq@example.gov.bd")
    world.officer(
        world.organisation("Finance Division"),
        name="Rafiq Islam",
        email="rafiq@example.gov.bd",
        user=officer_user,
    )
    organiser = factories.UserFactory(group="Organisers", is_staff=True)

    focal = _context(chromium, live_server, w["finance_focal"])
    page = focal.new_page()
    page.goto("/workshops/focal/")
    _fits(page)
    page.get_by_role("link", name=str(w["call"])).click()
    page.get_by_label("E-mail, mobile or employee ID").fill("RAFIQ@example.gov.bd")
    page.get_by_role("button", name="Nominate", exact=True).click()
    expect(page.get_by_text("Rafiq Islam is nominated and waits")).to_be_visible()
    expect(page.get_by_text("Awaiting approval")).to_be_visible()
    _fits(page)
    _shot(page, "focal-call-360-en")
    page.goto(f"/bn/workshops/focal/calls/{w['call'].pk}/")
    expect(page.get_by_text("অনুমোদনের অপেক্ষায়")).to_be_visible()
    _fits(page)
    _shot(page, "focal-call-360-bn")
    focal.close()

    admin = _context(chromium, live_server, organiser, width=1366)
    page = admin.new_page()
    page.goto("/admin/workshops/approvals/")
    page.get_by_label("Rafiq Islam").check()
    page.get_by_role("button", name="Approve the ticked").click()
    expect(page.get_by_text("1 approved into seats")).to_be_visible()
    _shot(page, "approval-queue-1366-en")
    admin.close()
    assert Nomination.objects.get(participant__name="Rafiq Islam").status == "confirmed"

    officer = _context(chromium, live_server, officer_user)
    page = officer.new_page()
    page.goto("/workshops/my/nominations/")
    expect(page.get_by_text("Confirmed")).to_be_visible()
    _fits(page)
    _shot(page, "my-nominations-360-en")
    page.goto("/bn/workshops/my/nominations/")
    _fits(page)
    _shot(page, "my-nominations-360-bn")
    officer.close()
