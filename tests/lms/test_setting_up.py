"""Setting up: migrating makes the cache table; the console prints each line once and not
Wagtail's housekeeping tasks (the demo's steps: tests/workshops/test_demo_and_commands.py)."""

import importlib
import logging
from types import SimpleNamespace

import pytest
from django.core.cache import cache
from django.db import connection

from lms.log_filters import HousekeepingTasksFilter

cache_migration = importlib.import_module("lms.migrations.0005_cache_table")


def _table_exists(name: str) -> bool:
    return name in connection.introspection.table_names()


@pytest.mark.django_db
def test_migrating_makes_the_cache_table_and_again_changes_nothing():
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE lms_cache")
    assert not _table_exists("lms_cache")
    editor = SimpleNamespace(connection=connection)  # all the migration reads of it
    cache_migration.create_cache_table(None, editor)
    cache_migration.create_cache_table(None, editor)  # as `createcachetable` would: skipped
    assert _table_exists("lms_cache")
    cache.set("setting-up", "works")
    assert cache.get("setting-up") == "works"


def _record(name: str, level: int, msg: str, args: tuple) -> logging.LogRecord:
    return logging.getLogger(name).makeRecord(name, level, __file__, 1, msg, args, None)


def _handlers_printing(record: logging.LogRecord) -> list[logging.Handler]:
    """The console handlers the record reaches, as logging's propagation does."""
    found, logger = [], logging.getLogger(record.name)
    while logger is not None:
        for handler in logger.handlers:
            is_console = type(handler) is logging.StreamHandler
            if is_console and record.levelno >= handler.level and handler.filter(record):
                found.append(handler)
        logger = logger.parent if logger.propagate else None
    return found


def test_a_worker_line_is_printed_once_in_development(settings):
    settings.DEBUG = True  # Django's own console handler prints only then
    ours = _record(
        "django.tasks",
        logging.INFO,
        "Task id=%s path=%s state=%s",
        ("1", "workshops.tasks.send_batch_notice", "SUCCESSFUL"),
    )
    reloader = _record("django.utils.autoreload", logging.INFO, "Watching for file changes", ())
    assert len(_handlers_printing(ours)) == 1
    assert len(_handlers_printing(reloader)) == 1


def test_wagtails_search_index_tasks_do_not_flood_the_console_but_their_failures_show():
    quiet = HousekeepingTasksFilter()
    for path in (
        "modelsearch.tasks.insert_or_update_object_task",
        "wagtail.tasks.update_reference_index_task",
    ):
        line = _record(
            "django.tasks", logging.INFO, "Task id=%s path=%s state=%s", ("1", path, "SUCCESSFUL")
        )
        failed = _record(
            "django.tasks", logging.ERROR, "Task id=%s path=%s state=%s", ("1", path, "FAILED")
        )
        assert not quiet.filter(line) and quiet.filter(failed)
        assert _handlers_printing(line) == []
    ours = _record(
        "django.tasks",
        logging.INFO,
        "Task id=%s path=%s state=%s",
        ("1", "certificates.tasks.bulk_issue", "RUNNING"),
    )
    assert quiet.filter(ours)
