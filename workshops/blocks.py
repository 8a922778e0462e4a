"""StreamField blocks of workshops pages."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks


class AgendaItemBlock(blocks.StructBlock):
    day = blocks.IntegerBlock(min_value=1, default=1, label=_("Day"))
    start = blocks.TimeBlock(required=False, label=_("Start"))
    end = blocks.TimeBlock(required=False, label=_("End"))
    title = blocks.CharBlock(label=_("Topic"))
    speaker = blocks.CharBlock(required=False, label=_("Speaker or trainer"))

    class Meta:
        icon = "time"
        label = _("Agenda item")
        template = "blocks/agenda_item_block.html"
