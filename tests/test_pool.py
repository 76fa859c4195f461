"""The build's pool of workers stops when the build is interrupted, whatever its workers were doing.

A worker ended (by the pool, on Ctrl-C or SIGTERM) while it was sending its document through the result
pipe left half a message there, and the executor's thread waited for the rest for ever: a build stopped
then never ended (found alive an hour and a half after a test had sent it SIGTERM). The scenario runs in
a child process, so that a regression fails the test instead of hanging the test run at its exit.
"""

from __future__ import annotations

import multiprocessing
import os
import struct
import subprocess
import sys
import time

from publication import pool
from tests.conftest import ROOT

HALF_SENT = multiprocessing.get_context("fork").Event()
EXECUTOR: list = []  # the pool's executor, for the forked worker to reach its result pipe


def ends_half_way_through_sending(publication, keep_going):
    """In the worker: the start of a long result message in the result pipe, as a worker ended while sending
    its document leaves it; then it waits to be ended."""
    writer = EXECUTOR[0]._result_queue._writer
    os.write(writer.fileno(), struct.pack("!i", 1_000_000) + b"the first bytes of a document")
    HALF_SENT.set()
    time.sleep(60)


def stop_while_a_worker_sends() -> None:
    """In a child process: a pool whose worker is half-way through sending, then the build interrupted."""
    pool._start_worker = lambda *args: None  # type: ignore[assignment]  # no project: the worker only sends
    pool._make_in_worker = ends_half_way_through_sending  # type: ignore[assignment]
    documents = pool.DocumentPool(None, None, None, jobs=2)  # type: ignore[arg-type]
    try:
        with documents:
            EXECUTOR[:] = [documents._pool()]
            EXECUTOR[0].submit(pool._make_in_worker, "publication", True)
            assert HALF_SENT.wait(30), "the worker never started sending"
            raise KeyboardInterrupt  # Ctrl-C or SIGTERM in a build: the pool ends its workers
    except KeyboardInterrupt:
        print("stopped")


def test_an_interrupted_build_stops_even_when_a_worker_ended_half_way_through_sending():
    began = time.monotonic()
    try:
        done = subprocess.run(
            [sys.executable, "-c", "from tests.test_pool import stop_while_a_worker_sends as s; s()"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=60,
        )
    except subprocess.TimeoutExpired:
        raise AssertionError("the interrupted pool waited for ever for the rest of a worker's document") from None
    assert done.returncode == 0 and done.stdout.strip() == "stopped", done.stderr[-2000:]
    assert time.monotonic() - began < 30
