"""Demo nomination call: the mid-level officers' training of January 2015 was filled by a
call to the ministries, with quotas adding up to its 179 seats (each ministry's quota is the
number of its officers, divisions included, who took part), and focal points for a few
ministries. One of them is the demo account focal@example.org (README).

The event's nominations (the ministries' letters) are then counted as answers to the call
(``call_adopt_nominations``, under the call's rules), so the focal point's page and the calls
report show what each ministry nominated. Everything goes through the services; running it
again changes nothing.
"""

import datetime as dt
from collections import Counter

from django.utils import timezone

from lms.accounts.services import account_create
from workshops.models import EventPage, FocalPoint, Nomination, NominationCall, Organisation
from workshops.services import (
    call_adopt_nominations,
    call_create,
    call_send,
    focal_point_assign,
)

EVENT = "apa-officers-training-2015"
DEMO_FOCAL = ("focal@example.org", "demo-focal", "Farhana", "Rahman", "Ministry of Finance")
OTHER_FOCAL = [
    ("focal.planning@example.org", "Mahbub", "Alam", "Ministry of Planning"),
    ("focal.education@example.org", "Shirin", "Sultana", "Ministry of Education"),
    ("focal.cabinet@example.org", "Anisur", "Rahman", "Cabinet Division"),
]


def _at(*args) -> dt.datetime:
    return dt.datetime(*args, tzinfo=timezone.get_current_timezone())


def load(*, stdout) -> None:
    event = EventPage.objects.filter(slug=EVENT).first()
    if event is None:
        return
    _focal_points()
    call = NominationCall.objects.filter(event=event).first()
    if call is not None:
        _adopt(call, stdout=stdout)
        return
    quotas = _quotas(event)
    call = call_create(
        event=event,
        deadline=_at(2015, 1, 4, 17),
        quotas=quotas,
        ranks=event.audience.all(),
        note=(
            "Please nominate the officers who prepare your ministry's Annual Performance "
            "Agreement; divisions are nominated by their ministry's focal point."
        ),
    )
    call_send(call=call, now=_at(2014, 12, 21, 10), notify=False)
    stdout.write(
        f"  nomination call of January 2015: {len(quotas)} organisations, "
        f"{sum(quotas.values())} seats"
    )
    _adopt(call, stdout=stdout)


def _adopt(call, *, stdout) -> None:
    """The event's nominations were the ministries' answers to this call (their letters):
    count them as such, under the call's rules (``call_adopt_nominations``), so that the
    focal points' pages and the calls report show real figures. Nothing the second time."""
    waiting = Nomination.objects.filter(batch__event=call.event, call__isnull=True)
    if not waiting.exists():
        return
    adopted, refused = call_adopt_nominations(call=call, nominations=list(waiting))
    stdout.write(f"  nominations counted as answers to the call: {adopted}")
    for line in refused[:5]:
        stdout.write(f"    not counted: {line}")
    if len(refused) > 5:
        stdout.write(f"    ... and {len(refused) - 5} more not counted")


def _quotas(event) -> dict[Organisation, int]:
    """Each ministry's seats: its officers (and its divisions') who were confirmed."""
    confirmed = Nomination.objects.filter(
        batch__event=event, status=Nomination.Status.CONFIRMED
    ).select_related("participant__organisation__parent")
    counts: Counter = Counter()
    for nomination in confirmed:
        organisation = nomination.participant.organisation
        counts[organisation.parent or organisation] += 1
    return dict(counts)


def _focal_points() -> None:
    email, password, first, last, ministry = DEMO_FOCAL
    people = [(email, first, last, ministry, password)] + [
        (e, f, la, m, None) for e, f, la, m in OTHER_FOCAL
    ]
    for email, first, last, ministry, password in people:
        user = account_create(
            email=email, password=password, first_name=first, last_name=last, exist_ok=True
        )
        organisation = Organisation.objects.get(name=ministry)
        if not FocalPoint.objects.filter(user=user, organisation=organisation).exists():
            focal_point_assign(
                user=user,
                organisation=organisation,
                acts_for_sub_organisations=organisation.kind == Organisation.Kind.MINISTRY,
            )
