"""Template tags that show programmes and their events on pages outside this app."""

from django import template

from workshops.models import EventPage, ProgrammePage

register = template.Library()


@register.simple_tag
def programmes_with_events(parent) -> list[tuple[ProgrammePage, list[EventPage]]]:
    """The live programmes below `parent`, newest first, each with its live events by date.

    Two queries whatever the number of programmes and events (the home page uses it).
    """
    programmes = list(ProgrammePage.objects.child_of(parent).live().order_by("-start_date"))
    if not programmes:
        return []
    events: dict[str, list[EventPage]] = {p.path: [] for p in programmes}
    step = ProgrammePage.steplen
    for event in (
        EventPage.objects.descendant_of(parent)
        .live()
        .defer_streamfields()
        .order_by("start_date", "path")
    ):
        parent_path = event.path[:-step]
        if parent_path in events:
            events[parent_path].append(event)
    return [(programme, events[programme.path]) for programme in programmes]
