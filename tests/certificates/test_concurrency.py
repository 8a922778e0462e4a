"""Concurrent issue on PostgreSQL: the database, not a check in Python, prevents duplicates.

Threads get their own database connections; a barrier lines them up so that they really
race. Run with DATABASE_URL=postgres://... (skipped on SQLite, which serialises writers).
"""

import threading

import pytest
from django.db import connection

from certificates.models import Certificate, SerialCounter
from certificates.services import (
    AlreadyIssued,
    CertificateError,
    bulk_issue_run,
    certificate_issue,
)
from tests import factories
from tests.certificates.conftest import nominate, participant

# serialized_rollback: the flush after each test would remove the Wagtail root page.
pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

THREADS = 8


def race(target, count=THREADS) -> list:
    """Run target(i) in `count` threads started together; return results or exceptions."""
    barrier = threading.Barrier(count)
    results: list = [None] * count

    def work(i):
        try:
            barrier.wait()
            results[i] = target(i)
        except Exception as error:  # collected for the assertions
            results[i] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=work, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def test_concurrent_issue_to_one_person_gives_one_certificate(templates, batch):
    person = participant()
    results = race(
        lambda i: certificate_issue(kind="attendance", participant=person, subject=batch)
    )
    issued = [r for r in results if isinstance(r, Certificate)]
    refused = [r for r in results if isinstance(r, CertificateError)]
    assert len(issued) == 1 and len(refused) == THREADS - 1, results
    assert all(isinstance(r, AlreadyIssued) or r.code == "busy" for r in refused)
    assert Certificate.objects.filter(participant=person).count() == 1
    assert SerialCounter.objects.get().last == 1  # the losers' serials were given back


def test_concurrent_serials_have_no_gaps_and_no_duplicates(templates, batch):
    people = [participant() for _ in range(THREADS * 3)]

    def issue_three(i):
        return [
            certificate_issue(kind="attendance", participant=p, subject=batch).serial
            for p in people[i * 3 : i * 3 + 3]
        ]

    results = race(issue_three)
    serials = sorted(s for batch_serials in results for s in batch_serials)
    year = Certificate.objects.first().issued_on.year
    assert serials == [f"GPMS-{year}-ATT-{n:06d}" for n in range(1, THREADS * 3 + 1)]


def test_two_bulk_workers_at_once_issue_each_certificate_once(templates, batch):
    people = [participant() for _ in range(12)]
    for person in people:
        nominate(batch, person)
    jobs = [factories.BulkIssueJobFactory(batch=batch) for _ in range(2)]
    race(lambda i: bulk_issue_run(job=jobs[i]), count=2)
    valid = Certificate.objects.filter(status="valid")
    assert sorted(valid.values_list("participant_id", flat=True)) == sorted(p.pk for p in people)
    for job in jobs:
        job.refresh_from_db()
    assert sum(job.issued for job in jobs) == 12
    assert all(job.issued + job.skipped == 12 for job in jobs)
