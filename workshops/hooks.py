"""Extension points that higher apps (courses) fill without workshops importing them.

- `register_completion_requirement(func)`: `func(*, batch, participant_ids) ->
  dict[int, tuple[bool, str]]` says, per participant id, whether an extra requirement (a
  post-test, a course) is passed and, if not, why. Evaluated when the event's
  `requires_post_test` is set.
- `register_trainer_certification(func)`: `func(*, participant_ids, on: date) -> set[int]`
  returns the ids holding a valid trainer certification on that date. Trainer pickers list
  those trainers first.

Both return the function, so they work as decorators.
"""

from collections.abc import Callable, Iterable
from datetime import date

CompletionRequirement = Callable[..., dict[int, tuple[bool, str]]]
TrainerCertification = Callable[..., set[int]]

_completion_requirements: list[CompletionRequirement] = []
_trainer_certifications: list[TrainerCertification] = []


def register_completion_requirement(func: CompletionRequirement) -> CompletionRequirement:
    if func not in _completion_requirements:
        _completion_requirements.append(func)
    return func


def register_trainer_certification(func: TrainerCertification) -> TrainerCertification:
    if func not in _trainer_certifications:
        _trainer_certifications.append(func)
    return func


def completion_requirements() -> list[CompletionRequirement]:
    return list(_completion_requirements)


def certified_trainer_ids(*, participant_ids: Iterable[int], on: date) -> set[int]:
    """The ids among `participant_ids` that any registered source calls certified on `on`."""
    ids = list(participant_ids)
    certified: set[int] = set()
    for func in _trainer_certifications:
        certified |= set(func(participant_ids=ids, on=on))
    return certified & set(ids)


def requirement_results(*, batch, participant_ids: Iterable[int]) -> dict[int, list]:
    """Every registered requirement's (passed, reason) per participant id."""
    ids = list(participant_ids)
    results: dict[int, list] = {pid: [] for pid in ids}
    for func in _completion_requirements:
        for pid, outcome in func(batch=batch, participant_ids=ids).items():
            if pid in results:
                results[pid].append(outcome)
    # A participant a requirement does not mention has not passed it.
    expected = len(_completion_requirements)
    for outcomes in results.values():
        if len(outcomes) < expected:
            from django.utils.translation import gettext as _

            outcomes.append((False, _("no result for a required post-test or course")))
    return results


def trainer_certification_checks() -> list[TrainerCertification]:
    """The registered trainer-certification checks, in registration order."""
    return list(_trainer_certifications)
