"""Live preview: build, serve every page as an image on 127.0.0.1, rebuild on change, reload the browser.

viewer   what the viewer shows of a built PDF: page boxes, text, spreads, page images
state    what is shown: the last good documents, the current problems
rebuild  one build into the preview folder, its failures, the watcher that asks for the next
server   the HTTP server on 127.0.0.1: routes, parameters, answers
session  serve, build, rebuild on change until stopped
"""

from .rebuild import WATCHED, BuildSuperseded, adopt_unchanged, describe_failure, rebuild, watch_sources
from .server import HOST, PreviewHandler, PreviewServer, free_port_near, start_server
from .session import run_preview
from .state import PreviewState
from .viewer import Box, Document, Page, PageImages, describe_document, rasterise_page, spreads_of

__all__ = [
    "HOST",
    "WATCHED",
    "Box",
    "BuildSuperseded",
    "Document",
    "Page",
    "PageImages",
    "PreviewHandler",
    "PreviewServer",
    "PreviewState",
    "adopt_unchanged",
    "describe_document",
    "describe_failure",
    "free_port_near",
    "rasterise_page",
    "rebuild",
    "run_preview",
    "spreads_of",
    "start_server",
    "watch_sources",
]
