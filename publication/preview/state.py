"""What the preview shows: the last good documents, the current problems, an epoch the browser polls.

The builder changes it, the server's request threads read it: every access takes its lock.
"""

from __future__ import annotations

import threading

from ..errors import Problem
from ..plan import KINDS
from .viewer import Document
from .words import warnings_label


def _problem_dict(problem: Problem) -> dict:
    return {
        "where": f"{problem.file}:{problem.line}" if problem.line else str(problem.file),
        "field": problem.field,
        "message": problem.message,
        "fix": problem.fix,
        "text": str(problem),
    }


class PreviewState:
    """The last good documents, the current problems and an epoch that changes with either."""

    def __init__(self, name: str = "") -> None:
        self._lock = threading.Lock()
        self.name = name  # what the pages' titles call the project: its network, once the sources are read
        self.epoch = 0
        self.building = False
        self.stage = ""  # where the current problems come from: "sources" or "render"
        self.heading = ""
        self.problems: list[Problem] = []
        self.warnings: list[Problem] = []
        self.documents: dict[str, Document] = {}
        self.viewed = ""  # the key of the document last asked for: the next build makes it first

    def status(self) -> dict:
        with self._lock:
            return {
                "epoch": self.epoch,
                "name": self.name,
                "building": self.building,
                "heading": self.heading,
                "problems": [_problem_dict(p) for p in self.problems],
                "warnings": [str(w) for w in self.warnings],
                "warnings_label": warnings_label(len(self.warnings)),
                "documents": {key: doc.sha256 for key, doc in self.documents.items()},
            }

    def document(self, key: str) -> Document | None:
        with self._lock:
            return self.documents.get(key)

    def looked_at_last(self) -> str:
        with self._lock:
            return self.viewed

    def looked_at(self, key: str) -> Document | None:
        """The document of `key`, which the user is looking at (its viewer, a page, its PDF): made first
        by the next build, even if it is not there yet (a first build that failed)."""
        with self._lock:
            self.viewed = key
            return self.documents.get(key)

    def listing(self) -> list[Document]:
        order = {kind: i for i, kind in enumerate(KINDS)}
        with self._lock:
            documents = list(self.documents.values())
        return sorted(
            documents,
            key=lambda d: (
                d.publication.lang,
                order[d.publication.kind],
                d.publication.workshop or "",
                d.publication.variant,
            ),
        )

    def _change(self, **values) -> None:
        with self._lock:
            for name, value in values.items():
                setattr(self, name, value)
            self.epoch += 1

    def start_build(self) -> None:
        self._change(building=True)

    def sources_valid(self, warnings: list[Problem], name: str | None = None) -> None:
        """Clear source problems at once; render problems wait for a build that succeeds."""
        with self._lock:
            clear = self.stage == "sources"
        self._change(
            warnings=list(warnings),
            **({"name": name} if name else {}),
            **({"stage": "", "heading": "", "problems": []} if clear else {}),
        )

    def put(self, document: Document) -> None:
        with self._lock:
            self.documents[document.key] = document
            self.epoch += 1

    def succeed(self, keep: set[str]) -> None:
        with self._lock:
            self.documents = {key: doc for key, doc in self.documents.items() if key in keep}
        self._change(building=False, stage="", heading="", problems=[])

    def fail(self, stage: str, heading: str, problems: list[Problem]) -> None:
        self._change(building=False, stage=stage, heading=heading, problems=list(problems))

    def stop_build(self) -> None:
        self._change(building=False)
