"""Who may see and change which batches, sessions and attendance records.

The one place for "is this user a trainer of this batch/session?"; the organiser role comes
from ``lms.permissions``. Every app asks here (courses, sandbox_apa, certificates).
"""

from django.core.exceptions import ObjectDoesNotExist

from lms.permissions import is_organiser, is_trainer
from workshops.models import Batch, Participant, Session, TrainerAssignment

__all__ = [
    "can_mark_session",
    "can_see_batch",
    "is_organiser",
    "is_trainer",
    "is_trainer_of_batch",
    "is_trainer_of_session",
    "participant_of",
    "trainer_batch_ids",
    "can_write_to_batch",
]


def participant_of(user) -> Participant | None:
    """The user's participant record, or None."""
    if not getattr(user, "is_authenticated", False):
        return None
    try:
        return user.participant
    except ObjectDoesNotExist:
        return None


def trainer_batch_ids(user) -> set[int]:
    """Batches the user trains: a TrainerAssignment on one of the batch's sessions."""
    participant = participant_of(user)
    if participant is None or not user.is_active:
        return set()
    return set(
        TrainerAssignment.objects.filter(trainer=participant)
        .values_list("session__batch_id", flat=True)
        .distinct()
    )


def is_trainer_of_batch(user, batch: Batch | int) -> bool:
    batch_id = batch if isinstance(batch, int) else batch.pk
    return batch_id in trainer_batch_ids(user)


def is_trainer_of_session(user, session: Session) -> bool:
    participant = participant_of(user)
    return (
        participant is not None
        and user.is_active
        and TrainerAssignment.objects.filter(session=session, trainer=participant).exists()
    )


def can_see_batch(user, batch: Batch | int) -> bool:
    """Organisers see every batch; a trainer the batches they teach."""
    return is_organiser(user) or is_trainer_of_batch(user, batch)


def can_write_to_batch(user, batch: Batch | int) -> bool:
    """Organisers write to any batch's participants; a trainer to those of their batches."""
    return is_organiser(user) or is_trainer_of_batch(user, batch)


def can_mark_session(user, session: Session) -> bool:
    """Organisers mark any session; a trainer marks only sessions they are assigned to."""
    return is_organiser(user) or is_trainer_of_session(user, session)
