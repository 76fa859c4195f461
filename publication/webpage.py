"""What a web page publication (the web programme) carries in itself: its stylesheet inlined — the brand's
colours in the screen palette, the @font-face rules of the families it names pointing at the page's own
`fonts/` folder, then its stylesheets — and the credits' logos as data: URIs, so that it loads nothing
from outside and, from the file system, no font from above its folder (a browser may refuse a file://
font from a parent folder)."""

from __future__ import annotations

import base64
from typing import Any

from markupsafe import Markup

from .check import FONTS_CSS
from .plan import SETTINGS_OF_VARIANT, Project, Publication
from .sources import Sources
from .typeset import colour_tokens
from .webfonts import web_fonts


def page_stylesheet(project: Project, sources: Sources, publication: Publication) -> Markup:
    """The CSS a web page inlines: colours, fonts (relative to the page's folder), its stylesheets in order."""
    theme = project.theme
    own = theme.file(f"styles/{publication.kind_record.stylesheet}")
    fonts = web_fonts(theme, own)
    variant = SETTINGS_OF_VARIANT[publication.variant]
    sheets = [theme.file(f"styles/{name}").read_text(encoding="utf-8") for name in publication.stylesheets]
    # fonts.css is the PDFs' (url() relative to styles/): the page has its own rules instead.
    kept = [css for name, css in zip(publication.stylesheets, sheets, strict=True) if name != FONTS_CSS]
    css = "\n".join([colour_tokens(sources.site.brand, variant), fonts.css(""), *kept])
    return Markup(css.replace("</", "<\\/"))  # inside a <style> element: nothing in it may end it


LOGO_TYPES = {".svg": "image/svg+xml", ".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg"}


def web_page_context(project: Project, sources: Sources, publication: Publication, marks: list) -> dict[str, Any]:
    """What a web page's layout reads beyond the common context: its stylesheet, and each logo of the credits'
    `marks` (figures.credit_marks, their files checked by logos.py) by its source path, as a data: URI."""
    logos = {}
    for mark in (mark for mark in marks if mark.src):
        file = project.root / mark.src
        data = base64.b64encode(file.read_bytes()).decode()
        logos[mark.src] = f"data:{LOGO_TYPES.get(file.suffix.lower(), 'application/octet-stream')};base64,{data}"
    return {"web_css": page_stylesheet(project, sources, publication), "logo_images": logos}
