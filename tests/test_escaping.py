"""Data is text, not markup: `<script>` and `</style>` in every text of the sources print as characters."""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import pypdfium2
import pytest
import yaml

from publication.document import DocumentMaker
from publication.kinds import kind_of
from publication.load import load_yaml
from publication.localise import Languages
from publication.model import Workshop, validate
from publication.plan import KINDS, PDF_KINDS, BuildOptions, Project, plan_publications
from publication.render import build_context, make_environment, render_html
from publication.sources import SOURCE_FILES, WORKSHOPS_DIR, iter_texts, read_sources
from tests.conftest import ROOT, unchanged_by_readers

MARK = "<script>alert(1)</script></style>"


def _set(data, path, value):
    for part in path[:-1]:
        data = data[part]
    data[path[-1]] = value


def poison_sources(sources: Path) -> int:
    """Append MARK to every text (every translation) of every source file; returns how many."""
    files = {sources / name: model for name, model in SOURCE_FILES.items()}
    files |= dict.fromkeys(sorted((sources / WORKSHOPS_DIR).glob("*.yaml")), Workshop)
    count = 0
    for file, model in files.items():
        doc, problems = load_yaml(file)
        record, problems = validate(doc, model)
        assert record is not None, problems
        for path, _text in iter_texts(record):
            value = doc.data
            for part in path:
                value = value[part]
            if isinstance(value, str):
                _set(doc.data, path, value + " " + MARK)
            else:
                for code in value:
                    value[code] += " " + MARK
            count += 1
        file.write_text(yaml.safe_dump(doc.data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return count


@pytest.fixture(scope="module")
def poisoned(tmp_path_factory) -> Iterator[Project]:
    root = tmp_path_factory.mktemp("poisoned")
    for name in ("sources", "layouts", "styles"):
        shutil.copytree(ROOT / name, root / name)
    assert poison_sources(root / "sources") > 100
    # The event kit's documents print a participant list: its texts poisoned too.
    (root / "sources" / "private").mkdir()
    people = "".join(
        f"  - {{name: {name}, organisation: {json.dumps('Organisation ' + MARK)}, country: GR, role: speaker}}\n"
        for name in ("Eleni PAPADAKI", "Nikos GEORGIOU", "Maria ALEXIOU")
    )
    (root / "sources" / "private" / "2017-05-thessaloniki.participants.yaml").write_text(
        f"participants:\n{people}", encoding="utf-8"
    )
    with unchanged_by_readers(root):
        yield Project(root, root / "output")


class _Elements(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[str] = []
        self.text: list[str] = []
        self.open: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.open.append(tag)

    def handle_endtag(self, tag):
        self.open.append(f"/{tag}")

    def handle_data(self, data):
        self.text.append(data)


def test_every_text_in_every_layout_is_escaped_in_the_html(poisoned):
    sources = read_sources(poisoned.sources)
    env = make_environment(poisoned.theme.folders("layouts"))
    plan = plan_publications(sources, BuildOptions(variants=("screen",)))
    languages = Languages(sources.site.source_language, poisoned.root)
    assert {p.kind for p in plan} == {kind for kind in KINDS if not kind_of(kind).only_with_changes}  # no release
    for publication in plan:
        html = render_html(env, publication, build_context(sources, publication, languages[publication.lang]))
        assert "<script" not in html, publication
        assert html.count("</style>") == html.count("<style"), f"a text closed a <style> in {publication}"
        parser = _Elements()
        parser.feed(html)
        assert "script" not in parser.tags
        printed = "".join(parser.text)
        assert printed.count(MARK) >= 5, f"the texts of {publication} are not printed as characters"


def _pdf_text(pdf: bytes) -> str:
    document = pypdfium2.PdfDocument(pdf)
    text = "".join(document[i].get_textpage().get_text_range() for i in range(len(document)))
    return re.sub(r"[\s\u00ad\u2010-]+", "", text).lower()


@pytest.mark.build
@pytest.mark.parametrize("kind", [kind for kind in PDF_KINDS if not kind_of(kind).only_with_changes])
def test_markup_in_the_sources_is_printed_as_characters_in_the_pdf(poisoned, kind):
    sources = read_sources(poisoned.sources)
    planned = [p for p in plan_publications(sources, BuildOptions(variants=("screen",))) if p.kind == kind]
    # In English where it is made in English (the programme: Thessaloniki's), else as planned (the kit: its
    # project's first language, the event with a participant list, its first day).
    publication = next(
        (p for p in planned if p.lang == "en" and p.workshop in (None, "2017-05-thessaloniki")), planned[0]
    )
    made = DocumentMaker(poisoned, sources, BuildOptions()).make(publication, False)
    assert made.problems == []
    pdf = made.files[0].data
    text = _pdf_text(pdf)
    mark = re.sub(r"\s+", "", MARK).lower()
    assert text.count(mark) >= 3, f"{kind}: {text[:300]}"
