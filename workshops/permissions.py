"""Who may see and change which sessions and attendance records."""

from django.core.exceptions import ObjectDoesNotExist

from lms.services import ORGANISERS
from workshops.models import Session, TrainerAssignment


def is_organiser(user) -> bool:
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    cached = getattr(user, "_is_organiser", None)
    if cached is None:
        cached = user.groups.filter(name=ORGANISERS).exists()
        user._is_organiser = cached
    return cached


def participant_of(user):
    """The user's participant record, or None."""
    if not user.is_authenticated:
        return None
    try:
        return user.participant
    except ObjectDoesNotExist:
        return None


def is_trainer_of(user, session: Session) -> bool:
    participant = participant_of(user)
    return participant is not None and (
        TrainerAssignment.objects.filter(session=session, trainer=participant).exists()
    )


def can_mark_session(user, session: Session) -> bool:
    """Organisers mark any session; a trainer marks only sessions they are assigned to."""
    return is_organiser(user) or is_trainer_of(user, session)
