"""The resource sandbox: WeasyPrint may read files inside the project, the default theme's, and data: URIs."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from .errors import Location, Problem
from .messages import _
from .theme import Theme, theme_of


class Refused(Exception):
    """A resource outside the sandbox; WeasyPrint logs it and carries on, we collect it."""


def make_fetcher(root: Path, svg_filter: Callable[[bytes], bytes] | None = None):
    """A WeasyPrint 70 URL fetcher (it must be a URLFetcher) that only serves the sandbox; with
    `svg_filter`, SVG images are served as it rewrites them (print: their colours in CMYK)."""
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class ProjectFetcher(_Sandbox, URLFetcher):
        """Refuses what the sandbox refuses; WeasyPrint logs the refusal and carries on,
        so each is also recorded in `refused` and the caller turns them into errors."""

        def fetch(self, url, headers=None):
            try:
                real = self.check(url)
            except Refused as exc:
                self.refused.append((url, str(exc)))
                raise
            if svg_filter is not None and real is not None and real.suffix.lower() == ".svg":
                body = svg_filter(real.read_bytes())
                return URLFetcherResponse(real.as_uri(), body, {"Content-Type": "image/svg+xml"})
            # The file that wins (the project's over the default theme's): references inside it
            # are then relative to where it is.
            return super().fetch(real.as_uri() if real is not None else url, headers)

    fetcher = ProjectFetcher(allowed_protocols=("file", "data"), allow_redirects=False)
    fetcher.root = Path(root).resolve()
    fetcher.theme = theme_of(fetcher.root)
    fetcher.refused = []
    return fetcher


class _Sandbox:
    """The rule: files inside `root` (symbolic links resolved) and data: URIs."""

    root: Path
    theme: Theme
    refused: list[tuple[str, str]]  # (url, why)

    def check(self, url: str) -> Path | None:
        """The local file `url` names, if the sandbox allows it; raise Refused otherwise."""
        parts = urlsplit(url)
        scheme = parts.scheme.lower()
        if scheme == "data":
            return None
        if scheme != "file":
            raise Refused(
                _(
                    "'{url}' is a {value} address; a build reads no network resource: copy the file into the project and refer to it by its path"
                ).format(url=url, value=scheme or "relative")
            )
        if parts.netloc not in ("", "localhost"):
            raise Refused(_("'{url}' names another machine; refer to a file inside the project").format(url=url))
        # A layouts/ or styles/ file the project lacks is the default theme's, and the reverse.
        path = self.theme.winner(Path(unquote(parts.path)))
        # resolve() follows symbolic links: a link inside the project to a file outside is refused.
        real = path.resolve()
        if not self.theme.allows(real):
            # Written inside but resolving outside: a symbolic link leaves the project.
            where = "leads outside" if Path(os.path.normpath(path)).is_relative_to(self.root) else "is outside"
            raise Refused(
                _(
                    "'{shown}' {where} the project folder {root}; copy the file into the project (e.g. into styles/ or sources/images/)"
                ).format(shown=_shown(path, self.root), where=where, root=self.root)
            )
        return real


# What the build reads without the fetcher (the loader, Jinja, the stylesheets WeasyPrint is
# given): a link among them leading outside is refused before any is read. Fonts, images and
# imported stylesheets are refused where they are referenced, which names the reference.
READ_DIRECTLY = ("sources/**/*", "layouts/**/*", "styles/*.css", "releases/**/*")  # releases: what changed since


def links_leaving(project: Path) -> list[Problem]:
    """Every symbolic link the build would read directly that leads outside the project."""
    root = project.resolve()
    problems = []
    for pattern in READ_DIRECTLY:
        folder = project / pattern.split("/")[0]
        for path in [folder, *sorted(project.glob(pattern))]:
            if path.is_symlink() and not path.resolve().is_relative_to(root):
                problems.append(
                    Problem(
                        path.relative_to(project).as_posix(),
                        None,
                        "",
                        _("is a symbolic link to {readlink}, which leads outside the project folder {root}").format(
                            readlink=os.readlink(path), root=root
                        ),
                        _("copy the file into the project instead of linking it"),
                    )
                )
    return problems


def _shown(path: Path, root: Path) -> str:
    try:
        return path.absolute().relative_to(root).as_posix()
    except ValueError:
        return str(path)


def locate_reference(url: str, documents: Iterable[Any], root: Path) -> tuple[str, Location | None, str]:
    """Where a refused address was written: (file, line, field) in the sources or the styles.

    The fetcher sees only a resolved URL; the value as written is searched for in the
    loaded source documents, then in the layouts and styles.
    """
    tail = unquote(urlsplit(url).path) if url.lower().startswith("file:") else url
    for doc in documents:
        for path, value in _strings(doc.data):
            written = value.strip().lstrip("./")
            if value == url or (("/" in written or "." in written) and len(written) > 3 and tail.endswith(written)):
                from .load import dotted_path

                return str(doc.file), doc.line_of(path), dotted_path(path)
    theme = theme_of(root)
    for folder in ("layouts", "styles"):
        for file in theme.files(folder):
            if file.suffix not in (".html", ".css"):
                continue
            for number, line in enumerate(file.read_text(encoding="utf-8", errors="replace").splitlines(), 1):
                needle = Path(tail).name if url.lower().startswith("file:") else url
                if needle and needle in line:
                    return theme.shown(file), number, "url()" if file.suffix == ".css" else "src"
    return "", None, ""


def _strings(value: Any, path: tuple = ()) -> Iterable[tuple[tuple, str]]:
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(item, (*path, key))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _strings(item, (*path, i))


def refusal_problems(fetcher: _Sandbox, documents: Iterable[Any], root: Path) -> list[Problem]:
    """The fetcher's refusals as located problems."""
    problems = []
    documents = list(documents)
    for url, why in dict.fromkeys(fetcher.refused):
        file, line, field_name = locate_reference(url, documents, root)
        problems.append(
            Problem(
                file or _("(layouts or styles)"),
                line,
                field_name,
                _("refused: {why}").format(why=why),
                _("only files inside the project folder and data: URIs can be used"),
            )
        )
    return problems
