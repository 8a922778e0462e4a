"""Where a PDF puts its text and its lines, read back with pdfium: does text stay in its cell?

A table's cell borders are straight line segments; a line of text is one text object with a
bounding box. Text that runs over its cell crosses a vertical border (or comes closer to it
than the cell's padding allows); text past the table's edge crosses the outer border, and text
past the paper's edge leaves the page box. `text_over_borders` lists every such line, with the
page, so a test can assert that there are none.
"""

from __future__ import annotations

import ctypes
from dataclasses import dataclass

import pypdfium2
import pypdfium2.raw as pdfium_c

#: How close (points) a line of text may come to a border: less than the cells' padding.
CLEARANCE = 1.0


@dataclass(frozen=True)
class Overflow:
    page: int
    text: str
    border_x: float | None  # None: the text leaves the page

    def __str__(self) -> str:
        where = "the page's edge" if self.border_x is None else f"the border at x={self.border_x}"
        return f"page {self.page}: {self.text!r} runs over {where}"


def vertical_borders(page) -> list[tuple[float, float, float]]:
    """(x, y bottom, y top) of every vertical line segment stroked on the page."""
    borders = []
    for path in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_PATH], max_depth=4):
        fill, stroke = ctypes.c_int(), ctypes.c_int()
        pdfium_c.FPDFPath_GetDrawMode(path, fill, stroke)
        if not stroke.value:
            continue  # a background, not a border
        matrix = path.get_matrix()
        previous = None
        for index in range(pdfium_c.FPDFPath_CountSegments(path)):
            segment = pdfium_c.FPDFPath_GetPathSegment(path, index)
            x, y = ctypes.c_float(), ctypes.c_float()
            pdfium_c.FPDFPathSegment_GetPoint(segment, x, y)
            point = matrix.on_point(x.value, y.value)
            kind = pdfium_c.FPDFPathSegment_GetType(segment)
            if kind == pdfium_c.FPDF_SEGMENT_LINETO and previous is not None:
                (x0, y0), (x1, y1) = previous, point
                if abs(x0 - x1) < 0.1 and abs(y0 - y1) > 1:
                    borders.append((x0, min(y0, y1), max(y0, y1)))
            previous = point
    return borders


def text_boxes(page) -> list[tuple[str, tuple[float, float, float, float]]]:
    """Each text object's text and its box (left, bottom, right, top), empty ones left out."""
    textpage = page.get_textpage()
    boxes = []
    for text in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_TEXT], max_depth=4):
        left, bottom, right, top = text.get_bounds()
        words = textpage.get_text_bounded(left, bottom, right, top).strip()
        if words:
            boxes.append((words, (left, bottom, right, top)))
    return boxes


def text_over_borders(data: bytes) -> list[Overflow]:
    """Every line of text that crosses or touches a vertical border, or leaves the page."""
    found = []
    document = pypdfium2.PdfDocument(data)
    for number, page in enumerate(document, start=1):
        width, height = page.get_size()
        borders = vertical_borders(page)
        for text, (left, bottom, right, top) in text_boxes(page):
            if left < 0 or bottom < 0 or right > width or top > height:
                found.append(Overflow(number, text, None))
                continue
            for x, low, high in borders:
                overlaps = bottom < high - 0.5 and top > low + 0.5
                if overlaps and left - CLEARANCE < x < right + CLEARANCE:
                    found.append(Overflow(number, text, round(x, 1)))
                    break
    return found
