"""Vector graphics as inline SVG strings for the layouts: the map of the partner cities, the EU emblem, QR codes.

svg          what every drawing shares: palettes (why each drawing carries its own <style>), names, numbers
projection   the map's pre-projected country shapes and the projection that places cities on them
cities       the partner cities read from the caller's records, and their marks
labels       where the cities' names go without overlapping
europe_map   the map itself
emblem       the EU emblem
qr           QR codes
"""

from .cities import LABEL_POSITIONS
from .emblem import draw_eu_emblem, emblem_star_centres, star_points
from .europe_map import PRINT_BORDER_WIDTH, draw_europe_map
from .projection import DATA_FILE, load_map_data, project_city, project_lonlat
from .qr import draw_qr_code, qr_module_runs
from .svg import PALETTES, SVG_NS, Palette, palette_for, resolve_palette

__all__ = [
    "DATA_FILE",
    "LABEL_POSITIONS",
    "PALETTES",
    "PRINT_BORDER_WIDTH",
    "SVG_NS",
    "Palette",
    "draw_eu_emblem",
    "draw_europe_map",
    "draw_qr_code",
    "emblem_star_centres",
    "load_map_data",
    "palette_for",
    "project_city",
    "project_lonlat",
    "qr_module_runs",
    "resolve_palette",
    "star_points",
]
