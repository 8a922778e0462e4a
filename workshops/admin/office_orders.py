"""The "Office order" page of a batch and of an event in the admin: issue or reissue, and
every version with its memo no., date, who issued it and why, and its PDFs.

Thin views: organisers only (the model permission), one service call, a message.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from workshops import services
from workshops.models import Batch, EventPage, OfficeOrder
from workshops.office_orders import listing_digest, office_order_listing


class IssueForm(forms.Form):
    reason = forms.CharField(
        max_length=255, required=False, label=gettext_lazy("Note (kept in the history)")
    )


def _require(request) -> None:
    if not request.user.has_perm("workshops.add_officeorder"):
        raise PermissionDenied


def batch_office_order(request, pk: int):
    """GET: the batch's office orders; POST: issue the next version."""
    _require(request)
    batch = get_object_or_404(Batch.objects.select_related("event"), pk=pk)
    return _page(request, subject={"batch": batch}, title=str(batch), back=_batch_back(batch))


def event_office_order(request, pk: int):
    """GET: the event's office orders (every batch in one list); POST: issue the next."""
    _require(request)
    event = get_object_or_404(EventPage, id=pk)  # the page's id: too big a number is no page
    back = reverse("wagtailadmin_pages:edit", args=[event.pk])
    return _page(request, subject={"event": event}, title=event.title, back=back)


def _batch_back(batch: Batch) -> str:
    return reverse("workshops_batch:inspect", args=[batch.pk])


def _page(request, *, subject: dict, title: str, back: str):
    form = IssueForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            order = services.office_order_issue(
                **subject, by=request.user, reason=form.cleaned_data["reason"]
            )
        except services.WorkshopError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request,
                _("Office order memo no. %(memo)s issued (version %(version)s).")
                % {"memo": order.memo_number, "version": order.version},
            )
        return redirect(request.path)
    versions = list(
        OfficeOrder.objects.filter(**subject)
        .select_related("issued_by")
        .prefetch_related("history")
        .order_by("-version")
    )
    current = listing_digest(office_order_listing(**subject))
    return TemplateResponse(
        request,
        "workshops/admin/office_order.html",
        {
            "title": title,
            "page_title": _("Office order"),
            "header_icon": "doc-full",
            "subject_title": title,
            "versions": versions,
            "changed": bool(versions) and versions[0].nominees_digest != current,
            "form": form,
            "back_url": back,
        },
    )
