"""Office orders: issued through the service, versions when the list changes, memo numbers."""

from __future__ import annotations

import datetime as dt
import io
import os

import pytest
from pypdf import PdfReader

from lms.models import SiteSettings, memo_number
from tests.workshops import office_order_world
from workshops.models import MemoCounter, OfficeOrder, OfficeOrderEvent
from workshops.services import (
    WorkshopError,
    nomination_cancel,
    nomination_confirm,
    nomination_withdraw,
    nominations_add,
    office_order_issue,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(db):
    return office_order_world.build()


def _text(field) -> str:
    with field.open("rb") as handle:
        reader = PdfReader(io.BytesIO(handle.read()))
    return "\n".join(page.extract_text() for page in reader.pages)


def _dump(order, name):
    """Keep the PDFs for looking at them (OFFICE_ORDER_DUMP=folder)."""
    folder = os.environ.get("OFFICE_ORDER_DUMP")
    if folder:
        for field, lang in ((order.pdf, "en"), (order.pdf_bn, "bn")):
            with field.open("rb") as handle, open(f"{folder}/{name}-{lang}.pdf", "wb") as out:
                out.write(handle.read())


def test_an_issued_order_names_the_confirmed_nominees_with_memo_number_and_signatory(
    world, organiser
):
    order = office_order_issue(batch=world.batches[0], by=organiser, date=dt.date(2015, 1, 5))
    _dump(order, "batch")
    assert order.version == 1
    assert order.memo_number == "04.00.0000.313.18.001.15-001"
    assert order.nominee_count == 3
    english = _text(order.pdf)
    assert "Md. Rafiqul Islam" in english and "Md. Abdul Karim" in english
    assert "04.00.0000.313.18.001.15-001" in english
    assert order.pdf.name.startswith("office-orders/") and "batch" not in order.pdf.name
    history = order.history.get()
    assert history.action == OfficeOrderEvent.Action.ISSUED and history.changed_by == organiser


def test_memo_numbers_follow_the_pattern_and_count_per_year(world, organiser):
    settings = SiteSettings.objects.get()
    settings.office_order_memo_pattern = "GPMS/{year}/{seq}"
    settings.save()
    first = office_order_issue(batch=world.batches[0], by=organiser, date=dt.date(2015, 1, 5))
    event = office_order_issue(event=world.event, by=organiser, date=dt.date(2015, 12, 30))
    newcomer = office_order_world.factories.ParticipantFactory(name="New Officer")
    nominations_add(batch=world.batches[0], participants=[newcomer], confirm=True, notify=False)
    next_year = office_order_issue(batch=world.batches[0], by=organiser, date=dt.date(2016, 1, 2))
    assert [first.memo_number, event.memo_number] == ["GPMS/2015/1", "GPMS/2015/2"]
    assert (next_year.memo_number, next_year.version) == ("GPMS/2016/1", 2)
    assert dict(MemoCounter.objects.values_list("year", "last")) == {2015: 2, 2016: 1}


def test_an_unchanged_list_makes_no_new_version(world, organiser):
    first = office_order_issue(batch=world.batches[0], by=organiser)
    with pytest.raises(WorkshopError) as error:
        office_order_issue(batch=world.batches[0], by=organiser)
    assert first.memo_number in error.value.message
    assert OfficeOrder.objects.count() == 1


def test_a_changed_list_reissues_the_order_and_keeps_every_version(
    world, organiser, django_capture_on_commit_callbacks
):
    first = office_order_issue(batch=world.batches[0], by=organiser)
    cancelled = world.people[1].nominations.get()
    with django_capture_on_commit_callbacks(execute=True):
        nomination_cancel(nomination=cancelled, by=organiser, reason="Transferred")
    second = OfficeOrder.objects.get(version=2)
    assert second.nominee_count == 2 and second.memo_number != first.memo_number
    assert "Krishna Chandra Biswas" not in _text(second.pdf)
    entry = second.history.get()
    assert entry.action == OfficeOrderEvent.Action.REISSUED
    assert "removed: Krishna Chandra Biswas" in entry.reason
    assert OfficeOrder.objects.filter(batch=world.batches[0]).count() == 2
    assert first.pdf.storage.exists(first.pdf.name)  # the first version is kept


def test_a_change_that_does_not_touch_the_list_issues_nothing(
    world, organiser, django_capture_on_commit_callbacks
):
    office_order_issue(batch=world.batches[0], by=organiser)
    newcomer = office_order_world.factories.ParticipantFactory(name="Someone Waiting")
    with django_capture_on_commit_callbacks(execute=True):
        nominations_add(batch=world.batches[0], participants=[newcomer], notify=False)
    assert OfficeOrder.objects.count() == 1  # nominated, not confirmed: not on the list
    with django_capture_on_commit_callbacks(execute=True):
        nomination_confirm(nomination=newcomer.nominations.get(), by=organiser)
    assert OfficeOrder.objects.count() == 2


def test_the_event_order_follows_changes_in_any_of_its_batches(
    world, organiser, django_capture_on_commit_callbacks
):
    office_order_issue(event=world.event, by=organiser)
    with django_capture_on_commit_callbacks(execute=True):
        nomination_withdraw(nomination=world.people[0].nominations.get(), by=organiser)
    versions = OfficeOrder.objects.filter(event=world.event).order_by("version")
    assert [v.nominee_count for v in versions] == [3, 2]
    assert not OfficeOrder.objects.filter(batch__isnull=False).exists()


def test_no_order_without_a_signatory(world, organiser):
    SiteSettings.objects.update(office_order_signatory_name="")
    with pytest.raises(WorkshopError) as error:
        office_order_issue(batch=world.batches[0], by=organiser)
    assert "signatory" in error.value.message
    assert not OfficeOrder.objects.exists() and not MemoCounter.objects.exists()


def test_no_order_for_a_batch_without_confirmed_nominees(world, organiser):
    with pytest.raises(WorkshopError) as error:
        office_order_issue(batch=world.batches[1], by=organiser)
    assert "no confirmed nominees" in error.value.message
    assert not OfficeOrder.objects.exists()


def test_a_broken_memo_pattern_is_refused_with_its_reason(world, organiser):
    SiteSettings.objects.update(office_order_memo_pattern="GPMS/{seq}")
    with pytest.raises(WorkshopError) as error:
        office_order_issue(batch=world.batches[0], by=organiser)
    assert "{year} or {yy}" in error.value.message


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        ("04.00.0000.313.18.001.{yy}-{seq:03d}", "04.00.0000.313.18.001.15-007"),
        ("GPMS/{year}/{seq}", "GPMS/2015/7"),
    ],
)
def test_memo_number_pattern(pattern, expected):
    assert memo_number(pattern, year=2015, sequence=7) == expected


@pytest.mark.parametrize("pattern", ["{seq}", "{year}-{name}-{seq}", "{year}-{seq", "{yy}{seq:x.}"])
def test_memo_number_pattern_refuses_what_it_cannot_number(pattern):
    with pytest.raises(ValueError):
        memo_number(pattern, year=2015, sequence=7)


def test_moving_nominees_between_batches_reissues_both_orders(
    world, organiser, django_capture_on_commit_callbacks
):
    from workshops.services import event_plan_apply

    office_order_issue(batch=world.batches[0], by=organiser)
    with django_capture_on_commit_callbacks(execute=True):
        event_plan_apply(event=world.event, batches=2, capacity=2, by=organiser)
    latest = OfficeOrder.objects.filter(batch=world.batches[0]).order_by("-version").first()
    assert latest.version == 2 and latest.nominee_count == 2
    assert "removed:" in latest.history.get().reason


def test_new_dates_reissue_the_order_with_the_same_people(
    world, organiser, django_capture_on_commit_callbacks
):
    from workshops.services import batch_update

    office_order_issue(batch=world.batches[0], by=organiser)
    batch = world.batches[0]
    with django_capture_on_commit_callbacks(execute=True):
        batch_update(
            batch=batch,
            by=organiser,
            start_date=batch.start_date + dt.timedelta(days=7),
            end_date=batch.end_date + dt.timedelta(days=7),
        )
    latest = OfficeOrder.objects.get(version=2)
    assert latest.nominee_count == 3
    assert latest.history.get().reason == "dates or venue changed"


def test_no_order_for_a_translated_event(world, organiser):
    from wagtail.models import Locale

    bangla = world.event.get_translation(Locale.objects.get(language_code="bn"))
    with pytest.raises(WorkshopError) as error:
        office_order_issue(event=bangla.specific, by=organiser)
    assert "translation" in error.value.message


def test_a_failed_signature_leaves_no_order_no_number_and_no_file(world, organiser, settings):
    settings.PDF_SIGNING_PKCS12 = "/nonexistent/authority.p12"
    with pytest.raises(WorkshopError) as error:
        office_order_issue(batch=world.batches[0], by=organiser)
    assert "could not be signed" in error.value.message
    assert not OfficeOrder.objects.exists()
    assert not MemoCounter.objects.filter(last__gt=0).exists()
    folder = settings.PRIVATE_MEDIA_ROOT / "office-orders"
    assert not folder.exists() or not any(folder.iterdir())


def test_the_office_order_page_keeps_its_query_count_as_versions_grow(
    client, world, organiser, django_assert_max_num_queries
):
    url = f"/admin/workshops/batches/{world.batches[0].pk}/office-order/"
    office_order_issue(batch=world.batches[0], by=organiser)
    client.force_login(organiser)
    client.get(url)
    with django_assert_max_num_queries(40) as few:
        assert client.get(url).status_code == 200
    for n in range(3):
        person = office_order_world.factories.ParticipantFactory(name=f"Later {n}")
        nominations_add(batch=world.batches[0], participants=[person], confirm=True, notify=False)
        office_order_issue(batch=world.batches[0], by=organiser)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(url).status_code == 200
