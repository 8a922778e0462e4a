"""StreamField blocks of scenarios: the mandatory objectives and the previous actuals."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from sandbox_apa.choices import CalculationMethod, Direction


class MandatoryIndicatorBlock(blocks.StructBlock):
    activity = blocks.CharBlock(label=_("Activity"))
    name = blocks.CharBlock(label=_("Indicator"))
    unit = blocks.CharBlock(required=False, label=_("Unit"))
    direction = blocks.ChoiceBlock(choices=Direction.choices, default="higher")
    calculation_method = blocks.ChoiceBlock(
        choices=CalculationMethod.choices, default="sum", label=_("Calculation method")
    )
    weight = blocks.DecimalBlock(label=_("Weight"))
    targets = blocks.CharBlock(
        required=False,
        label=_("Targets"),
        help_text=_("Up to five values, Excellent to Poor, separated by '/'."),
    )

    class Meta:
        icon = "list-ul"
        label = _("Indicator")


class MandatoryObjectiveBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Objective"))
    governance_area = blocks.CharBlock(required=False, label=_("Governance area"))
    weight = blocks.DecimalBlock(label=_("Weight"))
    indicators = blocks.ListBlock(MandatoryIndicatorBlock(), label=_("Indicators"))

    class Meta:
        icon = "lock"
        label = _("Mandatory objective")


class ActualBlock(blocks.StructBlock):
    name = blocks.CharBlock(label=_("Indicator"))
    unit = blocks.CharBlock(required=False, label=_("Unit"))
    year_before_last = blocks.CharBlock(required=False, label=_("Actual, year before last"))
    last_year = blocks.CharBlock(required=False, label=_("Actual, last year"))

    class Meta:
        icon = "table"
        label = _("Previous actual")
