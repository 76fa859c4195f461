"""Hostile or broken input on the output side: options, environment, the output folder, the preview.

Each case of BAD_OUTPUTS breaks one thing in a copy of a built project, runs the command, and
asserts the exit code, the exact message (the file or option, what is wrong, the fix), that no
traceback is shown, and that the previous outputs are byte for byte as they were.
"""

from __future__ import annotations

import errno
import fcntl
import http.client
import json
import os
import re
import shutil
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

import publication.outputs as outputs
from publication.state import STATE
from tests.conftest import ROOT, run_cli, unchanged_by_readers
from tests.test_commit import assert_consistent

SMALL = ("--kind", "programme", "--lang", "el", "--variant", "screen")  # one document, the quickest
PDF = "el/programme-2017-05-thessaloniki-screen.pdf"


@dataclass
class Case:
    id: str
    args: tuple[str, ...]  # after `--project P`; OUT stands for the output folder
    code: int
    messages: tuple[str, ...]  # each must appear in the output (OUT and P replaced)
    breaks: Callable[[Path, Path], None] = lambda project, output: None
    env: dict = field(default_factory=dict)
    patch: Callable[[pytest.MonkeyPatch], None] | None = None
    intact: bool = True  # the previous outputs are still all there, unchanged
    after: Callable[[Path, Path], None] = lambda project, output: None  # more checks once it ran


def build_args(*extra: str) -> tuple[str, ...]:
    return ("build", "--output", "OUT", *SMALL, *extra)


def write(relative: str, text: str) -> Callable[[Path, Path], None]:
    return lambda project, output: (output / relative).write_text(text, encoding="utf-8")


def folder_at(relative: str) -> Callable[[Path, Path], None]:
    def make(project: Path, output: Path) -> None:
        path = output / relative
        if path.exists():
            path.unlink()
        path.mkdir()

    return make


def edit_state(change: Callable[[dict], None]) -> Callable[[Path, Path], None]:
    def breaks(project: Path, output: Path) -> None:
        state = json.loads((output / STATE).read_text(encoding="utf-8"))
        change(state)
        (output / STATE).write_text(json.dumps(state), encoding="utf-8")

    return breaks


def failing(name: str, error: int):
    """Replace one of outputs' writers by one the system refuses with `error`."""

    def patch(monkeypatch: pytest.MonkeyPatch) -> None:
        def refuse(*args, **kwargs):
            raise OSError(error, os.strerror(error))

        if name == "open":  # the lock's open(): shadow the built-in in outputs only
            monkeypatch.setattr(outputs, "open", refuse, raising=False)
        elif hasattr(outputs, name):
            monkeypatch.setattr(outputs, name, refuse)
        else:
            monkeypatch.setattr(outputs.tempfile, name, refuse)

    return patch


def aim_outside(project: Path, output: Path) -> None:
    """A hand-edited state naming a file outside the output folder: it must never be deleted."""
    (project / "victim.txt").write_text("keep me\n", encoding="utf-8")
    edit_state(lambda state: state["outputs"][PDF]["files"].update({"../victim.txt": [8, "0" * 64]}))(project, output)


def lock_linked_outside(project: Path, output: Path) -> None:
    (project / "victim.txt").write_text("keep me\n", encoding="utf-8")
    (output / ".lock").unlink(missing_ok=True)
    (output / ".lock").symlink_to(project / "victim.txt")


def victim_untouched(project: Path, output: Path) -> None:
    assert (project / "victim.txt").read_text(encoding="utf-8") == "keep me\n"


def fifo_in_workshops(project: Path, output: Path) -> None:
    os.mkfifo(project / "sources" / "workshops" / "2019-01-pipe.yaml")


def escape_in_a_key(project: Path, output: Path) -> None:
    path = project / "sources" / "workshops" / "2017-05-thessaloniki.yaml"
    path.write_text(path.read_text(encoding="utf-8") + '"ti\\e[2Jtle": x\n', encoding="utf-8")


def escape_in_a_file_name(project: Path, output: Path) -> None:
    workshops = project / "sources" / "workshops"
    shutil.copy(workshops / "2017-05-thessaloniki.yaml", workshops / "2019-05-a\x1b[2Jb.yaml")


def hash_and_question_mark(project: Path, output: Path) -> None:
    workshops = project / "sources" / "workshops"
    shutil.copy(workshops / "2017-05-thessaloniki.yaml", workshops / "2019-05-a#b?c%d.yaml")


def epoch_written(output: Path, day: str) -> None:
    import pikepdf

    with pikepdf.open(output / PDF) as pdf:
        assert str(pdf.docinfo["/CreationDate"]).startswith(day), pdf.docinfo["/CreationDate"]


USERS_FILES = {".notes.tmp": "mine\n", "el/.draft.partial": "half mine\n", "el/sub/.x.tmp": "also mine\n"}


def users_hidden_files(project: Path, output: Path) -> None:
    """Hidden *.tmp and *.partial files a person keeps in the build's own folder: no build noted them."""
    for name, text in USERS_FILES.items():
        (output / name).parent.mkdir(parents=True, exist_ok=True)
        (output / name).write_text(text, encoding="utf-8")


def users_hidden_files_kept(project: Path, output: Path) -> None:
    assert {name: (output / name).read_text(encoding="utf-8") for name in USERS_FILES} == USERS_FILES


FIX_TIMEOUT = "is not a number of seconds from 0 (no limit) to 86400; e.g. --timeout 300"
FIX_EPOCH = "fix: set it to e.g. $(git log -1 --format=%ct), or unset it"
FIX_IN_THE_WAY = "fix: move it away (e.g. `mv OUT/{0} OUT/{0}.old`), then build again"
DAMAGED = "fix: nothing to do (this build writes a new one); do not edit .build-state.json"

BAD_OUTPUTS = [
    Case("timeout-nan", build_args("--timeout", "nan"), 2, (f"Invalid value for '--timeout': 'nan' {FIX_TIMEOUT}",)),
    Case("timeout-inf", build_args("--timeout", "inf"), 2, (f"Invalid value for '--timeout': 'inf' {FIX_TIMEOUT}",)),
    Case("timeout-negative", build_args("--timeout=-5"), 2, (f"Invalid value for '--timeout': '-5' {FIX_TIMEOUT}",)),
    Case(
        "timeout-huge", build_args("--timeout", "1e300"), 2, (f"Invalid value for '--timeout': '1e300' {FIX_TIMEOUT}",)
    ),
    Case(
        "epoch-exponent",
        build_args(),
        2,
        ("SOURCE_DATE_EPOCH='1e17' is not a number of seconds since 1970-01-01 (whole, in digits 0-9)", FIX_EPOCH),
        env={"SOURCE_DATE_EPOCH": "1e17"},
    ),
    Case(
        "epoch-superscript",
        build_args(),
        2,
        ("SOURCE_DATE_EPOCH='²' is not a number of seconds", FIX_EPOCH),
        env={"SOURCE_DATE_EPOCH": "²"},
    ),
    Case(
        "epoch-after-9999",
        build_args(),
        2,
        ("SOURCE_DATE_EPOCH=100000000000000000 is after the year 9999, the last a PDF date can carry", FIX_EPOCH),
        env={"SOURCE_DATE_EPOCH": "100000000000000000"},
    ),
    Case(
        "epoch-leading-zeros",
        build_args(),
        0,
        ("built 1, unchanged 0, failed 0",),
        env={"SOURCE_DATE_EPOCH": "0001500000000"},  # 2017-07-14: an integer, whatever its zeros
        intact=False,  # the programme's dates are the epoch's
        after=lambda project, output: epoch_written(output, "D:20170714"),
    ),
    Case(
        "users-hidden-files-kept",
        build_args("--force"),
        0,
        ("failed 0",),
        breaks=users_hidden_files,
        intact=False,
        after=users_hidden_files_kept,
    ),
    Case(
        "output-in-layouts",
        ("build", "--output", "P/layouts/site", *SMALL),
        2,
        (
            "--output P/layouts/site is inside layouts/: a build there would write over or delete the project's own "
            "files",
            "fix: leave --output out (it builds into output/)",
        ),
    ),
    Case(
        "output-is-sources", ("build", "--output", "P/sources", *SMALL), 2, ("--output P/sources is inside sources/",)
    ),
    Case(
        "output-in-styles",
        ("build", "--output", "P/styles/fonts/x", *SMALL),
        2,
        ("--output P/styles/fonts/x is inside styles/",),
    ),
    Case("output-is-the-project", ("build", "--output", "P", *SMALL), 2, ("--output P is the project folder",)),
    Case(
        "preview-output-in-sources",
        ("preview", "--output", "P/sources/x"),
        2,
        ("--output P/sources/x is inside sources/",),
    ),
    Case(
        "state-not-json",
        build_args(),
        0,
        (
            "warning: OUT/.build-state.json: it cannot be read (Expecting value: "
            "line 1 column 1 (char 0)); it is ignored and what it described is "
            "built again",
            DAMAGED,
            "built 1, unchanged 0",
        ),
        breaks=write(STATE, "not json{"),
        intact=False,
    ),
    Case(
        "state-a-list",
        build_args(),
        0,
        ("warning: OUT/.build-state.json: it is not a JSON object", DAMAGED),
        breaks=write(STATE, "[1, 2]"),
        intact=False,
    ),
    Case(
        "state-wrong-shape",
        build_args(),
        0,
        (f"warning: OUT/.build-state.json: {PDF} has the wrong shape", DAMAGED),
        breaks=edit_state(lambda s: s["outputs"][PDF].update(seconds="soon")),
        intact=False,
    ),
    Case(
        "state-names-a-file-outside",
        build_args(),
        0,
        (f"warning: OUT/.build-state.json: {PDF} has the wrong shape",),
        breaks=aim_outside,
        intact=False,
    ),
    Case(
        "manifest-a-folder",
        build_args("--force"),
        2,
        (
            "OUT/manifest.json is a folder, where the build writes a file; nothing was written",
            FIX_IN_THE_WAY.format("manifest.json"),
        ),
        breaks=folder_at("manifest.json"),
    ),
    Case(
        "state-a-folder",
        build_args("--force"),
        2,
        ("OUT/.build-state.json is a folder, where the build writes a file",),
        breaks=folder_at(STATE),
    ),
    Case(
        "index-a-folder",
        build_args("--force"),
        2,
        ("OUT/index.html is a folder, where the build writes a file",),
        breaks=folder_at("index.html"),
    ),
    Case(
        "pdf-a-folder",
        ("build", "--output", "OUT", "--kind", "programme", "--lang", "el", "--force"),
        2,
        (f"OUT/{PDF.replace('screen', 'print')} is a folder, where the build writes a file; nothing was written",),
        breaks=folder_at(PDF.replace("screen", "print")),
    ),
    Case(
        "lock-a-folder",
        build_args(),
        2,
        ("OUT/.lock is a folder, where the build writes a file", FIX_IN_THE_WAY.format(".lock")),
        breaks=folder_at(".lock"),
    ),
    Case(
        "lock-a-symbolic-link",
        build_args(),
        2,
        (
            "cannot write OUT/.lock: it is a symbolic link, which the build never follows; the previous outputs were "
            "left as they were",
            "fix: remove the link (`rm OUT/.lock`), then build again",
        ),
        breaks=lock_linked_outside,
        after=victim_untouched,
    ),
    Case(
        "output-under-a-file",
        ("build", "--output", "P/output/manifest.json/out", *SMALL),
        2,
        (
            "cannot write OUT/manifest.json/out/.lock: a folder or file is in the way; the previous outputs were "
            "left as they were",
            "fix: remove or rename what is in the way",
        ),
    ),
    Case(
        "output-unwritable",
        build_args("--force"),
        2,
        (
            f"cannot write OUT/{PDF}: permission denied; the previous outputs were left as they were",
            "fix: make OUT/el writable, or build into another folder with --output",
        ),
        patch=failing("mkstemp", errno.EACCES),
    ),
    Case(
        "output-folder-unwritable",
        build_args(),
        2,
        (
            "cannot write OUT/.lock: permission denied; the previous outputs were left as they were",
            "fix: make OUT writable, or build into another folder with --output",
        ),
        patch=failing("open", errno.EACCES),
    ),
    Case(
        "disk-full",
        build_args("--force"),
        2,
        (
            f"cannot write OUT/{PDF}: the disk is full; the previous outputs were left as they were",
            "fix: free some space on the disk holding OUT/el (or build elsewhere with --output), then build again",
        ),
        patch=failing("write_all", errno.ENOSPC),
    ),
    Case(
        "read-only-file-system",
        build_args("--force"),
        2,
        (f"cannot write OUT/{PDF}: the file system is read-only",),
        patch=failing("write_all", errno.EROFS),
    ),
    Case(
        "fifo-in-workshops",
        ("check",),
        2,
        (
            "sources/workshops/2019-01-pipe.yaml: is not a regular file (a folder, named pipe or device)",
            "fix: replace it with a YAML file, or remove it",
        ),
        breaks=fifo_in_workshops,
    ),
    Case(
        "escape-in-a-key",
        ("check",),
        2,
        ("sources/workshops/2017-05-thessaloniki.yaml:", " ti\\x1b[2Jtle holds the control character U+001B"),
        breaks=escape_in_a_key,
    ),
    Case(
        "escape-in-a-file-name",
        ("list",),
        2,
        ("sources/workshops/2019-05-a\\x1b[2Jb.yaml:1: has '\\x1b' in its name",),
        breaks=escape_in_a_file_name,
    ),
    Case(
        "hash-in-a-file-name",
        build_args(),
        2,
        ("sources/workshops/2019-05-a#b?c%d.yaml:1: has '#' in its name, which its programmes' links cannot hold",),
        breaks=hash_and_question_mark,
    ),
    Case(
        "no-sources-folder",
        ("check",),
        2,
        ("is not a folder", "fix: run the command from the project folder, or pass --project FOLDER"),
        breaks=lambda project, output: shutil.rmtree(project / "sources"),
    ),
]


@pytest.fixture(scope="module")
def previous(tmp_path_factory) -> Iterator[Path]:
    """A project whose output holds one built programme (all its files: PDF, thumbnail, pages, calendars)."""
    root = tmp_path_factory.mktemp("hostile")
    for name in ("sources", "layouts", "styles"):
        shutil.copytree(ROOT / name, root / name)
    result = run_cli("build", "--output", str(root / "output"), *SMALL, project=root)
    assert result.exit_code == 0, result.output
    with unchanged_by_readers(root):
        yield root


def files_of(output: Path) -> dict[str, bytes]:
    return {
        p.relative_to(output).as_posix(): p.read_bytes()
        for p in sorted(output.rglob("*"))
        if p.is_file() and p.name != ".lock"
    }


@pytest.mark.build
@pytest.mark.parametrize("case", BAD_OUTPUTS, ids=[case.id for case in BAD_OUTPUTS])
def test_bad_output_side_input_is_a_clear_error(case: Case, previous, tmp_path, monkeypatch):
    project, output = tmp_path / "project", tmp_path / "project" / "output"
    shutil.copytree(previous, project, symlinks=True)
    before = files_of(output)
    case.breaks(project, output)
    for name, value in case.env.items():
        monkeypatch.setenv(name, value)
    if case.patch:
        case.patch(monkeypatch)
    args = [
        arg.replace("OUT", str(output)).replace("P", str(project))
        if arg in ("OUT", "P") or arg.startswith("P/")
        else arg
        for arg in case.args
    ]
    result = run_cli(*args, project=project)
    shown = result.output.replace(str(output), "OUT").replace(str(project), "P")
    assert result.exit_code == case.code, shown
    for message in case.messages:
        assert message in shown
    assert "Traceback" not in shown and "internal error" not in shown and "\x1b" not in shown
    leftovers = [*output.rglob("*.partial"), *output.rglob("*.tmp")]
    assert [path for path in leftovers if path.relative_to(output).as_posix() not in USERS_FILES] == []
    if case.intact:
        assert {k: v for k, v in files_of(output).items() if k != STATE} == {
            k: v for k, v in before.items() if k != STATE and (output / k).is_file()
        }
    case.after(project, output)
    if case.code == 0 and case.args[0] == "build":
        assert_consistent(output)
        assert json.loads((output / STATE).read_text())["format"] == 2
        assert not (project / "victim.txt").exists() or (project / "victim.txt").read_text() == "keep me\n"


# --- a build beside a running preview ------------------------------------------------------


@pytest.mark.build
def test_a_build_leaves_the_running_previews_staged_files_alone(previous, tmp_path):
    """A preview told to build into output/preview/ (where it built by default before) works under its own
    lock; a build of output/ cleans only its own."""
    project = tmp_path / "project"
    shutil.copytree(previous, project)
    output, preview = project / "output", project / "output" / "preview"
    staged = preview / "el" / f".{Path(PDF).name}.x1y2z3w4.partial"  # what the preview is writing right now
    staged.parent.mkdir(parents=True)
    (preview / PDF).write_bytes(b"%PDF- the preview's last build")
    (preview / STATE).write_text("{}", encoding="utf-8")  # the preview's folder is a build's own
    own = output / "el" / f".{Path(PDF).name}.k1lled00.partial"  # a killed build's leftover of output/ itself
    own.write_bytes(b"half")
    (output / ".lock").write_text(f"pid 1\nstaged el/{own.name}\n", encoding="utf-8")  # as that build noted it
    with outputs.lock_output(preview):  # the preview's build holds its folder
        staged.write_bytes(b"%PDF- half staged")
        result = run_cli("build", "--output", str(output), *SMALL, "--force", project=project)
        assert result.exit_code == 0, result.output
        assert staged.read_bytes() == b"%PDF- half staged"
    assert (preview / PDF).read_bytes() == b"%PDF- the preview's last build"
    assert not own.exists()
    assert_consistent(output)


# --- the preview's server ------------------------------------------------------------------


def blank_pdf(pages: int, size_pt: tuple[float, float]) -> bytes:
    import io

    import pikepdf

    pdf = pikepdf.new()
    for _ in range(pages):
        pdf.add_blank_page(page_size=size_pt)
    stream = io.BytesIO()
    pdf.save(stream)
    return stream.getvalue()


@pytest.fixture(scope="module")
def server():
    from publication.plan import Publication
    from publication.preview import PreviewState, describe_document, start_server

    state = PreviewState("test")
    state.put(
        describe_document(
            Publication("programme", "fr", "screen", "2017-01-vantaa"),
            "fr/programme-screen.pdf",
            blank_pdf(2, (595, 842)),
        )
    )
    state.put(
        describe_document(Publication("poster", "fr", "screen"), "fr/poster-screen.pdf", blank_pdf(1, (2384, 3370)))
    )  # A0, to ask for too many pixels
    server = start_server(state, 0)
    yield server
    server.shutdown()
    server.server_close()


def get(server, path: str, host: str | None = "PORT") -> tuple[int, bytes]:
    port = server.server_address[1]
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=20)
    connection.putrequest("GET", path, skip_host=True)
    if host is not None:
        connection.putheader("Host", host.replace("PORT", f"127.0.0.1:{port}").replace(":P", f":{port}"))
    connection.endheaders()
    response = connection.getresponse()
    body = response.read()
    connection.close()
    return response.status, body


PAGE = "/page/fr/programme-screen"
PREVIEW_REQUESTS = [  # path, Host header, status, what the answer says
    (f"{PAGE}/1.png?scale=nan", "PORT", 400, b"scale='nan' is not a number; e.g. scale=1.33333"),
    (f"{PAGE}/1.png?scale=inf", "PORT", 400, b"scale='inf' is not a number"),
    (f"{PAGE}/1.png?scale=1e400", "PORT", 400, b"scale='1e400' is not a number"),
    (f"{PAGE}/1.png?scale=", "PORT", 400, b"scale='' is not a number"),
    (f"{PAGE}/%C2%B2.png", "PORT", 400, "'².png' is not a page: ask for /page/<document>/<number>.png".encode()),
    (f"{PAGE}/-1.png", "PORT", 400, b"is not a page"),
    (f"{PAGE}/3.png", "PORT", 404, b"404 Not Found"),
    (f"{PAGE}/1.png?scale=0.2", "PORT", 200, b"\x89PNG"),
    ("/view/fr/programme-screen?zoom=nan", "PORT", 400, b"zoom='nan' is not a number"),
    ("/view/fr/programme-screen?zoom=33", "PORT", 200, b"<"),  # a number not offered: the default zoom
    ("/status.json", "evil.example:P", 421, b"421 Misdirected Request: only http://127.0.0.1 or localhost is served"),
    ("/status.json", "127.0.0.1:1", 421, b"421 Misdirected Request"),  # another port
    ("/status.json", "127.0.0.1.evil.example:P", 421, b"421"),
    ("/status.json", None, 421, b"421"),
    ("/status.json", "localhost:P", 200, b'"epoch"'),
    ("/status.json", "LOCALHOST:P", 200, b'"epoch"'),
    ("/status.json", "[::1]:P", 200, b'"epoch"'),
]


@pytest.mark.parametrize(
    "path, host, status, says", PREVIEW_REQUESTS, ids=[f"{p} Host={h}" for p, h, _, _ in PREVIEW_REQUESTS]
)
def test_the_preview_answers_bad_requests_plainly(server, capfd, path, host, status, says):
    answer = get(server, path, host)
    assert answer[0] == status and says in answer[1], answer
    assert "Traceback" not in capfd.readouterr().err


def test_a_page_image_is_bounded_in_pixels(server):
    from PIL import Image

    from publication.limits import PREVIEW_MAX_PIXELS

    status, body = get(server, "/page/fr/poster-screen/1.png?scale=8")
    assert status == 200
    import io

    width, height = Image.open(io.BytesIO(body)).size
    assert PREVIEW_MAX_PIXELS * 0.9 < width * height <= PREVIEW_MAX_PIXELS


def test_a_failure_answering_is_one_line_without_traceback(server, capfd, monkeypatch):
    def broken(*args):
        raise RuntimeError("pdfium broke")

    monkeypatch.setattr(server.images, "png", broken)
    assert get(server, f"{PAGE}/1.png")[0] == 500
    err = capfd.readouterr().err
    assert f"preview: could not answer {PAGE}/1.png: RuntimeError: pdfium broke" in err
    assert "Traceback" not in err


def test_the_page_cache_is_bounded_by_bytes(server):
    from publication.preview import PageImages

    document = server.state.document("fr/programme-screen")
    images = PageImages(capacity=20_000)
    sizes = [len(images.png(document, 1, scale)) for scale in (0.5, 0.6, 0.7, 0.8, 0.9, 1.0)]
    assert sum(sizes) > images.capacity >= images.size == sum(len(data) for data in images._cache.values())
    assert images.png(document, 1, 1.0)  # the most recent is still there…
    assert (document.sha256, 1, 0.5) not in images._cache  # …the oldest went first


SUGGESTED_OPTION = re.compile(r"\b(?:pass|with|use|give|add|or|e\.g\.)\s+`?(--[a-z][a-z-]*[a-z])")


def test_answers_on_a_kept_alive_connection_are_not_held_back(server):
    """Headers and body used to leave in two writes, the second held by Nagle's algorithm until the
    browser's delayed acknowledgement: 45 ms a request (9 s for these 200; now about 0.1 s)."""
    port = server.server_address[1]
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=20)
    start = time.monotonic()
    for _ in range(200):
        connection.request("GET", "/status.json", headers={"Host": f"127.0.0.1:{port}"})
        assert connection.getresponse().read().startswith(b"{")
    connection.close()
    assert time.monotonic() - start < 3.0


def test_silent_connections_time_out_and_hold_a_bounded_number_of_threads(monkeypatch):
    """Connections opened and never used: at most CONNECTIONS threads (not one each), every one
    closed by the server once idle, and the preview still answers."""
    import socket

    import publication.preview.server as preview_server
    from publication.preview import PreviewState, start_server

    monkeypatch.setattr(preview_server, "CONNECTIONS", 4)
    monkeypatch.setattr(preview_server, "IDLE_SECONDS", 1)
    monkeypatch.setattr(preview_server.PreviewHandler, "timeout", 1)
    before = threading.active_count()
    server = start_server(PreviewState("test"), 0)
    port = server.server_address[1]
    try:
        silent = [socket.create_connection(("127.0.0.1", port), timeout=30) for _ in range(12)]
        time.sleep(0.5)
        assert threading.active_count() - before <= 4 + 1  # the answering threads, and the server's
        closed = [sock.recv(1) for sock in silent]  # b"": the server closed it (each within a few seconds)
        assert closed == [b""] * 12
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=20)
        connection.request("GET", "/status.json", headers={"Host": f"127.0.0.1:{port}"})
        assert connection.getresponse().status == 200
        connection.close()
    finally:
        server.shutdown()
        server.server_close()


def test_no_fix_text_suggests_an_option_that_does_not_exist():
    from publication.cli import main

    options = {opt for command in main.commands.values() for param in command.params for opt in param.opts}
    options |= {opt for param in main.params for opt in param.opts}
    assert SUGGESTED_OPTION.findall("or pass --sources") == ["--sources"]  # what this test found once
    suggested = {
        (file.relative_to(ROOT).as_posix(), option)
        for file in (ROOT / "publication").rglob("*.py")
        for option in SUGGESTED_OPTION.findall(file.read_text(encoding="utf-8"))
    }
    assert len(suggested) > 5
    assert {(file, option) for file, option in suggested if option not in options} == set()


def test_a_build_arriving_while_a_first_build_stages_its_files_names_that_build(tmp_path):
    """A first build's new folder holds its staged files and its lock, not yet its state: a second build
    says that a build is writing it (not "files no build wrote"), and touches nothing."""
    output = tmp_path / "output"
    output.mkdir()
    (output / ".programme.pdf.x1.tmp").write_bytes(b"%PDF- staged")
    with (output / ".lock").open("a+", encoding="utf-8") as first:
        fcntl.flock(first, fcntl.LOCK_EX | fcntl.LOCK_NB)
        first.write("pid 4242\n")
        first.flush()
        second = run_cli("build", "--output", str(output), *SMALL)
    assert second.exit_code == 2
    assert "is being written by another build (pid 4242)" in second.output, second.output
    assert sorted(p.name for p in output.iterdir()) == [".lock", ".programme.pdf.x1.tmp"]
