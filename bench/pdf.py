"""Benchmark: one-page A4 certificates through lms.pdf.render_pdf, English and Bangla.

Renders COUNT certificates (a certificate-like page with a QR code) with English names and
COUNT with Bangla names through render_pdf (fonts registered, Bangla shaped), and the same
English page through bare xhtml2pdf (pisa.CreatePDF on the same HTML, lms.shaping's hook
removed) in the same process as the baseline. Prints ms per PDF for each and, last,
``pdf: <ratio>x bare English (goal: <=1.5x)`` for the Bangla pages; exits 1 when missed.

    .venv/bin/python bench/pdf.py [COUNT]
"""

import datetime as dt
import io
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lms.settings")

import django  # noqa: E402
from django.conf import settings  # noqa: E402

settings.TEMPLATES[0]["DIRS"] = [*settings.TEMPLATES[0]["DIRS"], ROOT / "bench" / "templates"]
django.setup()

import segno  # noqa: E402
from django.template.loader import render_to_string  # noqa: E402
from django.utils import translation  # noqa: E402
from xhtml2pdf import pisa  # noqa: E402

from lms import shaping  # noqa: E402
from lms.formatting import format_date  # noqa: E402
from lms.pdf import register_fonts, render_pdf  # noqa: E402

GOAL = 1.5
TEMPLATE = "bench/certificate.html"
ROUNDS = 5
ISSUED = dt.date(2014, 11, 12)

ENGLISH = {
    "issuer": "Cabinet Division, Government of the People's Republic of Bangladesh",
    "title": "Certificate of Training",
    "lead": "This is to certify that",
    "body": "has completed the Community of Practice training on the Annual Performance "
    "Agreement (GPMS), held in Dhaka from 9 to 12 November 2014.",
    "director": "Course Director",
    "secretary": "Secretary, Coordination and Reforms",
    "serial": "Certificate no.",
    "issued": "Issued",
}
BANGLA = {
    "issuer": "মন্ত্রিপরিষদ বিভাগ, গণপ্রজাতন্ত্রী বাংলাদেশ সরকার",
    "title": "প্রশিক্ষণ সনদপত্র",
    "lead": "এই মর্মে প্রত্যয়ন করা যাচ্ছে যে",
    "body": "৯ থেকে ১২ নভেম্বর ২০১৪ ঢাকায় অনুষ্ঠিত বার্ষিক কর্মসম্পাদন চুক্তি (জিপিএমএস) "
    "বিষয়ক কমিউনিটি অব প্র্যাকটিস প্রশিক্ষণ সফলভাবে সম্পন্ন করেছেন।",
    "director": "কোর্স পরিচালক",
    "secretary": "সচিব, সমন্বয় ও সংস্কার",
    "serial": "সনদ নং",
    "issued": "প্রদানের তারিখ",
}
ENGLISH_NAMES = [
    f"{first} {last}"
    for first in ("Mohammad", "Krishna Chandra", "Nasreen", "Abdul", "Farhana")
    for last in ("Rafiqul Islam", "Biswas", "Akter", "Karim", "Haque", "Chowdhury")
]
BANGLA_NAMES = [
    f"{first} {last}"
    for first in ("মোহাম্মদ", "কৃষ্ণ চন্দ্র", "নাসরিন", "আব্দুল", "ফারহানা")
    for last in ("রফিকুল ইসলাম", "বিশ্বাস", "আক্তার", "করিম", "হক", "চৌধুরী")
]


def context(i: int, *, bangla: bool) -> dict:
    names = BANGLA_NAMES if bangla else ENGLISH_NAMES
    serial = f"CoP-2014-{i:04d}"
    return {
        "t": BANGLA if bangla else ENGLISH,
        "name": names[i % len(names)],
        "designation": "উপসচিব" if bangla else "Deputy Secretary",
        "organisation": "অর্থ বিভাগ" if bangla else "Finance Division",
        "serial": serial,
        "issued": format_date(ISSUED, "bn" if bangla else "en"),
        "qr": segno.make(f"https://training.example.gov.bd/verify/{serial}").png_data_uri(scale=4),
    }


def bare_english(i: int) -> bytes:
    """The English page through xhtml2pdf alone: the same HTML, no shaping hook."""
    html = render_to_string(TEMPLATE, context(i, bangla=False))
    out = io.BytesIO()
    pisa.CreatePDF(html, dest=out, encoding="utf-8")
    return out.getvalue()


def bare_bangla(i: int) -> bytes:
    """For reference: the Bangla page drawn without the shaping hook (wrong glyphs)."""
    with translation.override("bn"):
        html = render_to_string(TEMPLATE, context(i, bangla=True))
    out = io.BytesIO()
    pisa.CreatePDF(html, dest=out, encoding="utf-8")
    return out.getvalue()


def project_english(i: int) -> bytes:
    return render_pdf(TEMPLATE, context(i, bangla=False))


def project_bangla(i: int) -> bytes:
    with translation.override("bn"):
        return render_pdf(TEMPLATE, context(i, bangla=True))


def timed(render, count: int, *, shaped: bool) -> float:
    """Seconds to make ``count`` PDFs with ``render``."""
    (shaping.install if shaped else shaping.uninstall)()
    start = time.perf_counter()
    for i in range(count):
        render(i)
    return time.perf_counter() - start


def main() -> int:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    register_fonts()
    variants = {
        "bare xhtml2pdf, English": (bare_english, False),
        "bare xhtml2pdf, Bangla *": (bare_bangla, False),
        "render_pdf, English": (project_english, True),
        "render_pdf, Bangla": (project_bangla, True),
    }
    for render, shaped in variants.values():  # warm caches, imports and font subsets
        timed(render, 3, shaped=shaped)
    # Interleaved rounds, so that a noisy neighbour on a shared machine hits all alike.
    per_round = max(1, count // ROUNDS)
    samples = {label: [] for label in variants}
    for _ in range(ROUNDS):
        for label, (render, shaped) in variants.items():
            samples[label].append(timed(render, per_round, shaped=shaped) * 1000 / per_round)
    shaping.install()
    ms = {label: statistics.median(values) for label, values in samples.items()}
    base = ms["bare xhtml2pdf, English"]
    print(f"{per_round * ROUNDS} one-page A4 certificates each (median of {ROUNDS} rounds):")
    for label, value in ms.items():
        print(f"  {label:26} {value:7.1f} ms/PDF  {value / base:5.2f}x")
    print("  * drawn without the shaping hook (wrong glyphs), for reference")
    ratio = ms["render_pdf, Bangla"] / base
    print(f"pdf: {ratio:.2f}x bare English (goal: <={GOAL}x)")
    return 0 if ratio <= GOAL else 1


if __name__ == "__main__":
    sys.exit(main())
