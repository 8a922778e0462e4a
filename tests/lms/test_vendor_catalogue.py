"""Bangla for third-party pages: allauth ships none, so locale/vendor supplies it."""

import gettext
from pathlib import Path

from django.conf import settings
from django.utils import translation

from tests.lms.pofile import read_po

VENDOR_PO = Path(settings.BASE_DIR) / "locale" / "vendor" / "bn" / "LC_MESSAGES" / "django.po"


# Passed as variables, not literals: makemessages must not take these for project strings.
ALLAUTH_IN_BANGLA = [
    (None, "Forgot your password?", "পাসওয়ার্ড ভুলে গেছেন?"),
    (None, "Remember Me", "আমাকে মনে রাখুন"),
    ("field label", "Login", "লগ ইন"),
]


def test_allauth_sign_in_and_sign_up_read_in_bangla():
    for context, msgid, bangla in ALLAUTH_IN_BANGLA:
        with translation.override("bn"):
            if context:
                assert translation.pgettext(context, msgid) == bangla
            else:
                assert translation.gettext(msgid) == bangla
        with translation.override("en"):
            assert translation.gettext(msgid) == msgid


def test_the_projects_own_wording_wins_over_the_vendor_catalogue():
    vendor = {e.msgid: e.msgstrs[0] for e in read_po(VENDOR_PO) if not e.msgctxt}
    remove = "Remove"
    assert vendor[remove] == "মুছে ফেলুন"
    with translation.override("bn"):
        assert translation.gettext(remove) == "অপসারণ"  # locale/bn, listed first


def test_the_vendor_catalogue_is_complete_and_compiled():
    entries = [e for e in read_po(VENDOR_PO) if e.msgid]
    assert len(entries) > 200
    assert [e.msgid for e in entries if not e.translated or "fuzzy" in e.flags] == []
    with open(VENDOR_PO.with_suffix(".mo"), "rb") as handle:
        catalogue = gettext.GNUTranslations(handle)
    for entry in entries:
        if not entry.msgid_plural and not entry.msgctxt:
            assert catalogue.gettext(entry.msgid) == entry.msgstrs[0], entry.msgid
