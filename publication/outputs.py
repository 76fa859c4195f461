"""The output folder: one build at a time (a lock), new files staged and committed all together."""

from __future__ import annotations

import errno
import fcntl
import os
import shutil
import signal
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from .errors import UsageError

LOCK_NAME = ".lock"
STAGED_SUFFIX = ".partial"  # temporary files: ".<name>.<random>.partial", beside their final path
STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)
_UMASK = os.umask(0o022)
os.umask(_UMASK)


class BuildLocked(UsageError):
    """Another build holds the output folder. Exit code 2."""


@contextmanager
def lock_output(output: Path) -> Iterator[None]:
    """Hold an exclusive lock on `output/.lock` for the whole build; refuse at once if taken.

    The lock is an fcntl lock, released by the kernel when the process ends however it ends:
    a killed build never leaves the folder locked.
    """
    created = not output.exists()
    output.mkdir(parents=True, exist_ok=True)
    path = output / LOCK_NAME
    handle = open(path, "a+", encoding="utf-8")
    committed = False
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            if exc.errno not in (errno.EAGAIN, errno.EACCES):
                raise
            handle.seek(0)
            holder = handle.read().strip() or "another process"
            raise BuildLocked(f"{output} is being written by another build ({holder}); "
                              "wait for it to finish, or build into another folder with --output") from None
        handle.seek(0)
        handle.truncate()
        handle.write(f"pid {os.getpid()}\n")
        handle.flush()
        yield
        committed = True
    finally:
        handle.close()  # closing releases the lock
        if created and not committed:
            _remove_if_only_the_lock(output)


def _remove_if_only_the_lock(output: Path) -> None:
    """A failed first build leaves no output folder behind: as it was, it did not exist."""
    if all(path.is_dir() or path.name == LOCK_NAME for path in output.rglob("*")):
        shutil.rmtree(output, ignore_errors=True)


def write_atomically(path: Path, data: bytes) -> None:
    """Write to a temporary file beside `path`, then rename: readers never see half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.chmod(temporary, 0o644)  # mkstemp makes it 0600: a web server serving output/ could not read it
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def remove_leftovers(output: Path) -> list[Path]:
    """Delete staged files a killed build (SIGKILL, power cut) left behind. Call under the lock."""
    # ".tmp": write_atomically's temporary files (download page, calendars), killed mid-write.
    leftovers = [path for suffix in (STAGED_SUFFIX, ".tmp") for path in output.rglob(f".*{suffix}") if path.is_file()]
    for path in leftovers:
        path.unlink(missing_ok=True)
    return leftovers


class Staging:
    """Files written under temporary names, renamed into place only when the whole build succeeded."""

    def __init__(self, output: Path):
        self.output = output
        self.staged: list[tuple[Path, Path]] = []  # (temporary, final), in the order written

    def write(self, path: Path, data: bytes) -> Path:
        """Write `data` to a temporary file beside `path`, and return it; `commit` renames it to `path`."""
        raise_if_stopped()
        path.parent.mkdir(parents=True, exist_ok=True)
        held = signal.pthread_sigmask(signal.SIG_BLOCK, STOP_SIGNALS)  # created and recorded, or neither
        try:
            handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=STAGED_SUFFIX)
            self.staged.append((Path(temporary), path))
        finally:
            signal.pthread_sigmask(signal.SIG_SETMASK, held)
        os.fchmod(handle, 0o666 & ~_UMASK)  # mkstemp makes 0600 files; outputs are for sharing
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        return Path(temporary)

    def commit(self) -> None:
        """Rename every staged file into place, in the order written (the manifest last).

        Ctrl-C and SIGTERM are held back meanwhile: the renames are quick and must not be cut
        in half, or the manifest would describe files that are not there.
        """
        previous = signal.pthread_sigmask(signal.SIG_BLOCK, STOP_SIGNALS)
        try:
            raise_if_stopped()
            for temporary, final in self.staged:
                os.replace(temporary, final)
            self.staged.clear()
            _sync_folder(self.output)
        finally:
            signal.pthread_sigmask(signal.SIG_SETMASK, previous)

    def discard(self) -> None:
        for temporary, _ in self.staged:
            temporary.unlink(missing_ok=True)
        self.staged.clear()


def _sync_folder(folder: Path) -> None:
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


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


@contextmanager
def staged_output(output: Path) -> Iterator[Staging]:
    """Lock `output`, stage every file written through the returned Staging, commit on success.

    On any failure or interruption the staged files are deleted and the previous outputs and
    manifest stay exactly as they were.
    """
    with lock_output(output), stop_cleanly():
        remove_leftovers(output)
        staging = Staging(output)
        try:
            yield staging
            staging.commit()
        finally:
            staging.discard()
