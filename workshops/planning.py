"""The batch planner: split an event's nominees into batches (pure, no ORM).

``plan_batches`` spreads N batches over the event's days and deals the nominees out so that
every batch has as many people as the others (at most one more) and each organisation and
each rank is spread across the batches as evenly as possible. The result depends only on the
input, never on the order of a query.
"""

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from django.utils.translation import gettext as _


class PlanningError(ValueError):
    """The nominees cannot be planned as asked; the message says why in the user's words."""


@dataclass(frozen=True)
class Nominee:
    """One person to place: an id (the nomination's), and the keys to mix across batches."""

    id: int
    organisation: str = ""
    rank: str = ""
    name: str = ""


@dataclass
class PlannedBatch:
    number: int
    start_date: dt.date
    end_date: dt.date
    capacity: int
    nominees: list[Nominee] = field(default_factory=list)

    @property
    def size(self) -> int:
        return len(self.nominees)

    def organisation_counts(self) -> Counter:
        return Counter(n.organisation for n in self.nominees)

    def rank_counts(self) -> Counter:
        return Counter(n.rank for n in self.nominees)

    def rank_summary(self) -> list[tuple[str, int]]:
        """(rank, how many) by rank name: easy to show in a table."""
        return sorted(self.rank_counts().items())


def batch_dates(start: dt.date, end: dt.date, batches: int) -> list[tuple[dt.date, dt.date]]:
    """Spread batches over the days from start to end (inclusive).

    With at least as many days as batches, the days are divided into consecutive runs (8 days,
    8 batches: one day each; 10 days, 5 batches: two days each). With more batches than days,
    batches run in parallel, each on a single day, spread evenly over the days.
    """
    days = (end - start).days + 1
    result = []
    for i in range(batches):
        first = i * days // batches
        last = max(first, (i + 1) * days // batches - 1)
        result.append((start + dt.timedelta(days=first), start + dt.timedelta(days=last)))
    return result


def plan_batches(
    *,
    nominees: list[Nominee],
    batches: int,
    capacity: int,
    start_date: dt.date,
    end_date: dt.date,
) -> list[PlannedBatch]:
    """Place every nominee in one of ``batches`` batches of at most ``capacity`` seats.

    Raises PlanningError for impossible input: no batches, no seats, end before start, more
    nominees than seats, more batches than nominees, or the same nominee twice.
    """
    _check(nominees, batches, capacity, start_date, end_date)
    plan = [
        PlannedBatch(number=i + 1, start_date=s, end_date=e, capacity=capacity)
        for i, (s, e) in enumerate(batch_dates(start_date, end_date, batches))
    ]
    # Target sizes as even as possible: the first (total % batches) get one more.
    base, extra = divmod(len(nominees), batches)
    targets = [base + (1 if i < extra else 0) for i in range(batches)]
    organisation_sizes = Counter(n.organisation for n in nominees)
    # Big organisations first so that they are spread while every batch still has room;
    # within one, by rank and name so that ranks are dealt out too.
    ordered = sorted(
        nominees,
        key=lambda n: (-organisation_sizes[n.organisation], n.organisation, n.rank, n.name, n.id),
    )
    org_counts = [Counter() for _ in plan]
    rank_counts = [Counter() for _ in plan]
    for nominee in ordered:
        open_batches = [i for i in range(batches) if plan[i].size < targets[i]]
        best = min(
            open_batches,
            key=lambda i: (
                org_counts[i][nominee.organisation],
                rank_counts[i][nominee.rank],
                plan[i].size,
                i,
            ),
        )
        plan[best].nominees.append(nominee)
        org_counts[best][nominee.organisation] += 1
        rank_counts[best][nominee.rank] += 1
    for batch in plan:
        batch.nominees.sort(key=lambda n: (n.name, n.id))
    return plan


def _check(nominees, batches, capacity, start_date, end_date) -> None:
    if batches < 1:
        raise PlanningError(_("Plan at least one batch."))
    if capacity < 1:
        raise PlanningError(_("A batch needs at least one seat."))
    if end_date < start_date:
        raise PlanningError(_("The event ends before it starts."))
    if not nominees:
        raise PlanningError(_("The event has no nominees to plan."))
    if len(nominees) > batches * capacity:
        raise PlanningError(
            _(
                "%(n)s nominees do not fit into %(b)s batches of %(c)s seats (%(seats)s seats); "
                "add batches or seats."
            )
            % {"n": len(nominees), "b": batches, "c": capacity, "seats": batches * capacity}
        )
    if batches > len(nominees):
        raise PlanningError(
            _("%(b)s batches for %(n)s nominees would leave a batch empty.")
            % {"b": batches, "n": len(nominees)}
        )
    if len({n.id for n in nominees}) != len(nominees):
        raise PlanningError(_("A nominee is listed twice."))
