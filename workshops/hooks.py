"""Extension points that other apps fill, so that workshops never imports them.

- `register_completion_requirement(func)`: `func(*, batch, participant_ids)` returns
  `{participant_id: (passed, reason_if_not)}`; evaluated for events that require a passed
  post-test or course.
- `register_trainer_certification(func)`: `func(*, participant_ids, on)` returns the ids of
  those holding a valid trainer certification on that date; trainer pickers list them first.
"""

from collections.abc import Callable

CompletionRequirement = Callable[..., dict[int, tuple[bool, str]]]
TrainerCertificationCheck = Callable[..., set[int]]

_completion_requirements: list[CompletionRequirement] = []
_trainer_certification_checks: list[TrainerCertificationCheck] = []


def register_completion_requirement(func: CompletionRequirement) -> CompletionRequirement:
    """Add a requirement that participants of a post-test event must also meet."""
    if func not in _completion_requirements:
        _completion_requirements.append(func)
    return func


def register_trainer_certification(func: TrainerCertificationCheck) -> TrainerCertificationCheck:
    """Add a check that tells which participants are certified trainers on a date."""
    if func not in _trainer_certification_checks:
        _trainer_certification_checks.append(func)
    return func


def completion_requirements() -> list[CompletionRequirement]:
    """The registered completion requirements, in registration order."""
    return list(_completion_requirements)


def trainer_certification_checks() -> list[TrainerCertificationCheck]:
    """The registered trainer-certification checks, in registration order."""
    return list(_trainer_certification_checks)
