"""Services of the portal: user groups and the demo-data registry."""

from collections.abc import Callable
from importlib import import_module

from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.db import transaction

ORGANISERS = "Organisers"
TRAINERS = "Trainers"
TRAINEES = "Trainees"

# Apps whose every model permission the organisers hold.
_ORGANISER_APPS = [
    "lms",
    "accounts",
    "workshops",
    "courses",
    "sandbox_apa",
    "certificates",
    "wagtailcore",
    "wagtaildocs",
    "wagtailimages",
    "wagtailredirects",
    "wagtailforms",
    "wagtailsearchpromotions",
    "taggit",
]
# Trainers author scenarios and review practice APAs in the admin; other apps add theirs.
_TRAINER_PERMISSIONS = ["wagtailadmin.access_admin"]


def _permissions(codes: list[str]) -> list[Permission]:
    found = []
    for code in codes:
        app_label, codename = code.split(".", 1)
        found.extend(
            Permission.objects.filter(content_type__app_label=app_label, codename=codename)
        )
    return found


@transaction.atomic
def groups_ensure() -> dict[str, Group]:
    """Create or update the Organisers, Trainers and Trainees groups; safe to run again.

    Organisers manage everything in the admin; trainers reach the admin for their own work;
    trainees use only the public site and their own area.
    """
    organisers, _ = Group.objects.get_or_create(name=ORGANISERS)
    organiser_perms = list(
        Permission.objects.filter(content_type__app_label__in=_ORGANISER_APPS)
    ) + _permissions(["wagtailadmin.access_admin", "wagtailusers.add_userprofile"])
    organisers.permissions.set(organiser_perms)

    trainers, _ = Group.objects.get_or_create(name=TRAINERS)
    trainer_codes = list(_TRAINER_PERMISSIONS)
    for config in apps.get_app_configs():
        trainer_codes += getattr(config, "trainer_permissions", [])
    trainers.permissions.set(_permissions(trainer_codes))

    trainees, _ = Group.objects.get_or_create(name=TRAINEES)
    _grant_page_permissions(organisers)
    return {ORGANISERS: organisers, TRAINERS: trainers, TRAINEES: trainees}


def _grant_page_permissions(group: Group) -> None:
    """Give a group full page, document and image rights over the whole site tree."""
    from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission, Page

    root = Page.get_first_root_node()
    if root is not None:
        for codename in ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"]:
            permission = Permission.objects.get(
                content_type__app_label="wagtailcore", codename=codename
            )
            GroupPagePermission.objects.get_or_create(group=group, page=root, permission=permission)
    collection = Collection.get_first_root_node()
    if collection is not None:
        for perm in Permission.objects.filter(
            content_type__app_label__in=["wagtaildocs", "wagtailimages"],
            codename__regex=r"^(add|change|choose|delete)_",
        ):
            GroupCollectionPermission.objects.get_or_create(
                group=group, collection=collection, permission=perm
            )


DemoStep = Callable[..., None]


def demo_steps(step: str = "load") -> list[tuple[str, DemoStep]]:
    """Each app's `demo.<step>(stdout=...)`, in INSTALLED_APPS order (dependencies first).

    Steps: `load` builds the data; `translate` (optional) adds Bangla versions of its pages
    once every app has loaded; `finish` (optional) runs once every app has translated, for
    what prints the others' data as it will stay (certificates snapshot the Bangla titles).
    """
    steps = []
    for config in apps.get_app_configs():
        try:
            module = import_module(f"{config.name}.demo")
        except ModuleNotFoundError as error:
            if error.name != f"{config.name}.demo":
                raise
            continue
        if hasattr(module, step):
            steps.append((config.label, getattr(module, step)))
    return steps
