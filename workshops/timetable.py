"""Day-by-day timetables from a pattern, as a pure function (no ORM).

The usual CoP pattern: every day from the batch's first to last day, 09:30-13:00 and
14:00-17:00 Dhaka time, optionally skipping the Bangladeshi weekend (Friday and Saturday).
"""

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

DHAKA = ZoneInfo("Asia/Dhaka")
FRIDAY, SATURDAY = 4, 5
WEEKEND = frozenset({FRIDAY, SATURDAY})
DEFAULT_SLOTS = ((dt.time(9, 30), dt.time(13, 0)), (dt.time(14, 0), dt.time(17, 0)))


@dataclass(frozen=True)
class SlotSpec:
    """One session to create: aware start and end, and its place in the timetable."""

    starts_at: dt.datetime
    ends_at: dt.datetime
    day: int
    slot: int


def timetable_generate(
    *,
    start_date: dt.date,
    end_date: dt.date,
    slots: tuple[tuple[dt.time, dt.time], ...] = DEFAULT_SLOTS,
    skip_weekdays: frozenset[int] = frozenset(),
    tz: dt.tzinfo = DHAKA,
) -> list[SlotSpec]:
    """Every slot on every day from `start_date` to `end_date` except `skip_weekdays`.

    Raises ValueError when the dates are reversed or a slot ends before it starts.
    `day` numbers the days that are held (1, 2, ...), skipped days do not count.
    """
    if end_date < start_date:
        raise ValueError("end_date is before start_date")
    for start, end in slots:
        if end <= start:
            raise ValueError(f"slot {start}-{end} ends before it starts")
    ordered = sorted(slots)
    specs: list[SlotSpec] = []
    day_number = 0
    day = start_date
    while day <= end_date:
        if day.weekday() not in skip_weekdays:
            day_number += 1
            for index, (start, end) in enumerate(ordered, start=1):
                specs.append(
                    SlotSpec(
                        starts_at=dt.datetime.combine(day, start, tzinfo=tz),
                        ends_at=dt.datetime.combine(day, end, tzinfo=tz),
                        day=day_number,
                        slot=index,
                    )
                )
        day += dt.timedelta(days=1)
    return specs


def overlaps(a_start: dt.datetime, a_end: dt.datetime, b_start, b_end) -> bool:
    """Half-open intervals: a session ending at 13:00 does not overlap one starting then."""
    return a_start < b_end and b_start < a_end
