"""The error of the sessions, attendance and calendar services, with user-facing text."""

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
    }

    def __init__(self, code: str, **params):
        self.code = code
        self.params = params
        super().__init__(str(self.messages[code] % params if params else self.messages[code]))
