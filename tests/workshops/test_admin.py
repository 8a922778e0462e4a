"""The Workshops admin: organisers only, status actions via services, import and planner."""

import io
import os
import time

import pytest
from django.core.management import call_command
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from tests import factories
from workshops.models import Batch, Nomination, Participant
from workshops.services import nomination_confirm, nomination_create

pytestmark = pytest.mark.django_db

LISTINGS = [
    "workshops_participant:index",
    "workshops_nomination:index",
    "workshops_batch:index",
    "workshops_organisation:index",
    "workshops_rank:index",
    "workshops_import:upload",
    "workshops_planner:plan",
]


@pytest.fixture
def batch():
    return factories.BatchFactory(number=1, capacity=2)


@pytest.mark.parametrize("url_name", LISTINGS)
def test_organisers_reach_every_workshops_screen(client, organiser, batch, url_name):
    client.force_login(organiser)
    response = client.get(reverse(url_name))
    assert response.status_code == 200


@pytest.mark.parametrize("url_name", LISTINGS)
def test_trainees_are_kept_out(client, trainee, url_name):
    client.force_login(trainee)
    response = client.get(reverse(url_name))
    assert response.status_code in (302, 403)
    if response.status_code == 302:
        assert "/login" in response.url or response.url.startswith("/admin/login")


@pytest.mark.parametrize("url_name", ["workshops_import:upload", "workshops_planner:plan"])
def test_trainers_in_the_admin_cannot_import_or_plan(client, trainer, url_name):
    client.force_login(trainer)
    assert client.get(reverse(url_name)).status_code in (302, 403)


def test_the_workshops_menu_is_shown_to_organisers(client, organiser):
    client.force_login(organiser)
    content = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Workshops" in content and "Import nominations" in content


def _many(batch, count):
    for _ in range(count):
        nomination_confirm(
            nomination=nomination_create(batch=batch, participant=factories.ParticipantFactory())
        )


@pytest.mark.parametrize(
    "url_name",
    ["workshops_participant:index", "workshops_nomination:index", "workshops_batch:index"],
)
def test_listings_keep_a_constant_number_of_queries(
    client, organiser, batch, url_name, django_assert_max_num_queries
):
    client.force_login(organiser)
    _many(batch, 3)
    factories.BatchFactory(event=batch.event, number=2)
    client.get(reverse(url_name))  # warm caches (site, permissions)
    with django_assert_max_num_queries(30) as few:
        client.get(reverse(url_name))
    _many(factories.BatchFactory(event=batch.event, number=3, capacity=30), 20)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(reverse(url_name))
    assert response.status_code == 200


def test_batch_listing_shows_confirmed_over_capacity_and_wait_list(client, organiser, batch):
    _many(batch, 3)
    client.force_login(organiser)
    content = client.get(reverse("workshops_batch:index")).content.decode()
    assert "2 / 2" in content
    inspect = client.get(reverse("workshops_batch:inspect", args=[batch.pk])).content.decode()
    assert "Confirmed: 2 of 2 seats" in inspect and "Wait-list (1)" in inspect


def test_status_actions_go_through_the_services_and_show_in_the_history(client, organiser, batch):
    nominations = [
        nomination_create(batch=batch, participant=factories.ParticipantFactory()) for _ in range(3)
    ]
    client.force_login(organiser)
    for nomination in nominations:
        url = reverse("workshops_nomination:inspect", args=[nomination.pk])
        client.post(url, {"action": "confirm", "reason": "Letter received"})
    assert Nomination.objects.get(pk=nominations[2].pk).status == "waitlisted"

    url = reverse("workshops_nomination:inspect", args=[nominations[0].pk])
    response = client.post(url, {"action": "cancel", "reason": "On leave"}, follow=True)
    assert "is now cancelled" in response.content.decode()
    promoted = Nomination.objects.get(pk=nominations[2].pk)
    assert promoted.status == "confirmed"
    page = client.get(reverse("workshops_nomination:inspect", args=[promoted.pk]))
    history = page.content.decode()
    assert "Promoted from wait-list position 1" in history
    assert organiser.get_full_name() in history


def test_a_refused_action_is_shown_as_an_error(client, organiser, batch):
    nomination = nomination_create(batch=batch, participant=factories.ParticipantFactory())
    client.force_login(organiser)
    url = reverse("workshops_nomination:inspect", args=[nomination.pk])
    client.post(url, {"action": "cancel"})
    response = client.post(url, {"action": "withdraw"}, follow=True)
    assert "This nomination is already cancelled." in response.content.decode()


def test_editing_a_nomination_leads_to_its_actions(client, organiser, batch):
    nomination = nomination_create(batch=batch, participant=factories.ParticipantFactory())
    client.force_login(organiser)
    response = client.get(reverse("workshops_nomination:edit", args=[nomination.pk]))
    assert response.url == reverse("workshops_nomination:inspect", args=[nomination.pk])


def test_adding_a_nomination_in_the_admin_records_its_history(client, organiser, batch):
    participant = factories.ParticipantFactory()
    client.force_login(organiser)
    client.post(
        reverse("workshops_nomination:add"), {"batch": batch.pk, "participant": participant.pk}
    )
    nomination = Nomination.objects.get(participant=participant)
    assert nomination.changes.get().changed_by == organiser


def _xlsx(rows):
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    buffer.name = "list.xlsx"
    return buffer


HEADER = ["SL", "Name of Officer", "Ministry/Division", "E-mail", "Mobile No."]


def test_upload_preview_then_confirm(client, organiser):
    client.force_login(organiser)
    upload = _xlsx([HEADER, [1, "Rokeya Sultana", "Cabinet Division", "rokeya@cd.gov.bd", ""]])
    response = client.post(reverse("workshops_import:upload"), {"file": upload}, follow=True)
    assert "1 new participants" in response.content.decode()
    assert Participant.objects.count() == 0  # preview only
    response = client.post(reverse("workshops_import:preview"), follow=True)
    assert "Imported: 1 new participants" in response.content.decode()
    assert Participant.objects.get().name == "Rokeya Sultana"


def test_upload_with_errors_offers_the_error_rows_to_fix(client, organiser):
    client.force_login(organiser)
    upload = _xlsx(
        [
            HEADER,
            [1, "Good One", "Cabinet Division", "good@cd.gov.bd", ""],
            [2, "Bad One", "Ministry of Lnd", "bad@cd.gov.bd", ""],
        ]
    )
    response = client.post(reverse("workshops_import:upload"), {"file": upload}, follow=True)
    content = response.content.decode()
    assert "1 error: nothing will be written" in content
    assert "Did you mean: Ministry of Land" in content and "Import now" not in content
    sheet = client.get(reverse("workshops_import:errors"))
    rows = list(load_workbook(io.BytesIO(sheet.content)).active.values)
    assert [r[1] for r in rows] == ["Name of Officer", "Bad One"]
    assert client.post(reverse("workshops_import:preview")).status_code == 200
    assert Participant.objects.count() == 0


def test_an_unreadable_upload_gets_one_message(client, organiser):
    client.force_login(organiser)
    upload = io.BytesIO(b"%PDF-1.4\x00\x01 scanned letter")
    upload.name = "nominations.csv"
    response = client.post(reverse("workshops_import:upload"), {"file": upload}, follow=True)
    assert response.status_code == 200
    assert "The file is not a spreadsheet (.xlsx or .csv)." in response.content.decode()
    assert "Traceback" not in response.content.decode()


def test_planner_previews_then_applies(client, organiser):
    event = factories.event_page()
    intake = factories.BatchFactory(event=event, number=1, capacity=200)
    for _ in range(10):
        nomination_create(batch=intake, participant=factories.ParticipantFactory())
    client.force_login(organiser)
    params = {"event": event.pk, "batches": 2, "capacity": 6}
    preview = client.get(reverse("workshops_planner:plan"), params).content.decode()
    assert "Apply this plan" in preview and "5 / 6" in preview
    assert Batch.objects.filter(event=event).count() == 1
    client.post(reverse("workshops_planner:plan"), params)
    sizes = [b.nominations.count() for b in Batch.objects.filter(event=event).order_by("number")]
    assert sizes == [5, 5]


def test_planner_explains_an_impossible_plan(client, organiser):
    event = factories.event_page()
    intake = factories.BatchFactory(event=event, number=1, capacity=200)
    for _ in range(5):
        nomination_create(batch=intake, participant=factories.ParticipantFactory())
    client.force_login(organiser)
    params = {"event": event.pk, "batches": 2, "capacity": 2}
    content = client.get(reverse("workshops_planner:plan"), params).content.decode()
    assert "5 nominees do not fit into 2 batches of 2 seats" in content


def test_csv_export_neutralises_formulas(client, organiser):
    factories.ParticipantFactory(name='=HYPERLINK("http://x")', mobile="+8801711000009")
    client.force_login(organiser)
    response = client.get(reverse("workshops_participant:index"), {"export": "csv"})
    content = b"".join(response.streaming_content).decode()
    assert "'=HYPERLINK" in content and "+8801711000009" in content and "'+880" not in content


def test_participant_form_normalises_identifiers(client, organiser):
    client.force_login(organiser)
    response = client.post(
        reverse("workshops_participant:add"),
        {
            "name": "Selina Hayat",
            "email": " Selina@MOPA.gov.bd",
            "mobile": "০১৭১১-০০০০৪২",
            "preferred_language": "bn",
        },
    )
    assert response.status_code == 302
    person = Participant.objects.get(name="Selina Hayat")
    assert (person.email, person.mobile) == ("selina@mopa.gov.bd", "+8801711000042")
    assert person.preferred_language == "bn"  # the language of her e-mails
    response = client.post(
        reverse("workshops_participant:add"),
        {"name": "Typo", "mobile": "12345", "preferred_language": "en"},
    )
    assert "Enter a Bangladeshi mobile number" in response.content.decode()


def test_batch_capacity_cannot_drop_below_confirmed_and_raising_it_promotes(
    client, organiser, batch
):
    _many(batch, 4)  # 2 confirmed, 2 waiting
    client.force_login(organiser)
    url = reverse("workshops_batch:edit", args=[batch.pk])
    data = {
        "event": batch.event.pk,
        "number": batch.number,
        "start_date": batch.start_date.isoformat(),
        "end_date": batch.end_date.isoformat(),
        "venue": "BCS Administration Academy",
        "status": batch.status,
    }
    response = client.post(url, {**data, "capacity": 1})
    assert "2 participants are confirmed" in response.content.decode()
    client.post(url, {**data, "capacity": 3})
    assert batch.nominations.filter(status="confirmed").count() == 3


def test_uploads_never_confirmed_are_forgotten_after_a_day(client, organiser, settings):
    client.force_login(organiser)
    row = [1, "Rokeya Sultana", "Cabinet Division", "rokeya@cd.gov.bd", ""]
    client.post(reverse("workshops_import:upload"), {"file": _xlsx([HEADER, row])})
    folder = settings.PRIVATE_MEDIA_ROOT / "imports"
    (old,) = list(folder.iterdir())
    two_days_ago = time.time() - 2 * 86400
    os.utime(old, (two_days_ago, two_days_ago))
    out = io.StringIO()
    call_command("delete_abandoned_imports", stdout=out)
    assert "Deleted 1 checked list(s) older than 24 hour(s)." in out.getvalue()
    assert list(folder.iterdir()) == []
    response = client.get(reverse("workshops_import:preview"), follow=True)
    assert "The checked list is no longer kept (after 24 hours)" in response.content.decode()
