"""Bulk issue: everyone eligible gets exactly one certificate, however often it runs."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from certificates import rendering
from certificates.models import BulkIssueJob, Certificate
from certificates.services import (
    Subject,
    _reserve,
    bulk_issue_run,
    bulk_issue_start,
    certificate_issue,
)
from tests import factories
from tests.certificates.conftest import add_batch, nominate, participant, small_pdf

pytestmark = pytest.mark.django_db


@pytest.fixture
def roster(batch):
    """Four who attended, one who did not, one wait-listed."""
    people = [participant(name=f"Attended {n}") for n in range(4)]
    for person in people:
        nominate(batch, person)
    nominate(batch, participant(name="Absent"), attendance=("absent", "absent"))
    nominate(batch, participant(name="Waiting"), status="waitlisted", attendance=())
    return people


def run(**subject) -> BulkIssueJob:
    """A bulk issue started for the subject and run by its worker."""
    return bulk_issue_run(job=factories.BulkIssueJobFactory(**subject))


def valid_holders(batch) -> list[str]:
    return sorted(
        Certificate.objects.filter(batch=batch, status="valid").values_list(
            "participant__name", flat=True
        )
    )


def test_every_eligible_participant_gets_one_certificate(templates, batch, roster):
    job = run(batch=batch)
    assert (job.status, job.total, job.issued, job.skipped, job.failed) == ("done", 4, 4, 0, 0)
    assert valid_holders(batch) == [p.name for p in roster]
    reasons = {item["name"]: item["reasons"] for item in job.not_eligible}
    assert reasons == {
        "Absent": ["attended none of the 2 sessions"],
        "Waiting": ["nomination is wait-listed, not confirmed"],
    }


def test_running_again_issues_nothing_new(templates, batch, roster):
    run(batch=batch)
    again = run(event=batch.event)  # the whole event this time: same people, same subject
    assert (again.issued, again.skipped) == (0, 4)
    assert Certificate.objects.count() == 4


def test_a_worker_killed_half_way_is_finished_by_the_next_run(templates, batch, roster):
    # The killed worker issued two and had reserved the third (serial taken, no PDF).
    for person in roster[:2]:
        certificate_issue(kind="attendance", participant=person, subject=batch)
    reserved = _reserve(
        kind="attendance",
        participant=roster[2],
        subject=Subject.of(batch),
        template=templates["attendance"],
        issued_on=timezone.localdate(),
        by=None,
    )
    job = run(batch=batch)
    assert (job.issued, job.skipped) == (2, 2)
    assert valid_holders(batch) == [p.name for p in roster]
    reserved.refresh_from_db()
    assert reserved.status == "valid"  # resumed with the serial it had
    serials = sorted(Certificate.objects.values_list("serial", flat=True))
    year = timezone.localdate().year
    assert serials == [f"GPMS-{year}-ATT-00000{n}" for n in range(1, 5)]  # no gaps, no dupes


def test_a_failing_pdf_is_counted_and_reported_and_the_rest_go_on(
    templates, batch, roster, monkeypatch
):
    def flaky(certificate):
        if certificate.name == "Attended 1":
            raise rendering.RenderError("image missing")
        return small_pdf(certificate)

    monkeypatch.setattr(rendering, "certificate_pdf", flaky)
    job = run(batch=batch)
    assert (job.issued, job.failed) == (3, 1)
    assert "Attended 1: The PDF could not be made: image missing" in job.error
    monkeypatch.setattr(rendering, "certificate_pdf", small_pdf)
    assert run(batch=batch).issued == 1
    assert len(valid_holders(batch)) == 4


def test_event_bulk_issue_records_each_participants_batch(templates, event):
    first, second = add_batch(event, 1), add_batch(event, 2)
    nominate(first, participant(name="A"))
    nominate(second, participant(name="B"))
    run(event=event)
    batches = dict(Certificate.objects.values_list("participant__name", "batch__number"))
    assert batches == {"A": 1, "B": 2}
    assert set(Certificate.objects.values_list("batch_label", flat=True)) == {"1", "2"}


def test_start_queues_the_task_after_commit(
    templates, batch, roster, organiser, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        job = bulk_issue_start(kind="attendance", batch=batch, by=organiser)
    job.refresh_from_db()
    assert (job.status, job.issued, job.created_by) == ("done", 4, organiser)


def test_command_issues_for_an_event_with_progress(templates, batch, roster):
    out = io.StringIO()
    call_command("issue_certificates", event=batch.event.slug, kind="attendance", stdout=out)
    text = out.getvalue()
    assert "4/4" in text
    assert "4 issued, 0 already held, 0 failed, 2 not eligible." in text
    assert "not eligible: Absent: attended none of the 2 sessions" in text
    out = io.StringIO()
    call_command("issue_certificates", batch=batch.pk, kind="attendance", stdout=out)
    assert "0 issued, 4 already held" in out.getvalue()


def test_command_refuses_an_unknown_event(templates):
    with pytest.raises(CommandError, match="not found"):
        call_command("issue_certificates", event="no-such-event", stdout=io.StringIO())
