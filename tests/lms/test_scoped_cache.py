"""Figures kept in the shared cache until a service changes their data (lms.scoped_cache)."""

import pytest
from django.core.cache import cache
from django.db import transaction

from lms.scoped_cache import scope_touch, scoped_get

pytestmark = pytest.mark.django_db

# Each test runs inside a transaction that is never committed: `committed()` runs the work
# a commit would run (django_capture_on_commit_callbacks), where a touch takes effect.


class Source:
    """Stands for the database: what a figure is built from, and how often it was built."""

    def __init__(self, value):
        self.value, self.builds = value, 0

    def build(self):
        self.builds += 1
        return self.value


def read(source, scopes=("batch:1",)):
    return scoped_get("figure", scopes=scopes, build=source.build)


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


def test_a_figure_is_built_once_and_read_until_its_scope_is_touched(committed):
    source = Source(10)
    assert read(source) == 10 and read(source) == 10
    assert source.builds == 1
    with committed():
        source.value = 11
        scope_touch("batch:1")
    assert read(source) == 11
    assert source.builds == 2


def test_touching_another_scope_keeps_the_figure(committed):
    source = Source(10)
    read(source)
    with committed():
        scope_touch("batch:2")
    source.value = 11
    assert read(source) == 10


def test_a_touch_counts_only_once_its_transaction_commits(committed):
    source = Source(10)
    read(source)
    with committed():
        source.value = 11
        scope_touch("batch:1")
        assert read(source) == 10  # not committed: others still see the old data
    assert read(source) == 11


def test_a_rolled_back_change_leaves_the_figure(committed):
    source = Source(10)
    read(source)
    with committed(), pytest.raises(RuntimeError), transaction.atomic():
        scope_touch("batch:1")
        raise RuntimeError
    read(source)
    assert source.builds == 1


def test_a_figure_built_while_a_change_commits_is_not_served_after_it(committed):
    source = Source(10)

    def build_during_a_change():
        value = source.build()  # read the old data...
        with committed():  # ...while a service changes it, touches the batch and commits
            source.value = 11
            scope_touch("batch:1")
        return value

    assert scoped_get("figure", scopes=["batch:1"], build=build_during_a_change) == 10
    assert read(source) == 11


def test_a_version_the_cache_lost_does_not_bring_an_old_figure_back(committed):
    source = Source(10)
    read(source)  # kept under the batch's first version
    with committed():
        scope_touch("batch:1")
    source.value = 11
    assert read(source) == 11  # kept under the second version
    cache.delete("scope-version:batch:1")  # evicted
    source.value = 12
    assert read(source) == 12


def test_many_touches_of_one_scope_in_a_transaction_leave_one_task_at_commit(committed):
    with committed() as callbacks:
        for _ in range(200):
            scope_touch("batch:1", "batches")
        scope_touch("batch:2", "batches")
    assert len(callbacks) == 2
