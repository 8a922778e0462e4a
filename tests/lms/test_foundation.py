"""The portal's foundation: health check, demo data, groups, pages and their rules."""

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.urls import reverse
from wagtail.models import Locale

from lms.models import HomePage
from lms.services import groups_ensure
from tests import factories
from workshops.models import EventPage, OfficeOrder, Organisation, ProgrammePage, Rank

pytestmark = pytest.mark.django_db


def test_healthz_answers_ok_when_the_database_is_reachable(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


def test_healthz_answers_503_when_the_database_is_not(client, monkeypatch):
    class Unreachable:
        def cursor(self):
            raise OSError("could not connect to server")

    monkeypatch.setattr("lms.views.connection", Unreachable())
    response = client.get("/healthz")
    assert response.status_code == 503


def test_reference_data_ships_ranks_and_organisations():
    assert Rank.objects.get(name="Joint Secretary").audience_band == "senior"
    finance = Organisation.objects.get(name="Finance Division")
    assert finance.parent.name == "Ministry of Finance"
    assert finance.country == "Bangladesh"
    assert Organisation.objects.count() >= 60


def test_groups_are_created_idempotently():
    groups_ensure()
    groups_ensure()
    assert set(Group.objects.values_list("name", flat=True)) >= {
        "Organisers",
        "Trainers",
        "Trainees",
    }
    organisers = Group.objects.get(name="Organisers")
    assert organisers.permissions.filter(codename="access_admin").exists()
    assert organisers.permissions.filter(codename="add_organisation").exists()
    assert not Group.objects.get(name="Trainees").permissions.exists()


def test_demo_data_builds_the_cop_programme_and_is_idempotent(demo_world):
    # demo_world has loaded it once; loading again must add nothing.
    call_command("load_demo_data", stdout=open("/dev/null", "w"))
    english = Locale.objects.get(language_code="en")
    assert sorted(HomePage.objects.values_list("locale__language_code", flat=True)) == ["bn", "en"]
    programmes = ProgrammePage.objects.filter(locale=english).order_by("start_date")
    assert list(programmes.values_list("title", flat=True)) == [
        "CoP Phase I",
        "CoP Phase II",
    ]
    secretaries = EventPage.objects.get(slug="workshop-for-secretaries", locale=english)
    assert secretaries.planned_participants == 60
    assert str(secretaries.start_date) == "2014-11-15"
    tot = EventPage.objects.get(kind=EventPage.Kind.TOT, locale=english)
    assert (str(tot.start_date), str(tot.end_date), tot.planned_participants) == (
        "2015-01-10",
        "2015-01-11",
        20,
    )
    assert EventPage.objects.filter(locale=english).count() == 8
    assert EventPage.objects.filter(locale__language_code="bn").count() == 8
    # The January 2015 batches of mid-level officers have their office orders, once each.
    orders = OfficeOrder.objects.filter(batch__event__slug="apa-officers-training-2015")
    assert orders.count() == 8 and orders.filter(version=1).count() == 8
    first = orders.get(batch__number=1)
    assert (first.date.isoformat(), first.memo_number) == (
        "2015-01-05",
        "04.00.0000.313.18.001.15-001",
    )


def test_home_programme_and_event_pages_are_served(client):
    event = factories.event_page()
    assert client.get("/").status_code == 200
    response = client.get(event.get_parent().url)
    assert event.title in response.content.decode()
    response = client.get(event.url)
    assert response.status_code == 200
    assert "Planned participants" in response.content.decode()


def test_unknown_url_gets_the_404_page(client, home):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert b"Page not found" in response.content


def test_wagtail_admin_login_goes_through_allauth(client):
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_event_pages_live_only_under_programmes():
    assert EventPage.parent_page_types == ["workshops.ProgrammePage"]
    assert not EventPage.can_create_at(factories.home_page())
