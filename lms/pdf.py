"""The project's one way to make a PDF: a Django template rendered by xhtml2pdf.

    from lms.pdf import render_pdf, PDFError

    pdf_bytes = render_pdf("certificates/certificate.html", {"certificate": certificate})

Templates are ordinary Django templates (extend ``pdf/base.html`` for A4 pages, the project
fonts and Bangla-aware defaults). Text may mix English and Bangla freely: the default font stack
is Noto Sans with Noto Sans Bengali, so xhtml2pdf picks the face per character run, and runs in
the Bengali faces are shaped with HarfBuzz (see :mod:`lms.shaping`), so conjuncts and vowel signs
come out as they are written, and the PDF's text layer still reads (copies, searches) as typed.
For a serif document use the :data:`SERIF` stack in CSS.

The fonts ship with the project in ``static/fonts/`` (SIL Open Font License, ``OFL.txt`` there)
and are registered with ReportLab once per process; no system fonts are needed.

``/static/...`` and ``/media/...`` URLs in ``<img src>`` and stylesheets resolve to the project's
files; ``data:`` URIs work as they are; nothing is fetched over the network.
"""

from __future__ import annotations

import functools
import hashlib
import io
import logging
import math
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template import TemplateDoesNotExist, TemplateSyntaxError
from django.template.loader import render_to_string
from django.utils._os import safe_join
from django.utils.translation import gettext as _
from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfdoc, pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont, makeToUnicodeCMap
from reportlab.platypus.tables import CellStyle
from xhtml2pdf import default as xhtml2pdf_default
from xhtml2pdf import pisa
from xhtml2pdf.config.resources import ResourceAccessPolicy

from lms import shaping

log = logging.getLogger(__name__)

FONT_DIR = Path(__file__).resolve().parent.parent / "static" / "fonts"


@dataclass(frozen=True)
class FontFamily:
    """A font family the PDFs may name in CSS, with its regular and bold files."""

    name: str
    regular: str
    bold: str
    shaped: bool = False

    def faces(self):
        """(face name, file path, is bold) for each weight; the face name is the file's stem."""
        for bold, stem in enumerate((self.regular, self.bold)):
            yield stem, FONT_DIR / f"{stem}.ttf", bool(bold)


FAMILIES = (
    FontFamily("Noto Sans", "NotoSans-Regular", "NotoSans-Bold"),
    FontFamily("Noto Serif", "NotoSerif-Regular", "NotoSerif-Bold"),
    FontFamily("Noto Sans Bengali", "NotoSansBengali-Regular", "NotoSansBengali-Bold", True),
    FontFamily("Noto Serif Bengali", "NotoSerifBengali-Regular", "NotoSerifBengali-Bold", True),
)

#: Zero-width joiner and non-joiner: in Bangla they steer shaping (র‍্যাব is র + ZWJ + ্য).
JOINERS = (0x200C, 0x200D)

#: CSS font stacks: the Latin face first, its Bengali companion for what it lacks.
SANS = '"Noto Sans", "Noto Sans Bengali"'
SERIF = '"Noto Serif", "Noto Serif Bengali"'

#: xhtml2pdf's own defaults, with the project's font stack for the whole document.
DEFAULT_CSS = xhtml2pdf_default.DEFAULT_CSS + f"\nhtml {{ font-family: {SANS}; }}\n"


#: The face ReportLab falls back on where xhtml2pdf names no font: the canvas's initial font and
#: a table cell's default. ReportLab's own default there is Helvetica, a font it never embeds.
BASE_FACE = "NotoSans-Regular"


class PDFError(Exception):
    """A PDF could not be made; the message says which template and why, for the user."""


def subset_tag(face_name: str, subset: list[int]) -> str:
    """The six capital letters before "+" in an embedded subset's name, from what it holds.

    ReportLab tags the n-th subset of every font AAAAAA, AAAAAB, ... in every document, so two
    certificates merged into one PDF carried two different subsets of Noto Sans Bold, both named
    AAAAAA+NotoSans-Bold; ISO 32000 (9.6.4) wants different subsets to have different tags.
    Derived from the face and the characters of the subset, in their order, the tag is the same
    for the same subset and (but for a one-in-300-million accident) differs otherwise, whichever
    documents are put together later.
    """
    digest = hashlib.sha256(f"{face_name}:{','.join(map(str, subset))}".encode()).digest()
    number = int.from_bytes(digest[:8])
    letters = []
    for _position in range(6):
        number, letter = divmod(number, 26)
        letters.append(chr(ord("A") + letter))
    return "".join(letters)


class EmbeddedFont(TTFont):
    """A TrueType font embedded as subsets whose tags say what each subset holds (subset_tag)."""

    def addObjects(self, doc):  # noqa: N802 (ReportLab's name)
        state = self.state.get(doc)
        if state is None:
            return super().addObjects(doc)
        subsets = [list(subset) for subset in state.subsets]
        names = [self.getSubsetInternalName(n, doc)[1:] for n in range(len(subsets))]
        super().addObjects(doc)  # names every subset AAAAAA+..., AAAAAB+...
        fonts = doc.idToObject[pdfdoc.BasicFonts].dict
        for name, subset in zip(names, subsets, strict=True):
            _retag(doc, fonts[name], subset_tag(self.face.name.decode("latin-1"), subset), subset)
        return None


def _retag(doc, font, tag: str, subset: list[int]) -> None:
    """Give an embedded subset (its font, descriptor and ToUnicode map) the tag `tag`."""
    new = f"{tag}+{font.BaseFont.partition('+')[2]}"
    font.BaseFont = new
    doc.idToObject[font.FontDescriptor.name].dict["FontName"] = pdfdoc.PDFName(new)
    doc.idToObject[font.ToUnicode.name].content = makeToUnicodeCMap(new, subset)


class EmbeddedShapingFont(EmbeddedFont, shaping.ShapingTTFont):
    """A Bengali face: shaped with HarfBuzz (lms.shaping) and embedded as EmbeddedFont."""


@functools.cache
def register_fonts() -> tuple[str, ...]:
    """Register the project fonts with ReportLab and xhtml2pdf; runs once per process.

    Each family becomes known to xhtml2pdf under its CSS name ("Noto Sans Bengali") and under
    its regular face's name, with bold mapped to the bold file; italic falls back to upright
    (Bengali has no italic). Returns the face names registered.

    ReportLab's fallback face, where xhtml2pdf names none (the canvas's first font, a table
    cell's default), becomes Noto Sans: left at Helvetica it put an unembedded font into every
    PDF (``pdffonts`` said ``Helvetica ... emb no``).

    The Latin faces give up their (invisible) joiner glyphs. xhtml2pdf gives each character to
    the first family in the CSS list that has it, so a joiner inside a Bangla word went to the
    Latin face and cut the word in two runs that were shaped apart (র‍্যাব came out as র‍ and
    a dotted circle). Without them a joiner stays with the Bengali face that shapes it.
    """
    names = []
    for family in FAMILIES:
        font_class = EmbeddedShapingFont if family.shaped else EmbeddedFont
        for face, path, bold in family.faces():
            font = font_class(face, str(path))
            if not family.shaped:
                for joiner in JOINERS:
                    font.face.charToGlyph.pop(joiner, None)
            pdfmetrics.registerFont(font)
            for italic in (False, True):
                addMapping(family.regular, bold, italic, family.bold if bold else family.regular)
            names.append(face)
        for alias in (family.name, family.name.replace(" ", ""), family.regular):
            xhtml2pdf_default.DEFAULT_FONT[alias.lower()] = family.regular
    pdfmetrics.registerFontFamily(
        "Noto Sans", normal=BASE_FACE, bold="NotoSans-Bold", baseFontFor="canvas"
    )
    CellStyle.fontname = BASE_FACE
    return tuple(names)


def text_width(text: str, size: float, *, bold: bool = False) -> float:
    """The width in points of one line of ``text`` as a PDF sets it in the default stack.

    Each character goes to the first face of ``"Noto Sans", "Noto Sans Bengali"`` that has it,
    as xhtml2pdf does, and runs in the Bengali face are measured shaped (lms.shaping).
    """
    register_fonts()
    family_latin, family_bengali = FAMILIES[0], FAMILIES[2]
    latin = family_latin.bold if bold else family_latin.regular
    bengali = family_bengali.bold if bold else family_bengali.regular
    has_glyph = pdfmetrics.getFont(latin).face.charToGlyph
    width, run, run_face = 0.0, "", latin
    for char in text:
        face = latin if ord(char) in has_glyph else bengali
        if face != run_face and run:
            width += pdfmetrics.stringWidth(run, run_face, size)
            run = ""
        run_face = face
        run += char
    return width + (pdfmetrics.stringWidth(run, run_face, size) if run else 0.0)


@dataclass(frozen=True)
class TableCell:
    """A cell's text (lines split at "\\n") as a table prints it, for :func:`fit_columns`."""

    column: int
    text: str
    size: float
    bold: bool = False
    span: int = 1


@dataclass(frozen=True)
class ColumnFit:
    """Column widths in points, and the factor every font size of the table is scaled by (1
    unless even the longest words at their own sizes are wider than the page allows)."""

    widths: tuple[float, ...]
    scale: float


#: Room a cell keeps beside its longest word beyond its padding: the border's width and the
#: glyphs' overhang, so that no ink touches a border.
CELL_CLEARANCE = 1.5


def fit_columns(cells, *, columns: int, width: float, padding: float) -> ColumnFit:
    """Column widths that hold every word of every cell inside its cell, filling ``width``.

    A table cell only wraps between words, so a column is at least as wide as its longest
    word (plus ``padding`` on each side and CELL_CLEARANCE); what is left of ``width`` goes to
    the columns whose text would wrap, in proportion to how much longer it is on one line, as
    a browser's automatic table layout does. A cell that spans columns needs its longest word
    across them. When the longest words alone are wider than ``width``, every font size is
    scaled down (``scale`` < 1) until they fit: the table gets smaller, never spills over.
    """
    shortest, longest = _column_needs(cells, columns)
    inner = 2 * padding + CELL_CLEARANCE
    room = width - columns * (inner + 0.01)  # each width is rounded up to 0.01 pt below
    scale = math.floor(min(1.0, room / sum(shortest)) * 10_000) / 10_000 if sum(shortest) else 1.0
    shortest = [need * scale for need in shortest]
    longest = [need * scale for need in longest]
    extra = room - sum(shortest)
    wrapping = [long - short for short, long in zip(shortest, longest, strict=True)]
    if sum(wrapping) > extra:
        share = extra / sum(wrapping)
        grown = [short + wrap * share for short, wrap in zip(shortest, wrapping, strict=True)]
    else:  # every cell fits on one line: share out what is left in proportion to the text
        weights = [long or 1.0 for long in longest]
        share = (extra - sum(wrapping)) / sum(weights)
        grown = [long + weight * share for long, weight in zip(longest, weights, strict=True)]
    widths = tuple(math.ceil((grown_width + inner) * 100) / 100 for grown_width in grown)
    return ColumnFit(widths=widths, scale=scale)


def _column_needs(cells, columns: int) -> tuple[list[float], list[float]]:
    """Per column, at font size scale 1: the widest word and the widest unwrapped line."""
    shortest, longest = [0.0] * columns, [0.0] * columns
    spanning = []
    for cell in cells:
        lines = cell.text.split("\n")
        word = max(
            (text_width(w, cell.size, bold=cell.bold) for w in " ".join(lines).split()), default=0.0
        )
        line = max(text_width(line.strip(), cell.size, bold=cell.bold) for line in lines)
        if cell.span > 1:
            spanning.append((cell, word))
            continue
        shortest[cell.column] = max(shortest[cell.column], word)
        longest[cell.column] = max(longest[cell.column], line)
    for cell, word in spanning:
        spanned = range(cell.column, cell.column + cell.span)
        gap = word - sum(shortest[c] for c in spanned)
        for c in spanned:
            shortest[c] += max(0.0, gap / cell.span)
            longest[c] = max(longest[c], shortest[c])
    return shortest, longest


def render_pdf(template_name: str, context: dict, *, request=None) -> bytes:
    """Render ``template_name`` with ``context`` and return the PDF's bytes.

    Raises PDFError when the template is missing or broken, or when xhtml2pdf cannot turn the
    HTML into a PDF; the cause is logged with its traceback and chained, never shown.
    """
    register_fonts()
    html = _render_html(template_name, context, request)
    out = io.BytesIO()
    try:
        status = pisa.pisaDocument(
            html,
            dest=out,
            encoding="utf-8",
            default_css=DEFAULT_CSS,
            link_callback=_link_callback,
            resource_policy=_resource_policy(),
        )
    except Exception as error:
        log.exception("PDF rendering failed for template %s", template_name)
        msg = _("The PDF from %(template)s could not be rendered: %(error)s")
        raise PDFError(msg % {"template": template_name, "error": error}) from error
    if status.err:
        msg = _("The PDF from %(template)s could not be rendered (%(count)d errors, see the log).")
        raise PDFError(msg % {"template": template_name, "count": status.err})
    return out.getvalue()


def _render_html(template_name: str, context: dict, request) -> str:
    try:
        return render_to_string(template_name, context, request=request)
    except TemplateDoesNotExist as error:
        msg = _("The PDF template %(template)s does not exist.")
        raise PDFError(msg % {"template": template_name}) from error
    except TemplateSyntaxError as error:
        log.warning("Broken PDF template %s: %s", template_name, error)
        msg = _("The PDF template %(template)s is broken: %(error)s")
        raise PDFError(msg % {"template": template_name, "error": error}) from error
    except Exception as error:
        log.exception("PDF template %s failed to render", template_name)
        msg = _("The PDF template %(template)s failed to render: %(error)s")
        raise PDFError(msg % {"template": template_name, "error": error}) from error


def _link_callback(uri: str, rel: str) -> str:
    """Map /static/ and /media/ URLs to files on disk; leave anything else as it is."""
    static_url, media_url = settings.STATIC_URL, settings.MEDIA_URL
    if media_url and uri.startswith(media_url):
        return safe_join(settings.MEDIA_ROOT, uri.removeprefix(media_url))
    if static_url and uri.startswith(static_url):
        name = uri.removeprefix(static_url)
        return finders.find(name) or safe_join(settings.STATIC_ROOT, name)
    return uri


def _resource_policy() -> ResourceAccessPolicy:
    """No network; local reads only from the project's static files and the media folder."""
    roots = [Path(root) for root in settings.STATICFILES_DIRS]
    return ResourceAccessPolicy.server(
        base_dir=roots[0] if roots else FONT_DIR.parent,
        extra_roots=(*roots[1:], Path(settings.STATIC_ROOT), Path(settings.MEDIA_ROOT)),
        allow_remote=False,
    )


shaping.install()
