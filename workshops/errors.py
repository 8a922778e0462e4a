"""The error of the workshops services, with user-facing text."""

from django.utils.translation import gettext_lazy as _


class WorkshopError(Exception):
    """A rule of workshops was broken; `str(error)` is the message to show the user."""

    messages = {
        "not_confirmed": _("%(name)s is not a confirmed participant of this batch."),
        "trainer_clash": _(
            "%(trainer)s already teaches “%(other)s” (%(when)s), which overlaps this session."
        ),
        "trainer_twice": _("%(trainer)s is already a trainer of this session."),
        "not_your_session": _("You are not a trainer of this session."),
        "no_participant": _("Your account is not linked to a participant record."),
        "checkin_closed": _(
            "Check-in for this session is closed: it is open from 15 minutes before the "
            "start until the end."
        ),
        "checkin_code_invalid": _(
            "This check-in code has expired or is not valid. Scan the code the trainer shows now."
        ),
        "batch_cancelled": _("This batch is cancelled."),
        "invalid_timetable": _("The timetable pattern is not valid: %(detail)s"),
        "event_translation": _(
            "“%(title)s” is a translation. Batches, nominations and certificates belong to "
            "the event in its original language: choose that one."
        ),
        "capacity_below_confirmed": _(
            "%(n)s participants are confirmed; cancel some before lowering capacity."
        ),
        "batch_completed": _("This batch is completed and can no longer be cancelled."),
        "unknown_status": _("“%(status)s” is not an attendance status."),
        "session_has_marks": _(
            "Attendance has been taken at this session, so it stays with its batch. Add a "
            "session to the other batch instead."
        ),
        # The rules of a nomination call (workshops.services.nominations.call_rules_check).
        "call_not_sent": _("This nomination call has not been sent yet."),
        "call_deadline": _(
            "The deadline of this call has passed (%(deadline)s): nominations are closed."
        ),
        "call_other_batch": _("%(batch)s is not part of this nomination call."),
        "call_no_quota": _(
            "%(name)s belongs to %(organisation)s, which has no quota in this call."
        ),
        "call_other_organisation": _(
            "%(name)s is an officer of %(organisation)s; you nominate only for your own "
            "organisations."
        ),
        "call_rank": _(
            "%(name)s's rank (%(rank)s) is not among the ranks this call asks for: %(ranks)s."
        ),
        "call_duplicate": _("%(name)s is already nominated to %(batch)s (%(status)s)."),
        "call_clash": _(
            "%(name)s is already confirmed in %(other)s (%(start)s to %(end)s), whose dates "
            "overlap with %(batch)s."
        ),
        "call_quota": _(
            "Over the quota: %(organisation)s has %(left)s of its %(seats)s seats left in this "
            "call, and %(wanted)s more were nominated."
        ),
        "call_substitute_organisation": _(
            "A substitute must come from the same organisation: %(name)s is an officer of "
            "%(organisation)s, the nominee of %(quota)s."
        ),
        "call_not_yours": _("This nomination was not made for one of your organisations."),
        "decline_reason": _("Say why the nomination is declined: the focal point sees it."),
        # participants (workshops.services.participants)
        "invalid_mobile": _("%(name)s: %(mobile)s is not a Bangladeshi mobile number."),
        "identifier_taken": _("%(value)s belongs to another participant, not to %(name)s."),
        "participant_no_name": _("The participant %(identifier)s has no name."),
        "participant_twice": _("%(name)s is listed twice."),
        "participant_other_account": _("%(name)s already has another user account."),
        "account_other_participant": _("This user account is already %(name)s's."),
        "participants_conflict": _(
            "Two participants would have the same e-mail, employee ID, mobile or account."
        ),
        "office_order_no_signatory": _(
            "Office orders need a signatory: set the name and designation under Settings › "
            "Site settings › Office orders first."
        ),
        "office_order_empty": _(
            "%(subject)s has no confirmed nominees; an office order lists them. Confirm the "
            "nominations first."
        ),
        "office_order_unchanged": _(
            "The list has not changed since the office order memo no. %(memo)s; nothing to issue."
        ),
        "office_order_render": _("The office order could not be rendered: %(error)s"),
        "office_order_sign": _("The office order could not be signed: %(error)s"),
    }

    def __init__(self, code_or_message: str, **params):
        """`WorkshopError("trainer_clash", trainer=..., ...)` uses the message of that code;
        any other text is taken as the (already translated) message itself."""
        template = self.messages.get(code_or_message)
        self.code = code_or_message if template is not None else "message"
        self.params = params
        if template is None:
            text = str(code_or_message)
        else:
            text = str(template % params if params else template)
        self.message = text
        super().__init__(text)

    def __str__(self) -> str:
        return self.message
