"""The output folder: one build at a time (a lock), new files staged and committed all together."""

from __future__ import annotations

import errno
import fcntl
import os
import shutil
import signal
import stat
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TextIO

from .errors import UsageError
from .messages import _, ngettext
from .ownership import (
    LOCK_NAME,
    refuse_foreign_output,
    refuse_linked_folder,
    remove_noted_leftovers,
    staged_line,
)
from .stopping import STOP_SIGNALS, raise_if_stopped, stop_cleanly

STAGED_SUFFIX = ".partial"  # temporary files: ".<name>.<random>.partial", beside their final path
_UMASK = os.umask(0o022)
os.umask(_UMASK)


class BuildLocked(UsageError):
    """Another build holds the output folder. Exit code 2."""


def cannot_write(path: Path, exc: OSError, outcome: str = "") -> UsageError:
    """A write the system refused (full disk, no permission, a folder in the way), as the user can fix it."""
    if exc.errno == errno.ENOSPC or exc.errno == errno.EDQUOT:
        fix = _(
            "free some space on the disk holding {parent} (or build elsewhere with --output), then build again"
        ).format(parent=path.parent)
        what = _("the disk is full")
    elif exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        fix = _("make {parent} writable, or build into another folder with --output").format(parent=path.parent)
        what = _("permission denied") if exc.errno != errno.EROFS else _("the file system is read-only")
    elif exc.errno == errno.ELOOP:
        fix = _("remove the link (`rm {path}`), then build again").format(path=path)
        what = _("it is a symbolic link, which the build never follows")
    elif exc.errno == errno.ENAMETOOLONG:
        fix = _("shorten the name of the source it comes from (a workshop's file name), then build again")
        what = _("its name is longer than the file system allows")
    elif exc.errno in (errno.EISDIR, errno.ENOTDIR, errno.EEXIST):
        fix = _("remove or rename what is in the way (a folder where a file goes, or a file where a folder goes)")
        what = _("a folder or file is in the way")
    else:
        fix = _("check the output folder, or build into another one with --output")
        what = exc.strerror or type(exc).__name__
    return UsageError(
        _("cannot write {path}: {what}; {outcome}\n    fix: {fix}").format(
            path=path, what=what, outcome=outcome or _("the previous outputs were left as they were"), fix=fix
        )
    )


def refuse_non_files(paths) -> None:
    """Refuse, before anything is replaced, a place the build must write a file to that holds something else."""
    for path in paths:
        try:
            mode = path.lstat().st_mode
        except OSError:  # nothing there (or nothing we may look at: the write will say so)
            continue
        if not (stat.S_ISREG(mode) or stat.S_ISLNK(mode)):  # a link is replaced, never followed
            kind = _("a folder") if stat.S_ISDIR(mode) else _("not a regular file")
            raise UsageError(
                _(
                    "{path} is {kind}, where the build writes a file; nothing was written\n    fix: move it away (e.g. `mv {path} {path}.old`), then build again"
                ).format(path=path, kind=kind)
            )


@contextmanager
def lock_output(output: Path, root: Path | None = None) -> Iterator[TextIO]:
    """Hold an exclusive lock on `output/.lock` for the whole build; refuse at once if taken. The
    output is first checked to be the build's own (ownership.py; inside the project `root`'s own
    folders, if given, refused); the staged files a killed build noted in the lock are deleted.
    Yields the lock file, where the build notes each file it stages.

    The lock is an fcntl lock, released by the kernel when the process ends however it ends:
    a killed build never leaves the folder locked.
    """
    refuse_while_another_build_writes(output)
    refuse_foreign_output(root, output)
    created = not output.exists()
    handle = _open_lock(output)
    committed = False
    try:
        with handle:  # closing releases the lock
            _hold(handle, output)
            yield handle
            committed = True
    finally:
        if created and not committed:
            _remove_if_only_the_lock(output)


def _open_lock(output: Path) -> TextIO:
    """`output/.lock`, made with its folder if missing, opened for reading and appending; never
    through a symbolic link, which would let a build write where it points."""
    path = output / LOCK_NAME
    refuse_non_files([path])
    try:
        output.mkdir(parents=True, exist_ok=True)
        return open(
            path, "a+", encoding="utf-8", opener=lambda name, flags: os.open(name, flags | os.O_NOFOLLOW, 0o644)
        )
    except OSError as exc:
        raise cannot_write(path, exc) from None


def refuse_while_another_build_writes(output: Path) -> None:
    """Before the ownership check: a first build's folder holds its staged files before its state, and
    the build writing them is what to tell, not "files no build wrote"."""
    path = output / LOCK_NAME
    if output.is_symlink() or path.is_symlink() or not path.is_file():
        return  # no lock yet, or a link: the ownership check and _open_lock say what is wrong
    try:
        handle = open(path, encoding="utf-8")  # noqa: SIM115 (closed below: closing lets the lock go)
    except OSError:
        return
    with handle:
        _take(handle, output, fcntl.LOCK_SH)


def _take(handle: TextIO, output: Path, kind: int) -> None:
    """The lock of `kind` at once, or BuildLocked naming the build that holds it."""
    try:
        fcntl.flock(handle, kind | fcntl.LOCK_NB)
    except OSError as exc:
        if exc.errno not in (errno.EAGAIN, errno.EACCES):
            raise
        handle.seek(0)
        holder = handle.read().strip().split("\n")[0] or "another process"
        raise BuildLocked(
            _(
                "{output} is being written by another build ({holder}); wait for it to finish, or build into another folder with --output"
            ).format(output=output, holder=holder)
        ) from None


def _hold(handle: TextIO, output: Path) -> None:
    """Take the lock (or refuse: another build holds it); delete what a killed build noted there."""
    _take(handle, output, fcntl.LOCK_EX)
    handle.seek(0)
    remove_noted_leftovers(output, handle.read())
    handle.seek(0)
    handle.truncate()
    handle.write(f"pid {os.getpid()}\n")
    handle.flush()


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


class Staging:
    """Files written under temporary names, renamed into place only when the whole build succeeded."""

    def __init__(self, output: Path, notes: TextIO | None = None):
        self.output = output
        self.notes = notes  # the lock file: each staged file is noted there, for the next build to clean up
        self.staged: list[tuple[Path, Path]] = []  # (temporary, final), in the order written

    def write(self, path: Path, data: bytes) -> Path:
        """Write `data` to a temporary file beside `path`, and return it; `commit` renames it to `path`."""
        raise_if_stopped()
        refuse_linked_folder(self.output, path)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            held = signal.pthread_sigmask(signal.SIG_BLOCK, STOP_SIGNALS)  # created and recorded, or neither
            try:
                handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=STAGED_SUFFIX)
                self.staged.append((Path(temporary), path))
                if self.notes is not None:
                    self.notes.write(staged_line(self.output, Path(temporary)))
                    self.notes.flush()
            finally:
                signal.pthread_sigmask(signal.SIG_SETMASK, held)
            os.fchmod(handle, 0o666 & ~_UMASK)  # mkstemp makes 0600 files; outputs are for sharing
            with os.fdopen(handle, "wb") as stream:
                write_all(stream, data)
        except OSError as exc:
            raise cannot_write(path, exc) from None
        return Path(temporary)

    def write_if_changed(self, path: Path, data: bytes) -> bool:
        """Stage `data` for `path` unless the file already holds it (a build with nothing to do writes nothing)."""
        if path.is_file() and path.stat().st_size == len(data) and path.read_bytes() == data:
            return False
        self.write(path, data)
        return True

    def current(self, path: Path) -> Path:
        """Where `path`'s bytes are now: its staged file when this build wrote one, else `path` itself."""
        for temporary, final in reversed(self.staged):
            if final == path:
                return temporary
        return path

    def commit(self) -> None:
        """Rename every staged file into place, in the order written (the manifest last).

        Ctrl-C and SIGTERM are held back meanwhile: the renames are quick and must not be cut
        in half, or the manifest would describe files that are not there.
        """
        refuse_non_files([final for _temporary, final in self.staged])  # before the first rename, not half-way
        previous = signal.pthread_sigmask(signal.SIG_BLOCK, STOP_SIGNALS)
        final, renamed = self.output, 0
        try:
            raise_if_stopped()
            for temporary, final in self.staged:
                rename(temporary, final)
                renamed += 1
            self.staged.clear()
            _sync_folder(self.output)
        except OSError as exc:
            raise cannot_write(
                final,
                exc,
                ngettext(
                    "{count} new file was already in place, and the build state still describes the previous ones: "
                    "the next build repairs it",
                    "{count} new files were already in place, and the build state still describes the previous ones: "
                    "the next build repairs it",
                    renamed,
                ).format(count=renamed),
            ) from None
        finally:
            signal.pthread_sigmask(signal.SIG_SETMASK, previous)

    def discard(self) -> None:
        for temporary, _place in self.staged:
            temporary.unlink(missing_ok=True)
        self.staged.clear()


def write_all(stream, data: bytes) -> None:
    """Write and sync one staged file (a test replaces it to simulate a full disk)."""
    stream.write(data)
    stream.flush()
    os.fsync(stream.fileno())


def rename(temporary: Path, final: Path) -> None:
    """One step of the commit (a test replaces it to stop a build between two renames)."""
    os.replace(temporary, final)


def _sync_folder(folder: Path) -> None:
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


@contextmanager
def staged_output(output: Path, root: Path | None = None) -> Iterator[Staging]:
    """Lock `output` (a build's own folder, outside the project `root`'s own folders), stage every file
    written through the returned Staging, commit on success.

    On any failure or interruption the staged files are deleted and the previous outputs and
    manifest stay exactly as they were.
    """
    with lock_output(output, root) as notes, stop_cleanly():
        staging = Staging(output, notes)
        try:
            yield staging
            staging.commit()
        finally:
            staging.discard()
