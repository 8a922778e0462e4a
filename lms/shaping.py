"""Complex-script shaping (Bengali) for text that xhtml2pdf draws.

Why this exists: Bengali is not written one character after another. A conjunct such as
প্র (প + ্ + র) is one glyph, and the vowel sign ি is typed after its consonant but drawn
before it (রফিকুল). Putting those right is the job of a shaping engine (HarfBuzz). ReportLab
5.1 carries HarfBuzz support (``reportlab.pdfbase.ttfonts.shapeFragWord``, ``ShapedStr``, and a
text object that draws a ``ShapedStr`` glyph by glyph with HarfBuzz's positions), but only its
own Platypus ``Paragraph`` calls it. xhtml2pdf lays text out with its own copy of that
paragraph code, which never shapes: it measures and draws the characters as typed, so
conjuncts fall apart and pre-base vowel signs land after their consonant.

The fix is at the two places where text meets a font, and is limited to the fonts that need it:

* Measuring. :class:`ShapingTTFont` is a ReportLab ``TTFont`` whose ``stringWidth`` is the
  width of the *shaped* run. Line breaking, centring, right alignment, justification, table
  column sizing and underlines all ask the font for widths, in xhtml2pdf and in ReportLab alike,
  so all of them see shaped widths without knowing about shaping.
* Drawing. xhtml2pdf's ``Paragraph.beginText`` (the one method its paragraph uses to get a text
  object) is replaced by :func:`_begin_shaping_text`, which returns a
  :class:`ShapingTextObject`. That text object hands any run set in a ``ShapingTTFont`` to
  ReportLab as the ``ShapedStr`` HarfBuzz made of it, which ReportLab's own text object already
  knows how to draw, marked with the text as typed (``/ActualText``) so that copying and
  searching the PDF give the real words. Runs in other fonts pass through untouched.

:func:`install` applies that one patch; ``lms.pdf`` calls it once, when it is imported.
HarfBuzz results are kept per font, size and text, so a name that appears on 200 certificates
is shaped once per process.

Right-to-left scripts are left alone: xhtml2pdf reshapes Arabic and reorders it for display
itself, and shaping that visual-order text again would undo its work. Only fonts registered
as ``ShapingTTFont`` are shaped, and in them only runs that are not plain ASCII (spaces and
digits in a Bengali face have nothing to shape).
"""

from __future__ import annotations

from reportlab.lib.abag import ABag
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import ShapedStr, TTFont, shapeFragWord
from reportlab.pdfgen.textobject import PDFTextObject
from xhtml2pdf.reportlab_paragraph import Paragraph as XhtmlParagraph

#: Shaped runs kept per font before the cache starts over. A certificate batch repeats a few
#: hundred names and a dozen fixed phrases; this bounds a pathological document.
SHAPED_RUNS_MAX = 20_000


class ShapingTTFont(TTFont):
    """A TrueType font whose text is shaped with HarfBuzz before it is measured or drawn.

    Register it like any ReportLab font (``pdfmetrics.registerFont``). ``stringWidth`` returns
    the shaped width; :meth:`shape` returns the ``ShapedStr`` that ReportLab's text object draws
    with HarfBuzz's glyphs and positions.
    """

    def __init__(self, name: str, filename, **kwargs):
        super().__init__(name, filename, **kwargs)
        if not self.shapable:
            msg = f"{name}: shaping needs uharfbuzz, which is not installed"
            raise RuntimeError(msg)
        self._shaped: dict[tuple[str, float], tuple[str, float]] = {}

    def shape(self, text: str, size: float) -> tuple[str, float]:
        """Return ``(shaped text, width in points)`` for ``text`` at ``size``.

        The shaped text is a ``ShapedStr`` when HarfBuzz changed anything, else ``text``.
        """
        key = (text, size)
        found = self._shaped.get(key)
        if found is None:
            if len(self._shaped) >= SHAPED_RUNS_MAX:
                self._shaped.clear()
            found = self._shaped[key] = self._shape(text, size)
        return found

    def _shape(self, text: str, size: float) -> tuple[str, float]:
        # shapeFragWord works on a Platypus "frag word": [width, (frag, text), ...]. It is called
        # directly rather than through reportlab's shapeStr, which would ask this font's
        # stringWidth for the unshaped width and so come back here.
        unshaped = TTFont.stringWidth(self, text, size)
        word = [unshaped, (ABag(fontName=self.fontName, fontSize=size), text)]
        shaped = shapeFragWord(word)
        if shaped is word:
            return text, unshaped
        return shaped[1][1], shaped[0]

    def stringWidth(self, text, size, encoding="utf8"):  # noqa: N802 (ReportLab's name)
        if isinstance(text, bytes):
            text = text.decode(encoding)
        if text.isascii() or isinstance(text, ShapedStr):
            return TTFont.stringWidth(self, text, size, encoding)
        return self.shape(text, size)[1]


class ShapingTextObject(PDFTextObject):
    """ReportLab's text object, shaping runs set in a :class:`ShapingTTFont` as it writes them.

    Each shaped run is wrapped in a marked-content span whose ``/ActualText`` is the run as it
    was typed. The glyphs drawn for a conjunct have no Unicode of their own (ReportLab maps them
    to private-use code points) and a pre-base vowel sign is drawn before its consonant, so
    without it copying, searching and reading the PDF aloud would give garbled Bangla; PDF
    readers that honour it (pdfium and poppler do) take the actual text instead.
    """

    def _formatText(self, text):  # noqa: N802 (ReportLab's name)
        if isinstance(text, bytes):
            # xhtml2pdf breaks a paragraph into words as UTF-8 bytes (its split() encodes them)
            # and draws a wrapped line as b" ".join(words), so wrapped lines arrive here as
            # bytes and, unshaped, printed মন্ত্‌রণালয়. Decoding first gives every line, first
            # or wrapped, in every alignment, the one path to the shaper below.
            text = text.decode("utf-8")
        if not text.isascii() and not isinstance(text, ShapedStr):
            font = pdfmetrics.getFont(self._fontname)
            if isinstance(font, ShapingTTFont):
                shaped = font.shape(text, self._fontsize)[0]
                if isinstance(shaped, ShapedStr):
                    drawn = super()._formatText(shaped)
                    return f"/Span <</ActualText {_pdf_text(text)}>> BDC {drawn} EMC"
        return super()._formatText(text)


def _pdf_text(text: str) -> str:
    """``text`` as a PDF text string: UTF-16BE with its byte-order mark, written in hex."""
    return f"<FEFF{text.encode('utf-16-be').hex().upper()}>"


def _begin_shaping_text(self, x, y):
    """Start the paragraph's text object as a ShapingTextObject (see lms.shaping)."""
    return ShapingTextObject(self.canv, x, y)


#: xhtml2pdf's own method, kept so that tests and the benchmark can draw without shaping.
_xhtml2pdf_begin_text = XhtmlParagraph.beginText


def install() -> None:
    """Make xhtml2pdf's paragraphs draw through :class:`ShapingTextObject`. Idempotent."""
    XhtmlParagraph.beginText = _begin_shaping_text


def uninstall() -> None:
    """Give xhtml2pdf back its own text object: the unshaped behaviour, for tests and bench."""
    XhtmlParagraph.beginText = _xhtml2pdf_begin_text


def installed() -> bool:
    """Whether xhtml2pdf's paragraphs shape what they draw."""
    return XhtmlParagraph.beginText is _begin_shaping_text
