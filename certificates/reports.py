"""Reports on certificates: issued, being issued, revoked and superseded, per event and kind.

Counted in one grouped query; a certificate belongs to its event (workshop certificates) or
to its course (trainer certificates).
"""

from __future__ import annotations

import pandas as pd
from django.db.models import Count, Max, Min, Q
from django.utils.translation import gettext_lazy as _

from certificates.kinds import Kind
from certificates.models import Certificate
from lms.reports import bar_chart, records_frame, register
from workshops.admin.dashboard import register_figure
from workshops.models import EventPage
from workshops.reports import event_scope, organisation_scope

STATUSES = [s.value for s in Certificate.Status]


def certificates_issued(
    *, organisation=None, date_from=None, date_to=None, **filters
) -> pd.DataFrame:
    """Per subject (event or course) and kind: certificates valid, being issued, revoked
    and superseded, issued within the dates (issue date)."""
    certificates = Certificate.objects.filter(organisation_scope(organisation))
    if filters:
        events = EventPage.objects.filter(event_scope(**filters)).values("pk")
        certificates = certificates.filter(event__in=events)
    if date_from:
        certificates = certificates.filter(issued_on__gte=date_from)
    if date_to:
        certificates = certificates.filter(issued_on__lte=date_to)
    counts = {status: Count("pk", filter=Q(status=status)) for status in STATUSES}
    frame = records_frame(
        certificates.values("subject_title", "kind")
        .annotate(**counts, first=Min("issued_on"), last=Max("issued_on"))
        .order_by("first", "subject_title", "kind")
        .values_list("subject_title", "kind", "first", "last", *STATUSES),
        ["subject", "kind", "first_issued", "last_issued", *STATUSES],
    )
    kinds = dict(Kind.choices)
    frame["kind"] = frame.kind.map(lambda value: str(kinds.get(value, value)))
    return frame


register(
    "certificates",
    title=_("Certificates issued"),
    description=_(
        "Certificates per event or course and kind: valid, being issued, revoked and "
        "superseded by a reissue. Dates filter by issue date."
    ),
    func=certificates_issued,
    labels={
        "subject": _("For"),
        "kind": _("Kind"),
        "first_issued": _("First issued"),
        "last_issued": _("Last issued"),
        "pending": _("Being issued"),
        "valid": _("Valid"),
        "revoked": _("Revoked"),
        "superseded": _("Superseded"),
    },
    chart=bar_chart(
        _("Valid certificates"),
        label=lambda f: f.subject + " (" + f.kind + ")",
        value="valid",
        x_title=_("Certificates"),
        y_title=_("Event or course"),
    ),
)


@register_figure
def certificates_pending(*, today) -> tuple[str, int]:
    """For the organisers' panel: certificates whose issue has started but not finished."""
    pending = Certificate.objects.filter(status=Certificate.Status.PENDING).count()
    return str(_("certificates being issued")), pending
