"""Run the command line in a child process whose CPU time and memory are limited with setrlimit, and
measure what it used: a bad input must fail clearly and cheaply, never stall or exhaust the machine.

The limits are the kernel's, set in the child before it imports anything of ours (RLIMIT_AS for
the address space, RLIMIT_CPU for the processor time); a child that passes one is killed, and the
test fails naming what it used. CPU time is what is bounded and asserted: the machines running the
tests are shared, and wall time measures the other jobs as much as ours (it is reported too).
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from tests.conftest import ROOT

SECONDS = 5  # of CPU time, the child and the build workers it waited for
MEGABYTES = 300  # of address space, each process
WALL_SECONDS = 120  # a child still running then is stopped (a loaded machine makes 5 s of CPU take long)

CHILD = """
import resource, sys
megabytes, seconds = int(sys.argv[1]), int(sys.argv[2])
resource.setrlimit(resource.RLIMIT_AS, (megabytes * 2**20, megabytes * 2**20))
resource.setrlimit(resource.RLIMIT_CPU, (seconds, seconds + 1))
from publication.cli import main
main(sys.argv[3:], prog_name="make-publication")
"""


@dataclass
class Bounded:
    exit_code: int
    output: str
    cpu_seconds: float
    peak_megabytes: float
    wall_seconds: float

    def within_bounds(self, seconds: float = SECONDS) -> bool:
        return self.cpu_seconds < seconds and self.exit_code not in (-9, -24, 137, 152)


def run_bounded(
    *args: str,
    project: Path = ROOT,
    env: dict[str, str] | None = None,
    seconds: int = SECONDS,
    megabytes: int = MEGABYTES,
) -> Bounded:
    """`make-publication --project PROJECT ARGS…` in a child process within `seconds` of CPU and
    `megabytes` of memory; its exit code, its output (stdout and stderr), what it used."""
    command = [sys.executable, "-c", CHILD, str(megabytes), str(seconds), "--project", str(project), *args]
    environment = {**os.environ, "COLUMNS": "200", **(env or {})}
    environment.pop("PYTHONFAULTHANDLER", None)
    start = time.monotonic()
    child = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=environment, cwd=ROOT)
    stopper = threading.Timer(WALL_SECONDS, child.kill)
    stopper.start()
    try:
        output = child.stdout.read().decode("utf-8", "replace") if child.stdout else ""
        _, status, usage = os.wait4(child.pid, 0)
    finally:
        stopper.cancel()
        if child.stdout:
            child.stdout.close()
    child.returncode = os.waitstatus_to_exitcode(status)
    return Bounded(
        child.returncode,
        output,
        usage.ru_utime + usage.ru_stime,
        usage.ru_maxrss / 1024,
        time.monotonic() - start,
    )


def assert_bounded(result: Bounded, seconds: int = SECONDS) -> None:
    """The child ended by itself, within the CPU time; the memory bound is the kernel's (a child past
    it fails to allocate: an internal error or a MemoryError, which the callers' assertions see)."""
    assert result.within_bounds(seconds), (
        f"used {result.cpu_seconds:.1f} s of CPU (bound {seconds} s), peak {result.peak_megabytes:.0f} MB, "
        f"{result.wall_seconds:.1f} s wall, exit {result.exit_code}:\n{result.output[-2000:]}"
    )
    assert "MemoryError" not in result.output, result.output[-2000:]


__all__ = ["MEGABYTES", "SECONDS", "Bounded", "assert_bounded", "run_bounded"]
