"""A bulk issue is held by one live worker at a time (a lease it renews); a job whose worker
died is taken over, "Run again" waits for a live worker, and counters stay true."""

import datetime as dt

import pytest
from django.tasks import task_backends
from django.urls import reverse
from django.utils import timezone

from certificates import services
from certificates.models import BulkIssueJob, Certificate
from certificates.services import (
    Subject,
    _reserve,
    bulk_issue_resume,
    bulk_issue_run,
    bulk_issue_watch,
    certificate_issue,
)
from tests import factories
from tests.certificates.conftest import nominate, participant

pytestmark = pytest.mark.django_db


@pytest.fixture
def roster(batch):
    people = [participant(name=f"Officer {n}") for n in range(5)]
    for person in people:
        nominate(batch, person)
    return people


def _held_by_another_worker(job, *, seconds=60) -> BulkIssueJob:
    """A started job as a worker on another host leaves it once it took the job: a lease
    running `seconds` more (a live worker), or that ran out (negative: a worker that died).
    No service writes another process's lease, so the fields are set here."""
    BulkIssueJob.objects.filter(pk=job.pk).update(
        status=BulkIssueJob.Status.RUNNING,
        lease_owner="other-host:4242:cafe",
        lease_expires_at=timezone.now() + dt.timedelta(seconds=seconds),
        runs=1,
    )
    job.refresh_from_db()
    return job


def test_a_run_leaves_a_job_held_by_a_live_worker_alone(templates, batch, roster):
    job = _held_by_another_worker(factories.BulkIssueJobFactory(batch=batch))
    bulk_issue_run(job=job)
    assert not Certificate.objects.exists()
    assert (job.status, job.lease_owner, job.runs) == ("running", "other-host:4242:cafe", 1)


def test_run_again_is_refused_while_a_live_worker_holds_the_job(
    client, organiser, templates, batch, roster
):
    job = _held_by_another_worker(factories.BulkIssueJobFactory(batch=batch))
    with pytest.raises(services.CertificateError) as refused:
        bulk_issue_resume(job=job)
    assert refused.value.code == "job_held"
    client.force_login(organiser)
    url = reverse("certificates_admin:job", args=[job.pk])
    page = client.get(url).content.decode()
    assert "A worker is issuing these certificates right now" in page
    assert "disabled" in page.split("Run again")[0].rsplit("<button", 1)[1]
    response = client.post(url, follow=True)
    assert "A worker is issuing these certificates right now" in response.content.decode()
    assert not Certificate.objects.exists()
    job.refresh_from_db()
    assert job.status == "running" and job.lease_owner == "other-host:4242:cafe"


def _died_half_way(job, templates, batch, roster) -> BulkIssueJob:
    """What a worker killed with SIGKILL leaves: two certificates issued (and counted), the
    third reserved with its serial but no PDF, a lease that ran out."""
    _held_by_another_worker(job, seconds=-5)
    for person in roster[:2]:
        certificate_issue(kind="attendance", participant=person, subject=batch, job=job)
    _reserve(
        kind="attendance",
        participant=roster[2],
        subject=Subject.of(batch),
        template=templates["attendance"],
        issued_on=timezone.localdate(),
        by=None,
    )
    job.refresh_from_db()
    return job


def test_the_watch_takes_over_a_job_whose_worker_died(client, organiser, templates, batch, roster):
    job = _died_half_way(factories.BulkIssueJobFactory(batch=batch), templates, batch, roster)
    assert job.stalled and not job.held and job.issued == 2
    client.force_login(organiser)
    page = client.get(reverse("certificates_admin:job", args=[job.pk])).content.decode()
    assert "Its worker stopped answering" in page
    assert bulk_issue_watch(job=job) == "taken over"
    job.refresh_from_db()
    assert (job.status, job.runs, job.lease_owner, job.lease_expires_at) == ("done", 2, "", None)
    assert (job.total, job.issued, job.skipped, job.failed) == (5, 5, 0, 0)
    valid = Certificate.objects.filter(status="valid")
    assert sorted(valid.values_list("participant_id", flat=True)) == [p.pk for p in roster]
    year = timezone.localdate().year
    assert sorted(valid.values_list("serial", flat=True)) == [
        f"GPMS-{year}-ATT-{n:06d}" for n in range(1, 6)
    ]
    assert bulk_issue_watch(job=job) == "finished"


def test_the_watch_looks_again_when_the_lease_would_run_out(settings, templates, batch, roster):
    settings.TASKS = {
        "default": {
            "BACKEND": "django.tasks.backends.dummy.DummyBackend",
            "QUEUES": ["default", "certificates", "email"],
        }
    }
    job = _held_by_another_worker(factories.BulkIssueJobFactory(batch=batch), seconds=30)
    assert bulk_issue_watch(job=job) == "held"
    (look,) = task_backends["default"].results
    assert look.task.name == "bulk_issue_watch" and look.args == [job.pk]
    assert look.task.run_after == job.lease_expires_at + services.WATCH_SLACK
    assert not Certificate.objects.exists()


def test_starting_a_job_queues_its_run_and_a_watch_for_when_a_lease_would_end(
    settings, templates, batch, roster, organiser, django_capture_on_commit_callbacks
):
    settings.TASKS = {
        "default": {
            "BACKEND": "django.tasks.backends.dummy.DummyBackend",
            "QUEUES": ["default", "certificates", "email"],
        }
    }
    settings.CERTIFICATES_JOB_LEASE_SECONDS = 45
    before = timezone.now()
    with django_capture_on_commit_callbacks(execute=True):
        job = services.bulk_issue_start(kind="attendance", batch=batch, by=organiser)
    run, look = task_backends["default"].results
    assert (run.task.name, run.args, run.task.run_after) == ("bulk_issue", [job.pk], None)
    assert look.task.name == "bulk_issue_watch"
    assert before + dt.timedelta(seconds=45) < look.task.run_after
    assert look.task.run_after < timezone.now() + dt.timedelta(seconds=47)


def test_running_a_job_again_keeps_its_counters_true(templates, batch, roster):
    job = bulk_issue_run(job=factories.BulkIssueJobFactory(batch=batch))
    assert (job.issued, job.skipped, job.failed, job.runs) == (5, 0, 0, 1)
    bulk_issue_resume(job=job)
    job = bulk_issue_run(job=job)
    job.refresh_from_db()
    # The second run found everything issued: still "issued 5 by this job", nothing skipped.
    assert (job.status, job.issued, job.skipped, job.failed, job.runs) == ("done", 5, 0, 0, 2)


def test_certificates_held_before_the_job_count_as_skipped(templates, batch, roster):
    certificate_issue(kind="attendance", participant=roster[0], subject=batch)
    job = bulk_issue_run(job=factories.BulkIssueJobFactory(batch=batch))
    job.refresh_from_db()
    assert (job.total, job.issued, job.skipped, job.failed) == (5, 4, 1, 0)


def test_a_worker_that_lost_its_lease_stops_and_leaves_the_job_to_the_new_holder(
    templates, batch, roster, monkeypatch
):
    monkeypatch.setattr(services, "PROGRESS_EVERY_SECONDS", 0)
    job = factories.BulkIssueJobFactory(batch=batch)

    def taken_over(current):
        if current.issued == 2:  # another worker took the job while this one was slow
            # Stands for the other worker's claim: its UPDATE of the lease.
            BulkIssueJob.objects.filter(pk=job.pk).update(lease_owner="new-holder")

    bulk_issue_run(job=job, progress=taken_over)
    job.refresh_from_db()
    assert Certificate.objects.filter(status="valid").count() == 2
    assert (job.status, job.lease_owner) == ("running", "new-holder")
