"""Seats, the wait-list, promotion with history, clashes and the status-change signal."""

import datetime as dt

import pytest

from tests import factories
from workshops.models import Nomination, NominationChange
from workshops.services import (
    WorkshopError,
    batch_confirm_nominated,
    batch_fill_from_waitlist,
    nomination_cancel,
    nomination_confirm,
    nomination_create,
    nomination_waitlist,
    nomination_withdraw,
)
from workshops.signals import nomination_status_changed

Status = Nomination.Status
pytestmark = pytest.mark.django_db


@pytest.fixture
def batch():
    return factories.BatchFactory(number=1, capacity=2)


def nominate(batch, **kwargs):
    participant = factories.ParticipantFactory(**kwargs)
    return nomination_create(batch=batch, participant=participant)


def test_a_nomination_starts_nominated_with_its_history(batch, organiser):
    participant = factories.ParticipantFactory()
    nomination = nomination_create(batch=batch, participant=participant, by=organiser)
    assert nomination.status == Status.NOMINATED
    assert nomination.nominated_by == participant.organisation
    change = nomination.changes.get()
    assert (change.from_status, change.to_status, change.changed_by) == ("", "nominated", organiser)


def test_nominating_someone_twice_to_a_batch_is_refused(batch):
    nomination = nominate(batch, name="Rahima Khatun")
    with pytest.raises(WorkshopError, match="Rahima Khatun is already nominated"):
        nomination_create(batch=batch, participant=nomination.participant)


def test_confirming_beyond_capacity_puts_people_on_the_wait_list_in_order(batch, organiser):
    first, second, third, fourth = (nominate(batch) for _ in range(4))
    for nomination in (first, second, third, fourth):
        nomination_confirm(nomination=nomination, by=organiser)
    statuses = {
        n.pk: (n.status, n.waitlist_position) for n in Nomination.objects.filter(batch=batch)
    }
    assert statuses[first.pk] == (Status.CONFIRMED, None)
    assert statuses[second.pk] == (Status.CONFIRMED, None)
    assert statuses[third.pk] == (Status.WAITLISTED, 1)
    assert statuses[fourth.pk] == (Status.WAITLISTED, 2)
    assert third.changes.last().reason == "Batch full when confirming."


def test_a_cancellation_promotes_the_first_in_line_and_records_why(batch, organiser):
    confirmed = [nominate(batch, name=n) for n in ("Abdul Karim", "Fatema Begum")]
    waiting = [nominate(batch) for _ in range(2)]
    for nomination in confirmed + waiting:
        nomination_confirm(nomination=nomination, by=organiser)

    nomination_cancel(nomination=confirmed[0], by=organiser, reason="Posted abroad")

    waiting[0].refresh_from_db()
    waiting[1].refresh_from_db()
    assert waiting[0].status == Status.CONFIRMED and waiting[0].waitlist_position is None
    assert waiting[1].status == Status.WAITLISTED and waiting[1].waitlist_position == 2
    promotion = waiting[0].changes.last()
    assert (promotion.from_status, promotion.to_status) == ("waitlisted", "confirmed")
    assert promotion.changed_by == organiser
    assert "seat freed by Abdul Karim (cancelled)" in promotion.reason
    cancel = confirmed[0].changes.last()
    assert (cancel.to_status, cancel.reason) == ("cancelled", "Posted abroad")


def test_a_withdrawal_frees_the_seat_too(batch):
    nominations = [nominate(batch) for _ in range(3)]
    for nomination in nominations:
        nomination_confirm(nomination=nomination)
    nomination_withdraw(nomination=nominations[1], reason="Ministry replaced her")
    assert Nomination.objects.filter(batch=batch, status=Status.CONFIRMED).count() == 2
    assert Nomination.objects.get(pk=nominations[2].pk).status == Status.CONFIRMED


def test_leaving_the_wait_list_promotes_no_one(batch):
    nominations = [nominate(batch) for _ in range(4)]
    for nomination in nominations:
        nomination_confirm(nomination=nomination)
    nomination_withdraw(nomination=nominations[2])
    assert Nomination.objects.get(pk=nominations[3].pk).status == Status.WAITLISTED


def test_a_wait_listed_nomination_cannot_be_confirmed_while_the_batch_is_full(batch):
    nominations = [nominate(batch) for _ in range(3)]
    for nomination in nominations:
        nomination_confirm(nomination=nomination)
    with pytest.raises(WorkshopError, match="stays on the wait-list at position 1"):
        nomination_confirm(nomination=nominations[2])


def test_closed_nominations_cannot_change_again(batch):
    nomination = nominate(batch)
    nomination_cancel(nomination=nomination)
    with pytest.raises(WorkshopError, match="already cancelled"):
        nomination_withdraw(nomination=nomination)
    with pytest.raises(WorkshopError, match="this one is cancelled"):
        nomination_confirm(nomination=nomination)


def test_a_participant_cannot_be_confirmed_in_two_overlapping_batches(batch):
    other = factories.BatchFactory(
        event=batch.event, number=2, start_date=batch.start_date, end_date=batch.end_date
    )
    participant = factories.ParticipantFactory(name="Shahidul Alam")
    nomination_confirm(nomination=nomination_create(batch=other, participant=participant))
    second = nomination_create(batch=batch, participant=participant)
    with pytest.raises(WorkshopError) as error:
        nomination_confirm(nomination=second)
    assert "Shahidul Alam is already confirmed in" in str(error.value)
    assert f"{batch.event.title}, batch 2" in str(error.value)
    assert Nomination.objects.get(pk=second.pk).status == Status.NOMINATED


def test_batches_on_different_days_do_not_clash(batch):
    later = factories.BatchFactory(
        event=batch.event,
        number=2,
        start_date=batch.end_date + dt.timedelta(days=1),
        end_date=batch.end_date + dt.timedelta(days=1),
    )
    participant = factories.ParticipantFactory()
    nomination_confirm(nomination=nomination_create(batch=later, participant=participant))
    nomination = nomination_confirm(
        nomination=nomination_create(batch=batch, participant=participant)
    )
    assert nomination.status == Status.CONFIRMED


def test_promotion_skips_someone_who_would_clash(batch):
    participants = [factories.ParticipantFactory() for _ in range(4)]
    nominations = [nomination_create(batch=batch, participant=p) for p in participants]
    for nomination in nominations:
        nomination_confirm(nomination=nomination)
    clash = factories.BatchFactory(
        event=batch.event, number=2, start_date=batch.start_date, end_date=batch.end_date
    )
    nomination_confirm(nomination=nomination_create(batch=clash, participant=participants[2]))
    nomination_cancel(nomination=nominations[0])
    assert Nomination.objects.get(pk=nominations[2].pk).status == Status.WAITLISTED
    assert Nomination.objects.get(pk=nominations[3].pk).status == Status.CONFIRMED


def test_wait_listing_by_hand_and_confirming_a_whole_batch(batch):
    nominations = [nominate(batch) for _ in range(4)]
    nomination_waitlist(nomination=nominations[0], reason="Waiting for the ministry's letter")
    counts = batch_confirm_nominated(batch=batch)
    assert counts == {"confirmed": 2, "waitlisted": 1, "clashes": 0}
    assert Nomination.objects.get(pk=nominations[0].pk).waitlist_position == 1


def test_every_change_is_signalled_after_commit(batch, django_capture_on_commit_callbacks):
    received = []

    def receiver(sender, nomination, from_status, to_status, by, reason, promoted, **kw):
        received.append((nomination.pk, from_status, to_status, promoted))

    nomination_status_changed.connect(receiver)
    try:
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            nomination = nominate(batch)
        assert received == []  # nothing before the commit
        for callback in callbacks:
            callback()
        with django_capture_on_commit_callbacks(execute=True):
            nomination_confirm(nomination=nomination)
    finally:
        nomination_status_changed.disconnect(receiver)
    assert received == [
        (nomination.pk, "", "nominated", False),
        (nomination.pk, "nominated", "confirmed", False),
    ]
    assert NominationChange.objects.filter(nomination=nomination).count() == 2


def test_raising_capacity_promotes_the_wait_list_in_order(batch):
    nominations = [nominate(batch) for _ in range(5)]
    for nomination in nominations:
        nomination_confirm(nomination=nomination)
    batch.capacity = 4
    batch.save()
    promoted = batch_fill_from_waitlist(batch=batch)
    assert [n.pk for n in promoted] == [nominations[2].pk, nominations[3].pk]
    assert "capacity raised to 4" in promoted[0].changes.last().reason
    assert Nomination.objects.get(pk=nominations[4].pk).waitlist_position == 3
