"""Which certificate an event gives, where organisers edit the event and where people read it.

The setting is certificates' own (`EventCertificate`); workshops' event page knows nothing of
it. At start-up certificates adds its panel to the event editor, next to the completion
rule, and fills workshops' "event fact" hook so that the event page lists it.
"""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import InlinePanel, PanelGroup

from certificates.models import EventCertificate
from certificates.selectors import event_certificate_kind
from workshops.models import EventPage

PANEL_RELATION = "certificate_given"


def _group_with(panels, field_name: str):
    """The panel group (e.g. "Completion and certificate") that holds `field_name`."""
    for panel in panels:
        if isinstance(panel, PanelGroup):
            names = {getattr(child, "field_name", None) for child in panel.children}
            if field_name in names:
                return panel
            found = _group_with(panel.children, field_name)
            if found is not None:
                return found
    return None


def event_certificate_panel_add() -> None:
    """Add the certificate panel to the event page's editor, beside the completion rule
    (or at the end). Runs once, from AppConfig.ready, before Wagtail builds the editor."""
    panels = EventPage.content_panels
    names = {getattr(p, "relation_name", None) for p in panels}
    group = _group_with(panels, "requires_post_test")
    if group is not None:
        names |= {getattr(p, "relation_name", None) for p in group.children}
    if PANEL_RELATION in names:
        return
    panel = InlinePanel(
        PANEL_RELATION,
        heading=_("Certificate the event gives"),
        label=_("Certificate"),
        classname="event-certificate",  # static/css/certificates_admin.css
        min_num=1,
        max_num=1,
    )
    if group is not None:
        group.children = [*group.children, panel]
    else:
        EventPage.content_panels = [*panels, panel]


def event_fact(event: EventPage) -> tuple[str, str] | None:
    """The line "Certificate: Completion" of the event page's facts; none when the event
    gives no certificate."""
    kind = event_certificate_kind(event)
    if kind == EventCertificate.NONE:
        return None
    return str(_("Certificate")), str(EventCertificate(kind=kind).get_kind_display())
