"""What the viewer shows of a built PDF: its pages' boxes and text, spreads, pages as PNG images."""

from __future__ import annotations

import hashlib
import io
import math
import threading
from collections import OrderedDict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from ..limits import PREVIEW_CACHE_BYTES, PREVIEW_MAX_PIXELS, PREVIEW_RENDERS
from ..messages import _
from ..plan import Publication


@dataclass(frozen=True)
class Box:
    """A PDF page box, in percent of the rendered page, from its top-left corner."""

    left: float
    top: float
    width: float
    height: float

    def css(self) -> str:
        return f"left:{self.left:.3f}%;top:{self.top:.3f}%;width:{self.width:.3f}%;height:{self.height:.3f}%"


@dataclass(frozen=True)
class Page:
    width_pt: float  # the rendered area (the crop box): trim + bleed (+ slug) in print
    height_pt: float
    trim: Box
    bleed: Box | None  # None when the PDF has no bleed (screen variant)
    text: str


@dataclass(frozen=True)
class Document:
    """One built PDF as the viewer knows it; `pdf` is kept so a page and its sha never disagree."""

    publication: Publication
    path: str  # relative to the output folder, e.g. "fr/programme-2017-01-vantaa-screen.pdf"
    sha256: str
    pdf: bytes = field(repr=False)
    pages: tuple[Page, ...]
    heading: str = ""  # what the publication is, in its own language (rebuild.card_heading)

    @property
    def key(self) -> str:
        return self.path.removesuffix(".pdf")

    @property
    def facing(self) -> bool:
        """A brochure is read as spreads; everything else page by page."""
        return self.publication.saddle_stitched

    @property
    def title(self) -> str:
        """The card's and the viewer's title: what the publication is ('Programme — Atelier de lancement
        à Dresde'), else its kind and event as the files name them."""
        pub = self.publication
        return self.heading or " ".join(filter(None, (pub.kind.capitalize(), pub.workshop)))

    @property
    def details(self) -> str:
        """Its language, variant and sheet, in the messages' language: 'fr · écran · A4'."""
        pub = self.publication
        variant = _("print") if pub.settings.for_press else _("screen")
        part = _("part {number}").format(number=pub.part) if pub.part else ""
        return " · ".join(filter(None, (part, pub.day or "", pub.lang, variant, pub.trim_name)))


_PDFIUM = threading.Lock()  # PDFium is not thread-safe; the server answers requests in threads


def _relative_box(box: tuple[float, ...], crop: tuple[float, ...]) -> Box:
    width, height = crop[2] - crop[0], crop[3] - crop[1]
    return Box(
        100 * (box[0] - crop[0]) / width,
        100 * (crop[3] - box[3]) / height,
        100 * (box[2] - box[0]) / width,
        100 * (box[3] - box[1]) / height,
    )


def describe_document(publication: Publication, path: str, pdf: bytes, heading: str = "") -> Document:
    """Read each page's size, trim and bleed boxes and text from a built PDF."""
    import pypdfium2 as pdfium

    pages = []
    with _PDFIUM:
        document = pdfium.PdfDocument(pdf)
        try:
            for page in document:
                crop, trim, bleed = page.get_cropbox(), page.get_trimbox(), page.get_bleedbox()
                textpage = page.get_textpage()
                text = textpage.get_text_range().replace("\r\n", "\n")
                textpage.close()
                pages.append(
                    Page(
                        crop[2] - crop[0],
                        crop[3] - crop[1],
                        _relative_box(trim, crop),
                        _relative_box(bleed, crop) if bleed != trim else None,
                        text,
                    )
                )
                page.close()
        finally:
            document.close()
    return Document(publication, path, hashlib.sha256(pdf).hexdigest(), pdf, tuple(pages), heading)


def spreads_of(document: Document) -> list[list[int | None]]:
    """Page numbers as rows: a brochure opens on page 1 alone (right), then 2–3, 4–5…"""
    count = len(document.pages)
    if not document.facing:
        return [[number] for number in range(1, count + 1)]
    rows: list[list[int | None]] = [[None, 1]]
    for left in range(2, count + 1, 2):
        rows.append([left, left + 1 if left + 1 <= count else None])
    return rows


class PageImages:
    """PNG renderings of pages, cached by (PDF sha, page, scale) up to `capacity` bytes, the least recently
    used dropped first. Pages are drawn by `renders` threads of their own: many requests at once wait
    for them instead of each holding a bitmap, and memory freed by a drawing stays in those threads'
    few allocator arenas rather than one per request thread."""

    def __init__(self, capacity: int = PREVIEW_CACHE_BYTES, renders: int = PREVIEW_RENDERS):
        self.capacity = capacity
        self.size = 0  # bytes held
        self._cache: OrderedDict[tuple[str, int, float], bytes] = OrderedDict()
        self._lock = threading.Lock()
        self._drawers = ThreadPoolExecutor(max_workers=renders, thread_name_prefix="preview-page")

    def png(self, document: Document, number: int, scale: float) -> bytes:
        key = (document.sha256, number, scale)
        data = self._cached(key)
        return data if data is not None else self._drawers.submit(self._draw, key, document).result()

    def _draw(self, key: tuple[str, int, float], document: Document) -> bytes:
        data = self._cached(key)  # drawn meanwhile, for another request of the same page
        if data is None:
            data = rasterise_page(document.pdf, key[1], key[2])
            self._keep(key, data)
        return data

    def _cached(self, key: tuple[str, int, float]) -> bytes | None:
        with self._lock:
            if key in self._cache:
                self._cache.move_to_end(key)
            return self._cache.get(key)

    def _keep(self, key: tuple[str, int, float], data: bytes) -> None:
        with self._lock:
            if key in self._cache or len(data) > self.capacity:
                return
            self._cache[key] = data
            self.size += len(data)
            while self.size > self.capacity:
                _key, dropped = self._cache.popitem(last=False)
                self.size -= len(dropped)


def bounded_scale(page: Page, scale: float) -> float:
    """`scale`, lowered if the page's image would exceed PREVIEW_MAX_PIXELS (a poster at a high zoom)."""
    # 0.998 and rounding down: the image's sides are rounded to whole pixels, up to one more each.
    largest = 0.998 * (PREVIEW_MAX_PIXELS / max(page.width_pt * page.height_pt, 1.0)) ** 0.5
    return min(round(scale, 4), math.floor(largest * 10_000) / 10_000)


def rasterise_page(pdf: bytes, number: int, scale: float) -> bytes:
    """Page `number` (from 1) as PNG at `scale` pixels per point."""
    import pypdfium2 as pdfium

    with _PDFIUM:
        document = pdfium.PdfDocument(pdf)
        try:
            image = document[number - 1].render(scale=scale).to_pil()
        finally:
            document.close()
    stream = io.BytesIO()
    image.save(stream, "PNG", compress_level=1)  # speed over size: it only travels over loopback
    return stream.getvalue()
