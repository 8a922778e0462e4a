"""Quotas hold like capacity: concurrent focal points never exceed them (PostgreSQL)."""

import time

import pytest
from django.db import connection

from tests import factories
from tests.concurrency import at_once
from tests.workshops import calls_world as world
from workshops.errors import WorkshopError
from workshops.models import Nomination, NominationChange
from workshops.services import focal_point_assign, nomination_submit
from workshops.services import nominations as nomination_services


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_30_concurrent_nominations_from_two_focal_points_against_a_quota_of_5(monkeypatch):
    # The call is for the event and the nominations go to two batches, so the batch row
    # locks alone do not serialise them; the quota row's lock does. (Measured: with the
    # batch locked alone, `of=("self",)`, and no quota lock, 6 of 30 were accepted. Today
    # _lock_batch's join also locks the event's row, which serialises one event's batches.)
    # Widen the race window: between counting the quota and writing, every thread pauses;
    # without the quota lock each would count the seats free and nominate.
    count = nomination_services._quota_used

    def slow_count(call, organisation_ids):
        used = count(call, organisation_ids)
        time.sleep(0.05)
        return used

    monkeypatch.setattr(nomination_services, "_quota_used", slow_count)
    w = world.build(finance_seats=5, capacity=40, batches=2)
    second_focal = factories.UserFactory()
    focal_point_assign(user=second_focal, organisation=w["finance"])
    focal_points = [w["finance_focal"], second_focal]
    organisations = {user.pk: world.acts_for(user) for user in focal_points}
    officers = [world.officer(w["finance"]) for _ in range(30)]
    accepted, refused = [], []

    def nominate(numbered):
        index, officer = numbered
        user = focal_points[index % 2]
        try:
            nomination_submit(
                call=w["call"],
                participant=officer,
                batch=w["batches"][index % 2],
                by=user,
                for_organisations=organisations[user.pk],
            )
            accepted.append(officer.pk)
        except WorkshopError as error:
            refused.append(str(error))

    other = at_once(nominate, enumerate(officers))

    assert connection.vendor == "postgresql"
    assert other == []
    assert len(accepted) == 5
    assert len(refused) == 25
    assert all(message.startswith("Over the quota: Ministry of Finance") for message in refused)
    rows = Nomination.objects.filter(call=w["call"])
    assert sorted(rows.values_list("participant_id", flat=True)) == sorted(accepted)
    assert NominationChange.objects.filter(nomination__call=w["call"]).count() == 5
    assert all(n.nominated_by == w["finance"] for n in rows)
