"""The optional language column of a nomination list: the language of a person's e-mails."""

import pytest

from tests import factories
from tests.workshops.test_import import HEADER, xlsx
from workshops.importing import participants_import
from workshops.models import Participant

pytestmark = pytest.mark.django_db

LANGUAGE_HEADER = [*HEADER, "Preferred language"]


def row(number, name, email, language):
    return [number, name, "", "Cabinet Division", email, "", "", language]


def test_the_language_column_takes_codes_and_names_in_both_scripts():
    rows = [
        LANGUAGE_HEADER,
        row(1, "Officer A", "a@x.gov.bd", "bn"),
        row(2, "Officer B", "b@x.gov.bd", " Bangla "),
        row(3, "Officer C", "c@x.gov.bd", "বাংলা"),
        row(4, "Officer D", "d@x.gov.bd", "en"),
        row(5, "Officer E", "e@x.gov.bd", "ENGLISH"),
        row(6, "Officer F", "f@x.gov.bd", ""),
    ]
    result = participants_import(data=xlsx(rows), filename="list.xlsx")
    assert result.ok, result.errors
    languages = dict(Participant.objects.values_list("email", "preferred_language"))
    assert languages == {
        "a@x.gov.bd": "bn",
        "b@x.gov.bd": "bn",
        "c@x.gov.bd": "bn",
        "d@x.gov.bd": "en",
        "e@x.gov.bd": "en",
        "f@x.gov.bd": "en",  # not said: the site's default
    }


def test_a_blank_language_keeps_what_a_known_person_chose():
    factories.ParticipantFactory(email="a@x.gov.bd", preferred_language="bn")
    rows = [LANGUAGE_HEADER, row(1, "Officer A", "a@x.gov.bd", "")]
    assert participants_import(data=xlsx(rows), filename="list.xlsx").ok
    assert Participant.objects.get(email="a@x.gov.bd").preferred_language == "bn"


def test_an_unknown_language_is_an_error_of_its_row_and_column():
    rows = [
        LANGUAGE_HEADER,
        row(1, "Officer A", "a@x.gov.bd", "bn"),
        row(2, "Officer B", "b@x.gov.bd", "French"),
    ]
    result = participants_import(data=xlsx(rows), filename="list.xlsx")
    assert [str(e) for e in result.errors] == [
        "Row 6, column H (Preferred language): 'French' is not a language (Bangla, English)."
    ]
    assert not result.written and Participant.objects.count() == 0
