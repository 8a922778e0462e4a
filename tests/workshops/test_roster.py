"""The batch's own page in the admin is its roster: seats taken and free, the confirmed, the
wait-list in order with positions, the nominated in line; its actions go through the
nomination services; organisers and the batch's trainers write to its participants."""

import datetime as dt

import pytest
from django.core import mail
from django.urls import reverse

from tests import factories
from tests.workshops.sessions_world import build_world
from workshops.models import BatchMessage, Nomination
from workshops.services import WorkshopError, batch_message_send, nomination_move

Status = Nomination.Status
pytestmark = pytest.mark.django_db


def roster_url(batch) -> str:
    return reverse("workshops_batch:inspect", args=[batch.pk])


def act(client, batch, **data):
    return client.post(reverse("workshops_batch_act", args=[batch.pk]), data)


@pytest.fixture
def batch():
    batch = factories.BatchFactory(capacity=3, start_date=dt.date(2015, 1, 12))
    for name in ("Zaman", "Ahmed"):
        factories.NominationFactory(batch=batch, status=Status.CONFIRMED, participant__name=name)
    for position, name in enumerate(["Karim", "Begum"], start=1):
        factories.NominationFactory(
            batch=batch,
            status=Status.WAITLISTED,
            waitlist_position=position,
            participant__name=name,
        )
    return batch


def test_clicking_a_batch_in_the_listing_opens_its_roster(client, organiser, batch):
    client.force_login(organiser)
    listing = client.get(reverse("workshops_batch:index")).content.decode()
    assert f'href="{roster_url(batch)}"' in listing
    assert reverse("workshops_batch:edit", args=[batch.pk]) not in listing.split("<tbody")[1][:2000]


def test_the_roster_shows_seats_the_wait_list_in_order_and_its_links(client, organiser, batch):
    session = factories.SessionFactory(batch=batch)
    client.force_login(organiser)
    response = client.get(roster_url(batch))
    page = response.content.decode()
    assert [n.participant.name for n in response.context["confirmed"]] == ["Ahmed", "Zaman"]
    assert [(n.waitlist_position, n.participant.name) for n in response.context["waitlisted"]] == [
        (1, "Karim"),
        (2, "Begum"),
    ]
    assert response.context["free"] == 1
    assert page.index("Karim") < page.index("Begum")
    for url in (
        reverse("workshops_sessions:register", args=[batch.pk]),
        reverse("workshops_batch:edit", args=[batch.pk]),
        reverse("workshops:session_sign_in_sheet", args=[session.pk]),
    ):
        assert url in page


def test_promote_cancel_and_fill_from_the_roster_follow_the_wait_list(client, organiser, batch):
    client.force_login(organiser)
    karim = batch.nominations.get(participant__name="Karim")
    act(client, batch, nomination=karim.pk, action="confirm")  # promote into the free seat
    karim.refresh_from_db()
    assert karim.status == Status.CONFIRMED
    zaman = batch.nominations.get(participant__name="Zaman")
    act(client, batch, nomination=zaman.pk, action="cancel")
    begum = batch.nominations.get(participant__name="Begum")
    assert begum.status == Status.CONFIRMED  # the freed seat went to the first in line
    assert begum.changes.last().changed_by == organiser
    response = act(client, batch, nomination=zaman.pk, action="cancel")
    assert response.status_code == 302  # refused with a message, not a 500
    messages = [str(m) for m in response.wsgi_request._messages]
    assert any("already cancelled" in m for m in messages)


def test_a_trainer_cannot_act_on_the_roster(client, batch):
    world = build_world()
    client.force_login(world.trainer_user)
    karim = batch.nominations.get(participant__name="Karim")
    assert act(client, batch, nomination=karim.pk, action="confirm").status_code in (302, 403)
    karim.refresh_from_db()
    assert karim.status == Status.WAITLISTED


def test_moving_a_confirmed_participant_keeps_the_seat_and_frees_the_old_one(
    client, organiser, batch
):
    other = factories.BatchFactory(
        event=batch.event, number=2, capacity=5, start_date=dt.date(2015, 2, 1)
    )
    client.force_login(organiser)
    zaman = batch.nominations.get(participant__name="Zaman")
    page = client.get(roster_url(batch)).content.decode()
    assert f'<option value="{other.pk}">' in page
    act(client, batch, nomination=zaman.pk, action="move", to_batch=other.pk)
    zaman.refresh_from_db()
    assert (zaman.batch, zaman.status) == (other, Status.CONFIRMED)
    assert "Moved from" in zaman.changes.last().reason
    # Two seats were free now in batch 1: the wait-list's first took the freed one.
    karim = batch.nominations.get(participant__name="Karim")
    assert karim.status == Status.CONFIRMED


def test_a_move_to_another_event_or_to_a_batch_where_one_is_nominated_is_refused(batch):
    from workshops.models import ProgrammePage

    other_event = factories.event_page(ProgrammePage.objects.get(), slug="other", title="Other")
    stranger = factories.BatchFactory(event=other_event)
    zaman = batch.nominations.get(participant__name="Zaman")
    with pytest.raises(WorkshopError, match="same event"):
        nomination_move(nomination=zaman, to_batch=stranger)
    other = factories.BatchFactory(event=batch.event, number=2, start_date=dt.date(2015, 2, 1))
    factories.NominationFactory(batch=other, participant=zaman.participant, status="withdrawn")
    with pytest.raises(WorkshopError, match="already has a nomination"):
        nomination_move(nomination=zaman, to_batch=other)
    zaman.refresh_from_db()
    assert zaman.batch == batch


def test_the_roster_keeps_its_query_count_as_the_batch_grows(
    client, organiser, batch, django_assert_max_num_queries
):
    client.force_login(organiser)
    factories.BatchFactory(event=batch.event, number=2, start_date=dt.date(2015, 2, 1))
    client.get(roster_url(batch))  # warm caches (site, locale, permissions)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        client.get(roster_url(batch))
    for n in range(60):
        factories.NominationFactory(batch=batch, status=Status.WAITLISTED, waitlist_position=10 + n)
        factories.NominationFactory(batch=batch, status=Status.NOMINATED)
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(roster_url(batch))


# --- writing to the batch ----------------------------------------------------------------


def test_an_organiser_writes_to_the_confirmed_each_in_their_language(
    client, organiser, django_capture_on_commit_callbacks
):
    world = build_world()
    world.trainees[0].preferred_language = "bn"
    world.trainees[0].save()
    client.force_login(organiser)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("workshops_batch_message", args=[world.batch.pk]),
            {"subject": "Bring your APA draft", "body": "Please bring a printed copy."},
        )
    assert response["Location"] == roster_url(world.batch)
    message = BatchMessage.objects.get()
    assert (message.sent_by, message.subject, message.readers) == (
        organiser,
        "Bring your APA draft",
        3,
    )
    assert sorted(m.to[0] for m in mail.outbox) == sorted(p.email for p in world.trainees)
    bangla = next(m for m in mail.outbox if m.to == [world.trainees[0].email])
    english = next(m for m in mail.outbox if m.to == [world.trainees[1].email])
    assert (
        "Please bring a printed copy." in bangla.body and "Bring your APA draft" in bangla.subject
    )
    assert "writes to the participants of" in english.body
    assert "writes to the participants of" not in bangla.body  # the fixed parts in Bangla
    roster = client.get(roster_url(world.batch)).content.decode()
    assert "Bring your APA draft" in roster


def test_a_trainer_writes_to_their_own_batch_only(client, django_capture_on_commit_callbacks):
    world = build_world()
    elsewhere = factories.BatchFactory()
    factories.NominationFactory(batch=elsewhere, status=Status.CONFIRMED)
    client.force_login(world.trainer_user)
    own = reverse("workshops_batch_message", args=[world.batch.pk])
    # The trainer finds the page from My teaching, beside the batch's roster.
    assert f'href="{own}"' in client.get(reverse("courses:my_teaching")).content.decode()
    assert client.get(own).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        client.post(own, {"subject": "Room change", "body": "We meet in room 4."})
    assert BatchMessage.objects.get().sent_by == world.trainer_user
    assert len(mail.outbox) == 3
    other = reverse("workshops_batch_message", args=[elsewhere.pk])
    assert client.post(other, {"subject": "x", "body": "y"}).status_code in (302, 403)
    with pytest.raises(WorkshopError):
        batch_message_send(batch=elsewhere, by=world.trainer_user, subject="x", body="y")
    assert BatchMessage.objects.count() == 1


def test_an_empty_message_is_refused_and_nothing_is_recorded(organiser):
    world = build_world()
    with pytest.raises(WorkshopError, match="subject and a text"):
        batch_message_send(batch=world.batch, by=organiser, subject="  ", body="Hello")
    assert not BatchMessage.objects.exists()
