"""The package reads as one straight line of stages (see ARCHITECTURE.md).

The import graph is built from the source with `ast`, function-local imports included: no
module imports a later stage, and no import circle exists. Modules and functions stay small. Each rule is one test that lists every offender.
"""

from __future__ import annotations

import ast
import io
import re
import tokenize
from pathlib import Path

import yaml

from publication.kinds import KIND_TABLE, KINDS
from tests.conftest import ROOT

PACKAGE = ROOT / "publication"
# In logical lines (see logical_line_ends): the largest module and function when the rule was
# set in physical lines (300 and 40, before ruff format) measured 217 and 30.
MAX_MODULE_LINES = 220
MAX_FUNCTION_LINES = 30

# The stages in the order of work. A module may import modules of its own stage or earlier ones.
# A sub-package counts as its top-level name (graphics.map is graphics).
STAGES = [
    [
        "messages",
        "errors",
        "limits",
        "theme",
    ],  # the tool's words in English or French; what every stage may raise or bound; where layouts and styles come from
    ["kinds"],  # the kinds of publication, each one declared record: the only place that names one
    ["engine"],  # WeasyPrint's internals the project relies on: named, and touched only there
    ["yaml_syntax", "load"],  # YAML with the line of every value; its syntax errors in a writer's words
    ["sheets"],  # XLSX/CSV agendas and partner lists, located at their cells
    [
        "model",
        "typography",
        "scripts",
        "palette",
        "eu_visibility",
    ],  # the schema of the sources; typographic rules; screen colours; EU visibility
    # read and check sources/, the files they name
    [
        "svgimage",
        "assets",
        "logos",
        "sandbox",
        "catalogues",
        "transitions",
        "wording",
        "map_labels",
        "participants",
        "agenda_dates",
        "sources",
    ],
    ["reproducible"],  # dates and identifiers fixed by the sources
    ["changes", "releases"],  # what was sent out (releases/), what changed in an agenda since
    ["kit_plan", "plan", "booklet"],  # what to make: editions, sizes, variants, options; a brochure's pages
    ["localise"],  # one language: texts, dates, names, words
    ["graphics"],  # map, EU emblem, QR code as SVG
    [
        "links",
        "timetable",
        "changelist",
        "figures",
        "templates",
        "namefit",
        "kit",
        "drafts",
        "render",
    ],  # layouts + localised data → HTML; the agenda; the figures; the layouts' Jinja environment
    ["locate", "check", "webfonts"],  # where a printed text comes from; every character drawn has a glyph, every
    # name read in its language; the brand's @font-face rules for a web page
    ["tagging", "pagefit", "typeset", "measure"],  # HTML + CSS → PDF (WeasyPrint); its tagging, pages, boxes
    ["pagination"],  # where a programme's parallel slots break, measured on the laid-out pages
    ["pdfcontent"],  # one parse of a PDF's page content
    ["finish"],  # print finishing: output intent, marks, imposition
    ["preflight"],  # the printer's checks
    ["document", "webpage"],  # one document: render → check → typeset → finish → preflight; a web page's CSS
    [
        "keys",
        "state",
        "ownership",
        "stopping",
        "outputs",
    ],  # incremental keys, build state, whose folder it is, staged writes
    ["pool", "document_cache"],  # documents on a pool of processes; made ones shared by key between folders
    # the calendars, the schedules for apps, the accessibility statement, the first pages' thumbnails, the
    # printers' table, the download page
    ["calendar", "session_calendar", "schedule", "accessibility", "thumbnails", "printers", "site"],
    ["publish"],  # build(): the whole line, top to bottom
    ["progress", "verify", "scaffold"],  # what build() tells; the reproducibility check; `new`
    ["preview"],  # the live preview
    ["command_options", "release_command", "package", "cli"],  # the command line; `release`, `package`
]
RANK = {name: rank for rank, stage in enumerate(STAGES) for name in stage}


def modules() -> dict[str, Path]:
    """Dotted name (inside the package) → file, for every module of the package."""
    found = {}
    for file in sorted(PACKAGE.rglob("*.py")):
        parts = file.relative_to(PACKAGE).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        if parts:
            found[".".join(parts)] = file
    return found


def stage_of(dotted: str) -> str:
    return dotted.split(".")[0]


def imported_modules(dotted: str, file: Path) -> set[str]:
    """The package's own modules that `file` imports, anywhere in it (as dotted names)."""
    package = dotted.split(".")[:-1] if file.name != "__init__.py" else dotted.split(".")
    targets: set[str] = set()
    for node in ast.walk(ast.parse(file.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - node.level + 1]
                module = [*base, *(node.module.split(".") if node.module else [])]
                if not node.module:
                    targets |= {".".join([*module, alias.name]) for alias in node.names}
                elif module:
                    targets.add(".".join(module))
            elif node.module and node.module.startswith("publication."):
                targets.add(node.module.removeprefix("publication."))
        elif isinstance(node, ast.Import):
            targets |= {
                alias.name.removeprefix("publication.") for alias in node.names if alias.name.startswith("publication.")
            }
    known = modules()
    # A name that is no module is a name in a module (`from .plan import KINDS`), or in the package's
    # own __init__ (`from . import __version__`), which belongs to no stage.
    named = {target if target in known else target.rsplit(".", 1)[0] if "." in target else "" for target in targets}
    return named - {dotted, ""}


def import_graph() -> dict[str, set[str]]:
    return {dotted: imported_modules(dotted, file) for dotted, file in modules().items()}


def test_every_module_belongs_to_a_stage():
    assert sorted({stage_of(name) for name in modules()} - set(RANK)) == []


def test_no_module_imports_a_later_stage():
    backwards = sorted(
        f"{module} imports {target}"
        for module, targets in import_graph().items()
        for target in targets
        if RANK[stage_of(target)] > RANK[stage_of(module)]
    )
    assert backwards == []


def test_no_import_circle():
    graph = import_graph()
    circles, done = [], set()

    def visit(module: str, path: list[str]) -> None:
        if module in path:
            circles.append(" → ".join([*path[path.index(module) :], module]))
            return
        if module in done:
            return
        for target in sorted(graph.get(module, ())):
            visit(target, [*path, module])
        done.add(module)

    for module in sorted(graph):
        visit(module, [])
    assert circles == []


def logical_line_ends(source: str) -> list[int]:
    """The physical line on which each logical line (a statement, a clause header) ends.

    Sizes are counted in logical lines so that they measure code, not the formatter's layout: a
    call whose arguments ruff puts one per line is still one line of code.
    """
    return [
        token.start[0]
        for token in tokenize.generate_tokens(io.StringIO(source).readline)
        if token.type == tokenize.NEWLINE
    ]


def test_modules_are_small():
    sizes = {dotted: len(logical_line_ends(file.read_text(encoding="utf-8"))) for dotted, file in modules().items()}
    assert sorted(f"{dotted}: {size} lines of code" for dotted, size in sizes.items() if size > MAX_MODULE_LINES) == []


def long_functions(dotted: str, file: Path) -> list[str]:
    source = file.read_text(encoding="utf-8")
    ends = logical_line_ends(source)
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            length = sum(1 for end in ends if node.lineno <= end <= (node.end_lineno or node.lineno))
            if length > MAX_FUNCTION_LINES:
                found.append(f"{dotted}.{node.name}: {length} lines of code")
    return found


def test_functions_are_short():
    assert sorted(found for dotted, file in modules().items() for found in long_functions(dotted, file)) == []


# --- Kinds of publication: declared once (publication/kinds.py), never compared by name ----------------

KINDS_TABLE_FILE = PACKAGE / "kinds.py"
# A Jinja condition naming a kind: {% if kind == 'poster' %}, {% elif kind in ('brochure', …) %}.
JINJA_KIND_CONDITION = re.compile(
    r"{%-?\s*(?:el)?if\b[^%]*?['\"](?:" + "|".join(map(re.escape, KINDS)) + r")['\"][^%]*%}"
)


def kind_names_in(node: ast.expr) -> list[str]:
    """The kinds' names a compared operand spells: a string, or the strings of a tuple, list or set."""
    items = node.elts if isinstance(node, (ast.Tuple, ast.List, ast.Set)) else [node]
    return [item.value for item in items if isinstance(item, ast.Constant) and item.value in KINDS]


def kind_comparisons(source: str, where: str) -> list[str]:
    """Every comparison in `source` with a kind's name as an operand ('plan.py:12 == poster'), a
    `case "poster":` of a match statement included."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Compare):
            for operand in [node.left, *node.comparators]:
                found += [f"{where}:{node.lineno} compares {name!r}" for name in kind_names_in(operand)]
        elif isinstance(node, ast.MatchValue):
            found += [f"{where}:{node.lineno} compares {name!r}" for name in kind_names_in(node.value)]
    return found


def test_the_kind_comparison_scan_finds_each_form():
    source = 'a = kind == "poster"\nb = "brochure" != x\nc = k in ("overview", "x")\nd = k not in {"programme"}\n'
    assert [line.split(" ", 1)[1] for line in kind_comparisons(source, "x.py")] == [
        "compares 'poster'",
        "compares 'brochure'",
        "compares 'overview'",
        "compares 'programme'",
    ]
    assert kind_comparisons('match kind:\n    case "poster":\n        pass\n', "x.py") == ["x.py:2 compares 'poster'"]
    assert kind_comparisons('title = f"title_{kind}"\nsizes = {"poster": 1}["poster"]\n', "x.py") == []
    assert JINJA_KIND_CONDITION.search("{% if kind == 'poster' %}") and not JINJA_KIND_CONDITION.search(
        "{% if mark.kind == 'logo' %}"
    )


def test_no_module_compares_a_kind_name():
    """What a kind decides is a field of its record (publication/kinds.py), read where it is needed:
    `publication.kind_record.saddle_stitched`, not `publication.kind == "brochure"`."""
    found = [
        found
        for file in sorted(PACKAGE.rglob("*.py"))
        if file != KINDS_TABLE_FILE
        for found in kind_comparisons(file.read_text(encoding="utf-8"), file.relative_to(ROOT).as_posix())
    ]
    assert found == []


def test_no_layout_branches_on_a_kind_name():
    found = [
        f"{file.relative_to(ROOT).as_posix()}: {match.group(0)}"
        for file in sorted((ROOT / "layouts").rglob("*.html"))
        for match in JINJA_KIND_CONDITION.finditer(file.read_text(encoding="utf-8"))
    ]
    assert found == []


def test_each_kind_has_its_layout_stylesheet_and_words():
    """A kind is its record, a layout, a stylesheet and its words in every catalogue: nothing else to add."""
    missing = [
        f"{folder}/{name}"
        for kind in KIND_TABLE
        for folder, name in (("layouts", kind.layout), ("styles", kind.stylesheet))
        if not (ROOT / folder / name).is_file()
    ]
    for catalogue in sorted((ROOT / "layouts" / "messages").glob("*.yaml")):
        words = yaml.safe_load(catalogue.read_text(encoding="utf-8"))
        missing += [
            f"{catalogue.name}: {k.title_word}"
            for k in KIND_TABLE
            if k.titled_by != "series" and k.title_word not in words
        ]
    for catalogue in sorted((ROOT / "layouts" / "messages" / "site").glob("*.yaml")):
        words = yaml.safe_load(catalogue.read_text(encoding="utf-8"))
        missing += [f"site/{catalogue.name}: {kind.label_word}" for kind in KIND_TABLE if kind.label_word not in words]
    assert missing == []
