"""Vector graphics as inline SVG strings for the layouts: the map of the partner cities, the EU emblem, QR codes.

svg          what every drawing shares: palettes (why each drawing carries its own <style>), names, numbers
projection   the map's pre-projected country shapes and the projection that places cities on them
frame        the part of the map a page shows: fitted to the partners, at the page's aspect
cities       the partner cities read from the caller's records, and their marks
placement    where the cities' names go: beside their marks, at the end of a leader line, or numbered in a key
labels       a label's candidate spots and the search for a choice where none clashes
leaders      the spots at the end of a leader line, and the line's geometry
europe_map   the map itself, and its marks alone for its key
emblem       the EU emblem
qr           QR codes
"""

from .cities import LABEL_POSITIONS
from .emblem import draw_eu_emblem, emblem_star_centres, star_points
from .europe_map import BORDER_PT, PRINT_BORDER_PT, draw_city_mark, draw_europe_map, shaped_countries
from .frame import Frame, MapView, europe, extent, fit_frame, km
from .projection import DATA_FILE, load_map_data, project_city, project_lonlat
from .qr import draw_qr_code, qr_module_runs
from .svg import PALETTES, SVG_NS, Palette, palette_for, resolve_palette

__all__ = [
    "BORDER_PT",
    "DATA_FILE",
    "LABEL_POSITIONS",
    "PALETTES",
    "PRINT_BORDER_PT",
    "SVG_NS",
    "Frame",
    "MapView",
    "Palette",
    "draw_city_mark",
    "draw_eu_emblem",
    "draw_europe_map",
    "draw_qr_code",
    "emblem_star_centres",
    "europe",
    "extent",
    "fit_frame",
    "km",
    "load_map_data",
    "palette_for",
    "project_city",
    "project_lonlat",
    "qr_module_runs",
    "resolve_palette",
    "shaped_countries",
    "star_points",
]
