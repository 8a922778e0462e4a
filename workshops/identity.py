"""Who is who: mobile normalisation and the identity key of a participant (pure, no ORM).

One person is one participant. Identity is the e-mail (case-insensitive), else the employee
ID, else the mobile. Mobiles are kept as +8801XXXXXXXXX whatever form a ministry sent:
``01711...``, a number that lost its leading zero in a spreadsheet (``1711...``),
``+88 017-11...``, ``8801...``, ``008801...`` or Bangla digits (``০১৭১১...``).
"""

import re
from dataclasses import dataclass

BANGLA_DIGITS = str.maketrans("০১২৩৪৫৬৭৮৯", "0123456789")

# Bangladeshi mobile operators use 013-019 after the leading 0; then eight digits.
_LOCAL_MOBILE = re.compile(r"01[3-9]\d{8}")
# A spreadsheet that stored the number as a number shows it as "1711000000.0".
_FLOAT_TAIL = re.compile(r"\.0+$")


class InvalidMobile(ValueError):
    """The text is not a Bangladeshi mobile number."""


def normalise_mobile(raw: str | None) -> str:
    """Return ``+8801XXXXXXXXX`` for any usual way of writing a Bangladeshi mobile.

    Empty input gives ``""``. Raises ``InvalidMobile`` for anything that is not one.
    """
    text = (raw or "").strip().translate(BANGLA_DIGITS)
    if not text:
        return ""
    text = _FLOAT_TAIL.sub("", text)
    if re.search(r"[^\d\s()+\-./]", text):
        raise InvalidMobile(raw)
    digits = re.sub(r"\D", "", text)
    if digits.startswith("00"):
        digits = digits[2:]
    if digits.startswith("880"):
        digits = digits[2:]
    elif digits.startswith("88") and len(digits) == 12:
        # "+88 1711..." lost the zero too.
        digits = "0" + digits[2:]
    if len(digits) == 10 and digits.startswith("1"):
        digits = "0" + digits
    if not _LOCAL_MOBILE.fullmatch(digits):
        raise InvalidMobile(raw)
    return "+88" + digits


def normalise_email(raw: str | None) -> str:
    """E-mails compare case-insensitively: strip spaces (also inside) and lower-case."""
    return re.sub(r"\s+", "", raw or "").lower()


def normalise_employee_id(raw: str | None) -> str:
    """Employee IDs compare without spaces and case; a number read as "1234.0" is 1234."""
    text = re.sub(r"\s+", "", (raw or "").translate(BANGLA_DIGITS)).upper()
    return _FLOAT_TAIL.sub("", text) if text.replace(".", "").isdigit() else text


def normalise_name(raw: str | None) -> str:
    """Collapse runs of spaces (also non-breaking ones) and trim."""
    return " ".join((raw or "").split())


def is_bangla(text: str) -> bool:
    """True when the text is written mostly in Bengali script."""
    letters = [c for c in text if c.isalpha()]
    bangla = [c for c in letters if "\u0980" <= c <= "\u09ff"]
    return bool(letters) and len(bangla) * 2 >= len(letters)


@dataclass(frozen=True)
class Identity:
    """The normalised identifiers of one person; any of them may be empty."""

    email: str = ""
    employee_id: str = ""
    mobile: str = ""

    @classmethod
    def of(cls, *, email: str = "", employee_id: str = "", mobile: str = "") -> "Identity":
        """Normalise raw identifiers (the mobile must already be valid or empty)."""
        return cls(
            email=normalise_email(email),
            employee_id=normalise_employee_id(employee_id),
            mobile=normalise_mobile(mobile),
        )

    def keys(self) -> list[tuple[str, str]]:
        """The keys that identify this person, strongest first: e-mail, employee ID, mobile."""
        return [
            (kind, value)
            for kind, value in (
                ("email", self.email),
                ("employee_id", self.employee_id),
                ("mobile", self.mobile),
            )
            if value
        ]

    @property
    def key(self) -> tuple[str, str] | None:
        """The identity key: the strongest identifier present, or None with none at all."""
        keys = self.keys()
        return keys[0] if keys else None


def match_identity(identity: Identity, index: dict[tuple[str, str], int]) -> int | None:
    """The id of the known person this identity belongs to, looking keys up strongest first.

    ``index`` maps every known key (kind, value) to a person's id. An e-mail that is known
    decides; an e-mail that is unknown still lets the employee ID or mobile match, so that a
    person who gave an e-mail only the second time is not duplicated.
    """
    for key in identity.keys():
        if key in index:
            return index[key]
    return None
