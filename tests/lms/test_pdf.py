"""PDFs print Bangla correctly: shaped conjuncts and vowel signs, right widths, right fonts.

Two independent checks that the Bangla on the page is shaped, each shown to fail on the
unshaped output xhtml2pdf produces on its own (the ``unshaped`` fixture):

* the glyph run the PDF draws for each name is the one HarfBuzz makes of it (read from the
  page's content stream through each font's ToUnicode map, compared with uharfbuzz shaping the
  same string with the same font file);
* the rasterised page reads back as the same words through tesseract's Bengali model.
"""

import io
import re
import shutil
import subprocess
import unicodedata

import pypdf
import pypdfium2
import pytest
import uharfbuzz
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.textobject import PDFTextObject

from lms import pdf, shaping
from lms.pdf import PDFError, render_pdf

NAMES = ("মোহাম্মদ রফিকুল ইসলাম", "প্রশিক্ষণ সনদপত্র", "কৃষ্ণ চন্দ্র বিশ্বাস")
BENGALI_FACE = "NotoSansBengali-Regular"

NAMES_TEMPLATE = """{% extends "pdf/base.html" %}
{% block style %}p { font-size: 26pt; margin: 0 0 12pt 0; }{% endblock %}
{% block content %}{% for name in names %}<p>{{ name }}</p>{% endfor %}{% endblock %}
"""
MIXED_TEMPLATE = """{% extends "pdf/base.html" %}
{% block content %}<p>Participant: {{ name }} (Deputy Secretary), {{ office }}</p>{% endblock %}
"""
#: A ministry name and an APA column head that wrap in a narrow cell, as on the sign-in sheet
#: and the APA export: the first line and every wrapped line must be shaped alike.
WRAPPED = ("দ্বিতীয় মন্ত্রণালয়", "উদ্দেশ্যের")
NARROW_TEMPLATE = """{% extends "pdf/base.html" %}
{% block style %}th, td { border: 0.5pt solid #000; padding: 4pt 14pt; font-size: 18pt; }
th { text-align: center; } td.right { text-align: right; } td.justify { text-align: justify; }
{% endblock %}
{% block content %}<table style="width: 160pt"><tr><th>{{ text }}</th></tr>
<tr><td>{{ text }}</td></tr><tr><td class="right">{{ text }}</td></tr>
<tr><td class="justify">{{ text }}</td></tr></table>
{% endblock %}
"""
CENTRED_TEMPLATE = """{% extends "pdf/base.html" %}
{% block style %}h1 { text-align: center; font-size: 40pt; }{% endblock %}
{% block content %}<h1>{{ title }}</h1>{% endblock %}
"""


@pytest.fixture
def templates(settings, tmp_path):
    """Write test templates under tmp_path/pdftest/ and let Django find them."""
    folder = tmp_path / "pdftest"
    folder.mkdir()
    for name, text in {
        "names.html": NAMES_TEMPLATE,
        "mixed.html": MIXED_TEMPLATE,
        "centred.html": CENTRED_TEMPLATE,
        "narrow.html": NARROW_TEMPLATE,
        "broken.html": "{% extends 'pdf/base.html' %}{% block content %}{% if %}{% endblock %}",
        "failing.html": "{% load nonexistent_tags %}",
        "image.html": '{% extends "pdf/base.html" %}{% block content %}'
        '<img src="{{ src }}" width="40" height="40">{% endblock %}',
    }.items():
        (folder / name).write_text(text, encoding="utf-8")
    engine = dict(settings.TEMPLATES[0])
    engine["DIRS"] = [tmp_path, *engine["DIRS"]]
    settings.TEMPLATES = [engine]
    return folder


@pytest.fixture
def unshaped():
    """xhtml2pdf as it is without lms.shaping drawing its text: the bug these tests catch."""
    shaping.uninstall()
    yield
    shaping.install()


@pytest.fixture
def wrapped_lines_unshaped(monkeypatch):
    """The bug of issue 16: xhtml2pdf hands wrapped lines to the text object as UTF-8 bytes,
    and those were drawn as typed, unshaped ("উদ্দশ্েযরে" for উদ্দেশ্যের)."""
    shaped = shaping.ShapingTextObject._formatText

    def bytes_unshaped(self, text):
        if isinstance(text, bytes):
            return PDFTextObject._formatText(self, text)
        return shaped(self, text)

    monkeypatch.setattr(shaping.ShapingTextObject, "_formatText", bytes_unshaped)


def page_text(data: bytes) -> str:
    """The text of page 1 as a reader copies or searches it (pdfium)."""
    page = pypdfium2.PdfDocument(data)[0]
    return page.get_textpage().get_text_range()


def drawn_glyphs(data: bytes) -> str:
    """Every glyph page 1 draws, in drawing order, as its font's ToUnicode map names it.

    Read from the content stream itself, not through a text extractor, which would prefer the
    /ActualText the shaped runs carry: this is what is printed, not what is copied.
    """
    reader = pypdf.PdfReader(io.BytesIO(data))
    page = reader.pages[0]
    fonts = page["/Resources"]["/Font"]
    to_unicode = {name: _bfchar(font.get_object()) for name, font in fonts.items()}
    drawn, current = [], {}
    for operands, operator in pypdf.generic.ContentStream(page.get_contents(), reader).operations:
        if operator == b"Tf":
            current = to_unicode[operands[0]]
        elif operator in (b"Tj", b"TJ"):
            strings = operands[0] if operator == b"TJ" else [operands[0]]
            for string in strings:
                if isinstance(string, str | bytes):
                    codes = string.get_original_bytes() if isinstance(string, str) else string
                    drawn.extend(current.get(code, "\ufffd") for code in codes)
    return "".join(drawn)


def _bfchar(font) -> dict[int, str]:
    if "/ToUnicode" not in font:
        return {}
    cmap = font["/ToUnicode"].get_object().get_data().decode("latin-1")
    pairs = re.findall(r"<([0-9A-Fa-f]{2})> <([0-9A-Fa-f]{4,})>", cmap)
    return {int(code, 16): bytes.fromhex(text).decode("utf-16-be") for code, text in pairs}


def harfbuzz_glyph_run(text: str, face_name: str) -> str:
    """The glyphs HarfBuzz shapes ``text`` into, as the characters the PDF's ToUnicode names."""
    font = pdfmetrics.getFont(face_name)
    buffer = uharfbuzz.Buffer()
    buffer.add_str(text)
    buffer.guess_segment_properties()
    uharfbuzz.shape(uharfbuzz.Font(uharfbuzz.Face(uharfbuzz.Blob(font.face._ttf_data))), buffer)
    glyph_to_char = font.face.glyphToChar
    return "".join(
        chr(glyph_to_char[info.codepoint][0]) if info.codepoint in glyph_to_char else "\ufffd"
        for info in buffer.glyph_infos
    )


def without_spaces(text: str) -> str:
    return "".join(text.split())


def names_pdf() -> bytes:
    return render_pdf("pdftest/names.html", {"names": NAMES})


def test_pdf_draws_the_glyphs_harfbuzz_shapes_for_each_bangla_name(templates):
    drawn = without_spaces(drawn_glyphs(names_pdf()))
    for name in NAMES:
        assert without_spaces(harfbuzz_glyph_run(name, BENGALI_FACE)) in drawn, name


def test_glyph_check_fails_on_unshaped_output(templates, unshaped):
    drawn = without_spaces(drawn_glyphs(names_pdf()))
    for name in NAMES:
        assert without_spaces(harfbuzz_glyph_run(name, BENGALI_FACE)) not in drawn, name
        # Unshaped, the PDF draws one glyph per character, in typing order.
        assert without_spaces(name) in drawn


def test_a_joiner_inside_a_bangla_word_is_shaped_with_the_word(templates):
    # র + ZWJ + ্য is how Bangladesh writes RAB (র‍্যাব): ra with ya-phala, not a reph.
    rab = "র\u200d্যাব সদর দপ্তর"
    drawn = without_spaces(drawn_glyphs(render_pdf("pdftest/names.html", {"names": [rab]})))
    assert without_spaces(harfbuzz_glyph_run(rab, BENGALI_FACE)) in drawn
    assert "\u25cc" not in drawn  # no dotted circle for a sign cut off from its consonant


def narrow_pdf() -> bytes:
    return render_pdf("pdftest/narrow.html", {"text": " ".join(WRAPPED)})


def test_wrapped_lines_in_narrow_cells_draw_the_glyphs_harfbuzz_shapes(templates):
    data = narrow_pdf()
    lines = page_text(data).split("\r\n")
    # The cells are narrow: each wraps its text into the same two lines, in every alignment.
    assert lines == 4 * list(WRAPPED)
    drawn = without_spaces(drawn_glyphs(data))
    for face in (BENGALI_FACE, "NotoSansBengali-Bold"):
        for word in " ".join(WRAPPED).split():
            assert without_spaces(harfbuzz_glyph_run(word, face)) in drawn, (face, word)


def test_glyph_check_fails_when_wrapped_lines_are_unshaped(templates, wrapped_lines_unshaped):
    drawn = without_spaces(drawn_glyphs(narrow_pdf()))
    # The first line of each cell is still shaped; the wrapped one is not.
    assert without_spaces(harfbuzz_glyph_run(WRAPPED[0], BENGALI_FACE)) in drawn
    assert without_spaces(harfbuzz_glyph_run(WRAPPED[1], BENGALI_FACE)) not in drawn


def test_copying_wrapped_bangla_gives_each_line_as_typed(templates):
    text = page_text(narrow_pdf())
    assert text.split("\r\n")[:2] == list(WRAPPED)
    assert "\ufffd" not in text and "\u25cc" not in text


def tesseract_bengali() -> str | None:
    """Why OCR cannot run here, or None when tesseract and its Bengali model are installed."""
    if shutil.which("tesseract") is None:
        return "tesseract is not installed (apt-get install tesseract-ocr)"
    listed = subprocess.run(
        ["tesseract", "--list-langs"], capture_output=True, text=True, check=False
    ).stdout.split()
    if "ben" not in listed:
        return "tesseract has no Bengali model (apt-get install tesseract-ocr-ben)"
    return None


def read_back(data: bytes, tmp_path) -> str:
    """Rasterise page 1 at 200 dpi and OCR it with tesseract's Bengali model."""
    image = tmp_path / "page.png"
    page = pypdfium2.PdfDocument(data)[0]
    page.render(scale=200 / 72).to_pil().save(image)
    result = subprocess.run(
        ["tesseract", str(image), "stdout", "-l", "ben", "--psm", "6"],
        capture_output=True,
        text=True,
        check=True,
    )
    return unicodedata.normalize("NFC", " ".join(result.stdout.split()))


needs_ocr = pytest.mark.skipif(tesseract_bengali() is not None, reason=str(tesseract_bengali()))


@needs_ocr
def test_printed_bangla_names_read_back_exactly(templates, tmp_path):
    text = read_back(names_pdf(), tmp_path)
    for name in NAMES:
        assert unicodedata.normalize("NFC", name) in text


@needs_ocr
def test_ocr_check_fails_on_unshaped_output(templates, unshaped, tmp_path):
    text = read_back(names_pdf(), tmp_path)
    misread = [name for name in NAMES if unicodedata.normalize("NFC", name) not in text]
    # Pre-base vowel signs after their consonant and broken conjuncts: রফকিুল, প্রশকি্ষণ.
    assert NAMES[0] in misread
    assert NAMES[1] in misread


@needs_ocr
def test_wrapped_bangla_in_narrow_cells_reads_back_exactly(templates, tmp_path):
    words = read_back(narrow_pdf(), tmp_path).split()
    for word in " ".join(WRAPPED).split():
        # Each word is printed four times: centred, left, right and justified.
        assert words.count(unicodedata.normalize("NFC", word)) == 4, (word, words)


@needs_ocr
def test_ocr_check_fails_when_wrapped_lines_are_unshaped(
    templates, tmp_path, wrapped_lines_unshaped
):
    words = read_back(narrow_pdf(), tmp_path).split()
    assert "মন্ত্রণালয়" in words  # a first line
    assert unicodedata.normalize("NFC", "উদ্দেশ্যের") not in words  # wrapped: misread


def test_bengali_widths_are_the_shaped_widths():
    pdf.register_fonts()
    font = pdfmetrics.getFont(BENGALI_FACE)
    word = "প্রশিক্ষণ"
    hb_font = uharfbuzz.Font(uharfbuzz.Face(uharfbuzz.Blob(font.face._ttf_data)))
    buffer = uharfbuzz.Buffer()
    buffer.add_str(word)
    buffer.guess_segment_properties()
    uharfbuzz.shape(hb_font, buffer)
    shaped = sum(p.x_advance for p in buffer.glyph_positions) * 20 / font.face.unitsPerEm
    assert pdfmetrics.stringWidth(word, BENGALI_FACE, 20) == pytest.approx(shaped)
    assert TTFont.stringWidth(font, word, 20) != pytest.approx(shaped)


def test_centred_bangla_heading_is_centred_on_the_page(templates):
    data = render_pdf("pdftest/centred.html", {"title": NAMES[1]})
    bitmap = pypdfium2.PdfDocument(data)[0].render(scale=1).to_pil().convert("L")
    ink = bitmap.point(lambda v: 255 if v < 128 else 0).getbbox()
    left, right = ink[0], bitmap.width - ink[2]
    assert abs(left - right) <= 3, (left, right)


def test_mixed_line_sets_latin_in_noto_sans_and_bangla_in_noto_sans_bengali(templates):
    data = render_pdf("pdftest/mixed.html", {"name": NAMES[0], "office": "Cabinet Division"})
    assert b"NotoSans-Regular" in data
    assert b"NotoSansBengali-Regular" in data
    assert page_text(data) == f"Participant: {NAMES[0]} (Deputy Secretary), Cabinet Division"


def test_copying_or_searching_the_pdf_gives_the_bangla_as_typed(templates):
    text = page_text(names_pdf())
    assert text.split("\r\n") == list(NAMES)
    # What is printed is HarfBuzz's glyph run, not the characters typed.
    assert without_spaces(NAMES[1]) not in without_spaces(drawn_glyphs(names_pdf()))


def test_fonts_are_registered_once_per_process(templates, monkeypatch):
    render_pdf("pdftest/mixed.html", {"name": NAMES[0], "office": ""})
    faces = {name: pdfmetrics.getFont(name) for name in pdf.register_fonts()}
    registered = []
    monkeypatch.setattr(pdfmetrics, "registerFont", registered.append)
    render_pdf("pdftest/mixed.html", {"name": NAMES[2], "office": "Finance Division"})
    render_pdf("pdftest/names.html", {"names": NAMES})
    assert registered == []
    assert all(pdfmetrics.getFont(name) is font for name, font in faces.items())
    assert isinstance(faces[BENGALI_FACE], shaping.ShapingTTFont)
    assert not isinstance(faces["NotoSans-Regular"], shaping.ShapingTTFont)


def test_missing_template_raises_pdf_error(templates):
    with pytest.raises(PDFError, match="pdftest/nowhere.html does not exist"):
        render_pdf("pdftest/nowhere.html", {})


def test_broken_template_raises_pdf_error_naming_it(templates):
    with pytest.raises(PDFError, match="pdftest/broken.html is broken"):
        render_pdf("pdftest/broken.html", {})
    with pytest.raises(PDFError, match="pdftest/failing.html is broken"):
        render_pdf("pdftest/failing.html", {})


def test_rendering_failure_raises_pdf_error(templates, monkeypatch):
    def explode(*args, **kwargs):
        raise ValueError("no room on the page")

    monkeypatch.setattr(pdf.pisa, "pisaDocument", explode)
    with pytest.raises(PDFError, match="could not be rendered: no room on the page"):
        render_pdf("pdftest/mixed.html", {"name": "x", "office": "y"})


def test_result_is_a_one_page_pdf(templates):
    data = render_pdf("pdftest/names.html", {"names": NAMES})
    assert data.startswith(b"%PDF-")
    assert len(pypdfium2.PdfDocument(data)) == 1


def test_media_images_are_read_from_the_media_folder(templates, settings):
    from PIL import Image

    settings.MEDIA_ROOT.mkdir(parents=True)
    Image.new("RGB", (40, 40), "red").save(settings.MEDIA_ROOT / "seal.png")
    data = render_pdf("pdftest/image.html", {"src": "/media/seal.png"})
    assert b"/Subtype /Image" in data


def test_remote_images_are_not_fetched(templates):
    data = render_pdf("pdftest/image.html", {"src": "http://127.0.0.1:9/seal.png"})
    assert b"/Subtype /Image" not in data


def test_media_paths_outside_the_media_folder_are_refused(templates):
    with pytest.raises(PDFError, match="could not be rendered"):
        render_pdf("pdftest/image.html", {"src": "/media/../../etc/passwd"})


def test_columns_are_as_wide_as_their_longest_words_and_fill_the_table():
    cells = [
        pdf.TableCell(0, "Weight of indicator", 7.5, bold=True),
        pdf.TableCell(1, "Agricultural credit disbursed through state-owned banks", 8),
        pdf.TableCell(2, "কর্মসম্পাদন সূচকের মান", 8),
        pdf.TableCell(3, "31.05.20", 8),
    ]
    fit = pdf.fit_columns(cells, columns=4, width=300, padding=2)
    assert fit.scale == 1
    assert sum(fit.widths) == pytest.approx(300, abs=0.05)
    for cell, width in zip(cells, fit.widths, strict=True):
        longest = max(pdf.text_width(w, cell.size, bold=cell.bold) for w in cell.text.split())
        assert width >= longest + 2 * 2 + pdf.CELL_CLEARANCE
    # What is left goes to the column whose text wraps most, not to the date.
    assert fit.widths[1] == max(fit.widths)


def test_a_spanning_heading_gets_its_longest_word_across_its_columns():
    cells = [
        pdf.TableCell(0, "1", 8),
        pdf.TableCell(1, "2", 8),
        pdf.TableCell(0, "Achievementsandtargets", 8, span=2),
        pdf.TableCell(2, "a long text that would rather be on one line than wrap", 8),
    ]
    fit = pdf.fit_columns(cells, columns=3, width=140, padding=2)
    assert fit.widths[0] + fit.widths[1] >= pdf.text_width("Achievementsandtargets", 8)


def test_words_too_long_for_the_width_scale_the_type_down():
    cells = [pdf.TableCell(n, "Interministerialcoordination", 8) for n in range(4)]
    fit = pdf.fit_columns(cells, columns=4, width=300, padding=2)
    assert fit.scale < 1
    assert sum(fit.widths) <= 300
    scaled = pdf.text_width("Interministerialcoordination", 8 * fit.scale)
    assert all(width >= scaled + 4 for width in fit.widths)


def test_text_width_measures_latin_and_shaped_bangla_runs():
    assert pdf.text_width("Cabinet", 10) == pytest.approx(
        pdfmetrics.stringWidth("Cabinet", "NotoSans-Regular", 10)
    )
    mixed = pdf.text_width("৩০%", 10)
    bangla = pdfmetrics.stringWidth("৩০", BENGALI_FACE, 10)
    assert mixed == pytest.approx(bangla + pdfmetrics.stringWidth("%", "NotoSans-Regular", 10))
