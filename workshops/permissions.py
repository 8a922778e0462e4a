"""Who may see and change which batches, sessions and attendance records.

The one place for "is this user a trainer of this batch/session?"; the organiser role comes
from ``lms.permissions``. Every app asks here (courses, sandbox_apa, certificates).
"""

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import QuerySet

from lms.permissions import is_organiser, is_trainer
from workshops.models import (
    Batch,
    FocalPoint,
    Nomination,
    OfficeOrder,
    Organisation,
    Participant,
    Session,
    TrainerAssignment,
)

__all__ = [
    "can_act_for_nomination",
    "can_download_office_order",
    "can_mark_session",
    "focal_organisation_ids",
    "is_focal_point",
    "can_see_batch",
    "in_visible_batches",
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


def focal_organisation_ids(user) -> set[int]:
    """The organisations a focal point nominates for: their own, and the organisations
    directly under those they act for with sub-organisations. Empty for anyone else."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return set()
    memo = getattr(user, "_focal_organisations", None)
    if memo is not None:
        return memo
    rows = list(
        FocalPoint.objects.filter(user=user).values_list(
            "organisation_id", "acts_for_sub_organisations"
        )
    )
    ids = {org for org, _subs in rows}
    parents = [org for org, subs in rows if subs]
    if parents:
        ids |= set(Organisation.objects.filter(parent_id__in=parents).values_list("pk", flat=True))
    user._focal_organisations = ids
    return ids


def is_focal_point(user) -> bool:
    return bool(focal_organisation_ids(user))


def can_act_for_nomination(user, nomination: Nomination) -> bool:
    """A focal point may withdraw or substitute a nomination of a call whose nominee is an
    officer of one of their organisations."""
    return (
        nomination.call_id is not None
        and nomination.participant.organisation_id in focal_organisation_ids(user)
    )


def in_visible_batches(queryset: QuerySet, user, *, field: str = "batch") -> QuerySet:
    """The rows of `queryset` whose batch (`field`) the user may see, as ``can_see_batch``
    answers for one: every row for organisers, a trainer's own batches' rows, none for
    others (rows in no batch are the organisers' alone)."""
    if is_organiser(user):
        return queryset
    batch_ids = trainer_batch_ids(user)
    if not batch_ids:
        return queryset.none()
    return queryset.filter(**{f"{field}__in": batch_ids})


def can_download_office_order(user, order: OfficeOrder) -> bool:
    """Organisers download every office order; a trainer the orders of the batches they
    teach, which list the people they already see on the batch's roster and sign-in sheet.
    An event's order lists every batch of the event, so it stays with the organisers."""
    if is_organiser(user):
        return True
    return order.batch_id is not None and is_trainer_of_batch(user, order.batch_id)
