"""The APA export as a PDF: section 3 fits the page, every text inside its cell, in English
and Bangla, whatever the trainee writes; and the /bn/ address gives the Bangla PDF."""

import pypdfium2
import pytest
from django.urls import reverse

from lms import pdf
from sandbox_apa import exports
from sandbox_apa.models import Indicator
from sandbox_apa.services import agreement_record_achievement, agreement_review, agreement_submit
from tests import factories
from tests.pdf_layout import text_over_borders

pytestmark = pytest.mark.django_db


def scored_apa(trainee):
    """A FID practice APA submitted, accepted and with the year's achievements reported."""
    trainer = factories.UserFactory(group="Trainers")
    batch = factories.sandbox_batch(trainers=[trainer], trainees=[trainee])
    agreement = factories.sandbox_apa(trainee=trainee, batch=batch, valid=True)
    agreement_submit(agreement=agreement, by=trainee)
    agreement_review(agreement=agreement, by=trainer, accept=True)
    for indicator in Indicator.objects.filter(activity__objective__agreement=agreement):
        if indicator.direction == "date":
            value = "2020-06-11"
        else:
            value = indicator.target_good or indicator.target_excellent or "1"
        agreement_record_achievement(indicator=indicator, quarter=4, value=value, by=trainee)
    agreement.refresh_from_db()
    assert agreement.takes_achievements
    return agreement


def text_of(data: bytes) -> str:
    document = pypdfium2.PdfDocument(data)
    return " ".join(" ".join(page.get_textpage().get_text_range().split()) for page in document)


@pytest.mark.parametrize("lang", ["en", "bn"])
def test_every_text_of_a_scored_apa_stays_inside_its_cell(trainee, lang):
    agreement = scored_apa(trainee)
    data = exports.agreement_pdf(agreement, lang=lang)
    assert text_over_borders(data) == []
    text = text_of(data)
    if lang == "en":
        # The heads that ran over their borders: whole words, each in its own cell.
        for head in ("Weight of indicator", "Excellent", "Obtained mark", "31.05.20"):
            assert head in text
    else:
        assert "অসাধারণ" in text and "৩১.০৫.২০" in text


@pytest.mark.parametrize("lang", ["en", "bn"])
def test_the_2021_22_table_with_calculation_methods_fits(trainee, lang):
    agreement = factories.sandbox_apa(trainee=trainee, slug="sonapur-dc-2021-22")
    indicator = Indicator.objects.filter(activity__objective__agreement=agreement).first()
    indicator.calculation_method = "cumulative"
    indicator.save()
    data = exports.agreement_pdf(agreement, lang=lang)
    assert text_over_borders(data) == []
    if lang == "en":
        assert "Cumulative" in text_of(data)


def test_long_words_and_numbers_make_the_table_smaller_not_spill_over(trainee):
    agreement = factories.sandbox_apa(trainee=trainee, valid=True)
    indicator = Indicator.objects.filter(activity__objective__agreement=agreement).last()
    indicator.name = "Interministerialcoordinationmeetingsheldandminuted"
    indicator.unit = "person-hours-of-training-delivered"
    indicator.direction = "higher"
    indicator.target_excellent = "123456789012345"
    indicator.target_very_good = "123456789012340"
    indicator.save()
    context = exports.pdf_context(agreement)
    assert context["section3"]["body_size"] < exports.BODY_SIZE
    assert context["section3"]["width"] <= exports.SECTION3_WIDTH
    data = exports.agreement_pdf(agreement)
    assert text_over_borders(data) == []
    assert "123456789012345" in text_of(data)


def test_the_cell_check_finds_text_over_a_border(trainee, monkeypatch):
    # The check itself: with the columns all as wide as each other, long heads and words run
    # over their borders, and it says so.
    agreement = scored_apa(trainee)

    def equal_widths(cells, *, columns, width, padding):
        return pdf.ColumnFit(widths=(width / columns,) * columns, scale=1.0)

    monkeypatch.setattr(pdf, "fit_columns", equal_widths)
    over = {overflow.text for overflow in text_over_borders(exports.agreement_pdf(agreement))}
    assert {"Performance", "Agricultural", "accountability"} <= over


def test_the_bangla_address_gives_the_bangla_pdf(client, trainee):
    agreement = factories.sandbox_apa(trainee=trainee, valid=True)
    client.force_login(trainee)
    url = reverse("sandbox_apa:pdf", args=[agreement.pk])
    english = client.get(url)
    with_prefix = client.get("/bn" + url)
    with_query = client.get(url + "?lang=bn")
    english_on_bangla_page = client.get("/bn" + url + "?lang=en")
    assert "Section 3" in text_of(english.content)
    assert "Section 3" in text_of(english_on_bangla_page.content)
    for response in (with_prefix, with_query):
        text = text_of(response.content)
        assert "সেকশন ৩" in text and "Section 3" not in text
        assert "৫০২৫০" in text
