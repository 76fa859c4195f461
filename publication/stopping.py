"""Ctrl-C and SIGTERM during a build turned into a clean stop: an exception that unwinds, so that every
`finally` runs and the staged files go (outputs.staged_output)."""

from __future__ import annotations

import signal
from collections.abc import Iterator
from contextlib import contextmanager

STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)


class Interrupted(KeyboardInterrupt):
    """Ctrl-C or SIGTERM received: unwinds so that staged files are removed."""


_stop_requested: list[int] = []  # signals received during the build


def raise_if_stopped() -> None:
    """Raise Interrupted if a stop signal came, even one whose exception something swallowed.

    A signal handler's exception can be lost when it fires inside a finaliser ("Exception
    ignored in …"); checking between documents and before renaming makes the stop certain.
    """
    if _stop_requested:
        raise Interrupted(f"stopped by signal {_stop_requested[0]}")


@contextmanager
def stop_cleanly() -> Iterator[None]:
    """Turn SIGTERM and Ctrl-C into Interrupted, so `finally` blocks run and staged files go."""

    def on_stop(signum, frame):
        _stop_requested.append(signum)
        raise Interrupted(f"stopped by signal {signum}")

    _stop_requested.clear()
    try:
        previous = {number: signal.signal(number, on_stop) for number in STOP_SIGNALS}
    except ValueError:  # not the main thread: the caller handles its own signals
        yield
        return
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)
