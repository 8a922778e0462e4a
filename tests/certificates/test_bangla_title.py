"""What a certificate is for, in Bangla: the title of the event's Bangla page is kept at
issue and shown on the Bangla verification page, in its JSON and in the Bangla PDF."""

import io
import unicodedata

import pytest

from certificates import demo
from certificates.models import Certificate
from certificates.rendering import certificate_pdf
from certificates.services import certificate_issue, certificate_reissue
from tests import factories
from tests.certificates.conftest import nominate, participant
from tests.lms.test_pdf import page_text, without_spaces

pytestmark = pytest.mark.django_db

TITLE_BN = "মধ্যম পর্যায়ের এপিএ কর্মকর্তাদের প্রশিক্ষণ"


def translate(event):
    """The event's Bangla page, as an editor makes it, with a Bangla title."""
    page = factories.bangla(event)
    page.title = TITLE_BN
    page.save_revision().publish()
    return page


@pytest.fixture
def person(db):
    return participant(name="Rahima Khatun", name_bn="রহিমা খাতুন")


def test_issue_keeps_the_title_of_the_bangla_page(templates, event, batch, person):
    translate(event)
    certificate = certificate_issue(kind="attendance", participant=person, subject=batch)
    assert certificate.subject_title == event.title
    assert certificate.subject_title_bn == TITLE_BN


def test_verify_page_shows_the_title_in_the_chosen_language(
    client, templates, event, batch, person
):
    translate(event)
    certificate = certificate_issue(kind="attendance", participant=person, subject=batch)
    bangla = client.get(f"/bn/verify/{certificate.code}/").content.decode()
    assert TITLE_BN in bangla and event.title not in bangla
    english = client.get(f"/verify/{certificate.code}/").content.decode()
    assert event.title in english and TITLE_BN not in english
    for prefix in ("", "/bn"):
        data = client.get(f"{prefix}/verify/{certificate.code}.json").json()
        assert (data["for"], data["for_bn"]) == (event.title, TITLE_BN)


def test_without_a_bangla_page_the_english_title_is_shown(client, templates, event, batch, person):
    certificate = certificate_issue(kind="attendance", participant=person, subject=batch)
    assert certificate.subject_title_bn == ""
    bangla = client.get(f"/bn/verify/{certificate.code}/").content.decode()
    assert event.title in bangla
    assert client.get(f"/bn/verify/{certificate.code}.json").json()["for_bn"] == ""


def test_a_draft_translation_is_not_taken(templates, event, batch, person):
    page = translate(event)
    page.unpublish()
    certificate = certificate_issue(kind="attendance", participant=person, subject=batch)
    assert certificate.subject_title_bn == ""


def test_reissue_takes_the_bangla_title_translated_since(
    templates, event, batch, person, organiser
):
    old = certificate_issue(kind="attendance", participant=person, subject=batch)
    translate(event)
    new = certificate_reissue(certificate=old, by=organiser, reason="Bangla title added")
    assert new.subject_title_bn == TITLE_BN


def test_my_certificates_lists_the_bangla_title(client, templates, event, batch, person):
    user = factories.UserFactory(group="Trainees")
    person.user = user
    person.save()
    translate(event)
    certificate_issue(kind="attendance", participant=person, subject=batch)
    client.force_login(user)
    assert TITLE_BN in client.get("/bn/certificates/mine/").content.decode()
    assert TITLE_BN not in client.get("/certificates/mine/").content.decode()


class TestPDF:
    @pytest.fixture
    def fast_pdf(self):
        """Render for real (overrides the conftest's quick stand-in)."""

    def test_bangla_pdf_prints_the_bangla_title(self, event, batch, person):
        translate(event)
        template = factories.CertificateTemplateFactory(
            kind="attendance", language="bn", body_bn="{name} {event}-এ অংশগ্রহণ করেছেন।"
        )
        certificate = certificate_issue(
            kind="attendance", participant=person, subject=batch, template=template
        )
        text = without_spaces(unicodedata.normalize("NFC", page_text(certificate_pdf(certificate))))
        assert without_spaces(unicodedata.normalize("NFC", TITLE_BN)) in text
        assert "Training of mid-level" not in text

    def test_bilingual_pdf_prints_both_titles(self, event, batch, person):
        translate(event)
        template = factories.CertificateTemplateFactory(
            kind="attendance",
            language="both",
            body="{name} attended the {event}.",
            body_bn="{name} {event}-এ অংশগ্রহণ করেছেন।",
        )
        certificate = certificate_issue(
            kind="attendance", participant=person, subject=batch, template=template
        )
        text = without_spaces(unicodedata.normalize("NFC", page_text(certificate_pdf(certificate))))
        assert without_spaces(unicodedata.normalize("NFC", TITLE_BN)) in text
        assert without_spaces(event.title) in text

    def test_the_demo_stores_the_pdf_a_fresh_render_gives(self, client, event, batch):
        # The demo issues its certificates once the events have their Bangla pages (the
        # `finish` step, after every app's `translate`), so the stored PDF prints the Bangla
        # title that the verification data gives, as a fresh render of it does.
        event.certificate_kind = "attendance"
        event.save()
        nominate(batch, participant(name="Nasrin Akter", name_bn="নাসরিন আক্তার"))
        demo.load(stdout=io.StringIO())
        assert not Certificate.objects.exists()  # nothing is printed before the translations
        translate(event)
        demo.finish(stdout=io.StringIO())

        certificate = Certificate.objects.get()
        with certificate.pdf.open("rb") as handle:
            stored = page_text(handle.read())
        assert stored == page_text(certificate_pdf(certificate))
        assert without_spaces(TITLE_BN) in without_spaces(unicodedata.normalize("NFC", stored))
        verified = client.get(f"/verify/{certificate.code}.json").json()
        assert verified["for_bn"] == TITLE_BN
