"""Who a user is to the portal: the one place that answers "is this user an organiser?".

Roles are Django groups (created by ``lms.services.groups_ensure``). An inactive account has
no role. Answers are remembered on the user object for the request, because menus and
listings ask many times per page.
"""

from lms.services import ORGANISERS, TRAINEES, TRAINERS


def _in_group(user, name: str) -> bool:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    memo = getattr(user, "_lms_groups", None)
    if memo is None:
        memo = user._lms_groups = set(user.groups.values_list("name", flat=True))
    return name in memo


def is_organiser(user) -> bool:
    """Organisers (the group) and active superusers manage everything."""
    if getattr(user, "is_authenticated", False) and user.is_active and user.is_superuser:
        return True
    return _in_group(user, ORGANISERS)


def is_trainer(user) -> bool:
    """Members of the Trainers group (what they may see is decided per batch)."""
    return _in_group(user, TRAINERS)


def is_trainee(user) -> bool:
    """Members of the Trainees group, and anyone signed in with no other role: a person who
    signed up to learn is a trainee until an organiser gives them a role."""
    if _in_group(user, TRAINEES):
        return True
    return (
        getattr(user, "is_authenticated", False)
        and user.is_active
        and not is_organiser(user)
        and not is_trainer(user)
    )


def roles(user) -> dict[str, bool]:
    """Which of the portal's roles `user` holds, for menus: {"trainee", "trainer",
    "organiser"} each True or False."""
    return {
        "trainee": is_trainee(user),
        "trainer": is_trainer(user),
        "organiser": is_organiser(user),
    }
