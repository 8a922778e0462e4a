"""The completion rule of an event, as a pure function (no ORM).

A participant completes a batch when they attended at least `min_percent` of the sessions
that count for them, and passed every extra requirement (post-test, course) when the event
asks for one.

- Sessions that started before the participant joined the batch (`joined_at`) do not count,
  unless the participant was marked present or late at one (a trainee confirmed on the day
  who checks in at the first session, marked late, has attended it): see `session_counts`.
- Attended means present or late. Excused is *not* attended: an excused session still counts
  against the participant (the rule is about time in the room), but it is listed in the
  reasons so that an organiser can decide on an exception.
- The number needed is rounded up: 80 % of 8 sessions needs 7 (6.4 -> 7).
"""

import functools
import math
from dataclasses import dataclass, field
from datetime import datetime

from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from lms.formatting import localise_numbers

ATTENDED = frozenset({"present", "late"})
EXCUSED = "excused"


@dataclass(frozen=True)
class SessionFact:
    id: int
    starts_at: datetime


@dataclass(frozen=True)
class CompletionOutcome:
    eligible: bool
    attended: int
    counted_sessions: int
    needed: int
    excused: int = 0
    reasons: list[str] = field(default_factory=list)


def sessions_needed(counted: int, min_percent: int) -> int:
    """Sessions to attend out of `counted` for `min_percent` %, rounded up."""
    return math.ceil(counted * min_percent / 100)


def attendance_suffices(*, attended: int, counted: int, min_percent: int) -> bool:
    """Whether `attended` of `counted` sessions meets the rule; none counted never does."""
    return counted > 0 and attended >= sessions_needed(counted, min_percent)


def session_counts(*, starts_at: datetime, joined_at: datetime | None, status: str | None) -> bool:
    """Whether a session counts for a participant: every session when they were nominated
    before the batch began; otherwise those from the moment they joined, and any session at
    which they were marked present or late, whatever the join time."""
    return joined_at is None or starts_at >= joined_at or status in ATTENDED


def completion_evaluate(
    *,
    sessions: list[SessionFact],
    attendance: dict[int, str],
    joined_at: datetime | None,
    min_percent: int,
    requirement_results: list[tuple[bool, str]] | None = None,
) -> CompletionOutcome:
    """Decide completion for one participant.

    `attendance` maps session id to status (present, late, excused, absent); a session
    without a record counts as not attended. `requirement_results` holds (passed, reason)
    for each extra requirement.
    """
    counted = [
        s
        for s in sessions
        if session_counts(starts_at=s.starts_at, joined_at=joined_at, status=attendance.get(s.id))
    ]
    statuses = [attendance.get(s.id) for s in counted]
    attended = sum(statuses.count(status) for status in ATTENDED)
    excused = statuses.count(EXCUSED)
    needed = sessions_needed(len(counted), min_percent)
    reasons = list(_attendance_reasons(attended, len(counted), needed, excused, get_language()))
    for passed, reason in requirement_results or []:
        if not passed:
            reasons.append(reason)
    return CompletionOutcome(
        eligible=not reasons,
        attended=attended,
        counted_sessions=len(counted),
        needed=needed,
        excused=excused,
        reasons=reasons,
    )


@functools.lru_cache(maxsize=4096)
def _attendance_reasons(
    attended: int, counted: int, needed: int, excused: int, language: str | None
) -> tuple[str, ...]:
    """The translated reasons for these numbers; cached, as a roster repeats few of them."""
    reasons: list[str] = []
    if not counted:
        reasons.append(_("no sessions count for this participant"))
    elif attended < needed:
        reasons.append(
            ngettext(
                "attended %(attended)s of %(counted)s session, needs %(needed)s",
                "attended %(attended)s of %(counted)s sessions, needs %(needed)s",
                counted,
            )
            % localise_numbers({"attended": attended, "counted": counted, "needed": needed})
        )
    if excused and reasons:
        reasons.append(
            ngettext(
                "excused from %(count)s session (not counted as attended)",
                "excused from %(count)s sessions (not counted as attended)",
                excused,
            )
            % localise_numbers({"count": excused})
        )
    return tuple(reasons)
