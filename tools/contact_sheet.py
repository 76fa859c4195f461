"""Rasterise every page of one or more PDFs into a contact sheet PNG, to look at a layout.

python tools/contact_sheet.py output/fr/brochure-screen.pdf -o /tmp/brochure.png [--dpi 50]
"""

from __future__ import annotations

import argparse

import pypdfium2 as pdfium
from PIL import Image


def contact_sheet(paths: list[str], dpi: float, columns: int) -> Image.Image:
    pages = []
    for path in paths:
        pdf = pdfium.PdfDocument(path)
        pages += [page.render(scale=dpi / 72).to_pil() for page in pdf]
    width = max(p.width for p in pages)
    height = max(p.height for p in pages)
    rows = -(-len(pages) // columns)
    gap = 8
    sheet = Image.new("RGB", (columns * (width + gap) - gap, rows * (height + gap) - gap), "#808080")
    for i, page in enumerate(pages):
        sheet.paste(page, ((i % columns) * (width + gap), (i // columns) * (height + gap)))
    return sheet


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pdf", nargs="+")
    parser.add_argument("-o", "--output", required=True)
    parser.add_argument("--dpi", type=float, default=50)
    parser.add_argument("--columns", type=int, default=4)
    args = parser.parse_args()
    contact_sheet(args.pdf, args.dpi, args.columns).save(args.output)


if __name__ == "__main__":
    main()
