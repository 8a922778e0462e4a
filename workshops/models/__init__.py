"""The models of workshops, by part of the domain (as pretix's base/models/).

- reference: ranks and organisations
- pages: programme and event pages and their documents
- participants: the officers who take part
- batches: batches, nominations and their history
- calls: focal points, nomination calls and their quotas and history, officers' requests
- office_orders: the office orders of batches and events, every version, and memo numbers
- sessions: sessions, trainers, attendance and its history, calendar feeds, reminders

Batches, sessions, participants, nominations and attendance are plain models linked to an
event page with on_delete=PROTECT. Everything is importable from ``workshops.models``.
"""

from workshops.models.batches import Batch, BatchMessage, Nomination, NominationChange
from workshops.models.calls import (
    CallChange,
    CallQuota,
    FocalPoint,
    NominationCall,
    NominationRequest,
)
from workshops.models.office_orders import MemoCounter, OfficeOrder, OfficeOrderEvent
from workshops.models.pages import EventDocument, EventPage, ProgrammePage
from workshops.models.participants import Participant
from workshops.models.reference import LocalName, Organisation, Rank
from workshops.models.sessions import (
    Attendance,
    AttendanceChange,
    AttendanceQuerySet,
    CalendarFeed,
    Reminder,
    Session,
    TrainerAssignment,
    validate_sign_in_sheet,
)

__all__ = [
    "Attendance",
    "AttendanceChange",
    "AttendanceQuerySet",
    "Batch",
    "BatchMessage",
    "CallChange",
    "CallQuota",
    "FocalPoint",
    "NominationCall",
    "NominationRequest",
    "CalendarFeed",
    "EventDocument",
    "EventPage",
    "LocalName",
    "MemoCounter",
    "Nomination",
    "NominationChange",
    "OfficeOrder",
    "OfficeOrderEvent",
    "Organisation",
    "Participant",
    "ProgrammePage",
    "Rank",
    "Reminder",
    "Session",
    "TrainerAssignment",
    "validate_sign_in_sheet",
]
