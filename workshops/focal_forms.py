"""Forms of the focal point's pages: find an officer, add a new one, upload a list,
substitute; and an officer's request to be nominated."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from lms.uploads import UploadRefused, check_size
from workshops.models import Batch, Organisation, Rank


def _batch_field(call):
    """A batch choice for a call for the whole event (none for a call for one batch)."""
    if call.batch_id:
        return None
    batches = call.event.batches.exclude(
        status__in=[Batch.Status.CANCELLED, Batch.Status.COMPLETED]
    ).order_by("number")
    if batches.count() <= 1:
        return None
    return forms.ModelChoiceField(queryset=batches, label=_("Batch"))


class _CallForm(forms.Form):
    def __init__(self, *args, call, **kwargs):
        super().__init__(*args, **kwargs)
        field = _batch_field(call)
        if field is not None:
            self.fields["batch"] = field


class RequestEndorseForm(_CallForm):
    """Endorsing an officer's request: the batch, where the call lets the focal point choose."""


class FindOfficerForm(_CallForm):
    lookup = forms.CharField(
        max_length=200,
        label=_("E-mail, mobile or employee ID"),
        help_text=_("An officer of your organisations already known to the portal."),
    )


class NewOfficerForm(_CallForm):
    name = forms.CharField(max_length=200, label=_("Name"))
    name_bn = forms.CharField(max_length=200, required=False, label=_("Name in Bangla"))
    designation = forms.CharField(max_length=200, required=False, label=_("Designation"))
    rank = forms.ModelChoiceField(queryset=Rank.objects.all(), required=False, label=_("Rank"))
    organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.none(), label=_("Organisation")
    )
    email = forms.EmailField(required=False, label=_("E-mail"))
    mobile = forms.CharField(max_length=30, required=False, label=_("Mobile"))
    employee_id = forms.CharField(max_length=50, required=False, label=_("Employee ID"))
    preferred_language = forms.ChoiceField(
        choices=settings.LANGUAGES, label=_("Language of e-mails to them")
    )

    def __init__(self, *args, call, organisation_ids, **kwargs):
        super().__init__(*args, call=call, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.filter(pk__in=organisation_ids)
        if call.ranks.exists():
            self.fields["rank"].queryset = call.ranks.all()
            self.fields["rank"].required = True

    def officer(self) -> dict:
        data = self.cleaned_data
        return {
            key: data.get(key) or ("" if key != "rank" else None)
            for key in (
                "name",
                "name_bn",
                "designation",
                "rank",
                "organisation",
                "email",
                "mobile",
                "employee_id",
                "preferred_language",
            )
        }


class UploadListForm(_CallForm):
    file = forms.FileField(
        label=_("Your list (.xlsx or .csv)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        try:
            check_size(upload.size, limit=settings.UPLOAD_MAX_BYTES)
        except UploadRefused as refused:
            raise forms.ValidationError(refused.message) from None
        return upload


class SubstituteForm(forms.Form):
    lookup = forms.CharField(
        max_length=200,
        label=_("Substitute's e-mail, mobile or employee ID"),
        help_text=_("An officer of the same organisation."),
    )


class RequestForm(forms.Form):
    note = forms.CharField(max_length=255, required=False, label=_("Note to your focal point"))
