"""A nomination call to two ministries for tests: the Ministry of Finance (quota 3, its
Finance Division under it) and the Ministry of Planning (quota 2), a focal point of each."""

import datetime as dt

from django.utils import timezone

from tests import factories
from workshops.models import Organisation, Rank
from workshops.permissions import focal_organisation_ids
from workshops.services import call_create, call_send, focal_point_assign


def organisation(name: str) -> Organisation:
    return Organisation.objects.get(name=name)


def build(
    *,
    finance_seats=3,
    planning_seats=2,
    capacity=25,
    send=True,
    ranks=("Deputy Secretary",),
    batches=1,
):
    """With ``batches`` > 1 the call is for the whole event (focal points choose a batch)."""
    event = factories.event_page()
    batch = factories.BatchFactory(event=event, number=1, capacity=capacity)
    others = [
        factories.BatchFactory(event=event, number=n, capacity=capacity)
        for n in range(2, batches + 1)
    ]
    finance, planning = organisation("Ministry of Finance"), organisation("Ministry of Planning")
    finance_focal = factories.UserFactory(email="focal.finance@example.gov.bd")
    finance_focal.username = finance_focal.email
    finance_focal.save()
    planning_focal = factories.UserFactory(email="focal.planning@example.gov.bd")
    planning_focal.username = planning_focal.email
    planning_focal.save()
    focal_point_assign(user=finance_focal, organisation=finance, acts_for_sub_organisations=True)
    focal_point_assign(user=planning_focal, organisation=planning)
    call = call_create(
        event=event,
        batch=None if others else batch,
        deadline=timezone.now() + dt.timedelta(days=10),
        quotas={finance: finance_seats, planning: planning_seats},
        ranks=Rank.objects.filter(name__in=ranks),
        note="Officers who draft the APA.",
    )
    if send:
        call_send(call=call)
        call.refresh_from_db()
    return {
        "event": event,
        "batch": batch,
        "batches": [batch, *others],
        "call": call,
        "finance": finance,
        "planning": planning,
        "finance_focal": finance_focal,
        "planning_focal": planning_focal,
    }


def officer(org: Organisation, **kwargs):
    return factories.ParticipantFactory(organisation=org, **kwargs)


def acts_for(user) -> set[int]:
    user.__dict__.pop("_focal_organisations", None)
    return focal_organisation_ids(user)
