"""A typeset document measured on WeasyPrint's boxes: how far down each page's content reaches, where
each block of a brochure lies (`data-block`), and the heights of the parts a page plan moves or
scales (`data-measure`, and the drawing in each block); in text-area heights."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from .booklet import Fragment, Measured
from .engine import box_kinds, page_box

MM_PER_PX = 25.4 / 96  # WeasyPrint's lengths are CSS pixels


def _is_content(box) -> bool:
    """A box that puts ink on the page: a line of text, an image or drawing, a rule or a tinted panel."""
    line_box, replaced_box, _ = box_kinds()
    if isinstance(box, (line_box, replaced_box)):
        return True
    style = getattr(box, "style", None)
    if style is None or getattr(box, "element_tag", None) in ("html", "body"):
        return False
    return bool(getattr(box, "border_bottom_width", 0)) or style["background_color"].alpha > 0


def _covered(intervals: list[tuple[float, float]]) -> float:
    """The length the intervals cover together (lines side by side in a table row count once)."""
    covered, reach = 0.0, float("-inf")
    for top, bottom in sorted(intervals):
        if bottom > reach:
            covered += bottom - max(top, reach)
            reach = bottom
    return covered


@dataclass
class _Open:
    """A block being walked: where its box starts, the lines and drawings found in it so far."""

    name: str
    start: float
    lines: list[tuple[float, float]] = field(default_factory=list)
    drawing: float = 0.0


class _PageWalk:
    """One page's boxes walked once: its content's foot, the blocks' fragments, the measured parts."""

    def __init__(self, index: int, page_box):
        self.index, self.top, self.height = index, page_box.content_box_y(), page_box.height
        self.lowest = self.top
        self.blocks: dict[str, Fragment] = {}
        self.parts: dict[str, float] = defaultdict(float)
        self.walk(page_box, None)

    def walk(self, box, block: _Open | None) -> None:
        line_box, replaced_box, margin_box = box_kinds()
        if isinstance(box, margin_box):
            return
        element = getattr(box, "element", None) if not isinstance(box, line_box) else None
        name = element.get("data-block") if element is not None else None
        if name:
            block = _Open(name, box.border_box_y())
        if element is not None and element.get("data-measure"):
            self.parts[element.get("data-measure")] += box.margin_height() * MM_PER_PX
        if _is_content(box):
            bottom = box.position_y + box.margin_height()
            self.lowest = max(self.lowest, bottom)
            if block is not None and isinstance(box, (line_box, replaced_box)):
                block.lines.append((box.position_y, bottom))
            if block is not None and isinstance(box, replaced_box):
                block.drawing = max(block.drawing, box.margin_height() / self.height)
        for child in getattr(box, "children", ()):
            self.walk(child, block)
        if name and block is not None and block.lines:
            self.close(block)

    def close(self, block: _Open) -> None:
        bottom = max(b for _, b in block.lines)
        spacing = (bottom - block.start) - _covered(block.lines)
        self.blocks[block.name] = Fragment(
            self.index, (block.start - self.top) / self.height, (bottom - self.top) / self.height, spacing / self.height
        )
        if block.drawing:
            self.parts[f"drawing:{block.name}"] = block.drawing * self.height * MM_PER_PX

    @property
    def fill(self) -> float:
        return (self.lowest - self.top) / self.height


def measure_layout(document, density: str) -> Measured:
    """The measure of a rendered WeasyPrint document (`document.pages`); the parts in text-area
    heights of the inside pages, `back` the room left on the back cover above its credits."""
    fills: list[float] = []
    blocks: defaultdict[str, list[Fragment]] = defaultdict(list)
    parts: defaultdict[str, float] = defaultdict(float)
    walks = [_PageWalk(index, page_box(page)) for index, page in enumerate(document.pages)]
    for walk in walks:
        fills.append(walk.fill)
        for name, fragment in walk.blocks.items():
            blocks[name].append(fragment)
        for name, value in walk.parts.items():
            parts[name] = max(parts[name], value) if name.startswith("drawing:") else parts[name] + value
    height_mm = min(walk.height for walk in walks) * MM_PER_PX  # the inside pages' (the covers' are taller)
    parts["map"] = parts.pop("drawing:map", 0.0)
    parts["back"] = walks[-1].height * MM_PER_PX - parts.pop("contacts", 0.0) - parts.pop("credits", 0.0)
    measured = {name: value / height_mm for name, value in parts.items() if not name.startswith("drawing:")}
    return Measured(tuple(fills), {k: tuple(v) for k, v in blocks.items()}, measured, height_mm, density)
