"""Signals of accounts that higher apps connect to without accounts importing them.

``preferred_language_changed`` is sent by ``user_language_set`` with ``user`` and
``language`` (a code from settings.LANGUAGES) when a user chooses another language; workshops
connects a receiver that gives the user's participant record the same language.
"""

from django.dispatch import Signal

preferred_language_changed = Signal()
