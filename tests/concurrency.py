"""Run the same work in many threads at once, as many requests would (PostgreSQL tests)."""

import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager

from django.db import connections


def at_once(work: Callable, items: Iterable) -> list[Exception]:
    """Call ``work(item)`` for every item, each in its own thread and database connection,
    all released together by a barrier; returns the exceptions they raised."""
    items = list(items)
    start = threading.Barrier(len(items))
    failures: list[Exception] = []

    def run(item):
        try:
            start.wait()
            work(item)
        except Exception as error:  # noqa: BLE001 - returned to the test
            failures.append(error)
        finally:
            connections.close_all()  # each thread had its own connection

    threads = [threading.Thread(target=run, args=(item,)) for item in items]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return failures


@contextmanager
def in_background(work: Callable[[], object]) -> Iterator[list[Exception]]:
    """Run ``work()`` in its own thread and database connection while the block runs, and
    wait for it to end when the block does; yields the list of exceptions it raised (read
    it after the block)."""
    failures: list[Exception] = []

    def run():
        try:
            work()
        except Exception as error:  # noqa: BLE001 - returned to the test
            failures.append(error)
        finally:
            connections.close_all()

    thread = threading.Thread(target=run)
    thread.start()
    try:
        yield failures
    finally:
        thread.join()
