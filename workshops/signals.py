"""Signals other parts of the platform listen to (e-mail, dashboards).

``nomination_status_changed`` is sent once per status change, after the transaction that made
it has committed (``transaction.on_commit``), so receivers never see a change that was rolled
back. Keyword arguments: ``nomination`` (Nomination), ``from_status`` and ``to_status``
(Nomination.Status values; ``from_status`` is "" for a new nomination), ``by`` (User or None),
``reason`` (str) and ``promoted`` (True when the change is a promotion from the wait-list).
"""

from django.dispatch import Signal

nomination_status_changed = Signal()
