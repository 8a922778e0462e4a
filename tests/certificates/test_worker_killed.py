"""A bulk issue survives the death of its worker: real `manage.py db_worker` processes on a
shared PostgreSQL database, the first killed with SIGKILL half-way, a second one started.

Needs PostgreSQL (DATABASE_URL=postgres://...; skipped on SQLite, whose test database lives
in the test process's memory). The workers render and sign real PDFs.
"""

import hashlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

import pytest
from django.db import connection
from django.utils import timezone

from certificates.models import BulkIssueJob, Certificate
from certificates.services import bulk_issue_start
from lms.private_files import private_storage
from tests.certificates.conftest import nominate, participant
from workshops.services import batch_update

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

ROOT = Path(__file__).resolve().parents[2]
PEOPLE = 40
LEASE_SECONDS = 3


def _database_url() -> str:
    db = connection.settings_dict
    password = f":{quote(db['PASSWORD'])}" if db.get("PASSWORD") else ""
    host = f"{db.get('HOST') or '127.0.0.1'}:{db.get('PORT') or 5432}"
    return f"postgres://{quote(db['USER'])}{password}@{host}/{db['NAME']}"


@pytest.fixture
def start_worker(settings, tmp_path):
    """Start `manage.py db_worker` processes on the test database; stop any left at the end."""
    environment = os.environ | {
        "DJANGO_SETTINGS_MODULE": "lms.settings",
        "DATABASE_URL": _database_url(),
        "DJANGO_TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
        "CERTIFICATES_JOB_LEASE_SECONDS": str(LEASE_SECONDS),
        "DJANGO_MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "DJANGO_PRIVATE_MEDIA_ROOT": str(settings.PRIVATE_MEDIA_ROOT),
        "SIGNING_KEYS_DIR": str(tmp_path / "keys"),
        "DJANGO_EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
    }
    workers = []

    def start(name: str) -> subprocess.Popen:
        log = open(tmp_path / f"{name}.log", "wb")  # noqa: SIM115 (closed with the process)
        worker = subprocess.Popen(
            [sys.executable, "manage.py", "db_worker", "--queue-name", "certificates",
             "--no-reload", "--no-startup-delay", "--interval", "0.2", "--worker-id", name],
            cwd=ROOT, env=environment, stdout=log, stderr=subprocess.STDOUT,
        )  # fmt: skip
        workers.append((worker, log))
        return worker

    yield start
    for worker, log in workers:
        if worker.poll() is None:
            worker.terminate()
            worker.wait(timeout=30)
        log.close()


def _wait_for(condition, *, seconds: float, what: str):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError(f"gave up waiting for {what}")


def test_a_job_whose_worker_is_killed_is_finished_by_the_next_worker(
    settings, templates, batch, organiser, start_worker, tmp_path
):
    settings.TASKS = {
        "default": {
            "BACKEND": "django_tasks_db.DatabaseBackend",
            "QUEUES": ["default", "certificates", "email"],
        }
    }
    settings.CERTIFICATES_JOB_LEASE_SECONDS = LEASE_SECONDS
    batch_update(batch=batch, capacity=PEOPLE)  # a seat for each, as the services insist
    people = [participant(name=f"Officer {n:02d}") for n in range(PEOPLE)]
    for person in people:
        nominate(batch, person)
    job = bulk_issue_start(kind="attendance", batch=batch, by=organiser)  # queued at commit

    first = start_worker("first")
    valid = Certificate.objects.filter(status=Certificate.Status.VALID)
    _wait_for(lambda: valid.count() >= 5, seconds=180, what="the first certificates")
    os.kill(first.pid, signal.SIGKILL)
    first.wait(timeout=30)
    job.refresh_from_db()
    killed_at = valid.count()
    assert job.status == "running" and job.lease_owner and killed_at < PEOPLE, (
        f"the first worker was not killed half-way: {killed_at} issued, {job.status}"
    )

    start_worker("second")
    job = _wait_for(
        lambda: BulkIssueJob.objects.filter(pk=job.pk, status="done").first(),
        seconds=300,
        what=f"the job to finish (logs in {tmp_path})",
    )
    assert job.runs == 2  # the second worker took it over
    assert (job.total, job.issued, job.skipped, job.failed) == (PEOPLE, PEOPLE, 0, 0)
    assert (job.lease_owner, job.lease_expires_at, job.error) == ("", None, "")

    certificates = list(Certificate.objects.order_by("serial"))
    assert [c.status for c in certificates] == ["valid"] * PEOPLE  # no pending left over
    assert sorted(c.participant_id for c in certificates) == sorted(p.pk for p in people)
    year = timezone.localdate().year
    assert [c.serial for c in certificates] == [
        f"GPMS-{year}-ATT-{n:06d}" for n in range(1, PEOPLE + 1)
    ]
    for certificate in certificates:
        pdf = private_storage().open(certificate.pdf.name).read()
        assert pdf.startswith(b"%PDF") and hashlib.sha256(pdf).hexdigest() == certificate.sha256
        assert certificate.credential["proof"]["type"] == "DataIntegrityProof"
