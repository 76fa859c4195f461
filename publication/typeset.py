"""Typeset HTML into PDF with WeasyPrint: stylesheets, colour tokens and the variant's PDF options."""

from __future__ import annotations

from pathlib import Path
from typing import Iterable

from .errors import SourceError
from .load import Document
from .model import Brand, Site
from .render import Publication, css_colour
from .reproducible import fixed_document_id
from .sandbox import make_fetcher, refusal_problems

STYLES = "styles"
SHARED_STYLESHEETS = ("fonts.css", "tokens.css", "base.css")
POSTER_ROOT_PT = 16  # root type size of the poster on its reference sheet, A2
POSTER_REFERENCE_WIDTH_MM = 420


def colour_tokens(brand: Brand, variant: str) -> str:
    """CSS custom properties for the brand colours: device-cmyk() in print, sRGB on screen."""
    lines = [":root {"]
    for name in type(brand).model_fields:
        lines.append(f"  --colour-{name}: {css_colour(getattr(brand, name), variant)};")
    lines.append("}")
    return "\n".join(lines)


def page_setup(publication: Publication, site: Site, project: Path) -> str:
    """@page size and, in print, bleed and the CMYK output profile."""
    width, height = publication.trim_mm
    css = [f"@page {{ size: {width}mm {height}mm; }}",
           f":root {{ --trim-width: {width}mm; --trim-height: {height}mm; }}"]
    if publication.kind == "poster":
        # The poster's whole type system is in rem: the root size follows the sheet width.
        css.append(f"html {{ font-size: {POSTER_ROOT_PT * width / POSTER_REFERENCE_WIDTH_MM:.2f}pt; }}")
    if publication.variant == "print":
        profile = (project / site.print.output_profile).resolve().as_uri()
        css.append(f"@page {{ bleed: {site.print.bleed_mm:g}mm; }}")
        css.append(f":root {{ --bleed: {site.print.bleed_mm:g}mm; }}")
        # Without `components` WeasyPrint 70 crashes; without the rule it writes no output intent.
        css.append(f"@color-profile device-cmyk {{ src: url('{profile}'); "
                   "components: cyan, magenta, yellow, black; }")
    else:
        css.append(":root { --bleed: 0mm; }")
    return "\n".join(css)


def stylesheet_paths(project: Path, publication: Publication) -> list[Path]:
    """The CSS files a publication uses, shared tokens first."""
    styles = project / STYLES
    return [styles / name for name in SHARED_STYLESHEETS] + [styles / f"{publication.kind}.css"]


def typeset_pdf(html: str, publication: Publication, site: Site, project: Path,
                documents: Iterable[Document] = ()) -> tuple[bytes, int]:
    """Render one publication to PDF bytes; returns the bytes and the page count.

    Resources are read through the sandbox; a refused one fails the document with a
    SourceError naming where it was written (searched for in `documents`, layouts, styles).
    """
    import weasyprint  # imported here: --help, list and check never pay for it
    from weasyprint.text.fonts import FontConfiguration

    fonts = FontConfiguration()
    # One dict shared by every stylesheet and the document: a user stylesheet's @color-profile
    # lands in the dict given to its CSS(); render() only sees it (and writes the output
    # intent) when it is handed the same dict.
    profiles: dict = {}
    fetcher = make_fetcher(project)  # the sandbox: files inside the project and data: URIs only
    css = page_setup(publication, site, project)
    stylesheets = [weasyprint.CSS(filename=str(path), font_config=fonts, color_profiles=profiles, url_fetcher=fetcher)
                   for path in stylesheet_paths(project, publication)]
    stylesheets.append(weasyprint.CSS(string=colour_tokens(site.brand, publication.variant), font_config=fonts,
                                      color_profiles=profiles, url_fetcher=fetcher))
    stylesheets.append(weasyprint.CSS(string=css, base_url=str(project) + "/", font_config=fonts,
                                      color_profiles=profiles, url_fetcher=fetcher))
    document = weasyprint.HTML(string=html, base_url=str(project) + "/", url_fetcher=fetcher).render(
        stylesheets=stylesheets, font_config=fonts, color_profiles=profiles)
    if fetcher.refused:
        raise SourceError(refusal_problems(fetcher, documents, project))
    options = dict(uncompressed_pdf=False, optimize_images=True)
    if publication.variant == "print":
        options.update(pdf_variant="pdf/x-4")
    else:
        options.update(pdf_variant="pdf/ua-1", pdf_tags=True, dpi=150, jpeg_quality=85)
    # The seed leaves out the project's absolute path: the same sources elsewhere give the same bytes.
    seed = html + css.replace(project.resolve().as_uri(), "") + publication.variant
    pdf = document.write_pdf(finisher=fixed_document_id(seed), **options)
    return pdf, len(document.pages)
