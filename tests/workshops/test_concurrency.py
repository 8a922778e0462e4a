"""Concurrent confirmations never overfill a batch, and a batch's lock holds that batch
alone (PostgreSQL: real row locks)."""

import threading
import time

import pytest
from django.db import connection, transaction

from tests import factories
from tests.concurrency import at_once, in_background
from workshops.models import EventPage, Nomination
from workshops.services import nomination_confirm, nomination_create
from workshops.services import nominations as nomination_services


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_40_concurrent_confirmations_for_10_seats_confirm_exactly_10(monkeypatch):
    # Widen the race window: between counting the seats and taking one, every thread pauses.
    # Without the row lock on the batch all 40 would count 0 seats taken and confirm.
    count = nomination_services._confirmed_count

    def slow_count(batch):
        seats = count(batch)
        time.sleep(0.05)
        return seats

    monkeypatch.setattr(nomination_services, "_confirmed_count", slow_count)
    batch = factories.BatchFactory(number=1, capacity=10)
    nominations = [
        nomination_create(batch=batch, participant=factories.ParticipantFactory())
        for _ in range(40)
    ]
    failures = at_once(lambda nomination: nomination_confirm(nomination=nomination), nominations)

    assert failures == []
    assert connection.vendor == "postgresql"
    rows = Nomination.objects.filter(batch=batch)
    assert rows.filter(status=Nomination.Status.CONFIRMED).count() == 10
    waiting = rows.filter(status=Nomination.Status.WAITLISTED)
    positions = sorted(waiting.values_list("waitlist_position", flat=True))
    assert positions == list(range(1, 31))


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_batch_taking_a_nomination_leaves_its_event_and_its_other_batches_free(monkeypatch):
    # Batch 1's confirmation is held inside its lock (at the seat count) while batch 2 of the
    # same event confirms a nomination and an organiser edits the event page.
    first = factories.BatchFactory(number=1)
    second = factories.BatchFactory(event=first.event, number=2)
    held = nomination_create(batch=first, participant=factories.ParticipantFactory())
    other = nomination_create(batch=second, participant=factories.ParticipantFactory())
    inside, release = threading.Event(), threading.Event()
    count = nomination_services._confirmed_count

    def held_count(batch):
        if batch.pk == first.pk:
            inside.set()
            release.wait(timeout=60)
        return count(batch)

    monkeypatch.setattr(nomination_services, "_confirmed_count", held_count)
    with in_background(lambda: nomination_confirm(nomination=held)) as failures:
        try:
            assert inside.wait(timeout=60)
            with transaction.atomic(), connection.cursor() as cursor:
                # Waiting for batch 1's transaction fails at once instead of after it.
                cursor.execute("SET LOCAL lock_timeout = '2s'")
                nomination_confirm(nomination=other)
                EventPage.objects.filter(pk=first.event_id).update(
                    title="Training of APA focal points", planned_participants=120
                )
        finally:
            release.set()

    assert failures == []
    statuses = Nomination.objects.filter(pk__in=[held.pk, other.pk]).values_list("status")
    assert {status for (status,) in statuses} == {Nomination.Status.CONFIRMED}
    assert EventPage.objects.get(pk=first.event_id).planned_participants == 120
