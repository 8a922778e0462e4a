"""Signals of workshops.

`nomination_status_changed(sender, nomination, from_status, to_status, by)` is sent by the
nomination services after the change is committed (workshops I). Workshops II listens to
it to send the nomination e-mails.
"""

from django.dispatch import Signal

nomination_status_changed = Signal()
