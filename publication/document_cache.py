"""Made documents shared between builds of different folders, by key: off unless
`PUBLICATION_DOCUMENT_CACHE` names a folder.

A document's key (`keys`) hashes every byte and option it reads, by names relative to the project,
and the pipeline's own code: two copies of a project give the same keys, and the same bytes
(`tests/test_reproducible.py`). A build in a fresh folder therefore need not lay out again a
document another folder's build has made: the test suite builds the same sources in hundreds of
throw-away folders, and CI or a team sharing a machine can do the same. Only documents that
passed (no problem, no failure, no preflight error) and were laid out (PDFs) are kept, each in one
file written atomically, so builds running side by side may share the folder. The folder holds pickles: name only a folder
you own, as for any cache of Python objects.
"""

from __future__ import annotations

import os
import pickle
from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from pathlib import Path

from .document import MadeDocument
from .outputs import write_atomically
from .plan import Publication

ENVIRONMENT = "PUBLICATION_DOCUMENT_CACHE"
FORMAT = 1  # in each file's name: a change of MadeDocument's fields starts a new set


def made_or_cached(
    make: Callable[[list[Publication]], Iterable[MadeDocument]],
    publications: list[Publication],
    key_of: dict[Publication, str],
) -> Iterator[MadeDocument]:
    """Each publication made by `make`, or taken from the cache the environment names."""
    return DocumentCache.from_environment().made(make, publications, key_of)


class DocumentCache:
    """Made documents by key, in `folder` (None: no cache, every document is made)."""

    def __init__(self, folder: Path | None) -> None:
        self.folder = folder

    @classmethod
    def from_environment(cls) -> DocumentCache:
        named = os.environ.get(ENVIRONMENT, "")
        return cls(Path(named) if named else None)

    def made(
        self,
        make: Callable[[list[Publication]], Iterable[MadeDocument]],
        publications: list[Publication],
        key_of: dict[Publication, str],
    ) -> Iterator[MadeDocument]:
        """Each publication made: found in the cache, else by `make` (and kept when it passed)."""
        missing = []
        for publication in publications:
            found = self.load(key_of[publication], publication)
            if found is None:
                missing.append(publication)
            else:
                yield found
        for document in make(missing):
            self.store(key_of[document.publication], document)
            yield document

    def load(self, key: str, publication: Publication) -> MadeDocument | None:
        if self.folder is None:
            return None
        try:
            document = pickle.loads(self._file(key).read_bytes())
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, TypeError):
            return None  # absent, or written by another version of the pipeline: made again
        return replace(document, publication=publication) if isinstance(document, MadeDocument) else None

    def store(self, key: str, document: MadeDocument) -> None:
        passed = not document.problems and not document.error and not any(r.errors for r in document.preflight)
        # A web page is rendered in a tenth of a second, without a layout: not worth a file.
        if self.folder is None or not passed or not document.publication.kind_record.typeset:
            return
        try:
            write_atomically(self._file(key), pickle.dumps(document, protocol=pickle.HIGHEST_PROTOCOL))
        except OSError:  # a full disk or a folder refused: the build goes on, the next one lays it out again
            return

    def _file(self, key: str) -> Path:
        assert self.folder is not None
        return self.folder / f"{key}.{FORMAT}.pickle"
