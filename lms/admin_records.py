"""Records in the admin: rows that say what someone did (a quiz attempt, an evaluation, an
issued certificate), written only by the services.

Organisers read and export them; nobody, superusers included, adds, edits or deletes one
through Wagtail's forms. Wagtail 8 has no switch that turns a ``ModelViewSet``'s add and
edit views off, so the model's permission policy refuses those actions: the listing and
inspect page then show no Add, Edit or Delete, and the forms' URLs are refused. A record
model whose writes no permission stands for (certificates' add and change stand for bulk
issue and revoking) also declares ``default_permissions = ("view",)``, so that no group,
the Organisers of ``lms.services.groups_ensure`` included, holds a permission to write it.
"""

from django.contrib.auth import get_user_model
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

WRITES = ("add", "change", "delete")


class RecordPolicy(ModelPermissionPolicy):
    """Model permissions as usual for reading; adding, changing and deleting refused."""

    def user_has_permission(self, user, action):
        if action in WRITES:
            return False
        return super().user_has_permission(user, action)

    def users_with_any_permission(self, actions):
        reads = [action for action in actions if action not in WRITES]
        if not reads:
            return get_user_model().objects.none()
        return super().users_with_any_permission(reads)


def records_register(*models) -> None:
    """Give each model the `RecordPolicy` in the admin (call it from `wagtail_hooks`)."""
    for model in models:
        register_permission_policy(model, RecordPolicy(model))


class RecordViewSetMixin:
    """For a ``ModelViewSet`` of records: the listing, its export and the inspect page;
    no copy (a copy is an add)."""

    inspect_view_enabled = True
    copy_view_enabled = False
