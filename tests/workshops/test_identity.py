"""One person = one participant: mobiles normalised, identity keys strongest first."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from workshops.identity import (
    Identity,
    InvalidMobile,
    is_bangla,
    match_identity,
    normalise_email,
    normalise_employee_id,
    normalise_mobile,
)

CANONICAL = "+8801711000001"


@pytest.fixture(autouse=True)
def _isolated():
    """Pure functions: no database, so the shared cache-clearing fixture is not needed."""
    yield


@pytest.mark.parametrize(
    "raw",
    [
        "01711000001",
        "1711000001",  # the spreadsheet dropped the leading zero
        "1711000001.0",  # ... and stored it as a number
        "+8801711000001",
        "+88 017-11000001",
        "+88 01711-000001",
        "8801711000001",
        "008801711000001",
        "+880 1711 000001",
        "+88 1711000001",
        " 01711 000 001 ",
        "(017) 1100-0001",
        "০১৭১১০০০০০১",  # Bangla digits
        "+৮৮০১৭১১০০০০০১",
    ],
)
def test_every_usual_way_of_writing_a_mobile_gives_the_same_number(raw):
    assert normalise_mobile(raw) == CANONICAL


@pytest.mark.parametrize(
    "raw",
    [
        "0171100000",  # a digit short
        "017110000012",  # a digit too many
        "01211000001",  # 012 is no mobile operator
        "02 9554466",  # a Dhaka land line
        "+91 98100 00001",  # an Indian number
        "not given",
        "N/A",
        "01711-ABC-001",
    ],
)
def test_what_is_not_a_bangladeshi_mobile_is_refused(raw):
    with pytest.raises(InvalidMobile):
        normalise_mobile(raw)


@pytest.mark.parametrize("raw", ["", None, "   "])
def test_no_mobile_is_an_empty_mobile(raw):
    assert normalise_mobile(raw) == ""


@given(
    operator=st.sampled_from("3456789"),
    rest=st.text(alphabet="0123456789", min_size=8, max_size=8),
    form=st.sampled_from(["0{n}", "{n}", "+880{n}", "880{n}", "+88 0{n}", "00880{n}"]),
    bangla=st.booleans(),
)
def test_any_valid_mobile_in_any_form_normalises_to_one_number(operator, rest, form, bangla):
    national = f"1{operator}{rest}"
    raw = form.format(n=national)
    if bangla:
        raw = raw.translate(str.maketrans("0123456789", "০১২৩৪৫৬৭৮৯"))
    result = normalise_mobile(raw)
    assert result == f"+880{national}"
    assert normalise_mobile(result) == result  # idempotent


def test_emails_compare_case_insensitively_without_spaces():
    assert normalise_email("  Rahim.Uddin@CABINET.gov.bd ") == "rahim.uddin@cabinet.gov.bd"
    assert normalise_employee_id(" ab 1234 ") == "AB1234"
    assert normalise_employee_id("1234.0") == "1234"


def test_identity_key_is_email_else_employee_id_else_mobile():
    assert Identity.of(email="A@x.org", employee_id="7", mobile="01711000001").key == (
        "email",
        "a@x.org",
    )
    assert Identity.of(employee_id="7", mobile="01711000001").key == ("employee_id", "7")
    assert Identity.of(mobile="1711000001").key == ("mobile", CANONICAL)
    assert Identity.of().key is None


def test_a_known_person_is_found_by_any_of_their_identifiers_strongest_first():
    index = {("email", "a@x.org"): 1, ("mobile", CANONICAL): 2, ("employee_id", "7"): 3}
    assert match_identity(Identity.of(email="A@X.org", mobile="01711000001"), index) == 1
    # An unknown e-mail does not hide a known mobile: the person gave an e-mail this time.
    assert match_identity(Identity.of(email="new@x.org", mobile="01711000001"), index) == 2
    assert match_identity(Identity.of(employee_id="7", mobile="01711000001"), index) == 3
    assert match_identity(Identity.of(email="nobody@x.org"), index) is None


def test_bangla_names_are_recognised():
    assert is_bangla("মোঃ রফিকুল ইসলাম")
    assert not is_bangla("Md. Rafiqul Islam")
    assert not is_bangla("")
