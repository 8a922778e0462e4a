"""The demo data: default templates, a few certificates per batch, idempotent."""

import io

import pytest

from certificates import demo
from certificates.models import Certificate, CertificateTemplate
from certificates.services import event_certificate_set
from tests.certificates.conftest import add_batch, nominate, participant

pytestmark = pytest.mark.django_db


def test_demo_issues_a_few_per_batch_and_running_again_changes_nothing(event):
    event_certificate_set(event=event, kind="attendance")
    batch = add_batch(event)
    for n in range(5):
        nominate(batch, participant(name=f"Officer {n}"))
    demo.load(stdout=io.StringIO())
    assert CertificateTemplate.objects.filter(is_default=True).count() == 3
    assert not Certificate.objects.exists()  # issued once the pages are translated
    demo.finish(stdout=io.StringIO())
    statuses = sorted(Certificate.objects.values_list("status", flat=True))
    # Three per batch, of which one revoked and one reissued (its successor is valid).
    assert statuses == ["revoked", "superseded", "valid", "valid"]
    assert all(c.issued_on == batch.end_date for c in Certificate.objects.exclude(status="valid"))

    demo.load(stdout=io.StringIO())
    demo.finish(stdout=io.StringIO())
    assert Certificate.objects.count() == 4
    assert CertificateTemplate.objects.count() == 3
