"""Filters of the console log (settings.LOGGING)."""

import logging

# Wagtail's own housekeeping runs as background tasks: every page or snippet saved queues a
# search-index and a reference-index update. Their "state=RUNNING/SUCCESSFUL" lines drowned
# the worker's console (thousands after the demo load) and said nothing anyone acts on.
HOUSEKEEPING_TASKS = ("modelsearch.tasks.", "wagtail.tasks.", "wagtail.search.tasks.")


class HousekeepingTasksFilter(logging.Filter):
    """Drops the routine lines of Wagtail's housekeeping tasks; a failed one (logged as an
    error) and every line of the portal's own tasks still show."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not record.name.startswith(("django.tasks", "django_tasks")):
            return True
        if record.levelno >= logging.WARNING:
            return True
        args = record.args if isinstance(record.args, tuple) else ()
        path = str(args[1]) if len(args) > 1 else ""
        return not path.startswith(HOUSEKEEPING_TASKS)
