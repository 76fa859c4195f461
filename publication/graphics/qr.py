"""QR codes as <svg>, in the palette's colours (segno finds the modules)."""

from __future__ import annotations

from .svg import SVG_NS, Palette, accessible_name, resolve_palette


def qr_module_runs(data: str, *, error: str = "m", border: int = 4) -> tuple[int, list[tuple[int, int, int]]]:
    """The QR symbol for `data` (segno) as its size in modules, quiet zone included, and the
    horizontal runs of dark modules as (row, first column, length)."""
    import segno  # only the layouts that print a QR code need it

    rows = [list(row) for row in segno.make(data, error=error, micro=False).matrix_iter(scale=1, border=border)]
    runs = []
    for y, row in enumerate(rows):
        x = 0
        while x < len(row):
            if row[x]:
                start = x
                while x < len(row) and row[x]:
                    x += 1
                runs.append((y, start, x - start))
            else:
                x += 1
    return len(rows), runs


def draw_qr_code(data: str, *, palette: Palette = "screen", error: str = "m", title: str | None = None) -> str:
    """A QR code as an <svg> (1 user unit per module, the 4-module quiet zone included).

    Drawn here rather than with segno's own SVG writer because segno only writes sRGB colours;
    palette keys `qr_dark` and `qr_light` (classes `qr-dark`, `qr-light`), so "print" gives a
    100 % K code on unprinted paper. No width/height: size it from the page CSS.
    """
    colours = resolve_palette(palette)
    size, runs = qr_module_runs(data, error=error)
    # One path, one rectangle per run of dark modules: far fewer shapes than one per module.
    d = "".join(f"M{x} {y}h{length}v1h-{length}z" for y, x, length in runs)
    aria, title_element = accessible_name(title)
    return (
        f'<svg xmlns="{SVG_NS}" class="qr-code" viewBox="0 0 {size} {size}"{aria}>{title_element}'
        f"<style>.qr-light{{fill:{colours['qr_light']}}}.qr-dark{{fill:{colours['qr_dark']}}}</style>"
        f'<rect class="qr-light" x="0" y="0" width="{size}" height="{size}"/>'
        f'<path class="qr-dark" d="{d}"/>'
        "</svg>"
    )
