"""No server error from an id that is no id, in the Wagtail admin views that take ids as text.

Some of Wagtail's admin views hand an id from the address to the ORM as text, so that "x"
meets an integer primary key and raises ValueError, a server error:

- the choosers' "chosen" view (``/admin/images/chooser/chosen/<str:pk>/``, documents,
  snippets) and their "chosen-multiple" view (``?id=...``);
- the bulk actions (``/admin/bulk/<app_label>/<model_name>/<action>/?id=...``);
- the editing-session ping (``/admin/editing-sessions/ping/<app>/<model>/<object_id>/...``).

``ids_checked`` (applied to the admin's URL patterns in ``lms.urls``) makes each of these
views answer 404 to an id its model's primary key cannot hold, before the view runs; it
leaves every other view as it is.
"""

import inspect
from collections.abc import Callable, Iterable
from functools import wraps

from django.apps import apps
from django.contrib.admin.utils import unquote
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import IntegerField, Model
from django.http import Http404
from wagtail.admin.views import editing_sessions
from wagtail.admin.views.bulk_action import dispatcher as bulk_actions
from wagtail.admin.views.generic.chooser import ChosenMultipleViewMixin, ChosenViewMixin
from wagtail.coreutils import resolve_model_string

# How a view finds its model and its ids: (request, url kwargs) -> (model, ids); model None
# when the address names no model (the view itself answers that).
Lookup = Callable[..., tuple[type[Model] | None, Iterable[str]]]


def pk_holds(model: type[Model], value: str) -> bool:
    """Whether `value` can be the primary key of `model`: "x" is no integer id, nor are
    digits beyond the column's range."""
    field = model._meta.pk
    while field.is_relation:  # a page type's key is its page's
        field = field.target_field
    try:
        python = field.to_python(value)
    except ValidationError:
        return False
    if isinstance(field, IntegerField):
        low, high = connection.ops.integer_field_range(field.get_internal_type())
        return (low is None or python >= low) and (high is None or python <= high)
    return True


def _named_model(kwargs) -> type[Model] | None:
    try:
        return apps.get_model(kwargs["app_label"], kwargs["model_name"])
    except LookupError:
        return None


def _lookup(view_func) -> Lookup | None:
    """How `view_func` takes its ids, when it is one of the views above."""
    view_class = getattr(view_func, "view_class", None)
    if view_class is not None and issubclass(view_class, ChosenViewMixin | ChosenMultipleViewMixin):
        model = view_func.view_initkwargs.get("model") or view_class.model
        if model is None:
            return None
        model = resolve_model_string(model)
        if issubclass(view_class, ChosenViewMixin):
            return lambda request, kwargs: (model, [unquote(str(kwargs["pk"]))])
        return lambda request, kwargs: (model, request.GET.getlist("id"))
    original = inspect.unwrap(view_func)
    if original is inspect.unwrap(bulk_actions.index):  # "all" stands for every object of a listing
        return lambda request, kwargs: (
            _named_model(kwargs),
            [pk for pk in request.GET.getlist("id") if pk != "all"],
        )
    if original is inspect.unwrap(editing_sessions.ping):
        return lambda request, kwargs: (_named_model(kwargs), [unquote(kwargs["object_id"])])
    return None


def ids_checked(view_func):
    """`view_func`, answering 404 to an id its model cannot hold when it is one of the
    views above; any other view unchanged."""
    lookup = _lookup(view_func)
    if lookup is None:
        return view_func

    @wraps(view_func)
    def view(request, *args, **kwargs):
        model, ids = lookup(request, kwargs)
        if model is not None and not all(pk_holds(model, pk) for pk in ids):
            raise Http404
        return view_func(request, *args, **kwargs)

    return view
