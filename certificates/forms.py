"""Forms of certificates: the public code lookup and the organisers' actions."""

from django import forms
from django.utils.translation import gettext_lazy as _

from certificates.kinds import Kind
from certificates.models import CODE_PATTERN
from certificates.services import normalise_code


class VerifyForm(forms.Form):
    code = forms.CharField(
        label=_("Verification code"),
        max_length=60,
        help_text=_("As printed under the QR code, e.g. ABCD-EFGH-IJKL-MNOP-QRST-UVWX."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )

    def clean_code(self) -> str:
        code = normalise_code(self.cleaned_data["code"])
        if not CODE_PATTERN.match(code):
            raise forms.ValidationError(
                _("A code has 24 characters: the letters A to Z and the digits 2 to 7.")
            )
        return code


class RevokeForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=255)


class ReissueForm(forms.Form):
    name = forms.CharField(label=_("Name (English)"), max_length=200)
    name_bn = forms.CharField(label=_("Name (Bangla)"), max_length=200, required=False)
    reason = forms.CharField(
        label=_("Reason"), max_length=255, help_text=_("E.g. 'name corrected on request'.")
    )


class BulkIssueForm(forms.Form):
    kind = forms.ChoiceField(label=_("Certificate"), choices=Kind.choices)
    subject = forms.ChoiceField(label=_("For"))

    def __init__(self, *args, subjects: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["subject"].choices = subjects
