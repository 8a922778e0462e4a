"""The organisers' panel on the admin home."""

import datetime as dt

import pytest
from django.urls import reverse

from tests.workshops import report_data
from workshops.admin.dashboard import month_figures

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(home):
    world = report_data.build()
    report_data.add_trainer(world)
    return world


def test_month_figures(world):
    figures = month_figures(today=dt.date(2015, 1, 12))
    assert figures.batch_count == 2
    assert (figures.seats_filled, figures.seats, figures.fill_rate) == (4, 6, 66.7)
    # One session on 12 Jan: Amina present, Babul late, Chandra absent.
    assert (figures.sessions_today, figures.marks_today, figures.attendance_rate) == (1, 3, 66.7)
    assert [(t["trainer__name"], t["sessions"], t["batches"]) for t in figures.trainers] == [
        ("Trainer Tania", 2, 1)
    ]


def test_a_quiet_month(world):
    figures = month_figures(today=dt.date(2015, 3, 1))
    assert figures.batch_count == 0 and figures.fill_rate is None
    assert figures.attendance_rate is None and figures.trainers == []


def test_panel_on_admin_home_for_organisers_only(client, organiser, trainer, world):
    client.force_login(organiser)
    assert "This month in training" in client.get(reverse("wagtailadmin_home")).content.decode()
    client.force_login(trainer)
    assert "This month in training" not in client.get(reverse("wagtailadmin_home")).content.decode()
