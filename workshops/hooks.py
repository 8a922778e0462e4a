"""Extension points that higher apps (courses) fill without workshops importing them.

- `register_completion_requirement(func)`: `func(*, participants_by_batch: dict[Batch,
  list[int]]) -> dict[tuple[int, int], tuple[bool, str]]` says, per (batch id, participant
  id), whether an extra requirement (a post-test, a course) is passed and, if not, why.
  Evaluated for batches whose event sets `requires_post_test`; it takes many batches at
  once so that a report over hundreds of batches asks a few queries, not a few per batch.
- `register_trainer_certification(func)`: `func(*, participant_ids, on: date) -> set[int]`
  returns the ids holding a valid trainer certification on that date. Trainer pickers list
  those trainers first.
- `register_event_fact(func)`: `func(event) -> tuple[str, str] | None` gives one more
  (label, value) line for the "at a glance" list of an event's page, or None (certificates:
  which certificate the event gives).

Both return the function, so they work as decorators.
"""

from collections.abc import Callable, Iterable
from datetime import date

CompletionRequirement = Callable[..., dict[tuple[int, int], tuple[bool, str]]]
TrainerCertification = Callable[..., set[int]]

_completion_requirements: list[CompletionRequirement] = []
_trainer_certifications: list[TrainerCertification] = []
_event_facts: list[Callable] = []


def register_completion_requirement(func: CompletionRequirement) -> CompletionRequirement:
    if func not in _completion_requirements:
        _completion_requirements.append(func)
    return func


def register_trainer_certification(func: TrainerCertification) -> TrainerCertification:
    if func not in _trainer_certifications:
        _trainer_certifications.append(func)
    return func


def register_event_fact(func: Callable) -> Callable:
    if func not in _event_facts:
        _event_facts.append(func)
    return func


def event_facts(event) -> list[tuple[str, str]]:
    """The (label, value) lines that registered functions add to the event's page."""
    return [fact for fact in (func(event) for func in _event_facts) if fact is not None]


def completion_requirements() -> list[CompletionRequirement]:
    return list(_completion_requirements)


def trainer_certification_checks() -> list[TrainerCertification]:
    return list(_trainer_certifications)


def certified_trainer_ids(*, participant_ids: Iterable[int], on: date) -> set[int]:
    """The ids among `participant_ids` that any registered source calls certified on `on`."""
    ids = list(participant_ids)
    certified: set[int] = set()
    for func in _trainer_certifications:
        certified |= set(func(participant_ids=ids, on=on))
    return certified & set(ids)


def requirement_results(*, batch, participant_ids: Iterable[int]) -> dict[int, list]:
    """Every registered requirement's (passed, reason) per participant id of one batch."""
    ids = list(participant_ids)
    by_pair = requirement_results_by_batch({batch: ids})
    return {pid: by_pair[(batch.pk, pid)] for pid in ids}


def requirement_results_by_batch(participants_by_batch: dict) -> dict[tuple[int, int], list]:
    """Every registered requirement's (passed, reason) per (batch id, participant id)."""
    from django.utils.translation import gettext as _

    wanted = {batch: list(ids) for batch, ids in participants_by_batch.items()}
    results: dict[tuple[int, int], list] = {}
    for batch, ids in wanted.items():
        batch_id = batch.pk
        results.update({(batch_id, pid): [] for pid in ids})
    for func in _completion_requirements:
        for pair, outcome in func(participants_by_batch=wanted).items():
            if pair in results:
                results[pair].append(outcome)
    # A participant a requirement does not mention has not passed it.
    expected = len(_completion_requirements)
    for outcomes in results.values():
        if len(outcomes) < expected:
            outcomes.append((False, _("no result for a required post-test or course")))
    return results
