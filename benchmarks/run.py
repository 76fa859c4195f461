"""Benchmark the build: full, no-change and one-workshop rebuilds, --jobs, overhead over bare WeasyPrint, scaling.

Run from the project folder:  python3 benchmarks/run.py   (about five minutes on 2 cores)
It works on a throw-away copy of sources/, layouts/ and styles/, runs every build in a fresh
process, as a user would, and prints a markdown table with the machine it ran on.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from types import SimpleNamespace

ROOT = Path(__file__).resolve().parent.parent
EDITED_WORKSHOP = "2017-01-vantaa"
SESSIONS = (10, 100, 1000)
SUMMARY = re.compile(r"built (\d+), unchanged (\d+), failed (\d+)")


# --- helpers ---------------------------------------------------------------------------


def copy_project(destination: Path, checkout: Path = ROOT) -> Path:
    """The sources of this checkout, with the layouts and styles of `checkout` (a revision's: `checkout()`)."""
    shutil.copytree(ROOT / "sources", destination / "sources")
    for name in ("layouts", "styles"):
        shutil.copytree(checkout / name, destination / name)
    return destination


def timed(command: list[str], env: dict | None = None) -> tuple[float, float, str]:
    """Run a command; wall seconds, CPU seconds of it and its children, and its output."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    began = time.perf_counter()
    result = subprocess.run(command, capture_output=True, text=True, cwd=ROOT, env=env)
    wall = time.perf_counter() - began
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if result.returncode:
        sys.exit(f"failed: {' '.join(command)}\n{result.stdout}\n{result.stderr}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, result.stdout + result.stderr


def make_publication(project: Path, *args: str) -> list[str]:
    return [sys.executable, str(ROOT / "make_publication.py"), "--project", str(project), "build", *args]


def built_files(output: str) -> list[str]:
    shown = [line.split()[1] for line in output.splitlines() if line.startswith("wrote ")]
    return sorted(path for path in shown if path.endswith(".pdf"))


def summary_of(output: str) -> tuple[int, int, int]:
    match = SUMMARY.search(output)
    return tuple(int(n) for n in match.groups()) if match else (0, 0, 0)


def load_average() -> str:
    try:
        return " / ".join(f"{value:.2f}" for value in os.getloadavg())
    except OSError:
        return "?"


def machine() -> str:
    model = "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        model = platform.processor() or "?"
    import importlib.metadata as metadata

    return (
        f"{os.cpu_count()} CPUs ({model}), Python {platform.python_version()}, "
        f"WeasyPrint {metadata.version('weasyprint')}, {platform.system()} {platform.release()}"
    )


# --- (e) the same HTML through bare WeasyPrint ----------------------------------------------


def export_jobs(project: Path, folder: Path) -> None:
    """Write the final HTML of every publication and what WeasyPrint is given with it (a child process)."""
    sys.path.insert(0, str(ROOT))
    from publication import document, typeset
    from publication.assets import stylesheet_paths
    from publication.plan import BuildOptions, Project, plan_publications
    from publication.render import build_context
    from publication.sources import read_sources
    from publication.theme import theme_of

    real = typeset.typeset_document
    captured: dict[str, tuple] = {}
    EMPTY_DOCUMENT = SimpleNamespace(pages=[])

    def capture(html, publication, site, root, *args):
        captured[publication.relative_path] = (html, publication, site)  # the last call is the one written
        if publication.saddle_stitched:  # its padding depends on its page count
            return real(html, publication, site, root, *args)
        # Fits at the first density, as the shipped ones do; no slot to measure (pagination.py).
        return typeset.Typeset(EMPTY_DOCUMENT, 1, closing_alone=False, write=lambda: b"")

    document.typeset_document = capture  # the document stage's own name for it
    target = Project(project, project / "output")
    sources = read_sources(target.sources)
    maker = document.DocumentMaker(target, sources, BuildOptions())
    for publication in plan_publications(sources, BuildOptions()):
        if not publication.kind_record.typeset:  # a web page: the browser lays it out, not WeasyPrint
            continue
        context = build_context(sources, publication, maker.languages[publication.lang])
        maker.typeset(document.MadeDocument(publication), context)
    jobs = []
    for i, (path, (html, publication, site)) in enumerate(sorted(captured.items())):
        html_file = folder / f"{i:02d}.html"
        html_file.write_text(html, encoding="utf-8")
        jobs.append(
            {
                "path": path,
                "html": str(html_file),
                "base_url": str(project) + "/",
                "stylesheets": [str(p) for p in stylesheet_paths(theme_of(project), publication.stylesheets)],
                "strings": [
                    typeset.colour_tokens(site.brand, publication.settings),
                    typeset.page_setup(publication, site, project),
                ],
                "options": dict(publication.settings.pdf_options),
            }
        )
    (folder / "jobs.json").write_text(json.dumps(jobs, indent=1), encoding="utf-8")


def render_bare(folder: Path, output: Path) -> None:
    """WeasyPrint alone: the exported HTML and stylesheets to PDF files, one after the other (a child process).

    With the project's tagging hook (publication.tagging: what the HTML says, added to the tags as
    WeasyPrint makes them, at no measurable cost), so that the screen files can be compared."""
    import weasyprint
    from weasyprint.text.fonts import FontConfiguration

    sys.path.insert(0, str(ROOT))
    from publication.tagging import install

    install()

    for job in json.loads((folder / "jobs.json").read_text(encoding="utf-8")):
        fonts = FontConfiguration()
        profiles: dict = {}  # shared, as typeset.py does: the print PDFs get their output intent
        stylesheets = [
            weasyprint.CSS(filename=name, font_config=fonts, color_profiles=profiles) for name in job["stylesheets"]
        ]
        stylesheets.append(weasyprint.CSS(string=job["strings"][0], font_config=fonts, color_profiles=profiles))
        stylesheets.append(
            weasyprint.CSS(
                string=job["strings"][1], base_url=job["base_url"], font_config=fonts, color_profiles=profiles
            )
        )
        html = Path(job["html"]).read_text(encoding="utf-8")
        document = weasyprint.HTML(string=html, base_url=job["base_url"]).render(
            stylesheets=stylesheets, font_config=fonts, color_profiles=profiles
        )
        target = output / job["path"]
        target.parent.mkdir(parents=True, exist_ok=True)
        # A finished file, as a user of WeasyPrint alone writes it: compressed (the pipeline has WeasyPrint
        # write uncompressed and compresses while finishing).
        target.write_bytes(document.write_pdf(**{**job["options"], "uncompressed_pdf": False}))


# --- (f) a synthetic programme ---------------------------------------------------------------


def synthetic_workshop(sessions: int) -> dict:
    """A workshop of `sessions` sessions, ten a day, with speakers and rooms in two languages."""
    start = dt.date(2017, 1, 2)
    days = []
    for d in range((sessions + 9) // 10):
        count = min(10, sessions - 10 * d)
        day_sessions = []
        for s in range(count):
            begin = 9 * 60 + 45 * s
            day_sessions.append(
                {
                    "start": f"{begin // 60:02d}:{begin % 60:02d}",
                    "end": f"{(begin + 40) // 60:02d}:{(begin + 40) % 60:02d}",
                    "kind": ("session", "plenary", "workshop", "visit")[s % 4],
                    "title": {
                        "fr": f"Séance {10 * d + s + 1} : politiques locales d'accueil et d'intégration",
                        "en": f"Session {10 * d + s + 1}: local reception and integration policies",
                    },
                    "speakers": [
                        {"fr": "Expert principal URBACT", "en": "URBACT lead expert"},
                        {"fr": "Partenaires du réseau", "en": "Network partners"},
                    ],
                    "room": {"fr": f"Salle {s + 1}", "en": f"Room {s + 1}"},
                }
            )
        days.append(
            {
                "date": (start + dt.timedelta(days=d)).isoformat(),
                "title": {"fr": f"Jour {d + 1}", "en": f"Day {d + 1}"},
                "sessions": day_sessions,
            }
        )
    return {
        "status": "draft",
        "title": {"fr": f"Atelier de {sessions} séances", "en": f"Workshop of {sessions} sessions"},
        "host": "vantaa",
        "dates": start.isoformat(),
        "end": (start + dt.timedelta(days=len(days) - 1)).isoformat(),
        "venue": {"name": "Hôtel de ville de Vantaa"},
        "agenda": days,
    }


def measure_synthetic(work: Path, sessions: int) -> dict:
    """Build the one programme in French on screen, in one process: render seconds, pages, peak memory."""
    import yaml

    project = copy_project(work / f"synthetic-{sessions}")
    workshops = project / "sources" / "workshops"
    for file in workshops.glob("*.yaml"):
        file.unlink()
    (workshops / "2017-01-synthetic.yaml").write_text(
        yaml.safe_dump(synthetic_workshop(sessions), allow_unicode=True, sort_keys=False), encoding="utf-8"
    )
    # The child reports its own peak resident memory (ru_maxrss, KB on Linux): --jobs 1 renders in-process.
    script = (
        "import resource, runpy, sys\n"
        "sys.argv = sys.argv[1:]\n"
        "try:\n    runpy.run_path(sys.argv[0], run_name='__main__')\n"
        "finally:\n    print('peak-kb', resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)\n"
    )
    command = [
        sys.executable,
        "-c",
        script,
        *make_publication(project, "--kind", "programme", "--lang", "fr", "--variant", "screen", "--jobs", "1")[1:],
    ]
    wall, _, output = timed(command)
    state = json.loads((project / "output" / ".build-state.json").read_text())["outputs"]
    (entry,) = state.values()
    peak_kb = int(re.search(r"peak-kb (\d+)", output).group(1))
    return {
        "sessions": sessions,
        "pages": entry["entries"][0]["pages"],
        "render": entry["seconds"],
        "wall": wall,
        "peak_mb": peak_kb / 1024,
    }


# --- (k) check on hostile input ---------------------------------------------------------------

PEAK = (
    "import resource, runpy, sys\n"
    "sys.argv = sys.argv[1:]\n"
    "try:\n    runpy.run_path(sys.argv[0], run_name='__main__')\n"
    "finally:\n    print('peak-kb', resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)\n"
)


def check_once(project: Path) -> tuple[float, float, float, int, str]:
    """`check` in a fresh process: wall and CPU seconds, peak resident MB, exit code, its first message."""
    command = [sys.executable, "-c", PEAK, str(ROOT / "make_publication.py"), "--project", str(project), "check"]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    began = time.perf_counter()
    result = subprocess.run(command, capture_output=True, text=True, cwd=ROOT)
    wall = time.perf_counter() - began
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    peak_kb = int(re.search(r"peak-kb (\d+)", result.stderr).group(1))
    said = [line for line in (result.stdout + result.stderr).splitlines() if line.strip() and "peak-kb" not in line]
    return wall, cpu, peak_kb / 1024, result.returncode, (said[1] if len(said) > 1 else said[0])[:90]


def hostile_workshops() -> dict[str, str]:
    """A workshop file just under the 5 MB bound, one above it, an alias bomb, 3,000-deep nesting."""
    import yaml

    sys.path.insert(0, str(ROOT))
    from publication.limits import MAX_SOURCE_BYTES

    largest = yaml.safe_dump(synthetic_workshop(13_000), allow_unicode=True, sort_keys=False)
    assert len(largest.encode()) < MAX_SOURCE_BYTES
    laughs = "".join(f"l{i}: &l{i} [{', '.join([f'*l{i - 1}'] * 9)}]\n" for i in range(1, 9))
    return {
        f"a {len(largest.encode()) / 2**20:.1f} MB workshop (13,000 sessions)": largest,
        "a 6 MB workshop": largest + "# " + "x" * (MAX_SOURCE_BYTES // 4) + "\n",
        "a billion laughs": "l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + laughs,
        "3,000-deep nesting": "deep: " + "[" * 3000 + "]" * 3000 + "\n",
    }


def measure_check_bounds(work: Path) -> list[tuple[str, str, str, str]]:
    """(k) `check` on the largest workshop the bounds accept and on hostile ones: time and memory.

    The verdict is on CPU seconds: on a machine shared with other work, the wall time says more
    about the others (both are shown)."""
    rows = []
    for n, (what, text) in enumerate(hostile_workshops().items()):
        project = copy_project(work / f"hostile-{n}")
        (project / "sources" / "workshops" / "2099-01-hostile.yaml").write_text(text, encoding="utf-8")
        wall, cpu, peak, code, said = check_once(project)
        rows.append(
            (
                f"(k) check on {what}",
                f"{cpu:.1f} s CPU ({wall:.1f} s wall), peak {peak:.0f} MB, exit {code}: {said}",
                "< 10 s, < 500 MB",
                verdict(cpu < 10 and peak < 500),
            )
        )
    return rows


def hostile_projects(work: Path) -> dict[str, Path]:
    """Projects whose Vantaa agenda is a sheet bomb (tests/sheet_bombs.py: a few KB each), and one
    whose Thessaloniki title is a megabyte of words (within the 5 MB a source may be)."""
    sys.path.insert(0, str(ROOT))
    from tests.sheet_bombs import BOMBS

    projects = {}
    for n, (what, make) in enumerate(BOMBS.items()):
        project = copy_project(work / f"bomb-{n}")
        (project / "sources" / "agenda").mkdir()
        (project / "sources" / "agenda" / "bomb.xlsx").write_bytes(make())
        vantaa = project / "sources" / "workshops" / "2017-01-vantaa.yaml"
        text = vantaa.read_text(encoding="utf-8")
        start = text.index("\nagenda:\n") + 1
        following = re.search(r"^[a-z]", text[start + 8 :], re.MULTILINE)
        end = start + 8 + following.start() if following else len(text)
        vantaa.write_text(text[:start] + "agenda: agenda/bomb.xlsx\n" + text[end:], encoding="utf-8")
        projects[f"an XLSX agenda: {what}"] = project
    project = copy_project(work / "title")
    path = project / "sources" / "workshops" / "2017-05-thessaloniki.yaml"
    title = "  fr: Atelier transnational à Thessalonique\n"
    path.write_text(path.read_text(encoding="utf-8").replace(title, f"  fr: {'Thessalonique ' * 75_000}\n"))
    projects["a title of 1 MB"] = project
    return projects


def measure_sheet_bombs(work: Path) -> list[tuple[str, str, str, str]]:
    """(k) `check` on the sheet bombs and the 1 MB title of issue 22: refused (or read) in time and memory."""
    rows = []
    for what, project in hostile_projects(work).items():
        wall, cpu, peak, code, said = check_once(project)
        rows.append(
            (
                f"(k) check on {what}",
                f"{cpu:.1f} s CPU ({wall:.1f} s wall), peak {peak:.0f} MB, exit {code}: {said}",
                "< 5 s, < 300 MB",
                verdict(cpu < 5 and peak < 300),
            )
        )
    return rows


# --- (l) the layout preflight's share of a build ------------------------------------------------

# The build in a child that times the layout preflight where it runs (the scan of each screen file
# in its finishing, the checks of every file), and reports it with its own CPU time.
TIMED_LAYOUT = (
    "import resource, runpy, sys, time\n"
    "sys.argv = sys.argv[1:]\n"
    "sys.path.insert(0, sys.argv.pop(0))\n"
    "import publication.finish.screen as screen\n"
    "from publication.document import DocumentMaker\n"
    "spent = [0.0]\n"
    "def timed(function):\n"
    "    def run(*args, **kwargs):\n"
    "        began = time.process_time()\n"
    "        try:\n            return function(*args, **kwargs)\n"
    "        finally:\n            spent[0] += time.process_time() - began\n"
    "    return run\n"
    "screen.scan_pages = timed(screen.scan_pages)\n"
    "DocumentMaker.check_layout = timed(DocumentMaker.check_layout)\n"
    "try:\n    runpy.run_path(sys.argv[0], run_name='__main__')\n"
    "finally:\n"
    "    usage = resource.getrusage(resource.RUSAGE_SELF)\n"
    "    print('layout-seconds', spent[0], 'cpu-seconds', usage.ru_utime + usage.ru_stime, file=sys.stderr)\n"
)
# The build without the layout preflight (the switch the benchmark alone uses).
WITHOUT_LAYOUT = (
    "import runpy, sys\n"
    "sys.argv = sys.argv[1:]\n"
    "sys.path.insert(0, sys.argv.pop(0))\n"
    "from publication.document import DocumentMaker\n"
    "DocumentMaker.checks_layout = False\n"
    "runpy.run_path(sys.argv[0], run_name='__main__')\n"
)


def measure_layout_share(work: Path, repeat: int) -> list[tuple[str, str, str, str]]:
    """(l) The layout preflight's CPU, timed where it runs in a --jobs 1 build, and the build's CPU with
    and without it, side by side (alternating, best of `repeat` each): both as a share of the build's CPU."""
    project = copy_project(work / "project-layout")
    build = make_publication(project, "--force", "--jobs", "1", "--output", str(work / "layout-out"))[1:]
    inside, with_it, without = [], [], []
    for _ in range(max(repeat, 2)):
        _, cpu, output = timed([sys.executable, "-c", TIMED_LAYOUT, str(ROOT), *build])
        spent, total = (float(v) for v in re.search(r"layout-seconds (\S+) cpu-seconds (\S+)", output).groups())
        inside.append((spent, total))
        with_it.append(cpu)
        without.append(timed([sys.executable, "-c", WITHOUT_LAYOUT, str(ROOT), *build])[1])
    spent, total = min(inside, key=lambda pair: pair[1])
    best_with, best_without = min(with_it), min(without)
    share = (best_with - best_without) / best_with
    return [
        (
            "(l) layout preflight, share of a full build's CPU (--jobs 1, from scratch)",
            f"timed where it runs: {spent:.2f} s of {total:.1f} s CPU = {100 * spent / total:.1f} %; side by side: "
            f"{best_with:.1f} s with it against {best_without:.1f} s without = {best_with / best_without:.3f}× "
            f"({100 * share:.1f} % of the build)",
            "≤ 5 %",
            verdict(spent / total <= 0.05 and share <= 0.05),
        )
    ]


# --- (p) the preview, from a saved file to the new PDF served ------------------------------------

PREVIEWED = f"fr/programme-{EDITED_WORKSHOP}-screen"  # the programme whose PDF is asked for
PREVIEW_TITLE = "Accueil des participants et café"  # the session title edited, a new one each time
PREVIEW_SELECTIONS = {
    f"its French programme alone (--kind programme --event {EDITED_WORKSHOP} --lang fr)": [
        "--kind",
        "programme",
        "--event",
        EDITED_WORKSHOP,
        "--lang",
        "fr",
    ],
    "everything (screen, every kind and language), the French programme's PDF": [],
}


def pdf_text(pdf: bytes) -> str:
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(pdf)
    try:
        return "\n".join(page.get_textpage().get_text_range() for page in document)
    finally:
        document.close()


def free_local_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class RunningPreview:
    """`make-publication preview` on a copy of the project, in a child process, asked over one connection."""

    def __init__(self, code: Path, project: Path, selection: list[str], log: Path):
        import http.client

        self.project, self.log, self.edits = project, log, 0
        self.port = free_local_port()
        command = [sys.executable, str(code / "make_publication.py"), "--project", str(project), "preview"]
        self.terminal = log.open("w")
        self.process = subprocess.Popen(
            [*command, *selection, "--port", str(self.port)], stdout=self.terminal, stderr=subprocess.STDOUT
        )
        self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)

    def get(self, path: str) -> bytes:
        """One answer, on the connection kept open (as a browser does), opened again if it was closed."""
        for attempt in (1, 2):
            try:
                self.connection.request("GET", path)
                response = self.connection.getresponse()
                return response.read()
            except OSError:
                self.connection.close()
                if attempt == 2:
                    raise
        raise AssertionError("unreachable")

    def status(self) -> dict:
        try:
            return json.loads(self.get("/status.json"))
        except OSError:
            return {"building": True, "documents": {}}

    def idle(self, seconds: float = 900) -> dict:
        """The status once the preview serves the programme and builds nothing."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                sys.exit(f"the preview stopped:\n{self.log.read_text()}")
            status = self.status()
            if not status["building"] and PREVIEWED in status["documents"]:
                return status
            time.sleep(0.05)
        sys.exit(f"the preview did not serve {PREVIEWED} within {seconds:.0f} s:\n{self.log.read_text()}")

    def time_one_edit(self) -> tuple[float, float, float]:
        """Save the workshop with a new session title; seconds until GET /pdf/… returns bytes whose text
        holds it, the CPU seconds the preview spent meanwhile (its rebuild, and answering the polls), and
        seconds until the preview builds no more (ready for the next save).

        The status (a few hundred bytes) is asked for every 10 ms until the programme's checksum changes,
        then its PDF: the clock stops when that answer has arrived."""
        old_sha = self.idle()["documents"][PREVIEWED]
        workshop = self.project / "sources" / "workshops" / f"{EDITED_WORKSHOP}.yaml"
        text = workshop.read_text(encoding="utf-8")
        current = f"fr: {PREVIEW_TITLE}" if self.edits == 0 else f"fr: {PREVIEW_TITLE}, essai {self.edits}"
        self.edits += 1
        title = f"{PREVIEW_TITLE}, essai {self.edits}"
        assert current + "\n" in text, current
        edited = text.replace(current + "\n", f"fr: {title}\n", 1)
        cpu = self.cpu_seconds()
        began = time.perf_counter()
        workshop.write_text(edited, encoding="utf-8")
        while self.status()["documents"].get(PREVIEWED, old_sha) == old_sha:
            if time.perf_counter() - began > 120 or self.process.poll() is not None:
                sys.exit(f"the preview did not rebuild {PREVIEWED}:\n{self.log.read_text()}")
            time.sleep(0.01)
        pdf = self.get(f"/pdf/{PREVIEWED}.pdf")
        seconds, cpu = time.perf_counter() - began, self.cpu_seconds() - cpu
        if title not in pdf_text(pdf):
            sys.exit(f"the served {PREVIEWED}.pdf does not hold the new title {title!r}")
        while self.status()["building"]:
            time.sleep(0.01)
        return seconds, cpu, time.perf_counter() - began

    def cpu_seconds(self) -> float:
        """The preview process's CPU time so far (user and system, every thread), from /proc (Linux)."""
        fields = Path(f"/proc/{self.process.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def stop(self) -> None:
        self.connection.close()
        self.process.send_signal(2)  # Ctrl-C: the preview stops and frees its port
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.terminal.close()


def checkout(work: Path, revision: str) -> Path:
    """The code and theme of `revision` (make_publication.py, publication/, layouts/, styles/), to run with this
    one's packages and sources: a change of a stylesheet counts as much as one of the code."""
    folder = work / f"code-{revision}"
    folder.mkdir()
    archive = subprocess.run(
        ["git", "-C", str(ROOT), "archive", revision, "make_publication.py", "publication", "layouts", "styles"],
        capture_output=True,
        check=True,
    )
    subprocess.run(["tar", "-x", "-C", str(folder)], input=archive.stdout, check=True)
    return folder


def measure_preview(work: Path, repeat: int, baseline: str | None) -> list[tuple[str, str, str, str]]:
    """(p) The preview of one programme (and of everything), from saving its workshop to its new PDF served.

    With a `baseline` revision, its code previews a copy of its own, started beside this one's; their
    edits alternate, one preview building while the other waits, so that both meet the same load."""
    edits = max(repeat, 5)
    codes = {"": ROOT} | ({f" at {baseline}": checkout(work, baseline)} if baseline else {})
    rows = []
    for n, (what, selection) in enumerate(PREVIEW_SELECTIONS.items()):
        previews = {
            name: RunningPreview(
                code, copy_project(work / f"preview-{n}-{m}", code), selection, work / f"preview-{n}-{m}.log"
            )
            for m, (name, code) in enumerate(codes.items())
        }
        try:
            seconds: dict[str, list[tuple[float, float, float]]] = {name: [] for name in previews}
            for preview in previews.values():
                preview.idle()
            for _ in range(edits):
                for name, preview in previews.items():
                    time.sleep(1.0)  # the other preview's rebuild ended, its files written
                    seconds[name].append(preview.time_one_edit())
        finally:
            for preview in previews.values():
                preview.stop()
        for name, measured in seconds.items():
            times = sorted(wall for wall, _, _ in measured)
            cpu = sorted(cpu for _, cpu, _ in measured)
            done = sorted(done for _, _, done in measured)
            median = times[len(times) // 2]
            rows.append(
                (
                    f"(p) preview of {what}{name}: saved to served",
                    f"median {median:.2f} s, best {times[0]:.2f} s, worst {times[-1]:.2f} s ({edits} edits); "
                    f"the preview's CPU meanwhile: median {cpu[len(cpu) // 2]:.2f} s, best {cpu[0]:.2f} s; "
                    f"its rebuild over: median {done[len(done) // 2]:.2f} s",
                    "≤ 0.5 s",
                    verdict(median <= 0.5),
                )
            )
    return rows


# --- the run -----------------------------------------------------------------------------


def measure_rebuilds(work: Path, jobs: int, best) -> list[tuple[str, str, str, str]]:
    """(a) a full build, (b) a rebuild with nothing changed, (c) rebuilds after editing one workshop."""
    project = copy_project(work / "project")
    full = timed(make_publication(project, "--jobs", str(jobs)))
    total = summary_of(full[2])[0]
    none = best(make_publication(project, "--jobs", str(jobs)))
    workshop = project / "sources" / "workshops" / f"{EDITED_WORKSHOP}.yaml"

    def edit(old: str, new: str) -> None:
        text = workshop.read_text(encoding="utf-8")
        assert old in text, old
        workshop.write_text(text.replace(old, new, 1), encoding="utf-8")

    edit(
        "fr: Coordonner les échelons locaux et nationaux", "fr: Coordonner les échelons locaux, régionaux et nationaux"
    )
    themed = timed(make_publication(project, "--jobs", str(jobs)))
    themed_files = built_files(themed[2])
    readers = [f for f in built_files(full[2]) if EDITED_WORKSHOP in f or "programme-" not in f]
    edit("fr: Accueil des participants et café", "fr: Accueil et café")
    detail = timed(make_publication(project, "--jobs", str(jobs)))
    detail_files = built_files(detail[2])
    return [
        ("(a) full build", f"{full[0]:.1f} s wall, {full[1]:.1f} s CPU, {total} files, --jobs {jobs}", "", ""),
        (
            "(b) rebuild, nothing changed",
            f"{none[0]:.2f} s = {100 * none[0] / full[0]:.1f} % of (a); built {summary_of(none[2])[0]}",
            "≤ 5 % of (a)",
            verdict(none[0] <= 0.05 * full[0] and summary_of(none[2])[0] == 0),
        ),
        (
            "(c) rebuild, one workshop's theme edited",
            f"{themed[0]:.1f} s; built {len(themed_files)} of {total}: its {EDITED_WORKSHOP} programmes and the "
            f"listings that print its theme (brochure, poster, overview)",
            "only the outputs that read it",
            verdict(themed_files == readers),
        ),
        (
            "(c) rebuild, one agenda session edited",
            f"{detail[0]:.1f} s; built {len(detail_files)}: its programmes only",
            "only the outputs that read it",
            verdict(bool(detail_files) and all(EDITED_WORKSHOP in f for f in detail_files)),
        ),
    ]


BURN = "x = 0\nfor i in range(20_000_000):\n    x += i\n"


def machine_ceiling() -> float:
    """How much faster two CPU-bound processes finish side by side than one after the other, right now.

    On an idle 2-core machine about 2×; when other work shares the cores, less: the best --jobs 2
    can do at that moment.
    """
    command = [sys.executable, "-c", BURN]
    began = time.perf_counter()
    for _ in range(2):
        subprocess.run(command, check=True)
    sequential = time.perf_counter() - began
    began = time.perf_counter()
    running = [subprocess.Popen(command) for _ in range(2)]
    for process in running:
        process.wait()
    return sequential / (time.perf_counter() - began)


def measure_parallel_and_overhead(work: Path, best) -> list[tuple[str, str, str, str]]:
    """(d) --jobs 1 against --jobs 2, (e) the pipeline against WeasyPrint alone on the same HTML."""
    project = copy_project(work / "project-de")
    ceiling_before = machine_ceiling()
    one = best(make_publication(project, "--force", "--jobs", "1", "--output", str(work / "one")))
    two = best(make_publication(project, "--force", "--jobs", "2", "--output", str(work / "two")))
    ceiling = (ceiling_before + machine_ceiling()) / 2
    pdfs = sorted((work / "one").rglob("*.pdf"))
    identical = all(p.read_bytes() == (work / "two" / p.relative_to(work / "one")).read_bytes() for p in pdfs)
    exported = work / "html"
    exported.mkdir()
    timed([sys.executable, __file__, "--export", str(project), str(exported)])
    bare = best([sys.executable, __file__, "--bare", str(exported), str(work / "bare")])
    bare_pdfs = sorted((work / "bare").rglob("*.pdf"))
    sys.path.insert(0, str(ROOT))
    from publication.finish import finish_screen  # the pipeline finishes its screen files: so must the comparison

    screen_same = all(
        finish_screen(p.read_bytes()) == (work / "one" / p.relative_to(work / "bare")).read_bytes()
        for p in bare_pdfs
        if p.name.endswith("-screen.pdf")
    )
    return [
        (
            "(d) --jobs 1 against --jobs 2 (from scratch)",
            f"{one[0]:.1f} s against {two[0]:.1f} s: {one[0] / two[0]:.2f}× faster "
            f"(two CPU-bound processes side by side: {ceiling:.2f}× at the time); "
            f"bytes {'identical' if identical else 'DIFFERENT'}",
            "≥ 1.6×, identical bytes",
            verdict(one[0] / two[0] >= 1.6 and identical),
        ),
        (
            "(e) pipeline (--jobs 1, from scratch) against bare WeasyPrint, same HTML",
            f"{one[0]:.1f} s against {bare[0]:.1f} s: {one[0] / bare[0]:.3f}× "
            f"(CPU {one[1]:.1f} s against {bare[1]:.1f} s: {one[1] / bare[1]:.3f}×); "
            f"{len(bare_pdfs)} PDFs, the screen ones {'byte-identical' if screen_same else 'DIFFERENT'} once finished",
            "≤ 1.10×",
            verdict(one[0] / bare[0] <= 1.10),
        ),
    ]


def measure_scaling(work: Path) -> list[tuple[str, str, str, str]]:
    """(f) a synthetic programme of 10, 100 and 1,000 sessions."""
    scaling = [measure_synthetic(work, n) for n in SESSIONS]
    base = scaling[0]["render"] / scaling[0]["pages"]
    rows = []
    for row in scaling:
        per_page = row["render"] / row["pages"]
        rows.append(
            (
                f"(f) programme of {row['sessions']} sessions",
                f"{row['pages']} pages, {row['render']:.2f} s rendering = {per_page:.3f} s/page "
                f"({per_page / base:.2f}× the 10-session rate), peak {row['peak_mb']:.0f} MB",
                "s/page ≤ 1.5× at 10; < 1 GB",
                verdict(per_page <= 1.5 * base and row["peak_mb"] < 1024),
            )
        )
    return rows


def measure_start_up() -> list[tuple[str, str, str, str]]:
    helps = [timed([sys.executable, str(ROOT / "make_publication.py"), "--help"])[0] for _ in range(5)]
    return [("make-publication --help", f"{min(helps):.2f} s (best of 5)", "< 0.3 s", verdict(min(helps) < 0.3))]


# --- (t) the event kit of a large event -------------------------------------------------------------

KIT_EVENT = "2027-06-tampere-annual-conference"
KIT_PEAK = (
    "import resource, runpy, sys\n"
    "sys.argv = sys.argv[1:]\n"
    "try:\n    runpy.run_path(sys.argv[0], run_name='__main__')\n"
    "finally:\n    print('peak-kb', max(resource.getrusage(who).ru_maxrss for who in "
    "(resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)), file=sys.stderr)\n"
)


def kit_project(work: Path, count: int) -> Path:
    """The conference example with `count` participants: the example's given and family names paired anew
    within each script (a Greek given name takes a Greek family name: the build's language check fails a
    name in two scripts), its roles in turn, every third person there one day only. The Latin names are
    all distinct up to 1,400 people; the few Greek and Cyrillic ones repeat sooner (a warning each)."""
    import unicodedata

    import yaml

    project = work / f"kit-{count}"
    shutil.copytree(ROOT / "examples" / "conference" / "sources", project / "sources")
    listed = project / "sources" / "private" / f"{KIT_EVENT}.participants.yaml"
    people = yaml.safe_load(listed.read_text(encoding="utf-8"))["participants"]
    names = [(p.get("name") or f"{p['given']} {p['family']}").rsplit(" ", 1) for p in people]
    scripts: dict[str, list[int]] = {}
    for index, (given, _family) in enumerate(names):
        scripts.setdefault(unicodedata.name(given[0]).split()[0], []).append(index)
    made = []
    for i in range(count):
        base = i % len(people)
        person = dict(people[base])
        person.pop("name", None), person.pop("days", None)
        same = scripts[unicodedata.name(names[base][0][0]).split()[0]]
        family = same[(same.index(base) + i // len(people)) % len(same)]
        person["given"], person["family"] = names[base][0], names[family][1]
        made.append({**person, **({"days": ["2027-06-09"]} if i % 3 == 0 else {})})
    listed.write_text(yaml.safe_dump({"participants": made}, allow_unicode=True), encoding="utf-8")
    return project


def measure_kit(work: Path, jobs: int, count: int) -> list[tuple[str, str, str, str]]:
    """(t) badges, table cards and attendance sheets (both variants) for `count` participants: time, memory."""
    project = kit_project(work, count)
    kinds = [arg for kind in ("badges", "table-cards", "attendance") for arg in ("--kind", kind)]
    command = [sys.executable, "-c", KIT_PEAK, *make_publication(project, *kinds, "--jobs", str(jobs))[1:]]
    wall, cpu, output = timed(command)
    peak_mb = int(re.search(r"peak-kb (\d+)", output).group(1)) / 1024
    state = json.loads((project / "output" / ".build-state.json").read_text())["outputs"]
    pages = sum(entry["pages"] for record in state.values() for entry in record["entries"])
    slowest = max(state.items(), key=lambda item: item[1]["seconds"])
    return [
        (
            f"(t) event kit of {count:,} participants (--jobs {jobs})",
            f"{wall:.1f} s wall, {cpu:.1f} s CPU, {len(state)} documents, {pages:,} pages "
            f"(slowest {slowest[0]}: {slowest[1]['seconds']:.1f} s), peak {peak_mb:.0f} MB",
            "≤ 60 s on 2 cores, ≤ 1 GB" if count == 1000 else "scaled: ≤ 60 s × n / 1,000",
            verdict(wall <= 60 * max(count, 1) / 1000 and peak_mb < 1024),
        )
    ]


def verdict(ok: bool) -> str:
    return "met" if ok else "**missed**"


def run(jobs: int, repeat: int, sections: str, baseline: str | None = None, participants: int = 1000) -> str:
    """Every measure asked for, in one run on this machine; a markdown table."""
    load_before = load_average()

    def best(command: list[str]) -> tuple[float, float, str]:
        return min((timed(command) for _ in range(repeat)), key=lambda result: result[0])

    rows: list[tuple[str, str, str, str]] = []
    with tempfile.TemporaryDirectory(prefix="make-publication-bench-") as temporary:
        work = Path(temporary)
        if "a" in sections:
            rows += measure_rebuilds(work, jobs, best)
        if "d" in sections:
            rows += measure_parallel_and_overhead(work, best)
        if "f" in sections:
            rows += measure_scaling(work)
        if "h" in sections:
            rows += measure_start_up()
        if "k" in sections:
            rows += measure_check_bounds(work) + measure_sheet_bombs(work)
        if "l" in sections:
            rows += measure_layout_share(work, repeat)
        if "p" in sections:
            rows += measure_preview(work, repeat, baseline)
        if "t" in sections:
            rows += measure_kit(work, jobs, participants)
    lines = [
        f"Machine: {machine()}; load average before {load_before}, after {load_average()}.",
        "",
        "| measure | result | target | |",
        "|---|---|---|---|",
    ]
    lines += [f"| {a} | {b} | {c} | {d} |" for a, b, c, d in rows]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jobs", type=int, default=os.cpu_count(), help="--jobs of (a), (b), (c). Default: CPUs.")
    parser.add_argument("--repeat", type=int, default=1, help="Take the best of this many runs of (b), (d), (e).")
    parser.add_argument(
        "--only",
        default="adfhklp",  # (t), the event kit of 1,000 participants, only when asked: about ten minutes
        metavar="SECTIONS",
        help="a: (a)-(c) rebuilds, d: (d)-(e) jobs and overhead, f: (f) scaling, h: --help, "
        "k: (k) check on hostile input, l: (l) the layout preflight's share, "
        "p: (p) the preview, from a saved file to the new PDF served, t: (t) the event kit of "
        "--participants people. Default: all but t.",
    )
    parser.add_argument(
        "--baseline",
        metavar="REVISION",
        help="(p) also the preview of this git revision's code (e.g. main), alternating with this one's.",
    )
    parser.add_argument("--participants", type=int, default=1000, help="People in (t)'s list. Default: 1000.")
    parser.add_argument("--export", nargs=2, metavar=("PROJECT", "FOLDER"), help=argparse.SUPPRESS)
    parser.add_argument("--bare", nargs=2, metavar=("FOLDER", "OUTPUT"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.export:
        export_jobs(Path(args.export[0]), Path(args.export[1]))
    elif args.bare:
        render_bare(Path(args.bare[0]), Path(args.bare[1]))
    else:
        print(run(args.jobs, args.repeat, args.only, args.baseline, args.participants))


if __name__ == "__main__":
    main()
