"""Forms of the APA sandbox: one per editor row (posted as JSON), review, achievements, peer review.

Values of an indicator (previous actuals, targets, projections, achievements) are numbers or
dates by its direction; `normalise_value` turns "50,400" into "50400" and "31/05/2020" into
"2020-05-31", so that the model stores one plain form.
"""

import datetime as dt
from decimal import Decimal, InvalidOperation

from django import forms
from django.utils.translation import gettext_lazy as _

from sandbox_apa.models import (
    VALUE_FIELDS,
    VALUE_LENGTH,
    CalculationMethod,
    Direction,
    Indicator,
    PracticeAPA,
    Scenario,
)

DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d %B %Y", "%d %b %Y")


def normalise_value(text: str, direction: str) -> str:
    """The stored form of a value: a plain decimal, or an ISO date for date indicators.

    Raises forms.ValidationError with a message a trainee understands.
    """
    text = (text or "").strip()
    if not text:
        return ""
    if direction == Direction.DATE:
        for fmt in DATE_FORMATS:
            try:
                return dt.datetime.strptime(text, fmt).date().isoformat()
            except ValueError:
                continue
        raise forms.ValidationError(_("Enter a date, e.g. 2020-05-31."), code="date")
    try:
        number = Decimal(text.replace(",", "").replace("%", "").strip())
    except InvalidOperation:
        raise forms.ValidationError(
            _("Enter a number, e.g. 50,400 or 2.5."), code="number"
        ) from None
    if not number.is_finite():
        raise forms.ValidationError(_("Enter a number, e.g. 50,400 or 2.5."), code="number")
    plain = f"{number.normalize():f}"
    if len(plain) > VALUE_LENGTH:
        raise forms.ValidationError(_("This number is too long."), code="number")
    return plain


class WeightField(forms.DecimalField):
    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(min_value=0, max_value=100, max_digits=5, decimal_places=2, **kwargs)


class AgreementTextForm(forms.ModelForm):
    class Meta:
        model = PracticeAPA
        fields = ["vision", "mission", "functions"]


class ObjectiveForm(forms.Form):
    title = forms.CharField(max_length=300, required=False, label=_("objective"))
    weight = WeightField(label=_("weight"))


class ActivityForm(forms.Form):
    title = forms.CharField(max_length=300, required=False, label=_("activity"))


class IndicatorForm(forms.ModelForm):
    """An indicator row of the editor; value fields are parsed by the row's direction."""

    weight = WeightField(label=_("weight"))

    class Meta:
        model = Indicator
        fields = ["name", "unit", "direction", "calculation_method", "weight", *VALUE_FIELDS]

    def clean(self):
        cleaned = super().clean()
        direction = cleaned.get("direction") or Direction.HIGHER
        if direction == Direction.DATE:
            cleaned["calculation_method"] = CalculationMethod.DATE  # a date is not summed
        for name in VALUE_FIELDS:
            if name in self.errors:
                continue
            try:
                cleaned[name] = normalise_value(cleaned.get(name, ""), direction)
            except forms.ValidationError as error:
                self.add_error(name, error)
        return cleaned


class CreateAgreementForm(forms.Form):
    scenario = forms.ModelChoiceField(
        queryset=Scenario.objects.filter(is_active=True).select_related("framework"),
        label=_("Scenario"),
        empty_label=None,
        widget=forms.RadioSelect,
    )


class AchievementForm(forms.Form):
    """One quarter's achievement of one indicator."""

    value = forms.CharField(max_length=VALUE_LENGTH, required=False)

    def __init__(self, *args, indicator: Indicator, **kwargs):
        super().__init__(*args, **kwargs)
        self.indicator = indicator

    def clean_value(self):
        return normalise_value(self.cleaned_data["value"], self.indicator.direction)


class PeerReviewForm(forms.Form):
    RATING = [(n, str(n)) for n in range(1, 6)]

    clarity = forms.TypedChoiceField(
        choices=RATING, coerce=int, widget=forms.RadioSelect, label=_("Clarity of objectives")
    )
    measurability = forms.TypedChoiceField(
        choices=RATING, coerce=int, widget=forms.RadioSelect, label=_("Measurability of indicators")
    )
    realism = forms.TypedChoiceField(
        choices=RATING, coerce=int, widget=forms.RadioSelect, label=_("Realism of targets")
    )
    weights = forms.TypedChoiceField(
        choices=RATING, coerce=int, widget=forms.RadioSelect, label=_("Weights")
    )
    comments = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), required=False)


CALCULATION_CHOICES = CalculationMethod.choices
