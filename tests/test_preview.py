"""The live preview: page viewer, spreads, boxes, errors in the browser, reload on edit, clean stop."""

from __future__ import annotations

import json
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from conftest import ROOT, run_cli

from publication.errors import Problem, SourceError
from publication.plan import Publication
from publication.preview import describe_document, describe_failure, spreads_of
from tools.browser import Browser

VANTAA = Path("sources/workshops/2017-01-vantaa.yaml")
VIEWER = "/view/fr/programme-2017-01-vantaa-screen"
PAGE_TEXT = "Array.from(document.querySelectorAll('.page-text')).map(e => e.textContent).join('\\n')"
PROBLEMS = "document.getElementById('problems')"


def start_preview(project: Path, port: int, log) -> subprocess.Popen:
    """`make-publication preview` of Vantaa's French programme in `project`, its terminal written to `log`."""
    return subprocess.Popen(
        [
            sys.executable,
            str(ROOT / "make_publication.py"),
            "--project",
            str(project),
            "preview",
            "--kind",
            "programme",
            "--event",
            "2017-01-vantaa",
            "--lang",
            "fr",
            "--port",
            str(port),
        ],
        stdout=log,
        stderr=subprocess.STDOUT,
        cwd=project,
    )


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def port_is_free(port: int) -> bool:
    """Nobody listens, and a new server can listen (closed connections may linger in TIME_WAIT)."""
    with socket.socket() as client:
        if client.connect_ex(("127.0.0.1", port)) == 0:
            return False
    with socket.socket() as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(("127.0.0.1", port))
            probe.listen()
            return True
        except OSError:
            return False


def read_status(port: int) -> dict | None:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/status.json", timeout=2) as response:
            return json.load(response)
    except OSError:
        return None


def wait_until(condition, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if value := condition():
            return value
        time.sleep(0.1)
    raise TimeoutError(f"not within {timeout:g} s: {what}")


def edit(project: Path, old: str, new: str) -> None:
    path = project / VANTAA
    text = path.read_text()
    assert old in text, old
    path.write_text(text.replace(old, new, 1))


@pytest.mark.build
def test_brochure_is_shown_as_spreads_and_others_page_by_page(built):
    brochure = describe_document(
        Publication("brochure", "fr", "screen"),
        "fr/brochure-screen.pdf",
        (built / "fr" / "brochure-screen.pdf").read_bytes(),
    )
    count = len(brochure.pages)
    assert count % 4 == 0
    rows = spreads_of(brochure)
    assert rows[0] == [None, 1] and rows[1] == [2, 3] and rows[-1] == [count, None]
    overview = describe_document(
        Publication("overview", "fr", "screen"),
        "fr/overview-screen.pdf",
        (built / "fr" / "overview-screen.pdf").read_bytes(),
    )
    assert spreads_of(overview) == [[n] for n in range(1, len(overview.pages) + 1)]


@pytest.mark.build
def test_print_pages_know_their_trim_and_bleed_boxes(built):
    page = describe_document(
        Publication("brochure", "fr", "print"),
        "fr/brochure-print.pdf",
        (built / "fr" / "brochure-print.pdf").read_bytes(),
    ).pages[0]
    points = 72 / 25.4
    # The trim line sits 3 mm inside the bleed line, and frames the A5 page's 148 mm.
    assert page.bleed is not None
    assert (page.trim.left - page.bleed.left) / 100 * page.width_pt == pytest.approx(3 * points, abs=0.1)
    assert (page.trim.top - page.bleed.top) / 100 * page.height_pt == pytest.approx(3 * points, abs=0.1)
    assert page.trim.width / 100 * page.width_pt == pytest.approx(148 * points, abs=0.1)
    screen = describe_document(
        Publication("brochure", "fr", "screen"),
        "fr/brochure-screen.pdf",
        (built / "fr" / "brochure-screen.pdf").read_bytes(),
    ).pages[0]
    assert screen.bleed is None and screen.trim.width == pytest.approx(100)
    assert "Arrival Cities" in screen.text


def test_a_failed_render_names_the_layout_line(tmp_path):
    import jinja2

    root = tmp_path
    (root / "layouts").mkdir()
    (root / "layouts" / "broken.html").write_text("<p>\n{{ oops }\n</p>\n")
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(root / "layouts")))
    with pytest.raises(jinja2.TemplateSyntaxError) as caught:
        env.get_template("broken.html")
    stage, heading, problems = describe_failure(caught.value, root)
    assert stage == "render" and problems[0].file == "layouts/broken.html" and problems[0].line == 2
    stage, heading, problems = describe_failure(SourceError([Problem("sources/site.yaml", 3, "x", "bad")]), root)
    assert (stage, heading, problems[0].line) == ("sources", "1 problem in the sources:", 3)


def test_a_port_in_use_is_named_with_another_to_try(project_copy):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = run_cli("preview", "--kind", "overview", "--port", str(port), project=project_copy)
    assert result.exit_code == 2
    assert f"port {port} on 127.0.0.1 is already in use" in result.output
    assert "fix: stop that server, or choose another port: --port " in result.output


@pytest.mark.build
@pytest.mark.browser
def test_edit_reload_error_overlay_and_clean_stop(project_copy, tmp_path, chromium):
    """The preview as the team uses it: open a programme, edit its YAML, break it, fix it, stop."""
    port = free_port()
    log = tmp_path / "preview.log"
    with log.open("w") as stream:
        server = start_preview(project_copy, port, stream)
    try:
        wait_until(
            lambda: (s := read_status(port)) and not s["building"] and VIEWER.removeprefix("/view/") in s["documents"],
            60,
            "the first build",
        )
        with Browser(width=1200, height=900) as browser:
            browser.open(f"http://127.0.0.1:{port}{VIEWER}")
            assert "Table ronde thématique" in browser.wait_for(PAGE_TEXT)
            assert browser.wait_for("document.querySelector('.sheet img').naturalWidth") > 500
            browser.screenshot(tmp_path / "viewer.png")

            # An edit appears in the reloaded page (a new document, not the old one patched).
            browser.evaluate("window.beforeEdit = true")
            edited = time.monotonic()
            edit(project_copy, "Table ronde thématique", "Table ronde sur le logement")
            browser.wait_for(f"!window.beforeEdit && ({PAGE_TEXT}).includes('Table ronde sur le logement')", 20)
            seconds_to_reload = time.monotonic() - edited
            assert seconds_to_reload < 10, f"the edit took {seconds_to_reload:.1f} s to show"
            print(f"edit shown in the browser after {seconds_to_reload:.1f} s")

            # An invalid value: the terminal's message over the last good pages.
            line = (project_copy / VANTAA).read_text(encoding="utf-8").splitlines().index("host: vantaa") + 1
            edit(project_copy, "host: vantaa", "host: vanta")
            overlay = browser.wait_for(f"!{PROBLEMS}.hidden && {PROBLEMS}.innerText", 20)
            assert f"sources/workshops/2017-01-vantaa.yaml:{line}: host 'vanta' is not a partner" in overlay
            assert "fix: did you mean 'vantaa'?" in overlay
            assert "Table ronde sur le logement" in browser.evaluate(PAGE_TEXT)
            wait_until(lambda: "host 'vanta' is not a partner" in log.read_text(), 5, "the terminal message")
            terminal = log.read_text()
            assert (
                f"sources/workshops/2017-01-vantaa.yaml:{line}: host 'vanta' is not a partner\n"
                "    fix: did you mean 'vantaa'?" in terminal
            )
            browser.screenshot(tmp_path / "error.png")

            # Fixed: the overlay goes by itself, the server never stopped.
            edit(project_copy, "host: vanta", "host: vantaa")
            browser.wait_for(f"{PROBLEMS}.hidden", 20)
            assert server.poll() is None
    finally:
        server.send_signal(signal.SIGINT)  # what Ctrl-C sends
        returncode = server.wait(timeout=20)
    assert returncode == 0, log.read_text()
    assert "preview stopped" in log.read_text()
    assert port_is_free(port)
    assert not list((project_copy / "output").rglob("*.tmp")), "a half-written file was left behind"


def test_a_watcher_that_fails_says_so_in_one_line(monkeypatch, tmp_path):
    """inotify refusing (too many watches) stops the rebuilds, never with a traceback in the terminal."""
    import threading

    import watchfiles

    from publication.plan import Project
    from publication.preview.session import watch_or_say_why_not

    def refuse(*args, **kwargs):
        raise OSError(28, "inotify watch limit reached")

    monkeypatch.setattr(watchfiles, "watch", refuse)
    (tmp_path / "sources").mkdir()
    lines: list[str] = []
    watch_or_say_why_not(Project(tmp_path, tmp_path / "output"), threading.Event(), threading.Event(), lines.append)
    assert lines == [
        "the preview stopped watching for changes: OSError: [Errno 28] inotify watch limit reached; "
        "restart it to rebuild on changes (--debug shows the details)"
    ]
