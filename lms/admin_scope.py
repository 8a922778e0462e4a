"""Admin listings and object pages that show only the rows the user may see.

Wagtail's model permissions answer "may this user view practice APAs?", not "which ones?".
A ``ModelViewSet`` that mixes in ``ScopedViewSetMixin`` and names a selector,
``visible_to(user) -> QuerySet``, narrows every view it builds to that selector's rows: the
listing, its results and its CSV/XLSX export; and inspect, edit, delete, copy, history and
usage of one row (another's row answers 404, its existence is not disclosed). Readers who
hold no model permission (trainers) are let in by ``ScopedReadPolicy``. The rule itself
stays in the app's permission module or selectors (``sandbox_apa.selectors``,
``workshops.permissions``), so the admin and the front end answer alike.
"""

from collections.abc import Callable

from django.contrib import messages
from django.db import transaction
from django.db.models import ProtectedError, QuerySet, RestrictedError
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import ngettext
from wagtail.admin.views.generic import DeleteView, IndexView
from wagtail.permission_policies import ModelPermissionPolicy

from lms.formatting import localise_numbers


class ScopedViewMixin:
    """Mixed into each view of a scoped viewset; ``visible_to`` is given by the viewset."""

    visible_to: Callable[..., QuerySet] | None = None

    def _visible(self) -> QuerySet:
        return self.visible_to(self.request.user)

    def get_base_queryset(self):
        queryset = super().get_base_queryset()
        if isinstance(self, IndexView):  # history's base queryset is log entries, not rows
            queryset = queryset.filter(pk__in=self._visible().values("pk"))
        return queryset

    def get_object(self, *args, **kwargs):
        instance = super().get_object(*args, **kwargs)
        if not self._visible().filter(pk=instance.pk).exists():
            raise Http404
        return instance


_scoped_classes: dict[type, type] = {}


def _scoped(view_class: type) -> type:
    if issubclass(view_class, ScopedViewMixin):
        return view_class
    if view_class not in _scoped_classes:
        _scoped_classes[view_class] = type(
            f"Scoped{view_class.__name__}", (ScopedViewMixin, view_class), {}
        )
    return _scoped_classes[view_class]


class ScopedViewSetMixin:
    """For a ``ModelViewSet``: set ``visible_to = staticmethod(selector)``."""

    visible_to: Callable[..., QuerySet]

    def construct_view(self, view_class, **kwargs):
        return super().construct_view(
            _scoped(view_class), visible_to=type(self).visible_to, **kwargs
        )


class ScopedReadPolicy(ModelPermissionPolicy):
    """Model permissions as usual, and "view" for whoever `readers(user)` admits (trainers)
    without a model permission: such a reader sees only the rows the viewset's `visible_to`
    gives them. Because readers hold no ``view_<model>`` permission, Wagtail's own pages that
    go by model permissions (site history, which names every row it logs) show them nothing
    of the model."""

    def __init__(self, model, *, readers: Callable[..., bool], refused: tuple[str, ...] = ()):
        super().__init__(model)
        self.readers = readers
        self.refused = refused  # actions nobody takes here: the services do (add, ...)

    def user_has_permission(self, user, action):
        if action in self.refused:
            return False
        if action == "view" and self.readers(user):
            return True
        return super().user_has_permission(user, action)


class ProtectedDeleteView(DeleteView):
    """Deleting a row that others still point to (a session with attendance, a scenario
    with practice APAs) says so and deletes nothing, instead of a server error."""

    def form_valid(self, form):
        try:
            with transaction.atomic():
                return super().form_valid(form)
        except (ProtectedError, RestrictedError) as error:
            count = len(error.args[1])
            message = ngettext(
                "“%(object)s” cannot be deleted: %(count)s other record still refers to it.",
                "“%(object)s” cannot be deleted: %(count)s other records still refer to it.",
                count,
            )
            messages.error(
                self.request, message % localise_numbers({"object": self.object, "count": count})
            )
            return redirect(self.request.path)
