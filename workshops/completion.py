"""The completion rule of an event, as a pure function (no ORM).

A participant completes a batch when they attended at least `min_percent` of the sessions
that count for them, and passed every extra requirement (post-test, course) when the event
asks for one.

- Sessions that started before the participant joined the batch (`joined_at`) do not count.
- Attended means present or late. Excused is *not* attended: an excused session still counts
  against the participant (the rule is about time in the room), but it is listed in the
  reasons so that an organiser can decide on an exception.
- The number needed is rounded up: 80 % of 8 sessions needs 7 (6.4 -> 7).
"""

import math
from dataclasses import dataclass, field
from datetime import datetime

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

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
    counted = [s for s in sessions if joined_at is None or s.starts_at >= joined_at]
    attended = sum(1 for s in counted if attendance.get(s.id) in ATTENDED)
    excused = sum(1 for s in counted if attendance.get(s.id) == EXCUSED)
    needed = sessions_needed(len(counted), min_percent)
    reasons: list[str] = []
    if not counted:
        reasons.append(_("no sessions count for this participant"))
    elif attended < needed:
        reasons.append(
            ngettext(
                "attended %(attended)s of %(counted)s session, needs %(needed)s",
                "attended %(attended)s of %(counted)s sessions, needs %(needed)s",
                len(counted),
            )
            % {"attended": attended, "counted": len(counted), "needed": needed}
        )
    if excused and reasons:
        reasons.append(
            ngettext(
                "excused from %(count)s session (not counted as attended)",
                "excused from %(count)s sessions (not counted as attended)",
                excused,
            )
            % {"count": excused}
        )
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
