"""Every admin listing with an export, downloaded as .xlsx and .csv in a world with missing
relations (a participant with no rank and no organisation, an organisation with no parent):
each file is complete (one row per record), the CSV starts with the UTF-8 byte-order mark,
and cells say what a person reads: choice labels in the organiser's language, local times
without seconds."""

import csv
import io

import pytest
from openpyxl import load_workbook
from wagtail.admin.viewsets import viewsets
from wagtail.admin.viewsets.base import ViewSet
from wagtail.users.models import UserProfile

from lms.admin_listing import ReadableExportMixin
from tests import factories, outside
from workshops.models import Nomination, Organisation, Participant

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(portal_world):
    """The small portal, plus what used to break the exports."""
    orphan = Organisation.objects.create(name="Office without a ministry", kind="office")
    assert orphan.parent is None
    nobody = factories.ParticipantFactory(
        name="Nameless Rankless", rank=None, organisation=None, email="n@example.org"
    )
    batch = Nomination.objects.first().batch
    factories.NominationFactory(batch=batch, participant=nobody, status="confirmed")
    factories.ParticipantFactory(rank=None, organisation=orphan)
    return portal_world


@pytest.fixture
def superuser(db):
    return factories.UserFactory(is_superuser=True, is_staff=True)


def listings():
    """(viewset, index URL) of every registered admin listing that offers an export."""
    viewsets.populate() if not viewsets.viewsets else None
    found = []
    for viewset in viewsets.viewsets:
        exports = getattr(viewset, "list_export", None)
        if exports and exports is not ViewSet.UNDEFINED and hasattr(viewset, "get_url_name"):
            try:
                from django.urls import reverse

                url = reverse(viewset.get_url_name("index"))
            except Exception:  # a listing-less viewset
                continue
            found.append((viewset, url))
    return found


def expected_rows(viewset) -> int:
    """Every record of the listing's model (no listing here narrows its queryset)."""
    return viewset.model._default_manager.count()


def read_csv(response) -> list[list[str]]:
    body = b"".join(response.streaming_content).decode("utf-8")
    assert body.startswith("\ufeff"), "no byte-order mark"
    return list(csv.reader(io.StringIO(body[1:])))


def read_xlsx(response) -> list[tuple]:
    content = b"".join(response.streaming_content)
    sheet = load_workbook(io.BytesIO(content), read_only=True).active
    return list(sheet.iter_rows(values_only=True))


def test_every_listing_exports_every_record_in_both_formats(client, world, superuser):
    client.force_login(superuser)
    found = listings()
    names = {viewset.model.__name__ for viewset, _url in found}
    assert {"Participant", "Nomination", "Organisation", "Batch", "Certificate"} <= names
    for viewset, url in found:
        assert issubclass(viewset.index_view_class, ReadableExportMixin), viewset
        rows = expected_rows(viewset)
        csv_response = client.get(url, {"export": "csv"})
        assert csv_response.status_code == 200, url
        assert len(read_csv(csv_response)) == rows + 1, url  # with the header
        xlsx_response = client.get(url, {"export": "xlsx"})
        assert xlsx_response.status_code == 200, url
        assert len(read_xlsx(xlsx_response)) == rows + 1, url
    assert expected_rows(next(v for v, _ in found if v.model is Participant)) >= 6


def test_a_participant_without_rank_or_organisation_has_empty_cells(client, world, superuser):
    client.force_login(superuser)
    viewset = next(v for v, _ in listings() if v.model is Participant)
    url = next(u for v, u in listings() if v is viewset)
    header, *rows = read_csv(client.get(url, {"export": "csv"}))
    row = next(r for r in rows if r[0] == "Nameless Rankless")
    assert row[header.index("Rank")] == "" and row[header.index("Organisation")] == ""
    assert row[header.index("Preferred language")] == "English"


def nominations_url():
    return next(u for v, u in listings() if v.model is Nomination)


def test_nominations_export_labels_and_local_times(client, world, superuser):
    client.force_login(superuser)
    header, *rows = read_csv(client.get(nominations_url(), {"export": "csv"}))
    statuses = {row[header.index("Status")] for row in rows}
    assert "Confirmed" in statuses and "confirmed" not in statuses
    nomination = Nomination.objects.order_by("pk").first()
    from django.utils import timezone

    local = timezone.localtime(nomination.updated_at).strftime("%Y-%m-%d %H:%M")
    updated = [row[header.index("Updated at")] for row in rows]
    assert local in updated
    assert all(len(value) == 16 for value in updated)  # no seconds, no microseconds, no zone
    workbook_rows = read_xlsx(client.get(nominations_url(), {"export": "xlsx"}))
    column = workbook_rows[0].index("Updated at")
    stamps = [row[column] for row in workbook_rows[1:]]
    assert (
        timezone.localtime(nomination.updated_at).replace(tzinfo=None, second=0, microsecond=0)
        in stamps
    )


def test_a_bangla_organiser_gets_bangla_labels_in_both_formats(client, world, superuser):
    profile = UserProfile.get_for_user(superuser)
    profile.preferred_language = "bn"
    profile.save()
    client.force_login(superuser)
    header, *rows = read_csv(client.get(nominations_url(), {"export": "csv"}))
    assert "অবস্থা" in header or any("নিশ্চিত" in row for row in rows)
    assert any("নিশ্চিত" in row for row in rows)
    assert not any("Confirmed" in row for row in rows)
    sheet = read_xlsx(client.get(nominations_url(), {"export": "xlsx"}))
    assert any("নিশ্চিত" in row for row in sheet[1:])


def test_libreoffice_reads_the_nominations_workbook_whole(client, world, superuser, tmp_path):
    client.force_login(superuser)
    path = tmp_path / "nominations.xlsx"
    path.write_bytes(b"".join(client.get(nominations_url(), {"export": "xlsx"}).streaming_content))
    shown = list(csv.DictReader(io.StringIO(outside.libreoffice_csv(path))))
    assert len(shown) == Nomination.objects.count()
    assert {row["Status"] for row in shown} >= {"Confirmed"}
    stamp = shown[0]["Updated at"]
    assert len(stamp) == 16 and stamp[4] == "-" and stamp[13] == ":", stamp  # 2026-12-05 23:10
