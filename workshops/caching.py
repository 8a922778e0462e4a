"""What a change to workshops' data makes stale in the shared cache (`lms.scoped_cache`).

Values computed per batch (learning gain, the roster's figures) are kept under the batch's
scope; figures over every batch (the organisers' panel) under `BATCHES`; what a trainee's
own pages show under the participant's scope. A service that changes a batch's members,
sessions, marks, trainers or dates calls `batches_touch` with the batches it changed, and
`participants_touch` with the people whose own record changed (a nomination); courses calls
them too for test attempts, enrolments, progress, evaluations and certifications.
"""

from lms.scoped_cache import scope_touch

BATCHES = "batches"


def batch_scope(batch_id: int) -> str:
    """The scope of one batch's data."""
    return f"batch:{batch_id}"


def batches_touch(*batch_ids: int) -> None:
    """Values of these batches, and figures over all batches, are stale once the current
    transaction commits."""
    scope_touch(*(batch_scope(batch_id) for batch_id in batch_ids), BATCHES)


def participant_scope(participant_id: int) -> str:
    """The scope of what one participant's own pages show (My learning)."""
    return f"participant:{participant_id}"


def participants_touch(*participant_ids: int) -> None:
    """What these participants' own pages show is stale once the transaction commits."""
    scope_touch(*(participant_scope(pid) for pid in participant_ids))
