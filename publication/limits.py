"""Bounded work: a time limit per document, and bounds on what the sources may hold, so a
pathological input fails with a clear message instead of hanging or exhausting memory; and the
memory a document's making leaves, freed once when it is made (collected_once)."""

from __future__ import annotations

import gc
import math
import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager

import click

from .errors import RenderError
from .messages import _

DEFAULT_TIMEOUT = 120  # seconds; the longest shipped document takes about 5 s
MAX_TIMEOUT = 86_400  # seconds (a day): --timeout above it is refused, 0 means no limit


class Seconds(click.ParamType):
    """--timeout: a finite number of seconds, 0 for no limit; nan, inf and negatives are refused."""

    name = "seconds"

    def convert(self, value, param, ctx):
        try:
            seconds = float(value)
        except (TypeError, ValueError):
            seconds = math.nan
        if not 0 <= seconds <= MAX_TIMEOUT:  # False for nan too
            self.fail(
                _("{value!r} is not a number of seconds from 0 (no limit) to {max_timeout}; e.g. --timeout 300").format(
                    value=value, max_timeout=MAX_TIMEOUT
                ),
                param,
                ctx,
            )
        return seconds


# The largest shipped source is 9 KB and a forum of a hundred speakers about 200 KB: these bounds
# leave room for any real programme, and keep `check` under 10 s and 500 MB (benchmarks/run.py).
MAX_SOURCE_BYTES = 5 * 1024 * 1024  # one YAML file (a source or a catalogue)
MAX_TOTAL_SOURCE_BYTES = 20 * 1024 * 1024  # every file of sources/ together
MAX_DEPTH = 40  # levels of nesting in a YAML file; the sources use at most 8
# What YAML aliases (`*name`) may repeat of their anchors, in values: repeating a session is
# fine, a "billion laughs" (aliases of aliases, doubling at each level) is refused.
MAX_ALIAS_VALUES = 10_000
MAX_IMAGE_PIXELS = 100_000_000  # 10,000 × 10,000: an A2 poster at 300 ppi is 5,000 × 7,000


class RenderTimeout(RenderError):
    """A document took longer than the limit. Exit code 1."""


class _Expired(BaseException):
    """Raised by the alarm: a BaseException, so no `except Exception` inside WeasyPrint swallows it."""


@contextmanager
def time_limit(seconds: float | None, what: str) -> Iterator[None]:
    """Raise RenderTimeout if the block runs longer than `seconds` (None or 0: no limit).

    It uses SIGALRM, so it works in the main thread of a process (the CLI, or each worker of
    a process pool); elsewhere it does nothing rather than fail. The alarm interrupts Python
    code; a single very long call inside Pango would be interrupted when it returns.
    """
    if not seconds or threading.current_thread() is not threading.main_thread():
        yield
        return

    expired = False

    def on_alarm(signum, frame):
        nonlocal expired
        expired = True
        raise _Expired()

    previous = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        try:
            yield
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
        # The alarm can ring inside a C callback (Pango calling back into Python through cffi),
        # where the exception is reported as unraisable and swallowed, or inside WeasyPrint's drawing of an
        # SVG image, which catches every exception (engine.SWALLOWED_ALARMS): the flag still tells.
        if expired:
            raise _Expired()
    except _Expired:  # also when the alarm rang just as the block ended: it did take that long
        raise RenderTimeout(
            _(
                "{what} took longer than {seconds:g} s to typeset and was stopped; look for an unusually long text in its sources, or allow more time with --timeout SECONDS"
            ).format(what=what, seconds=seconds)
        ) from None
    finally:
        signal.signal(signal.SIGALRM, previous)


# The live preview, on the team's own machine: what its answers may cost, whatever a page asks for.
PREVIEW_CACHE_BYTES = 128 * 1024 * 1024  # PNG pages kept for reloads; the least recently shown go first
PREVIEW_MAX_PIXELS = 24_000_000  # one page image: an A2 poster at about 3.4 px per point (~100 MB to draw)
PREVIEW_RENDERS = 2  # pages drawn at once; other requests wait their turn (each drawing holds its bitmap)


@contextmanager
def collected_once() -> Iterator[None]:
    """Python's cyclic garbage collector paused while one document is made, then run once over the
    objects made meanwhile (the young generation: the collector did not run to promote any).

    WeasyPrint makes a few hundred thousand objects a document, many of them in cycles: with the
    collector running, its passes went through them again and again as they piled up (a third of
    the time of rendering 100 badges). One pass at the end frees the same cycles; the peak memory
    of 100 badges was the same (215 MB)."""
    collecting = gc.isenabled()
    try:
        with without_cycle_collection():
            yield
    finally:
        if collecting:
            gc.collect(0)


@contextmanager
def without_cycle_collection() -> Iterator[None]:
    """Python's cyclic garbage collector paused for a while (it runs again as it was after)."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()
