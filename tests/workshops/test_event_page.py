"""The public event page lists its batches, in either language."""

import pytest

from tests import factories
from workshops.services import nominations_add

pytestmark = pytest.mark.django_db

ASCII_DIGITS = str.maketrans("০১২৩৪৫৬৭৮৯", "0123456789")


def _batch_rows(response) -> list[list[str]]:
    """The cells of the batches table, digits in either script read as ASCII."""
    from html.parser import HTMLParser

    class Rows(HTMLParser):
        def __init__(self):
            super().__init__()
            self.rows, self.cell, self.inside = [], None, False

        def handle_starttag(self, tag, attrs):
            if tag == "table" and ("data-testid", "event-batches") in attrs:
                self.inside = True
            elif self.inside and tag == "tr":
                self.rows.append([])
            elif self.inside and tag in ("td", "th"):
                self.cell = []

        def handle_endtag(self, tag):
            if tag == "table":
                self.inside = False
            elif self.inside and tag in ("td", "th") and self.cell is not None:
                self.rows[-1].append(" ".join("".join(self.cell).split()))
                self.cell = None

        def handle_data(self, data):
            if self.cell is not None:
                self.cell.append(data)

    parser = Rows()
    parser.feed(response.content.decode().translate(ASCII_DIGITS))
    return parser.rows[1:]  # without the header


@pytest.fixture
def event(db):
    return factories.event_page()


def _filled_batch(event, number: int, *, confirmed: int, waitlisted: int):
    batch = factories.BatchFactory(event=event, number=number, capacity=30)
    factories.NominationFactory.create_batch(confirmed, batch=batch)
    factories.NominationFactory.create_batch(waitlisted, batch=batch, status="waitlisted")
    return batch


def test_the_event_page_lists_its_batches_with_seats_taken(client, event):
    _filled_batch(event, 1, confirmed=3, waitlisted=1)
    _filled_batch(event, 2, confirmed=0, waitlisted=0)
    rows = _batch_rows(client.get(event.url))
    assert [(row[0], row[3], row[4]) for row in rows] == [
        ("1", "3 / 30", "1"),
        ("2", "0 / 30", "0"),
    ]


def test_a_bangla_event_page_lists_the_batches_of_its_english_original(client, event):
    _filled_batch(event, 1, confirmed=2, waitlisted=2)
    _filled_batch(event, 2, confirmed=1, waitlisted=0)
    bangla = factories.bangla(event)
    assert bangla.url.startswith("/bn/") and bangla.pk != event.pk
    response = client.get(bangla.url)
    html = response.content.decode()
    assert bangla.title in html and "ব্যাচ" in html  # the Bangla page, Bangla headings
    rows = _batch_rows(response)
    assert [(row[0], row[3], row[4]) for row in rows] == [
        ("1", "2 / 30", "2"),
        ("2", "1 / 30", "0"),
    ]
    assert rows[0][5] == "মনোনয়ন গ্রহণ চলছে"  # Open for nominations, in Bangla


def test_the_bangla_event_page_keeps_its_queries_whatever_the_batches(
    client, event, settings, django_assert_max_num_queries
):
    settings.PAGE_CACHE_SECONDS = 0  # count the queries of rendering, not of a cache hit
    bangla = factories.bangla(event)
    _filled_batch(event, 1, confirmed=2, waitlisted=1)
    with django_assert_max_num_queries(40) as one:
        client.get(bangla.url)
    for number in range(2, 7):
        _filled_batch(event, number, confirmed=3, waitlisted=1)
    with django_assert_max_num_queries(len(one.captured_queries)):
        response = client.get(bangla.url)
    assert len(_batch_rows(response)) == 6


def test_a_seat_taken_shows_on_the_cached_event_page(
    client, event, settings, django_capture_on_commit_callbacks
):
    settings.PAGE_CACHE_SECONDS = 600
    batch = _filled_batch(event, 1, confirmed=1, waitlisted=0)
    assert _batch_rows(client.get(event.url))[0][3] == "1 / 30"
    assert client.get(event.url)["X-Page-Cache"] == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        nominations_add(batch=batch, participants=[factories.ParticipantFactory()], confirm=True)
    assert _batch_rows(client.get(event.url))[0][3] == "2 / 30"


def test_the_event_page_shows_the_sessions_of_its_batches_as_a_timetable(client, event):
    import datetime as dt
    import unicodedata

    batch = factories.BatchFactory(
        event=event, number=1, start_date=dt.date(2015, 1, 12), end_date=dt.date(2015, 1, 13)
    )
    for day, hour, topic, topic_bn in [
        (12, 9, "APA basics", ""),
        (12, 14, "Targets", "লক্ষ্যমাত্রা"),
        (13, 9, "Weights", ""),
    ]:
        factories.SessionFactory(
            batch=batch,
            starts_at=factories.dhaka(dt.date(2015, 1, day), hour, 30),
            ends_at=factories.dhaka(dt.date(2015, 1, day), hour + 3),
            topic=topic,
            topic_bn=topic_bn,
        )
    html = client.get(event.url).content.decode()
    timetable = html.split('id="timetable-title"', 1)[1].split("</section>", 1)[0]
    assert "Batch 1 · 12–13 Jan 2015" in timetable
    assert timetable.index("Monday 12 Jan 2015") < timetable.index("Tuesday 13 Jan 2015")
    assert timetable.index("APA basics") < timetable.index("Targets") < timetable.index("Weights")
    assert "09:30–12:00" in timetable and "14:30–17:00" in timetable
    bangla = factories.bangla(event)
    html = unicodedata.normalize("NFC", client.get(bangla.url).content.decode())
    timetable = html.split('id="timetable-title"', 1)[1].split("</section>", 1)[0]
    assert unicodedata.normalize("NFC", "সোমবার ১২ জানুয়ারি ২০১৫") in timetable
    assert "০৯:৩০–১২:০০" in timetable and "APA basics" in timetable
    assert "লক্ষ্যমাত্রা" in timetable and "Targets" not in timetable, "a Bangla topic where given"


def test_the_timetable_keeps_its_queries_whatever_the_sessions(
    client, event, settings, django_assert_max_num_queries
):

    settings.PAGE_CACHE_SECONDS = 0

    def add_batch(number: int) -> None:
        batch = factories.BatchFactory(event=event, number=number)
        for hour in (9, 14):
            factories.SessionFactory(
                batch=batch,
                starts_at=factories.dhaka(batch.start_date, hour),
                ends_at=factories.dhaka(batch.start_date, hour + 2),
            )

    add_batch(1)
    with django_assert_max_num_queries(40) as one:
        client.get(event.url)
    for number in range(2, 6):
        add_batch(number)
    with django_assert_max_num_queries(len(one.captured_queries)):
        html = client.get(event.url).content.decode()
    assert html.count('class="timetable-batch"') == 5
