"""Reports on the APA sandbox: practice-APA scores per batch.

Each accepted or evaluated practice APA is scored by the sandbox's own engine
(`sandbox_apa.selectors.agreement_result`, the function the editor, the PDF and the
scoreboard use). All agreements in scope are loaded with one prefetch chain, so the report
issues a fixed number of queries whatever the number of APAs.
"""

from __future__ import annotations

import statistics

import pandas as pd
from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _

from lms.reports import per_batch_chart, register
from sandbox_apa.models import (
    Activity,
    Indicator,
    PracticeAPA,
    QuarterlyAchievement,
    StrategicObjective,
)
from sandbox_apa.selectors import agreement_result
from workshops.models import Batch
from workshops.reports import batch_scope, organisation_scope

SUBMITTED = [
    PracticeAPA.Status.SUBMITTED,
    PracticeAPA.Status.RETURNED,
    PracticeAPA.Status.ACCEPTED,
    PracticeAPA.Status.EVALUATED,
]


def _agreements(batch_ids: list[int], organisation):
    indicators = Indicator.objects.order_by("order", "pk").prefetch_related(
        Prefetch("achievements", queryset=QuarterlyAchievement.objects.order_by("quarter"))
    )
    activities = Activity.objects.order_by("order", "pk").prefetch_related(
        Prefetch("indicators", queryset=indicators)
    )
    return (
        PracticeAPA.objects.filter(
            organisation_scope(organisation),
            batch__in=batch_ids,
            status__in=[PracticeAPA.Status.ACCEPTED, PracticeAPA.Status.EVALUATED],
        )
        .select_related("scenario__framework")
        .prefetch_related(
            Prefetch(
                "objectives",
                queryset=StrategicObjective.objects.order_by("is_mandatory", "order", "pk"),
            ),
            Prefetch("objectives__activities", queryset=activities),
        )
    )


def apa_scores(*, organisation=None, **filters) -> pd.DataFrame:
    """Per batch: practice APAs started, submitted and scored, and the scores' average,
    lowest and highest (marks out of 100)."""
    batches = Batch.objects.filter(batch_scope(**filters)).order_by(
        "start_date", "event__title", "number"
    )
    rows = {
        pk: {
            "event": title,
            "batch": number,
            "start_date": start,
            "started": 0,
            "submitted": 0,
            "scores": [],
        }
        for pk, title, number, start in batches.values_list(
            "pk", "event__title", "number", "start_date"
        )
    }
    for batch, status in PracticeAPA.objects.filter(
        organisation_scope(organisation), batch__in=list(rows)
    ).values_list("batch", "status"):
        rows[batch]["started"] += 1
        rows[batch]["submitted"] += status in SUBMITTED
    for agreement in _agreements(list(rows), organisation):
        total = agreement_result(agreement, list(agreement.objectives.all())).total
        rows[agreement.batch_id]["scores"].append(float(total))
    return pd.DataFrame(
        [_row(row) for row in rows.values()],
        columns=[
            "event",
            "batch",
            "start_date",
            "started",
            "submitted",
            "scored",
            "average_score",
            "lowest_score",
            "highest_score",
        ],
    )


def _row(row: dict) -> dict:
    scores = row.pop("scores")
    return {
        **row,
        "scored": len(scores),
        "average_score": round(statistics.fmean(scores), 2) if scores else None,
        "lowest_score": round(min(scores), 2) if scores else None,
        "highest_score": round(max(scores), 2) if scores else None,
    }


register(
    "apa-scores",
    title=_("Practice APA scores per batch"),
    description=_(
        "Practice APAs per batch: started, submitted, and the scores of those accepted or "
        "evaluated, by the sandbox's scoring engine."
    ),
    func=apa_scores,
    labels={
        "event": _("Event"),
        "batch": _("Batch"),
        "start_date": _("Start date"),
        "started": _("Started"),
        "submitted": _("Submitted"),
        "scored": _("Scored"),
        "average_score": _("Average score"),
        "lowest_score": _("Lowest score"),
        "highest_score": _("Highest score"),
    },
    chart=per_batch_chart(
        _("Average practice APA score per batch"),
        value="average_score",
        x_title=_("Average score (of 100)"),
    ),
)
