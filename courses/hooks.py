"""Signals that other apps connect to without courses importing them.

`trainer_certified` is sent, after the transaction commits, with `certification` (a
`TrainerCertification`) whenever a participant becomes a certified trainer or renews; the
certificates app connects a receiver that issues the trainer certificate.
"""

from django.dispatch import Signal

trainer_certified = Signal()
