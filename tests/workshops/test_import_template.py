"""The import screen's template: the columns the import reads, one English and one Bangla
sample row; downloaded and uploaded as it is, it imports; the organiser then lands on the
roster of the batch the list filled."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from tests import factories
from workshops.models import Nomination, Participant

pytestmark = pytest.mark.django_db


def test_the_template_downloaded_from_the_import_screen_imports_as_it_is(client, organiser):
    event = factories.event_page(title="Training of APA officers")
    batch = factories.BatchFactory(event=event, number=1)
    client.force_login(organiser)
    screen = client.get(reverse("workshops_import:upload")).content.decode()
    assert reverse("workshops_import:template") in screen

    download = client.get(reverse("workshops_import:template"))
    assert download["Content-Disposition"].endswith('filename="nomination-list-template.xlsx"')
    rows = list(load_workbook(io.BytesIO(download.content)).active.values)
    assert rows[0][:3] == ("Sl. No.", "Name", "Name (Bangla)")
    assert rows[1][1] == "Md. Abdul Karim" and rows[2][5] == "ভূমি মন্ত্রণালয়"

    upload = io.BytesIO(download.content)
    upload.name = "nomination-list-template.xlsx"
    response = client.post(
        reverse("workshops_import:upload"), {"file": upload, "event": event.pk}, follow=True
    )
    assert "2 new participants" in response.content.decode()
    response = client.post(reverse("workshops_import:preview"))
    assert response["Location"] == reverse("workshops_batch:inspect", args=[batch.pk])

    fatema = Participant.objects.get(name="Fatema Begum")
    assert (fatema.name_bn, fatema.organisation.name, fatema.gender) == (
        "ফাতেমা বেগম",
        "Ministry of Land",
        "female",
    )
    assert fatema.preferred_language == "bn"
    assert Participant.objects.get(name="Md. Abdul Karim").preferred_language == "en"
    assert Nomination.objects.filter(batch=batch).count() == 2


def test_a_list_without_an_event_still_goes_to_the_participants(client, organiser):
    client.force_login(organiser)
    upload = io.BytesIO(client.get(reverse("workshops_import:template")).content)
    upload.name = "list.xlsx"
    client.post(reverse("workshops_import:upload"), {"file": upload})
    response = client.post(reverse("workshops_import:preview"))
    assert response["Location"] == reverse("workshops_participant:index")
