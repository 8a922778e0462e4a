"""Business rules of workshops, one module per process; views, admin screens, commands and
tasks call these functions, never the models' write methods directly.

- batches: create, change, cancel a batch (capacity, notices, calendar SEQUENCE)
- nominations: nominate (one or a list), confirm, wait-list, cancel, withdraw; seats, the
  queue and the wait-list
- calls: nomination calls to ministries, focal points, quotas, reminders, releases
- participants: create or update participants by identity; link one to their account
- planning: split an event's nominees into batches
- office_orders: issue a batch's or an event's office order; reissue it when its list changes
- sessions: create, change and move sessions; timetables and trainers
- attendance: marks (one or a whole register) and their history
- checkin: self check-in codes
- calendar: feed addresses and calendar SEQUENCE
- reminders: the e-mails before a batch or a teaching day
- messages: organisers and trainers write to a batch's confirmed participants

Each raises ``WorkshopError`` with a message for the user when a rule is broken.
"""

from workshops.errors import WorkshopError
from workshops.services.attendance import (
    Mark,
    MarksRecorded,
    attendance_mark,
    attendance_mark_all_present,
    attendance_record,
)
from workshops.services.batches import (
    BatchUpdated,
    batch_cancel,
    batch_create,
    batch_error_field,
    batch_update,
    event_check_original,
)
from workshops.services.calendar import (
    batch_calendar_touch,
    calendar_feed_regenerate,
    calendar_feed_revoke,
)
from workshops.services.calls import (
    call_adopt_nominations,
    call_batch,
    call_create,
    call_quota_set,
    call_release,
    call_saved,
    call_send,
    calls_release_due,
    calls_remind,
    focal_point_assign,
    focal_points_for,
    nomination_request_approve,
    nomination_request_create,
    nomination_request_endorse,
    nomination_request_refuse,
    nomination_submit,
    nomination_submit_new_officer,
    nominations_decline,
    nominations_submit_list,
    officer_register,
)
from workshops.services.checkin import (
    CHECKIN_OPENS_BEFORE,
    LATE_AFTER,
    attendance_check_in,
    attendance_check_in_verify,
    session_checkin_code,
    session_checkin_open,
    session_checkin_secret,
)
from workshops.services.messages import batch_message_readers, batch_message_send
from workshops.services.nominations import (
    ACTIONS,
    ACTIVE_STATUSES,
    Approved,
    NominationsAdded,
    batch_confirm_nominated,
    batch_fill_from_waitlist,
    call_rules_check,
    nomination_act,
    nomination_actions,
    nomination_cancel,
    nomination_confirm,
    nomination_create,
    nomination_decline,
    nomination_move,
    nomination_substitute,
    nomination_waitlist,
    nomination_withdraw,
    nominations_add,
    nominations_approve,
)
from workshops.services.office_orders import (
    office_order_issue,
    office_order_refresh,
    office_orders_refresh_on_commit,
)
from workshops.services.participants import participant_link_account, participants_upsert
from workshops.services.planning import event_plan_apply, event_plan_preview
from workshops.services.reminders import reminders_send
from workshops.services.sessions import (
    session_create,
    session_error_field,
    session_move,
    session_timetable_create,
    session_update,
    trainer_assign,
    trainer_unassign,
)

__all__ = [
    "participant_link_account",
    "participants_upsert",
    "call_adopt_nominations",
    "Approved",
    "call_batch",
    "call_create",
    "call_quota_set",
    "call_release",
    "call_saved",
    "nominations_decline",
    "call_rules_check",
    "call_send",
    "calls_release_due",
    "calls_remind",
    "focal_point_assign",
    "focal_points_for",
    "nomination_decline",
    "nomination_request_create",
    "nomination_request_approve",
    "nomination_request_endorse",
    "nomination_request_refuse",
    "nomination_submit",
    "nomination_substitute",
    "nominations_approve",
    "nominations_submit_list",
    "nomination_submit_new_officer",
    "officer_register",
    "ACTIONS",
    "ACTIVE_STATUSES",
    "BatchUpdated",
    "Mark",
    "MarksRecorded",
    "NominationsAdded",
    "attendance_record",
    "batch_cancel",
    "batch_create",
    "batch_error_field",
    "batch_update",
    "event_check_original",
    "nomination_act",
    "nomination_actions",
    "nominations_add",
    "session_create",
    "session_error_field",
    "session_move",
    "session_update",
    "CHECKIN_OPENS_BEFORE",
    "LATE_AFTER",
    "WorkshopError",
    "attendance_check_in",
    "attendance_check_in_verify",
    "attendance_mark",
    "attendance_mark_all_present",
    "batch_calendar_touch",
    "batch_confirm_nominated",
    "batch_message_readers",
    "batch_message_send",
    "batch_fill_from_waitlist",
    "calendar_feed_regenerate",
    "calendar_feed_revoke",
    "event_plan_apply",
    "event_plan_preview",
    "nomination_cancel",
    "nomination_confirm",
    "nomination_create",
    "nomination_move",
    "nomination_waitlist",
    "nomination_withdraw",
    "office_order_issue",
    "office_order_refresh",
    "office_orders_refresh_on_commit",
    "reminders_send",
    "session_checkin_code",
    "session_checkin_open",
    "session_checkin_secret",
    "session_timetable_create",
    "trainer_assign",
    "trainer_unassign",
]
