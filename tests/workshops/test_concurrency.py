"""Concurrent confirmations never overfill a batch (PostgreSQL: real row locks)."""

import time

import pytest
from django.db import connection

from tests import factories
from tests.concurrency import at_once
from workshops.models import Nomination
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
