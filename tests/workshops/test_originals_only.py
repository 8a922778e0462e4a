"""Batches and nominations hang off the original event, never its Bangla copy: the admin's
choosers and filters list originals only, and the services refuse a translation."""

import datetime as dt
import io

import pytest
from django.urls import reverse
from openpyxl import Workbook

from tests import factories
from workshops.importing import participants_import
from workshops.models import Batch, Nomination, Participant
from workshops.services import WorkshopError, event_plan_apply, event_plan_preview

pytestmark = pytest.mark.django_db


@pytest.fixture
def event():
    return factories.event_page(title="Training of APA officers")


@pytest.fixture
def translation(event):
    return factories.bangla(event)


def _xlsx(rows) -> io.BytesIO:
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    buffer.name = "list.xlsx"
    return buffer


LIST = [
    ["SL", "Name of Officer", "Ministry/Division", "E-mail"],
    [1, "Rokeya Sultana", "Cabinet Division", "rokeya@cd.gov.bd"],
]


# --- what organisers are offered ---------------------------------------------------------


def test_the_batch_form_offers_the_event_once_not_its_bangla_copy(
    client, organiser, event, translation
):
    client.force_login(organiser)
    html = client.get(reverse("workshops_batch:add")).content.decode()
    assert f'value="{event.pk}"' in html
    assert f'value="{translation.pk}"' not in html
    assert "(বাংলা)" not in html


def test_a_batch_posted_for_the_bangla_copy_is_refused_and_nothing_is_saved(
    client, organiser, event, translation
):
    client.force_login(organiser)
    form = {
        "event": translation.pk,
        "number": 1,
        "start_date": "2015-01-12",
        "end_date": "2015-01-13",
        "capacity": 25,
        "status": "planned",
    }
    response = client.post(reverse("workshops_batch:add"), form)
    assert response.status_code == 200  # the form again, with its error
    assert not Batch.objects.exists()
    response = client.post(reverse("workshops_batch:add"), form | {"event": event.pk})
    assert Batch.objects.get().event == event


def test_import_and_planner_offer_only_original_events(client, organiser, event, translation):
    client.force_login(organiser)
    for url in (reverse("workshops_import:upload"), reverse("workshops_planner:plan")):
        html = client.get(url).content.decode()
        assert f'value="{event.pk}"' in html, url
        assert f'value="{translation.pk}"' not in html, url


def test_listing_filters_offer_only_original_events(client, organiser, event, translation):
    factories.BatchFactory(event=event)
    client.force_login(organiser)
    for url in (reverse("workshops_batch:index"), reverse("workshops_nomination:index")):
        html = client.get(url).content.decode()
        assert "Training of APA officers (বাংলা)" not in html, url
        assert "Training of APA officers" in html, url


def test_an_import_posted_for_the_bangla_copy_is_refused(client, organiser, event, translation):
    client.force_login(organiser)
    response = client.post(
        reverse("workshops_import:upload"),
        {"file": _xlsx(LIST), "event": translation.pk},
        follow=True,
    )
    assert "Select a valid choice" in response.content.decode()
    assert not Participant.objects.exists() and not Batch.objects.exists()


# --- the services ------------------------------------------------------------------------


def test_importing_to_a_translation_is_refused_and_writes_nothing(event, translation):
    with pytest.raises(WorkshopError, match="is a translation"):
        participants_import(data=_xlsx(LIST).getvalue(), filename="list.xlsx", event=translation)
    assert not Participant.objects.exists() and not Batch.objects.exists()
    result = participants_import(data=_xlsx(LIST).getvalue(), filename="list.xlsx", event=event)
    assert result.written and Nomination.objects.get().batch.event == event


def test_planning_batches_of_a_translation_is_refused(event, translation):
    batch = factories.BatchFactory(event=event, start_date=dt.date(2015, 1, 12))
    factories.NominationFactory(batch=batch)
    for plan in (event_plan_preview, event_plan_apply):
        with pytest.raises(WorkshopError, match="is a translation"):
            plan(event=translation, batches=2, capacity=10)
    assert Batch.objects.count() == 1
