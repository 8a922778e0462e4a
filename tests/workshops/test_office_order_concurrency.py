"""Office orders issued at the same moment get consecutive memo numbers, none twice
(PostgreSQL: real row locks on the year's counter)."""

import io
import time

import pytest
from django.db import connection
from reportlab.pdfgen import canvas

from tests.concurrency import at_once
from tests.workshops import office_order_world
from workshops import office_orders
from workshops.models import MemoCounter, OfficeOrder
from workshops.services import nominations_add, office_order_issue


def small_pdf(context) -> bytes:
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer)
    page.drawString(72, 720, f"{context['memo_number']} {context['subject']}")
    page.save()
    time.sleep(0.05)  # widen the race: every thread is between its number and its save
    return buffer.getvalue()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_eight_orders_issued_at_once_get_memo_numbers_1_to_8(monkeypatch):
    monkeypatch.setattr(office_orders, "office_order_pdf", small_pdf)
    world = office_order_world.build(people=1)
    batches = [
        office_order_world.factories.BatchFactory(event=world.event, number=n) for n in range(3, 11)
    ]
    for batch in batches:
        person = office_order_world.factories.ParticipantFactory()
        nominations_add(batch=batch, participants=[person], confirm=True, notify=False)
    failures = at_once(lambda batch: office_order_issue(batch=batch), batches)

    assert failures == []
    assert connection.vendor == "postgresql"
    sequences = sorted(OfficeOrder.objects.values_list("memo_sequence", flat=True))
    assert sequences == list(range(1, 9))
    assert MemoCounter.objects.get().last == 8
